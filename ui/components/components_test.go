package components_test

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/theme"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

func TestEveryStateHasAOneCellGlyphAndItsWord(t *testing.T) {
	s := theme.NewStyles(true, false)
	for _, name := range components.StateNames() {
		info := components.Info(name)
		if info.Glyph == components.UnknownGlyph || info.Family == components.FamilyUnknown {
			t.Errorf("%s: unknown to the explorer", name)
		}
		if w := lipgloss.Width(info.Glyph); w != 1 {
			t.Errorf("%s: glyph %q is %d cells", name, info.Glyph, w)
		}
		if got := uitest.Strip(components.State(s, name)); got != info.Glyph+" "+name {
			t.Errorf("State(%s) = %q", name, got)
		}
	}
	if got := uitest.Strip(components.State(s, "Exotic")); got != "? Exotic" {
		t.Errorf("unknown state: %q", got)
	}
}

// Predicates as core-1.x engine/state.py (reference states.json).
func TestStatePredicates(t *testing.T) {
	tests := []struct {
		name                                   string
		finished, failed, running, sched, succ bool
	}{
		{"Success", true, false, false, false, true},
		{"Mapped", true, false, false, false, true},
		{"TriggerFailed", true, true, false, false, false},
		{"Cancelled", true, false, false, false, false},
		{"Cancelling", false, false, true, false, false},
		{"Queued", false, false, false, true, false},
		{"Retrying", false, false, false, true, false},
		{"Submitted", false, false, false, false, false},
		{"Pending", false, false, false, false, false},
	}
	for _, tc := range tests {
		i := components.Info(tc.name)
		if i.Finished != tc.finished || i.Failed != tc.failed || i.Running != tc.running || i.Scheduled != tc.sched || i.Successful != tc.succ {
			t.Errorf("%s: %+v", tc.name, i)
		}
	}
}

func TestStrip(t *testing.T) {
	s := theme.NewStyles(true, false)
	if got := uitest.Strip(components.Strip(s, []string{"Success", "Failed", "Running"}, 5)); got != "✓✗▶··" {
		t.Errorf("strip %q", got)
	}
}

func TestConfirm(t *testing.T) {
	s := theme.NewStyles(true, false)
	ran := false
	spec := components.ConfirmSpec{
		ID: "cancel", Title: "Cancel 3 flow runs?", Touches: 3, Noun: "flow run",
		Mutation:  "mutation CancelFlowRun($id: UUID!) {\n  cancel_flow_run(input: {flow_run_id: $id}) { state }\n}",
		Variables: map[string]any{"id": "abc", "b": 1},
		OnConfirm: func() tea.Msg { ran = true; return "mutated" },
	}
	d := components.NewConfirm(s, spec)
	v := uitest.Strip(d.View(80, 24))
	for _, want := range []string{"Cancel 3 flow runs?", "touches 3 flow runs", "cancel_flow_run(input: {flow_run_id: $id})", `"b": 1,`, `"id": "abc"`, "y confirm", "n/esc cancel"} {
		if !strings.Contains(v, want) {
			t.Errorf("dialog lacks %q:\n%s", want, v)
		}
	}
	if n := len(strings.Split(v, "\n")); n != 24 {
		t.Errorf("dialog is %d lines in a 24-line area", n)
	}
	// enter never confirms (a stray enter must not mutate).
	d2, cmd := d.Update(uitest.Press("enter"))
	if cmd != nil || !d2.Open() {
		t.Error("enter confirmed")
	}
	d2, cmd = d2.Update(uitest.Press("y"))
	out := uitest.RunCmd(cmd)
	closed, _ := uitest.Find[components.ConfirmClosedMsg](out)
	if d2.Open() || !ran || !closed.Confirmed || closed.ID != "cancel" {
		t.Errorf("y: open %v ran %v closed %+v", d2.Open(), ran, closed)
	}
	ran = false
	d3, cmd := components.NewConfirm(s, spec).Update(uitest.Press("esc"))
	closed, _ = uitest.Find[components.ConfirmClosedMsg](uitest.RunCmd(cmd))
	if d3.Open() || ran || closed.Confirmed {
		t.Errorf("esc: open %v ran %v %+v", d3.Open(), ran, closed)
	}
}

func TestConfirmNoColor(t *testing.T) {
	d := components.NewConfirm(theme.NewStyles(true, true), components.ConfirmSpec{Title: "x?", Mutation: "mutation { a }"})
	if v := d.View(80, 24); uitest.HasColor(v) {
		t.Errorf("colour without colours: %q", v)
	}
	if v := components.State(theme.NewStyles(false, true), "Failed"); uitest.HasColor(v) || uitest.Strip(v) != "✗ Failed" {
		t.Errorf("state without colours: %q", v)
	}
}

func TestWidthsAndScroll(t *testing.T) {
	cols := []components.Column{{Width: 5}, {Flex: 2, Min: 4}, {Width: 3}, {Flex: 1, Min: 4}}
	for _, total := range []int{40, 80, 121} {
		w := components.Widths(cols, total)
		sum := 3 * components.ColumnGap
		for _, x := range w {
			sum += x
		}
		if sum != total {
			t.Errorf("total %d: widths %v sum to %d", total, w, sum)
		}
	}
	if got := components.Cell("abcdef", 4, false); got != "abc…" {
		t.Errorf("cell %q", got)
	}
	if got := components.Cell("ab", 4, true); got != "  ab" {
		t.Errorf("right cell %q", got)
	}
}

func TestWindow(t *testing.T) {
	for _, tc := range [][5]int{ // cursor, top, n, height, want top
		{0, 0, 10, 5, 0}, {7, 0, 10, 5, 3}, {2, 5, 10, 5, 2}, {9, 9, 10, 5, 5}, {0, 3, 2, 5, 0},
	} {
		w := components.Window{Cursor: tc[0], Top: tc[1]}
		if w.Fit(tc[2], tc[3]); w.Top != tc[4] {
			t.Errorf("Fit%v: top %d, want %d", tc[:4], w.Top, tc[4])
		}
	}
	// The cursor stays on a row; the window stays full.
	w := components.Window{Cursor: 40, Top: 30}
	if w.Fit(12, 5); w.Cursor != 11 || w.Top != 7 || w.End(12, 5) != 12 {
		t.Errorf("shrunk list: %+v end %d", w, w.End(12, 5))
	}
	if w.Fit(0, 5); w.Cursor != 0 || w.Top != 0 || w.End(0, 5) != 0 {
		t.Errorf("empty list: %+v", w)
	}
	// A margin keeps context around the cursor, at most half the height.
	w = components.Window{Margin: 3}
	for range 10 {
		w.Move(1, 100, 20)
	}
	if w.Cursor != 10 || w.Top != 0 {
		t.Errorf("margin, inside the first page: %+v", w)
	}
	w.Move(10, 100, 20)
	if w.Top != 4 {
		t.Errorf("margin: cursor 20 in 20 lines wants top 4 (3 rows below it), got %+v", w)
	}
	w = components.Window{Margin: 3, Cursor: 50}
	if w.Fit(100, 3); w.Top != 49 {
		t.Errorf("margin in 3 lines is 1: %+v", w)
	}
	// Lists without a cursor scroll and stay full.
	w = components.Window{}
	w.Scroll(-1, 30, 10)
	w.Scroll(100, 30, 10)
	if w.Top != 20 {
		t.Errorf("scroll: %+v", w)
	}
	if got := components.Reveal(5, 5, 50, 10, 1, 0); got != 4 {
		t.Errorf("reveal a row and the one above: %d", got)
	}
}
