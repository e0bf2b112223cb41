// Package uitest holds the helpers of the UI tests: Press builds a real
// tea.KeyPressMsg from a keystroke ("ctrl+r", "G", "shift+tab"), Type a string of key
// presses, RunCmd runs a command synchronously and flattens batches and sequences,
// Send feeds messages to a model and collects what its commands emit, and Strip /
// Golden compare views without colours.
package uitest

import (
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

var named = map[string]rune{
	"enter": tea.KeyEnter, "tab": tea.KeyTab, "backspace": tea.KeyBackspace,
	"esc": tea.KeyEscape, "escape": tea.KeyEscape, "space": tea.KeySpace,
	"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
	"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd,
	"delete": tea.KeyDelete, "insert": tea.KeyInsert,
	"f1": tea.KeyF1, "f2": tea.KeyF2, "f5": tea.KeyF5,
}

// Press returns the key press of a keystroke as Key.String() spells it: "a", "G", "?",
// "enter", "ctrl+r", "alt+x", "shift+tab", "space". Modifiers go in Mod and printable
// keys carry their Text, like a real terminal's decoder (bubbles keyPress helper).
func Press(stroke string) tea.KeyPressMsg {
	var mod tea.KeyMod
	rest := stroke
	for {
		switch {
		case strings.HasPrefix(rest, "ctrl+") && len(rest) > 5:
			mod |= tea.ModCtrl
			rest = rest[5:]
			continue
		case strings.HasPrefix(rest, "alt+") && len(rest) > 4:
			mod |= tea.ModAlt
			rest = rest[4:]
			continue
		case strings.HasPrefix(rest, "shift+") && len(rest) > 6:
			mod |= tea.ModShift
			rest = rest[6:]
			continue
		}
		break
	}
	if code, ok := named[rest]; ok {
		k := tea.KeyPressMsg{Code: code, Mod: mod}
		if code == tea.KeySpace && mod == 0 {
			k.Text = " "
		}
		return k
	}
	r := []rune(rest)
	k := tea.KeyPressMsg{Code: r[0], Mod: mod}
	if len(r) > 1 {
		k.Code = tea.KeyExtended
	}
	if mod&(tea.ModCtrl|tea.ModAlt) == 0 {
		k.Text = rest
	}
	return k
}

// Type returns one key press per rune of s, as typing it would.
func Type(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		if r == ' ' {
			out = append(out, Press("space"))
			continue
		}
		out = append(out, Press(string(r)))
	}
	return out
}

// Timeout bounds how long RunCmd waits for one command: commands that sleep longer
// (status-clear ticks, refresh timers) are dropped, so tests stay fast. Debounce and
// spinner ticks are shorter than this.
var Timeout = 700 * time.Millisecond

var cmdType = reflect.TypeOf(tea.Cmd(nil))

// RunCmd runs cmd synchronously and returns the messages it produced, flattening
// tea.BatchMsg and tea.Sequence (bubbletea commands.go). Commands of a batch run
// concurrently; each is bounded by Timeout.
func RunCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(Timeout):
		return nil
	}
	if msg == nil {
		return nil
	}
	if b, ok := msg.(tea.BatchMsg); ok {
		return runAll(b)
	}
	// tea.Sequence's message type is unexported: a slice of tea.Cmd.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
		var out []tea.Msg
		for i := range v.Len() {
			c, _ := v.Index(i).Interface().(tea.Cmd)
			out = append(out, RunCmd(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// RunLoad is RunCmd without the Timeout, for commands known to end without a timer (a
// load that talks to a server, which may take longer than Timeout on a busy machine): it
// waits for every command however long it takes, so it must not be given a tick.
func RunLoad(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		res := make([][]tea.Msg, len(b))
		var wg sync.WaitGroup
		for i, c := range b {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res[i] = RunLoad(c)
			}()
		}
		wg.Wait()
		var out []tea.Msg
		for _, r := range res {
			out = append(out, r...)
		}
		return out
	}
	if v := reflect.ValueOf(msg); msg != nil && v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
		var out []tea.Msg
		for i := range v.Len() {
			c, _ := v.Index(i).Interface().(tea.Cmd)
			out = append(out, RunLoad(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

func runAll(cmds []tea.Cmd) []tea.Msg {
	res := make([][]tea.Msg, len(cmds))
	var wg sync.WaitGroup
	for i, c := range cmds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i] = RunCmd(c)
		}()
	}
	wg.Wait()
	var out []tea.Msg
	for _, r := range res {
		out = append(out, r...)
	}
	return out
}

// Updater is anything with a Bubble Tea Update: screen.Screen, tea.Model, a bubble.
type Updater[T any] interface {
	Update(tea.Msg) (T, tea.Cmd)
}

// Send feeds msgs to m one at a time, runs each returned command and collects the
// messages they produced (not fed back: tests decide what to deliver).
func Send[T Updater[T]](m T, msgs ...tea.Msg) (T, []tea.Msg) {
	var out []tea.Msg
	for _, msg := range msgs {
		var cmd tea.Cmd
		m, cmd = m.Update(msg)
		out = append(out, RunCmd(cmd)...)
	}
	return m, out
}

// Settle feeds msgs to m, then keeps feeding back every produced message that keep
// accepts, for at most rounds rounds; it returns the model and the produced messages
// that were not fed back. Use it to let a screen load from a real server.
func Settle[T Updater[T]](m T, keep func(tea.Msg) bool, rounds int, msgs ...tea.Msg) (T, []tea.Msg) {
	var rest []tea.Msg
	for i := 0; i < rounds && len(msgs) > 0; i++ {
		var out []tea.Msg
		m, out = Send(m, msgs...)
		msgs = msgs[:0:0]
		for _, o := range out {
			if keep(o) {
				msgs = append(msgs, o)
			} else {
				rest = append(rest, o)
			}
		}
	}
	return m, rest
}

// Find returns the first message of type T in msgs.
func Find[T any](msgs []tea.Msg) (T, bool) {
	for _, m := range msgs {
		if t, ok := m.(T); ok {
			return t, true
		}
	}
	var zero T
	return zero, false
}

// Strip removes ANSI escape sequences.
func Strip(s string) string { return ansi.Strip(s) }

// Golden compares the stripped view with testdata/<Test>.golden (update with -update).
func Golden(t testing.TB, view string) {
	t.Helper()
	golden.RequireEqual(t, Strip(view))
}

// HasColor reports whether s contains a colour SGR sequence (foreground or
// background; bold, reverse and underline are not colour).
func HasColor(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != 0x1b || i+1 >= len(s) || s[i+1] != '[' {
			continue
		}
		j := i + 2
		for j < len(s) && (s[j] == ';' || s[j] == ':' || (s[j] >= '0' && s[j] <= '9')) {
			j++
		}
		if j >= len(s) || s[j] != 'm' {
			continue
		}
		for _, p := range strings.FieldsFunc(s[i+2:j], func(r rune) bool { return r == ';' || r == ':' }) {
			if isColorParam(p) {
				return true
			}
		}
	}
	return false
}

func isColorParam(p string) bool {
	switch {
	case len(p) == 2 && (p[0] == '3' || p[0] == '4') && p[1] >= '0' && p[1] <= '8':
		return true // 30-38, 40-48
	case len(p) == 2 && (p[0] == '9') && p[1] >= '0' && p[1] <= '7':
		return true // 90-97
	case len(p) == 3 && p[0] == '1' && p[1] == '0' && p[2] >= '0' && p[2] <= '7':
		return true // 100-107
	}
	return false
}
