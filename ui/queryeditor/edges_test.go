package queryeditor

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// TestPrettifyAfterALongLineScrollsBack: the editor scrolled sideways to show the end of
// a long line; after ctrl+f every line is short, and the pane must show them from their
// first column ("query Runs", not "uery Runs").
func TestPrettifyAfterALongLineScrollsBack(t *testing.T) {
	m := testModel(t) // 120×40: the prettified query fits
	long := `query Runs($limit: Int) { flow_run(limit: $limit, order_by: {start_time: desc}, where: {state: {_eq: "Running"}}) { id name } }`
	m.query.SetText(long) // the cursor goes to the end of the line
	_ = ansi.Strip(m.View())
	if m.qLeft == 0 {
		t.Fatal("the long line did not scroll sideways: the test proves nothing")
	}
	m.Update(uitest.Press("ctrl+f"))
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "query Runs") {
		t.Fatalf("after prettify the first line is cut on the left:\n%s", view)
	}
	if m.qLeft != 0 {
		t.Fatalf("still scrolled %d columns sideways", m.qLeft)
	}
	// Scrolling sideways still works where a visible line needs it.
	m.query.SetText("{ flow_run { id } }\n" + long)
	_ = m.View()
	if m.qLeft == 0 {
		t.Fatal("the cursor at the end of a long line is not shown")
	}
}

// TestSaveAsSuggestsWithoutPrefilling: the operation name is offered, not typed in:
// typing a name replaces it ("failed-runs", not "Qfailed-runs"); enter on an empty
// prompt takes the suggestion.
func TestSaveAsSuggestsWithoutPrefilling(t *testing.T) {
	m := testModel(t)
	m.query.SetText("query Q { flow { id } }")
	m.Update(uitest.Press("esc")) // stop editing
	m.Update(uitest.Press("s"))
	if m.overlay != overlayPrompt || m.promptKind != promptSave {
		t.Fatalf("s opened overlay %v", m.overlay)
	}
	if !strings.Contains(ansi.Strip(m.View()), "save as: Q") {
		t.Fatalf("the suggestion is not shown:\n%s", ansi.Strip(m.View()))
	}
	for _, k := range uitest.Type("failed-runs") {
		m.Update(k)
	}
	if v := m.prompt.Value(); v != "failed-runs" {
		t.Fatalf("typed name became %q", v)
	}
	if got := m.promptValue(); got != "failed-runs" {
		t.Fatalf("submitted %q", got)
	}
	// Nothing typed: the suggestion is what enter takes.
	m.Update(uitest.Press("esc"))
	m.Update(uitest.Press("s"))
	if got := m.promptValue(); got != "Q" {
		t.Fatalf("enter on an empty prompt takes %q, want the suggestion Q", got)
	}
}
