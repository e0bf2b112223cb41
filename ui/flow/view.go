package flow

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/runhistory"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

// gutter is the cursor's column ("› ").
const gutter = 2

// lateGlyph marks late runs, as in the runs list.
const lateGlyph = "◷"

// View implements screen.Screen.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	s := m.deps.Styles
	var lines []string
	if m.warn != "" {
		lines = append(lines, s.Text.Warning.Render(ansi.Truncate("! partial result: "+m.warn, m.width, "…")))
	}
	switch {
	case m.page == nil && m.err != nil:
		for _, l := range strings.Split(ansi.Wrap("Couldn't load the flow: "+api.Describe(m.err), m.width, ""), "\n") {
			lines = append(lines, s.Text.Error.Render(l))
		}
		lines = append(lines, s.Text.Secondary.Render("r retry · esc back"))
		return fill(lines, m.height)
	case m.page == nil:
		lines = append(lines, s.Table.Empty.Render("Loading the flow…"))
		return fill(lines, m.height)
	case !m.page.found():
		lines = append(lines, s.Text.Error.Render(ansi.Wrap("No flow group "+m.groupID+" (or no such version of it) in this tenant.", m.width, "")),
			s.Text.Secondary.Render("esc back · r retry"))
		return fill(lines, m.height)
	}
	lines = append(lines, m.header()...)
	if m.details {
		lines = append(lines, m.detailsView(m.height-len(lines))...)
		return fill(lines, m.height)
	}
	lines = append(lines, strings.Split(m.chart(), "\n")...)
	lines = append(lines, m.runsView(m.height-len(lines)-1)...)
	lines = append(lines, m.runDetail())
	return fill(lines, m.height)
}

// fill pads or cuts lines to exactly h.
func fill(lines []string, h int) string {
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines[:h], "\n")
}

// chartHeight is the run-history chart's height with its axis.
func (m *Model) chartHeight() int {
	if m.height >= 34 {
		return 6
	}
	return 3
}

// fixedLines is the height of what is not the runs list: warning, header, chart, the
// list's header and the detail line.
func (m *Model) fixedLines() int {
	n := len(m.header())
	if m.warn != "" {
		n++
	}
	if m.details {
		return n
	}
	return n + m.chartHeight() + 2
}

// listRows is how many runs (or details lines) show.
func (m *Model) listRows() int {
	if m.page == nil {
		return 1
	}
	return max(1, m.height-m.fixedLines())
}

// fit keeps the cursor on a run and in view.
func (m *Model) fit() {
	if m.page == nil {
		return
	}
	m.win.Fit(len(m.page.runs), m.listRows())
	m.detWin.Scroll(0, len(m.detailLines()), m.detailRows())
}

func (m *Model) chart() string {
	w := runhistory.Windows[m.window]
	return components.History(m.deps.Styles, m.page.buckets, components.HistoryOptions{
		Width: m.width, Height: m.chartHeight(), Left: "-" + w.Name + " (w)", Right: "now", Legend: true,
	})
}

// The runs list's columns.
func runColumns() []components.Column {
	return []components.Column{
		{Title: "state", Width: 12},
		{Title: "run", Flex: 3, Min: 8},
		{Title: "ver", Width: 4, Right: true},
		{Title: "scheduled", Width: 12},
		{Title: "took", Width: 7, Right: true},
		{Title: "labels", Flex: 2, Min: 6, Drop: true},
	}
}

// runsView is the list's header and its rows, in h lines.
func (m *Model) runsView(h int) []string {
	s := m.deps.Styles
	p := m.page
	cols := runColumns()
	widths := components.Widths(cols, m.width-gutter)
	head := strings.Repeat(" ", gutter) + s.Table.Header.Render(strings.TrimRight(components.Header(cols, widths), " "))
	// The count goes right of the column titles, in the longest form that fits.
	titles := []string{p.runsText() + " runs", p.runsText(), ""}
	if p.runsCount > len(p.runs) {
		titles = []string{fmt.Sprintf("%s runs, latest %d shown (l: all)", p.runsText(), len(p.runs)), p.runsText() + " runs (l)", p.runsText() + " runs", p.runsText(), ""}
	}
	out := []string{head}
	for _, t := range titles {
		if lipgloss.Width(head)+2+lipgloss.Width(t) <= m.width {
			out[0] = spread(head, s.Text.Secondary.Render(t), m.width)
			break
		}
	}
	if len(p.runs) == 0 {
		return append(out, s.Table.Empty.Render("  No runs yet. N runs the flow now."))
	}
	end := m.win.End(len(p.runs), h-1)
	now := m.deps.Now()
	for i := m.win.Top; i < end; i++ {
		r := p.runs[i]
		word, style := components.Info(r.state).Glyph+" "+r.state, components.StyleFor(s, r.state)
		if rundata.IsLate(r.state, r.scheduled, now) {
			word, style = lateGlyph+" Late", s.State.Late
		}
		took := ""
		switch {
		case r.state == "Scheduled":
			// A restarted run waits again: its old start and end are not how long it took.
		case !r.start.IsZero() && !r.end.IsZero():
			took = timefmt.Duration(r.end.Sub(r.start))
		case !r.start.IsZero():
			took = timefmt.Duration(now.Sub(r.start))
		}
		cells := []string{word, r.name, "v" + strconv.Itoa(r.version), timefmt.Stamp(r.scheduled, now), took, strings.Join(r.labels, ",")}
		if i == m.win.Cursor {
			out = append(out, s.Table.Active.Row.Render(components.Cell("› "+components.Row(cells, widths, cols), m.width, false)))
			continue
		}
		styles := []lipgloss.Style{style, s.Table.Normal.Cell, s.Text.Secondary, s.Text.Secondary, s.Text.Secondary, s.Flows.Labels}
		row := make([]string, len(cells))
		for j, c := range cells {
			row[j] = styles[j].Render(components.Cell(c, widths[j], cols[j].Right))
		}
		out = append(out, strings.Repeat(" ", gutter)+components.Join(row, widths))
	}
	return out
}

// runDetail is the selected run's message.
func (m *Model) runDetail() string {
	r, ok := m.selectedRun()
	if !ok {
		return ""
	}
	text := r.name + " · " + r.state
	if r.message != "" {
		text += ": " + r.message
	}
	return m.deps.Styles.Flows.Detail.Render(ansi.Truncate(text, m.width, "…"))
}

// spread puts left and right on one line of width w.
func spread(left, right string, w int) string {
	if right == "" {
		return ansi.Truncate(left, w, "…")
	}
	left = ansi.Truncate(left, max(0, w-lipgloss.Width(right)-1), "…")
	gap := max(1, w-lipgloss.Width(left)-lipgloss.Width(right))
	return left + strings.Repeat(" ", gap) + right
}
