package taskruns

import (
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
)

// openDetail shows the selected row in full (v): what the table cuts, a long name or
// the state message, which has no column below 100 cells.
func (m *Model) openDetail() {
	if m.win.Cursor < 0 || m.win.Cursor >= len(m.rows) {
		return
	}
	title, fields, msg := m.detailOf(m.rows[m.win.Cursor])
	m.detail.Open(title, fields, msg, "state message")
}

// refreshDetail keeps an open detail on the reloaded row (closed when it is gone).
func (m *Model) refreshDetail() {
	if !m.detail.IsOpen() {
		return
	}
	if m.win.Cursor < 0 || m.win.Cursor >= len(m.rows) {
		m.detail.Close()
		return
	}
	title, fields, msg := m.detailOf(m.rows[m.win.Cursor])
	m.detail.Refresh(title, fields, msg)
}

// detailOf is a row's detail: its title, fields and state message, with the times the
// row shows (a mapped parent spans its children).
func (m *Model) detailOf(r row) (string, []components.Field, string) {
	now := m.now()
	t := m.tasks[r.task]
	tr := m.taskRun(r)
	parent := r.child < 0 && len(t.Children) > 0
	runs := []rundata.TaskRun{tr}
	if parent {
		runs = t.Children
	}
	start, end, ok := span(runs, now)
	d := components.TaskRunRow{Task: t.Name, Run: tr, Start: start, End: end, Took: end.Sub(start), HasTook: ok}
	if parent {
		d.Counts = t.Counts
	}
	if !ok || !parent && tr.End.IsZero() {
		d.End = tr.End
	}
	if !ok {
		d.Start = tr.Start
	}
	title, fields := components.TaskRunFields(m.styles, now, d)
	return title, fields, tr.Message
}
