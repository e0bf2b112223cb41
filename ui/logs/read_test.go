package logs

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/demo"
)

// synthetic builds a logs view at w×h holding n lines given by msg(i), without a
// server: the pages are delivered by hand.
func synthetic(t *testing.T, w, h, n int, msg func(i int) string) *Model {
	t.Helper()
	m := New(demo.Deps(nil), Scope{FlowRunID: "00000000-0000-4000-8000-000000000001", Name: "run"}, Options{})
	m.SetSize(w, h)
	m.reload()
	m.Update(pageLoadedMsg{reqID: m.lastReq, kind: loadReset, lines: lines(0, n, msg), total: n})
	return m
}

func lines(from, to int, msg func(i int) string) []Line {
	var out []Line
	for i := from; i < to; i++ {
		out = append(out, Line{Id: fmt.Sprintf("l%05d", i), Flow_run_id: "00000000-0000-4000-8000-000000000001",
			Task_run_id: "11111111-0000-4000-8000-000000000002", Timestamp: demo.Now.Add(time.Duration(i-1000) * time.Second),
			Level: "ERROR", Name: "prefect.TaskRunner", Message: msg(i)})
	}
	return out
}

// words is what a view shows, as one run of words (wrapping moves words to new lines).
func words(view string) string { return strings.Join(strings.Fields(ansi.Strip(view)), " ") }

var longMessage = "Task 'load': Exception encountered during task execution! Traceback follows: " +
	"psycopg2.OperationalError: could not connect to server: Connection refused. Is the server running on host " +
	"warehouse.internal (10.0.4.17) and accepting TCP/IP connections on port 5432? retries exhausted after 3 attempts"

// TestWrapLongLines: `w` wraps long messages so that every word shows at 80 columns;
// `w` again cuts them again (→ scrolls them).
func TestWrapLongLines(t *testing.T) {
	m := synthetic(t, 80, 24, 5, func(i int) string { return fmt.Sprintf("line %d: %s", i, longMessage) })
	if strings.Contains(words(m.View()), "after 3 attempts") {
		t.Fatal("the long line fits unwrapped: the test proves nothing")
	}
	m, _ = press(m, "w")
	if v := words(m.View()); !strings.Contains(v, "line 4: "+longMessage) {
		t.Fatalf("wrapped view does not show the whole last line:\n%s", ansi.Strip(m.View()))
	}
	for i, l := range strings.Split(m.View(), "\n") {
		if ansi.StringWidth(l) > 80 {
			t.Fatalf("row %d is wider than 80", i)
		}
	}
	if l, ok := m.selected(); !ok || l.Id != "l00004" {
		t.Fatalf("the cursor left the newest line: %v", l.Id)
	}
	m, _ = press(m, "w")
	if strings.Contains(words(m.View()), "after 3 attempts") {
		t.Fatal("w did not turn wrapping off")
	}
}

// TestLineDetail: `v` shows the selected line in full (every word of its message, its
// whole timestamp, logger and task run id), scrollable; esc goes back to the list.
func TestLineDetail(t *testing.T) {
	long := strings.Repeat(longMessage+"\n", 8) + "the end"
	m := synthetic(t, 80, 24, 3, func(i int) string { return long })
	m, _ = press(m, "v")
	if !m.CapturesInput() {
		t.Fatal("the detail view does not keep esc from closing the screen")
	}
	v := words(m.View())
	for _, want := range []string{"prefect.TaskRunner", "11111111-0000-4000-8000-000000000002", "ERROR", longMessage} {
		if !strings.Contains(v, want) {
			t.Fatalf("detail lacks %q:\n%s", want, ansi.Strip(m.View()))
		}
	}
	if n := len(strings.Split(m.View(), "\n")); n != 24 {
		t.Fatalf("detail is %d lines, want 24", n)
	}
	if strings.Contains(v, "the end") {
		t.Fatal("the whole message fits: scrolling is not tested")
	}
	m, _ = press(m, "G")
	if v := words(m.View()); !strings.Contains(v, "the end") {
		t.Fatalf("G does not reach the end of the message:\n%s", ansi.Strip(m.View()))
	}
	_, out := press(m, "c")
	if len(out) == 0 {
		t.Fatal("c does not copy in the detail view")
	}
	m, _ = press(m, "esc")
	if m.CapturesInput() || strings.Contains(words(m.View()), "log line") {
		t.Fatal("esc did not close the detail view")
	}
}

// TestNewLinesBelowAreCounted: new lines that land below the view (follow off, or the
// cursor moved up) are announced "N new lines ↓" until the user goes down to them.
func TestNewLinesBelowAreCounted(t *testing.T) {
	short := func(i int) string { return fmt.Sprintf("line %d", i) }
	m := synthetic(t, 80, 24, 50, short)
	m, _ = press(m, "g") // read from the top
	m.loadNewer()
	m.Update(pageLoadedMsg{reqID: m.lastReq, kind: loadNewer, lines: lines(50, 55, short), total: -1})
	if v := ansi.Strip(m.View()); !strings.Contains(v, "5 new lines ↓") {
		t.Fatalf("no notice of 5 new lines:\n%s", v)
	}
	if l, _ := m.selected(); l.Id != "l00000" {
		t.Fatalf("the view moved: cursor on %s", l.Id)
	}
	m, _ = press(m, "G")
	if v := ansi.Strip(m.View()); strings.Contains(v, "new lines") {
		t.Fatalf("the notice stays after G:\n%s", v)
	}
	// Following at the bottom: the view moves with the new lines, no notice.
	m.follow = true
	m.loadNewer()
	m.Update(pageLoadedMsg{reqID: m.lastReq, kind: loadNewer, lines: lines(55, 57, short), total: -1})
	if l, _ := m.selected(); l.Id != "l00056" || strings.Contains(ansi.Strip(m.View()), "new lines") {
		t.Fatalf("following: cursor on %s\n%s", l.Id, ansi.Strip(m.View()))
	}
}

// TestFollowOffPausesARunningRun: on the tab of a running run, F (follow off) keeps
// fetching new lines, quietly: the view stays where it is and counts them.
func TestFollowOffPausesARunningRun(t *testing.T) {
	short := func(i int) string { return fmt.Sprintf("line %d", i) }
	m := synthetic(t, 80, 24, 50, short)
	tab := Tab{m}
	tab.SetRun(&rundata.Run{Name: "busy", State: "Running", Start: demo.Now.Add(-time.Hour)})
	m.Update(uitest.Press("F")) // the tab followed; the user turns it off
	m.Update(struct{}{})
	if m.Following() {
		t.Fatal("still following")
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "paused") {
		t.Fatalf("the header does not say the logs are paused:\n%s", v)
	}
	_, cmd := m.Update(followTickMsg{gen: m.followGen})
	if cmd == nil || !m.loading {
		t.Fatal("follow off stopped fetching the lines of a running run")
	}
	m.Update(pageLoadedMsg{reqID: m.lastReq, kind: loadNewer, lines: lines(50, 60, short), total: -1})
	// (The lines just under the cursor show: the view keeps a margin around it.)
	if l, _ := m.selected(); l.Id != "l00049" || !strings.Contains(ansi.Strip(m.View()), "7 new lines ↓") {
		t.Fatalf("paused: cursor on %s\n%s", l.Id, ansi.Strip(m.View()))
	}
	// Once the run finished there is nothing more to wait for.
	tab.SetRun(&rundata.Run{Name: "busy", State: "Success", Start: demo.Now.Add(-time.Hour), End: demo.Now})
	if _, cmd := m.Update(followTickMsg{gen: m.followGen}); cmd != nil {
		t.Fatal("still polling a finished run")
	}
}
