package runs

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

const lateGlyph = "◷"

// SetSize implements screen.Screen.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.input.SetWidth(max(w-4, 10))
	m.clamp()
}

// columns are the widths of the list's columns for a terminal width; zero hides one.
type columns struct{ state, name, flow, sched, start, took, labels int }

func layout(w int, showFlow bool) columns {
	c := columns{state: 12, sched: 12, took: 7}
	if w >= 100 {
		// start is a stamp like sched: "Nov 21 20:18" is 12 wide (8 cut it to "Nov 21 …").
		c.start, c.state = 12, 16
	}
	rest := w - 2 - c.state - c.sched - c.took - c.start - 5
	if c.start > 0 {
		rest--
	}
	if rest < 20 {
		c.name = max(rest, 6)
		return c
	}
	c.name = rest * 4 / 10
	if showFlow {
		c.flow = rest * 35 / 100
	} else {
		// A flow's own runs: the flow column would say the same on every row.
		c.name = rest / 2
	}
	c.labels = rest - c.name - c.flow - 2
	if c.flow == 0 {
		c.labels++
	}
	if c.labels < 6 {
		c.flow += max(c.labels+1, 0)
		c.labels = 0
	}
	return c
}

func itoa(i int) string { return strconv.Itoa(i) }

// View implements screen.Screen.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	st := m.deps.Styles
	now := m.deps.Now()
	var b strings.Builder
	b.Grow(m.width * m.height * 3)

	// Line 1: the filter (or its input), and where we are.
	var left string
	if m.filtering {
		left = m.input.View()
	} else if m.filterText != "" {
		left = st.Text.Accent.Render("/ " + m.filterText)
	} else {
		left = st.Text.Faint.Render("/ filter")
	}
	right := ""
	if len(m.runs) > 0 {
		right = itoa(m.offset+1) + "–" + itoa(m.offset+len(m.runs)) + " of " + itoa(m.total)
	} else if !m.loadedAt.IsZero() {
		right = "0 runs"
	}
	right += " · " + m.sort.String()
	lateMark := ""
	if m.late > 0 {
		// Always visible, whatever the sort and filter: late runs must stand out.
		lateMark = st.State.Late.Render(lateGlyph+" "+itoa(m.late)+" late") + st.Text.Faint.Render(" (L) · ")
	}
	if !m.loadedAt.IsZero() {
		right += " · updated " + timefmt.Ago(m.loadedAt, now)
	}
	if m.err != nil && !m.loadedAt.IsZero() {
		right = "refresh failed · " + right
	}
	b.WriteString(spread(left, lateMark+st.Text.Faint.Render(right), m.width))
	b.WriteByte('\n')

	c := layout(m.width, m.flowGroupID == "")
	head := "  " + cell("state", c.state) + " " + cell("run", c.name)
	if c.flow > 0 {
		head += " " + cell("flow", c.flow)
	}
	head += " " + cell("scheduled", c.sched)
	if c.start > 0 {
		head += " " + cell("started", c.start)
	}
	head += " " + cellL("took", c.took)
	if c.labels > 0 {
		head += " " + cell("labels", c.labels)
	}
	b.WriteString(st.Table.Header.Render(ansi.Truncate(head, m.width, "")))

	h := m.bodyHeight()
	if m.picker != nil {
		for _, l := range m.pickerView(h) {
			b.WriteString("\n" + ansi.Truncate(l, m.width, ""))
			h--
		}
		for ; h > 0; h-- {
			b.WriteByte('\n')
		}
		b.WriteString("\n")
		return b.String()
	}
	switch {
	case m.err != nil && m.loadedAt.IsZero():
		// Wrapped, not cut: the reason is at the end ("…: connection refused").
		msg := ansi.Wrap("Couldn't load runs: "+api.Describe(m.err), max(m.width, 1), "")
		b.WriteString("\n" + st.Text.Error.Render(msg) + "\n" + st.Text.Faint.Render("r retry · esc back"))
		h -= 1 + strings.Count(msg, "\n") + 1
	case m.loadedAt.IsZero():
		b.WriteString("\n" + st.Table.Empty.Render("loading runs…"))
		h--
	case len(m.runs) == 0:
		msg := "No runs."
		if m.filterText != "" {
			msg = "No runs match the filter · ⌫ clear"
		}
		b.WriteString("\n" + st.Table.Empty.Render(msg))
		h--
	}
	end := m.win.End(len(m.runs), h)
	for i := m.win.Top; i < end; i++ {
		b.WriteByte('\n')
		m.renderRow(&b, i, c)
	}
	for i := end - m.win.Top; i < h; i++ {
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	status := ""
	if n := len(m.marked); n > 0 {
		status = st.Table.Marked.Render(itoa(n)+" selected") + st.Table.Footer.Render(" · space toggle · ctrl+a none")
	} else if m.partial != nil {
		status = st.Text.Warning.Render(ansi.Truncate("⚠ partial data: "+api.Describe(m.partial), m.width, "…"))
	} else if m.loading && !m.loadedAt.IsZero() {
		status = st.Table.Footer.Render("refreshing…")
	}
	b.WriteString(status)
	return b.String()
}

func (m *Model) renderRow(b *strings.Builder, i int, c columns) {
	st := m.deps.Styles
	now := m.deps.Now()
	r := m.runs[i]
	mark := "  "
	if m.marked[r.Id] {
		mark = st.Table.Marked.Render("● ")
	}
	if i == m.win.Cursor {
		if m.marked[r.Id] {
			mark = st.Table.Active.Row.Render("●›")
		} else {
			mark = st.Table.Active.Row.Render(" ›")
		}
	}
	var state string
	if rundata.IsLate(r.State, r.Scheduled_start_time, r.Start_time, now) {
		state = st.State.Late.Render(cell(lateGlyph+" Late", c.state))
	} else {
		word := r.State
		if word == "" {
			word = "—"
		}
		state = components.StyleFor(st, r.State).Render(cell(components.Info(r.State).Glyph+" "+word, c.state))
	}
	name := r.Name
	nameStyle := st.Table.Normal.Cell
	if i == m.win.Cursor {
		nameStyle = st.Table.Active.Row
	}
	b.WriteString(mark)
	b.WriteString(state)
	b.WriteByte(' ')
	b.WriteString(nameStyle.Render(cell(name, c.name)))
	if c.flow > 0 {
		b.WriteString(" " + st.Text.Secondary.Render(cell(r.Flow.Name, c.flow)))
	}
	b.WriteString(" " + st.Text.Secondary.Render(cell(timefmt.Stamp(r.Scheduled_start_time, now), c.sched)))
	if c.start > 0 {
		b.WriteString(" " + st.Text.Secondary.Render(cell(timefmt.Stamp(r.Start_time, now), c.start)))
	}
	took := ""
	if !r.Start_time.IsZero() {
		end := r.End_time
		switch {
		case !end.IsZero():
		case components.Info(r.State).Finished:
			end = r.State_timestamp
		default:
			end = now
		}
		took = timefmt.Duration(end.Sub(r.Start_time))
	}
	b.WriteString(" " + st.Text.Primary.Render(cellL(took, c.took)))
	if c.labels > 0 {
		b.WriteString(" " + st.Flows.Labels.Render(ansi.Truncate(strings.Join(rundata.Labels(r.Labels), ","), c.labels, "…")))
	}
}

// cell pads or truncates s to exactly w cells.
func cell(s string, w int) string {
	n := ansi.StringWidth(s)
	if n > w {
		return ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", w-n)
}

func cellL(s string, w int) string {
	n := ansi.StringWidth(s)
	if n > w {
		return ansi.Truncate(s, w, "…")
	}
	return strings.Repeat(" ", w-n) + s
}

// spread puts left and right on one line of width w, truncating left.
func spread(left, right string, w int) string {
	lw, rw := ansi.StringWidth(left), ansi.StringWidth(right)
	if lw+rw+1 > w {
		left = ansi.Truncate(left, max(w-rw-1, 0), "…")
		lw = ansi.StringWidth(left)
	}
	if lw+rw+1 > w {
		return ansi.Truncate(left+" "+right, w, "…")
	}
	return left + strings.Repeat(" ", w-lw-rw) + right
}
