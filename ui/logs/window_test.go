package logs

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/demo"
)

func typeWindow(m *Model, text string) *Model {
	msgs := []tea.Msg{uitest.Press("t"), uitest.Press("ctrl+u")} // the prompt holds the window in use
	msgs = append(msgs, uitest.Type(text)...)
	m, _ = send(m, append(msgs, uitest.Press("enter"))...)
	return m
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestWindowResolvesAgainstTheRun: on the Logs tab of a run that ended on another day,
// clock times are on the run's day and relative windows count back from its end; on a
// run still running, from now.
func TestWindowResolvesAgainstTheRun(t *testing.T) {
	m, _, _, _ := open(t, 80, 24, Options{})
	tab := Tab{m}
	start, end := at("2025-11-05T20:02:00Z"), at("2025-11-05T20:15:30Z")
	tab.SetRun(&rundata.Run{Name: "nov5", State: "Failed", Start: start, End: end})
	m = typeWindow(m, "20:12..20:13")
	if m.filter.From == nil || !m.filter.From.Equal(at("2025-11-05T20:12:00Z")) || m.filter.To == nil || !m.filter.To.Equal(at("2025-11-05T20:13:00Z")) {
		t.Fatalf("20:12..20:13 on a run of Nov 05 → %v..%v", m.filter.From, m.filter.To)
	}
	if p := m.windowRef().prompt(); !strings.Contains(p, "Nov 05") || !strings.Contains(p, "before 20:15") {
		t.Fatalf("the prompt does not say what the window resolves against: %q", p)
	}
	m = typeWindow(m, "15m")
	if m.filter.From == nil || !m.filter.From.Equal(end.Add(-15*time.Minute)) || m.filter.To != nil {
		t.Fatalf("15m on a run that ended at %v → %v..%v", end, m.filter.From, m.filter.To)
	}
	// A run that has not ended: relative to now, clock times on its start's day.
	tab.SetRun(&rundata.Run{Name: "nov5", State: "Running", Start: start})
	m = typeWindow(m, "15m")
	if !m.filter.From.Equal(demo.Now.Add(-15 * time.Minute)) {
		t.Fatalf("15m on a running run → %v", m.filter.From)
	}
	m = typeWindow(m, "20:12..")
	if !m.filter.From.Equal(at("2025-11-05T20:12:00Z")) {
		t.Fatalf("20:12 on a running run of Nov 05 → %v", m.filter.From)
	}
	// The task-run page's tab: the task run's own times.
	tr := &rundata.TaskRunDetail{Run: rundata.TaskRun{State: "Success", Start: at("2025-10-01T06:00:00Z"), End: at("2025-10-01T06:30:00Z")}}
	tab.SetDetail(tr)
	m = typeWindow(m, "06:10..06:20")
	if !m.filter.From.Equal(at("2025-10-01T06:10:00Z")) || !m.filter.To.Equal(at("2025-10-01T06:20:00Z")) {
		t.Fatalf("task run of Oct 01 → %v..%v", m.filter.From, m.filter.To)
	}
	// A window across midnight: the end is the next day.
	tab.SetRun(&rundata.Run{Name: "late", State: "Success", Start: at("2025-11-05T23:50:00Z"), End: at("2025-11-06T00:20:00Z")})
	m = typeWindow(m, "23:55..00:05")
	if !m.filter.From.Equal(at("2025-11-05T23:55:00Z")) || !m.filter.To.Equal(at("2025-11-06T00:05:00Z")) {
		t.Fatalf("across midnight → %v..%v", m.filter.From, m.filter.To)
	}
}

// TestWindowOfTheLogsScreen: `:logs <id>` does not know the run's times; clock times
// are on the day of its newest loaded line (relative windows stay relative to now).
func TestWindowOfTheLogsScreen(t *testing.T) {
	m, _, _, _ := open(t, 80, 24, Options{})
	newest := m.buf.lines[len(m.buf.lines)-1].Timestamp.In(m.loc())
	y, mo, d := newest.Date()
	m = typeWindow(m, "00:00..")
	if want := time.Date(y, mo, d, 0, 0, 0, 0, m.loc()); m.filter.From == nil || !m.filter.From.Equal(want) {
		t.Fatalf("00:00 → %v, want %v", m.filter.From, want)
	}
}

// TestWindowPromptTakesBackItsOwnText: `t` shows the window in use ("11-05 20:12:00..");
// enter on it keeps that window instead of "cannot read time".
func TestWindowPromptTakesBackItsOwnText(t *testing.T) {
	m, _, _, _ := open(t, 80, 24, Options{})
	Tab{m}.SetRun(&rundata.Run{Name: "nov5", State: "Failed", Start: at("2025-11-05T20:02:00Z"), End: at("2025-11-05T20:15:30Z")})
	m = typeWindow(m, "20:12..20:13")
	from, to := *m.filter.From, *m.filter.To
	m, out := send(m, uitest.Press("t"), uitest.Press("enter"))
	if len(out) > 0 || m.CapturesInput() || !m.filter.From.Equal(from) || !m.filter.To.Equal(to) {
		t.Fatalf("t enter: %v (prompt open %v) → %v..%v", out, m.CapturesInput(), m.filter.From, m.filter.To)
	}
}
