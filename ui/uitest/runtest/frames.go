package runtest

import (
	"bytes"

	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
)

// Terminal is bubbletea v2's own diffing renderer (ultraviolet's TerminalRenderer, as
// its cursedRenderer drives it in the alt screen) writing into a buffer, so tests can
// count the bytes a frame costs on the wire.
type Terminal struct {
	out bytes.Buffer
	scr *uv.TerminalRenderer
	buf uv.ScreenBuffer
}

// NewTerminal returns a w×h alt-screen terminal with 256 colours.
func NewTerminal(w, h int) *Terminal {
	t := &Terminal{buf: uv.NewScreenBuffer(w, h)}
	t.scr = uv.NewTerminalRenderer(&t.out, []string{"TERM=xterm-256color"})
	t.scr.SetColorProfile(colorprofile.ANSI256)
	t.scr.SetFullscreen(true)
	t.scr.SetRelativeCursor(false)
	t.scr.SetScrollOptim(true)
	t.scr.Resize(w, h)
	return t
}

// Frame renders view as the next frame and returns the bytes written for it.
func (t *Terminal) Frame(view string) int {
	t.out.Reset()
	t.buf.Clear()
	uv.NewStyledString(view).Draw(t.buf, t.buf.Bounds())
	t.scr.Render(t.buf.RenderBuffer)
	_ = t.scr.Flush()
	return t.out.Len()
}

// Last returns the bytes the last frame wrote (debugging).
func (t *Terminal) Last() string { return t.out.String() }
