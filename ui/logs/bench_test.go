package logs

import (
	"fmt"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/theme"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/demo"
)

// bigModel is a logs view holding n synthetic lines (every tenth a 3-line traceback).
func bigModel(n int) *Model {
	deps := screen.Deps{Styles: theme.NewStyles(true, false), Now: func() time.Time { return demo.Now }}
	m := New(deps, Scope{FlowRunID: "run"}, Options{})
	lines := make([]Line, n)
	for i := range lines {
		msg := fmt.Sprintf("Task 'step[%d]': Finished task run for task with final state: 'Success'", i)
		if i%10 == 0 {
			msg = "Traceback (most recent call last):\n  File \"x.py\", line 1\nValueError: bad"
		}
		lines[i] = Line{Id: fmt.Sprintf("%08d", i), Timestamp: demo.Now.Add(time.Duration(i) * time.Millisecond), Level: "INFO", Name: "prefect", Message: msg}
	}
	m.buf.appendLines(lines)
	m.loaded, m.total = true, n
	m.SetSize(120, 40)
	m.moveTo(len(m.buf.rows) - 1)
	return m
}

// BenchmarkView20k renders a frame with 20,000 lines loaded: only the visible rows are
// drawn, so the cost does not grow with the lines.
func BenchmarkView20k(b *testing.B) {
	m := bigModel(20000)
	m.applySearch("task")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.moveTo(m.win.Cursor - 1)
		_ = m.View()
	}
}

// BenchmarkSearch20k searches 20,000 lines (n/N then only move the cursor).
func BenchmarkSearch20k(b *testing.B) {
	m := bigModel(20000)
	for i := 0; i < b.N; i++ {
		m.applySearch("step[1")
	}
}

func TestBigBufferSearchAndNavigate(t *testing.T) {
	m := bigModel(12000)
	m, _ = send(m, uitest.Press("g"))
	if m.win.Cursor != 0 || m.win.Top != 0 {
		t.Fatalf("g: cursor %d top %d", m.win.Cursor, m.win.Top)
	}
	m.applySearch("ValueError")
	if len(m.matches) != 1200 {
		t.Fatalf("%d matches, want 1200", len(m.matches))
	}
	m, _ = send(m, uitest.Press("n"))
	if m.win.Cursor != m.matches[1] {
		t.Fatalf("n: cursor %d, want %d", m.win.Cursor, m.matches[1])
	}
	if v := m.View(); len(v) == 0 {
		t.Fatal("empty view")
	}
}
