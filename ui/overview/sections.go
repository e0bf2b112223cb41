package overview

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/runhistory"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

// grid reports whether the sections show as a 2×2 grid.
func (m *Model) grid() bool { return m.width >= gridWidth }

// sectionsHeight is the body height left for the sections: the body less the toolbar,
// the warning, the summary, the chart and the detail line.
func (m *Model) sectionsHeight() int {
	if m.data == nil {
		return 0
	}
	fixed := 1 + len(m.summary()) + m.chartHeight() + 1
	if m.warn != "" {
		fixed++
	}
	return max(0, m.height-fixed)
}

// rowsOf is how many rows a section shows below its title.
func (m *Model) rowsOf(s section) int { return m.layout()[s] }

// layout gives each section its rows. In the grid each gets half the height less its
// title. Stacked, every section keeps its title; the others show up to two rows and
// the focused one the rest.
func (m *Model) layout() [sectionCount]int {
	var rows [sectionCount]int
	h := m.sectionsHeight()
	if m.grid() {
		top := h / 2
		rows[secLate], rows[secFailing] = max(0, top-1), max(0, top-1)
		rows[secInProgress], rows[secUpcoming] = max(0, h-top-1), max(0, h-top-1)
		return rows
	}
	avail := max(0, h-int(sectionCount))
	want := func(s section) int { return len(m.runs(s)) } // an empty section says so in its title
	others := 0
	for s := range sectionCount {
		if s != m.focus {
			rows[s] = min(2, want(s))
			others += rows[s]
		}
	}
	// Too little room: the other sections give rows up, the farthest first.
	for others > avail-1 && others > 0 {
		for d := sectionCount - 1; d > 0 && others > avail-1; d-- {
			s := (m.focus + d) % sectionCount
			if rows[s] > 0 {
				rows[s]--
				others--
			}
		}
	}
	rows[m.focus] = max(0, min(want(m.focus), avail-others))
	// Room the focused section does not need goes back to the others.
	spare := avail - others - rows[m.focus]
	for s := range sectionCount {
		if s != m.focus && spare > 0 {
			add := min(spare, want(s)-rows[s])
			rows[s] += add
			spare -= add
		}
	}
	return rows
}

// fit keeps every section's cursor on a row and in view.
func (m *Model) fit() {
	rows := m.layout()
	for s := range sectionCount {
		m.wins[s].Fit(len(m.runs(s)), max(1, rows[s]))
	}
}

// sectionsView renders the four sections in the height layout gives them.
func (m *Model) sectionsView() string {
	rows := m.layout()
	if !m.grid() {
		var parts []string
		for s := range sectionCount {
			parts = append(parts, m.sectionView(s, m.width, rows[s]))
		}
		return strings.Join(parts, "\n")
	}
	left := (m.width - 2) / 2
	right := m.width - 2 - left
	// A section's title line is as wide as the section, so the join keeps the columns.
	pair := func(a, b section) string {
		return lipgloss.JoinHorizontal(lipgloss.Top, m.sectionView(a, left, rows[a]), "  ", m.sectionView(b, right, rows[b]))
	}
	return pair(secLate, secFailing) + "\n" + pair(secInProgress, secUpcoming)
}

// sectionView is a section's title and its rows (exactly 1+rows lines).
func (m *Model) sectionView(sec section, w, rows int) string {
	s := m.deps.Styles
	focused := sec == m.focus
	mark := "  "
	titleStyle := s.Text.Bold
	if focused {
		mark, titleStyle = "▸ ", s.Text.Accent.Bold(true)
	}
	title := mark + titleStyle.Render(strconv.Itoa(int(sec)+1)+" "+sec.String()) + " " + m.sectionNote(sec)
	lines := []string{components.Cell(title, w, false)}
	rs := m.runs(sec)
	win := m.wins[sec]
	end := win.End(len(rs), rows)
	for i := win.Top; i < end && len(lines) <= rows; i++ {
		lines = append(lines, m.rowView(sec, i, w, focused && i == win.Cursor))
	}
	for len(lines) < rows+1 {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// sectionNote is what follows a section's title: its count and what matters most.
func (m *Model) sectionNote(sec section) string {
	s := m.deps.Styles
	d := m.data
	now := m.deps.Now()
	switch sec {
	case secLate:
		if d.lateCount == 0 {
			return s.Text.Faint.Render(m.emptyText(sec))
		}
		note := s.State.Late.Render(strconv.Itoa(d.lateCount))
		if len(d.late) > 0 {
			note += s.Text.Secondary.Render(" · oldest " + timefmt.Duration(now.Sub(d.late[0].scheduled)) + " late")
		}
		return note
	case secFailing:
		if len(d.failing) == 0 {
			return s.Text.Faint.Render(m.emptyText(sec))
		}
		n := 0
		for _, f := range d.failing {
			n += f.failures
		}
		return s.State.Failed.Render(strconv.Itoa(len(d.failing))) + s.Text.Secondary.Render(" · "+plural(n, "failure")+" in "+runhistory.Windows[m.window].Name)
	case secInProgress:
		if d.inProgCnt == 0 {
			return s.Text.Faint.Render(m.emptyText(sec))
		}
		note := s.Text.Secondary.Render(strconv.Itoa(d.inProgCnt))
		if d.inProgCnt > len(d.inProgress) {
			note += s.Text.Secondary.Render(" (first " + strconv.Itoa(len(d.inProgress)) + ")")
		}
		return note
	}
	if d.upcomingN == 0 {
		return s.Text.Faint.Render(m.emptyText(sec))
	}
	note := s.Text.Secondary.Render(strconv.Itoa(d.upcomingN))
	if len(d.upcoming) > 0 {
		note += s.Text.Secondary.Render(" · next " + timefmt.Ago(d.upcoming[0].scheduled, now))
	}
	return note
}

func (m *Model) emptyText(sec section) string {
	switch sec {
	case secLate:
		return "No late runs."
	case secFailing:
		return "No failed runs in the last " + runhistory.Windows[m.window].Name + "."
	case secInProgress:
		return "Nothing running."
	}
	return "Nothing scheduled."
}

// columns of each section (after the cursor gutter).
func columns(sec section) []components.Column {
	switch sec {
	case secLate:
		return []components.Column{{Width: 9}, {Flex: 3, Min: 8}, {Flex: 3, Min: 8}, {Flex: 2, Min: 6, Drop: true}}
	case secFailing:
		return []components.Column{{Flex: 3, Min: 10}, {Width: 5, Right: true}, {Width: 8}, {Flex: 4, Min: 10, Drop: true}}
	case secInProgress:
		return []components.Column{{Width: 12}, {Flex: 3, Min: 8}, {Flex: 3, Min: 8}, {Width: 7, Right: true}}
	}
	return []components.Column{{Width: 9}, {Flex: 3, Min: 8}, {Flex: 3, Min: 8}, {Width: 12, Drop: true}}
}

// rowView renders row i of a section in w cells. The selected row is drawn plain in
// the active style; its glyphs still tell the states apart.
func (m *Model) rowView(sec section, i, w int, active bool) string {
	s := m.deps.Styles
	now := m.deps.Now()
	cols := columns(sec)
	widths := components.Widths(cols, w-gutter)
	var cells []string
	var styles []lipgloss.Style
	sec2 := s.Text.Secondary
	switch sec {
	case secLate:
		r := m.data.late[i]
		cells = []string{lateGlyph + " " + timefmt.Duration(now.Sub(r.scheduled)), r.flow, r.name, strings.Join(r.labels, ",")}
		styles = []lipgloss.Style{s.State.Late, s.Table.Normal.Cell, sec2, s.Flows.Labels}
	case secFailing:
		f := m.data.failing[i]
		cells = []string{f.name, components.Info(f.last.state).Glyph + " " + strconv.Itoa(f.failures), timefmt.Ago(f.last.stamp, now), f.last.message}
		styles = []lipgloss.Style{s.Table.Normal.Cell, components.StyleFor(s, f.last.state), sec2, sec2}
	case secInProgress:
		r := m.data.inProgress[i]
		took := ""
		switch {
		case !r.start.IsZero():
			took = timefmt.Duration(now.Sub(r.start))
		case !r.stamp.IsZero():
			took = timefmt.Ago(r.stamp, now)
		}
		cells = []string{components.Info(r.state).Glyph + " " + r.state, r.flow, r.name, took}
		styles = []lipgloss.Style{components.StyleFor(s, r.state), s.Table.Normal.Cell, sec2, sec2}
	default:
		r := m.data.upcoming[i]
		cells = []string{components.Info(r.state).Glyph + " " + timefmt.Ago(r.scheduled, now), r.flow, r.name, timefmt.Stamp(r.scheduled, now)}
		styles = []lipgloss.Style{components.StyleFor(s, r.state), s.Table.Normal.Cell, sec2, sec2}
	}
	if active {
		return s.Table.Active.Row.Render(components.Cell("› "+components.Row(cells, widths, cols), w, false))
	}
	out := make([]string, len(cells))
	for j, c := range cells {
		out[j] = styles[j].Render(components.Cell(c, widths[j], cols[j].Right))
	}
	return strings.Repeat(" ", gutter) + components.Join(out, widths)
}

// lateGlyph marks late runs, as in the runs list.
const lateGlyph = "◷"
