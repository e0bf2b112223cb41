package ui_test

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// TestFooterWhileCapturingOffersNoGlobalKeys: while a screen captures input (a filter,
// a picker), ":", "?", "esc" and "q" go to the screen, so the footer must not offer
// them as command line, help, back and quit.
func TestFooterWhileCapturingOffersNoGlobalKeys(t *testing.T) {
	h := newHarness(t, ui.Options{})
	if v := h.view(); !strings.Contains(v, "q quit") || !strings.Contains(v, ": command") {
		t.Fatalf("browsing footer lacks the global keys:\n%s", v)
	}
	h.built[0].capture = true
	v := h.view()
	last := v[strings.LastIndex(v, "\n")+1:]
	for _, lie := range []string{"q quit", ": command", "? help", "esc back"} {
		if strings.Contains(last, lie) {
			t.Errorf("footer offers %q while the screen captures input: %q", lie, last)
		}
	}
	if !strings.Contains(last, "x do flows") {
		t.Errorf("footer lost the screen's keys: %q", last)
	}
	var full []string
	for _, col := range h.app.KeyMap().FullHelp() {
		for _, b := range col {
			full = append(full, b.Help().Key)
		}
	}
	if got := strings.Join(full, " "); got != "x ctrl+c" {
		t.Errorf("full help while capturing = %q, want the screen's keys and ctrl+c", got)
	}
}

// TestGQInTheEditorDoesNotStackAnother: `g q` in the query editor used to push a second
// editor ("flows › query › query"); it does nothing there, and help does not offer it.
func TestGQInTheEditorDoesNotStackAnother(t *testing.T) {
	h := newHarness(t, ui.Options{})
	h.send(uitest.Press("g"), uitest.Press("q"))
	if h.app.Depth() != 2 {
		t.Fatalf("g q: depth %d", h.app.Depth())
	}
	h.send(uitest.Press("g"), uitest.Press("q"))
	if h.app.Depth() != 2 {
		t.Errorf("g q in the editor: depth %d, want 2", h.app.Depth())
	}
	for _, col := range h.app.KeyMap().FullHelp() {
		for _, b := range col {
			if b.Enabled() && b.Help().Key == "g q" {
				t.Errorf("help in the editor offers g q")
			}
		}
	}
}

// TestTooSmallTerminalIgnoresKeys: behind the "terminal too small" panel keys used to
// act unseen (enter, g q opened screens); only q and ctrl+c work there.
func TestTooSmallTerminalIgnoresKeys(t *testing.T) {
	h := newHarness(t, ui.Options{})
	h.send(tea.WindowSizeMsg{Width: 40, Height: 10})
	h.send(uitest.Press("g"), uitest.Press("q"), uitest.Press(":"), uitest.Press("enter"))
	if h.app.Depth() != 1 || len(h.built[0].got) != 0 {
		t.Errorf("keys acted behind the too-small panel: depth %d, screen got %v", h.app.Depth(), h.built[0].got)
	}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if v := h.view(); strings.Contains(v, "too small") || strings.Contains(v, ":") && strings.HasSuffix(strings.TrimSpace(v), ":") {
		t.Errorf("after resizing back:\n%s", v)
	}
	h.send(tea.WindowSizeMsg{Width: 40, Height: 10})
	if out := h.send(uitest.Press("q")); !hasQuit(out) {
		t.Error("q does not quit behind the too-small panel")
	}
}

// TestOpeningAScreenOnTheStackGoesBackToIt: opening the entity of a screen already on
// the stack (`u` on a task run reached from its flow run) goes back to that screen
// instead of stacking a second one.
func TestOpeningAScreenOnTheStackGoesBackToIt(t *testing.T) {
	h := newHarness(t, ui.Options{})
	run := screen.Route{Kind: screen.RouteRuns, ID: "run-1"}
	h.send(screen.OpenMsg{Route: run})
	h.send(screen.OpenMsg{Route: screen.Route{Kind: screen.RouteQuery, Query: "{ hello }"}})
	if h.app.Depth() != 3 {
		t.Fatalf("depth %d, want 3", h.app.Depth())
	}
	h.send(screen.OpenMsg{Route: run})
	if h.app.Depth() != 2 || h.app.Top().Title() != "runs" {
		t.Errorf("opening run-1 again: depth %d, top %q; want back to the run-1 screen", h.app.Depth(), h.app.Top().Title())
	}
	h.send(screen.OpenMsg{Route: screen.Route{Kind: screen.RouteRuns, ID: "run-2"}})
	if h.app.Depth() != 3 {
		t.Errorf("another id must stack: depth %d", h.app.Depth())
	}
}
