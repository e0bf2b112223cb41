package taskruns_test

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/taskruns"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
)

// longMessage is a failure message as Prefect writes them: longer than any column.
const longMessage = "Unexpected error: ClientError('An error occurred (AccessDenied) when calling the GetObject operation: " +
	"Access Denied for s3://acme-raw/events/2026/03/14/part-00017.parquet; check the bucket policy of role etl-runner')"

// longChild is a mapped child's name, cut in every table at 80 columns.
const longChild = "download s3://acme-raw/events/2026/03/14/part-00017.parquet into /tmp/stage"

// words is the text without its layout (wrapping may break a line after a hyphen).
func words(s string) string { return strings.Join(strings.Fields(ansi.Strip(s)), "") }

func nospace(s string) string { return strings.Join(strings.Fields(s), "") }

// TestDetailShowsTheWholeMessage: a task run's state message was cut at 120 columns
// and its column vanished at 80; v opens the selected row in full.
func TestDetailShowsTheWholeMessage(t *testing.T) {
	for _, w := range []int{80, 120} {
		m := taskruns.New(runtest.Deps(nil), "Task runs")
		m.SetSize(w, 24)
		r := runtest.FakeRun(30, 6, runtest.Now.Add(-2*time.Minute))
		r.Tasks[3].Run.Message = longMessage
		m.SetRun(r)
		press(m, "f") // task-3, failed
		if m.SelectedID() != "tr-00003" {
			t.Fatalf("f selected %s", m.SelectedID())
		}
		if w < 100 && !strings.Contains(ansi.Strip(m.View()), "Unexpected error") {
			t.Errorf("%d: the selected row's message is nowhere without its column:\n%s", w, ansi.Strip(m.View()))
		}
		press(m, "v")
		v := m.View()
		if !strings.Contains(words(v), nospace(longMessage)) || !strings.Contains(words(v), "tr-00003") {
			t.Fatalf("%d: v does not show the whole message:\n%s", w, ansi.Strip(v))
		}
		if !m.CapturesInput() {
			t.Errorf("%d: the open detail must take esc (else the root pops the page)", w)
		}
		for i, l := range strings.Split(v, "\n") {
			if lw := ansi.StringWidth(l); lw > w {
				t.Errorf("%d: line %d is %d wide", w, i, lw)
			}
		}
		if n := strings.Count(v, "\n") + 1; n != 24 {
			t.Errorf("%d: detail has %d lines, want 24", w, n)
		}
		msgs := press(m, "y")
		if len(msgs) != 1 {
			t.Fatalf("%d: y in the detail sent %v", w, msgs)
		}
		if cp, ok := msgs[0].(screen.CopyMsg); !ok || cp.Text != longMessage {
			t.Errorf("%d: y in the detail copies %v", w, msgs)
		}
		press(m, "esc")
		if m.CapturesInput() || strings.Contains(words(m.View()), nospace(longMessage)) {
			t.Fatalf("%d: esc did not close the detail:\n%s", w, ansi.Strip(m.View()))
		}
	}
}

// TestDetailShowsTheWholeChildName: a mapped child's name is cut in the Mapped runs
// table; v shows it whole.
func TestDetailShowsTheWholeChildName(t *testing.T) {
	m := taskruns.New(runtest.Deps(nil), "Mapped runs")
	m.SetSize(80, 24)
	children := []rundata.TaskRun{
		{ID: "c-0", MapIndex: 0, State: "Success"},
		{ID: "c-1", MapIndex: 1, State: "Failed", Name: longChild, Message: longMessage},
	}
	m.SetChildren("download_file", children)
	press(m, "down")
	if strings.Contains(words(m.View()), nospace(longChild)) {
		t.Fatalf("the name fits the table at 80, the test proves nothing:\n%s", ansi.Strip(m.View()))
	}
	press(m, "v")
	if v := words(m.View()); !strings.Contains(v, nospace(longChild)+"[1]") || !strings.Contains(v, nospace(longMessage)) {
		t.Fatalf("v does not show the child whole:\n%s", ansi.Strip(m.View()))
	}
}

// TestDetailScrolls: a message longer than the pane scrolls; nothing is cut for good.
func TestDetailScrolls(t *testing.T) {
	m := taskruns.New(runtest.Deps(nil), "Task runs")
	m.SetSize(80, 10)
	r := runtest.FakeRun(10, 0, runtest.Now.Add(-2*time.Minute))
	var b strings.Builder
	for i := range 40 {
		b.WriteString("line-" + string(rune('A'+i%26)) + " of the traceback\n")
	}
	b.WriteString("LAST-LINE")
	r.Tasks[3].Run.Message = b.String()
	m.SetRun(r)
	press(m, "f", "v")
	if strings.Contains(m.View(), "LAST-LINE") {
		t.Fatalf("a 41-line message fits 10 lines?\n%s", ansi.Strip(m.View()))
	}
	press(m, "G")
	if !strings.Contains(m.View(), "LAST-LINE") {
		t.Fatalf("G does not reach the end:\n%s", ansi.Strip(m.View()))
	}
}
