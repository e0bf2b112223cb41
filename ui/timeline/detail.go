package timeline

import "github.com/prefect-tui/prefect-tui/ui/components"

// openDetail shows the selected row in full (v): the label column cuts long names
// (a mapped child's) and the bars show no state message.
func (m *Model) openDetail() {
	if title, fields, msg, ok := m.detailOf(); ok {
		m.detail.Open(title, fields, msg, "state message")
	}
}

// refreshDetail keeps an open detail on the reloaded row (closed when it is gone).
func (m *Model) refreshDetail() {
	if !m.detail.IsOpen() {
		return
	}
	if title, fields, msg, ok := m.detailOf(); ok {
		m.detail.Refresh(title, fields, msg)
		return
	}
	m.detail.Close()
}

// detailOf is the selected row's detail, with the times of its bar.
func (m *Model) detailOf() (string, []components.Field, string, bool) {
	if m.win.Cursor < 0 || m.win.Cursor >= len(m.rows) {
		return "", nil, "", false
	}
	r := m.rows[m.win.Cursor]
	t := m.tasks[r.task]
	tr := m.taskRun(r)
	start, end, ok := m.selectedSpan()
	d := components.TaskRunRow{Task: t.Name, Run: tr, Start: start, End: end, Took: end.Sub(start), HasTook: ok}
	if r.child < 0 && len(t.Children) > 0 {
		d.Counts = t.Counts
	} else if tr.End.IsZero() {
		d.End = tr.End // running: the bar ends at now, the run has not
	}
	if !ok {
		d.Start, d.End = tr.Start, tr.End
	}
	title, fields := components.TaskRunFields(m.styles, m.now(), d)
	return title, fields, tr.Message, true
}
