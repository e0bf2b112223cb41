package taskruns

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/theme"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

// stampW is the width of a start or end cell: timefmt.Stamp's longest form within a
// year, "Nov 03 07:14" (a narrower cell cut it to "Nov 03 0").
const stampW = 12

// The columns' indexes; end and message show from 100 cells on.
const (
	colEnd     = 4
	colMessage = 5
)

// columns are the table's columns for a width: the task run's name takes the room, up to
// 39 cells where the end and the message show.
func columns(width int) []components.Column {
	cols := []components.Column{
		{Title: "task run", Flex: 1},
		{Title: "state", Width: 16},
		{Title: "start", Width: stampW},
		{Title: "took", Width: 7, Right: true},
	}
	if width >= 100 {
		cols[0] = components.Column{Title: "task run", Width: 39}
		cols = append(cols, components.Column{Title: "end", Width: stampW}, components.Column{Title: "message", Flex: 1})
	}
	return cols
}

// View implements tabs.Tab.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	st := m.styles
	if !m.loaded {
		return st.Table.Empty.Render("loading…")
	}
	if m.detail.IsOpen() {
		return m.detail.View(st, m.width, m.height)
	}
	now := m.now()
	cols := columns(m.width)
	widths := components.Widths(cols, m.width-2)
	var b strings.Builder
	b.WriteString(st.Table.Header.Render("  " + components.Header(cols, widths)))
	h := m.bodyHeight()
	if len(m.rows) == 0 {
		b.WriteString("\n" + st.Table.Empty.Render("  no task runs match the filter ("+m.filter.String()+")"))
	}
	for i := m.win.Top; i < m.win.End(len(m.rows), h); i++ {
		b.WriteByte('\n')
		line := m.rowLine(m.rows[i], cols, widths, now)
		if i == m.win.Cursor {
			b.WriteString(st.Table.Active.Row.Render("› ") + line)
		} else {
			b.WriteString("  " + line)
		}
	}
	for i := max(len(m.rows), 1) - m.win.Top; i < h; i++ {
		b.WriteByte('\n')
	}
	b.WriteString("\n" + m.statusLine(len(cols) > colMessage))
	return b.String()
}

// rowLine renders one row (without its cursor mark): name, state (a mapped parent's
// children's counts), start, duration, and from 100 cells end and message.
func (m *Model) rowLine(r row, cols []components.Column, widths []int, now time.Time) string {
	st := m.styles
	t := m.tasks[r.task]
	tr := m.taskRun(r)
	var label string
	switch {
	case r.child >= 0:
		label = "  " + tr.Label(t.Name)
	case len(t.Children) > 0 && m.expanded[t.TaskID]:
		label = "▾ " + t.Name + " (" + strconv.Itoa(len(t.Children)) + ")"
	case len(t.Children) > 0:
		label = "▸ " + t.Name + " (" + strconv.Itoa(len(t.Children)) + ")"
	default:
		label = t.Name
		if tr.Name != "" && tr.Name != t.Name {
			label += " · " + tr.Name
		}
	}
	state := components.State(st, tr.State)
	if r.child < 0 && len(t.Counts) > 0 {
		state = countsCell(st, t.Counts)
	}
	start, end, ok := tr.Start, time.Time{}, false
	if r.child < 0 && len(t.Children) > 0 {
		// A mapped parent runs from its first child's start to its last child's end.
		start, end, ok = span(t.Children, now)
	} else {
		_, end, ok = span([]rundata.TaskRun{tr}, now)
	}
	dur := "—"
	if ok {
		dur = timefmt.Duration(end.Sub(start))
	}
	shownEnd := end
	if !ok || (r.child >= 0 || len(t.Children) == 0) && tr.End.IsZero() {
		shownEnd = tr.End
	}
	values := []string{label, state, timefmt.Stamp(start, now), dur}
	if len(cols) > colEnd {
		values = append(values, timefmt.Stamp(shownEnd, now))
	}
	cells := components.Cells(values, widths, cols)
	if len(cols) > colMessage {
		// The message is the last column: cut, not padded.
		cells = append(cells, st.Text.Secondary.Render(ansi.Truncate(tr.Message, widths[colMessage], "…")))
	}
	return components.Join(cells, widths)
}

// countsCell renders a mapped parent's children as "✓12 ✗3 ▶1".
func countsCell(st *theme.Styles, counts map[string]int) string { return components.Counts(st, counts) }

// span is the time covered by runs: the earliest start to the latest end, running runs
// counting to now and finished runs without an end to their state time; ok is false
// when none started.
func span(runs []rundata.TaskRun, now time.Time) (start, end time.Time, ok bool) {
	for _, r := range runs {
		if r.Start.IsZero() {
			continue
		}
		e := r.End
		if e.IsZero() {
			e = now
			if components.Info(r.State).Finished {
				e = r.StateTime
			}
		}
		if e.Before(r.Start) {
			e = r.Start
		}
		if !ok || r.Start.Before(start) {
			start = r.Start
		}
		if !ok || e.After(end) {
			end = e
		}
		ok = true
	}
	return start, end, ok
}

// statusLine counts the rows; without a message column it shows the selected row's
// state message instead, as much as fits, and v reads it whole.
func (m *Model) statusLine(messageColumn bool) string {
	st := m.styles
	status := strconv.Itoa(len(m.rows)) + " rows · filter " + m.filter.String()
	if note := rundata.HiddenNote(m.hidden); note != "" {
		status += " · " + note
	}
	msg := ""
	if !messageColumn && m.win.Cursor >= 0 && m.win.Cursor < len(m.rows) {
		msg = strings.Join(strings.Fields(m.taskRun(m.rows[m.win.Cursor]).Message), " ")
	}
	if msg == "" {
		return st.Table.Footer.Render(ansi.Truncate(status, m.width, "…"))
	}
	hint := " · v full"
	room := m.width - ansi.StringWidth(status) - 3 - len(hint)
	if room < 10 {
		return st.Table.Footer.Render(ansi.Truncate(status, m.width, "…"))
	}
	return st.Table.Footer.Render(status+" · ") + st.Text.Secondary.Render(ansi.Truncate(msg, room, "…")) + st.Table.Footer.Render(hint)
}
