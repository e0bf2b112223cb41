package timeline_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/timeline"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
)

// TestDetailShowsTheWholeChild: the label column cuts a mapped child's name and no
// column shows a state message; v shows the selected row whole, esc closes it.
func TestDetailShowsTheWholeChild(t *testing.T) {
	const name = "download s3://acme-raw/events/2026/03/14/part-00017.parquet"
	const msg = "ClientError: An error occurred (AccessDenied) when calling the GetObject operation: Access Denied"
	m := timeline.New(runtest.Deps(nil))
	m.SetSize(80, 24)
	r := runtest.FakeRun(30, 8, start)
	r.Tasks[5].Children[1].Name = name
	r.Tasks[5].Children[1].Message = msg
	m.SetRun(r)
	press(m, "down", "down", "down", "down", "down", "enter", "down", "down")
	if m.SelectedID() != "tr-00005-001" {
		t.Fatalf("selected %s", m.SelectedID())
	}
	flat := func(s string) string { return strings.Join(strings.Fields(ansi.Strip(s)), "") }
	if strings.Contains(flat(m.View()), flat(name)) {
		t.Fatalf("the name fits at 80, the test proves nothing:\n%s", ansi.Strip(m.View()))
	}
	press(m, "v")
	v := m.View()
	if !strings.Contains(flat(v), flat(name)+"[1]") || !strings.Contains(flat(v), flat(msg)) || !m.CapturesInput() {
		t.Fatalf("v does not show the child whole:\n%s", ansi.Strip(v))
	}
	if n := strings.Count(v, "\n") + 1; n != 24 {
		t.Errorf("detail has %d lines", n)
	}
	press(m, "esc")
	if m.CapturesInput() || strings.Contains(flat(m.View()), flat(msg)) {
		t.Fatalf("esc did not close the detail:\n%s", ansi.Strip(m.View()))
	}
}
