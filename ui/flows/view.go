package flows

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
)

// runSlots is how many recent runs the strip shows.
const runSlots = 10

// gutter is the cursor marker's column ("› "), so the selection shows without colour.
const gutter = 2

func columns() []components.Column {
	return []components.Column{
		{Title: "PROJECT", Flex: 1, Min: 8},
		{Title: "NAME", Flex: 2, Min: 12},
		{Title: "VER", Width: 5, Right: true},
		{Title: "SCHED", Width: 8},
		{Title: "LABELS", Flex: 1, Min: 6},
		{Title: "LAST 10", Width: runSlots},
	}
}

// sortColumn is the column index a sort key sorts.
var sortColumn = map[sortKey]int{sortProject: 0, sortName: 1, sortVersion: 2, sortSchedule: 3, sortRuns: 5}

// chrome is the number of body lines that are not rows: toolbar, header, detail.
func (m *Model) chrome() int {
	n := 3
	if m.warn != "" {
		n++
	}
	return n
}

func (m *Model) visibleRows() int { return max(1, m.height-m.chrome()) }

// fit keeps the cursor on a row and in view.
func (m *Model) fit() { m.win.Fit(len(m.rows), m.visibleRows()) }

// View implements screen.Screen.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	s := m.deps.Styles
	lines := []string{m.toolbar()}
	if m.warn != "" {
		lines = append(lines, s.Text.Warning.Render(ansi.Truncate("! partial result: "+m.warn, m.width, "…")))
	}
	cols := columns()
	widths := m.fitWidths(cols, components.Widths(cols, m.width-gutter))
	lines = append(lines, m.header(cols, widths))
	room := m.visibleRows()

	switch {
	case m.err != nil && len(m.rows) == 0:
		// Wrapped, not cut: the reason ends the message ("…: connection refused").
		for _, l := range strings.Split(ansi.Wrap("Couldn't load flows: "+api.Describe(m.err), max(m.width, 1), ""), "\n") {
			lines = append(lines, s.Text.Error.Render(l))
		}
		lines = append(lines, s.Text.Secondary.Render("r retry · : go elsewhere"))
	case !m.loaded:
		lines = append(lines, s.Table.Empty.Render("Loading flows…"))
	case len(m.rows) == 0:
		lines = append(lines, s.Table.Empty.Render(ansi.Truncate(m.emptyText(), m.width, "…")))
	default:
		end := m.win.End(len(m.rows), room)
		for i := m.win.Top; i < end; i++ {
			lines = append(lines, m.rowView(m.rows[i], i == m.win.Cursor, cols, widths))
		}
	}
	for len(lines) < m.height-1 {
		lines = append(lines, "")
	}
	lines = append(lines[:m.height-1], m.detail())
	return strings.Join(lines, "\n")
}

func (m *Model) emptyText() string {
	switch {
	case m.applied != "":
		if m.filtering {
			return fmt.Sprintf("No flows match %q. esc clears the filter.", m.applied)
		}
		return fmt.Sprintf("No flows match %q. / edits the filter, ⌫ clears it.", m.applied)
	case m.scopeName != "":
		return "No flows in project " + m.scopeName + ". p changes the project."
	case !m.showArchived:
		return "No flows in this tenant. a shows archived versions."
	}
	return "No flows in this tenant."
}

// toolbar: filter or scope on the left, "12 of 48" and the loading mark on the right.
func (m *Model) toolbar() string {
	s := m.deps.Styles
	var left string
	if m.filtering {
		left = m.filter.View()
	} else {
		var parts []string
		if m.applied != "" {
			parts = append(parts, s.Flows.FilterPrompt.Render("/ ")+s.Text.Primary.Render(m.applied))
		}
		scope := "all projects"
		if m.scopeName != "" {
			scope = "project " + m.scopeName
		}
		parts = append(parts, s.Flows.Scope.Render(scope))
		if m.showArchived {
			parts = append(parts, s.Flows.Scope.Render("all versions"))
		}
		left = strings.Join(parts, s.Text.Faint.Render(" · "))
	}
	right := ""
	if m.loaded {
		right = s.Text.Secondary.Render(fmt.Sprintf("%d of %d", min(len(m.rows), m.total), m.total))
	}
	if m.loading && m.showSpinner {
		right = s.Text.Accent.Render("⟳ loading") + " " + right
	}
	if m.err != nil && len(m.rows) > 0 {
		right = s.Text.Error.Render("✗ refresh failed: "+api.Reason(m.err)+" (r)") + " " + right
	}
	left = ansi.Truncate(left, max(0, m.width-lipgloss.Width(right)-1), "…")
	gap := max(1, m.width-lipgloss.Width(left)-lipgloss.Width(right))
	return left + strings.Repeat(" ", gap) + right
}

// fitWidths gives the room a flexible column does not need to the ones whose cells
// are cut (components.FitContent), measured on the loaded rows.
func (m *Model) fitWidths(cols []components.Column, widths []int) []int {
	need := make([]int, len(cols))
	for i, c := range cols {
		need[i] = ansi.StringWidth(c.Title) + 2 // room for the sort arrow
	}
	for _, r := range m.rows {
		name := r.name
		if r.archived {
			name += " (archived)"
		}
		need[0] = max(need[0], ansi.StringWidth(r.project))
		need[1] = max(need[1], ansi.StringWidth(name))
		need[4] = max(need[4], ansi.StringWidth(r.labelText()))
	}
	return components.FitContent(cols, widths, need)
}

func (m *Model) header(cols []components.Column, widths []int) string {
	s := m.deps.Styles
	sorted := sortColumn[m.sort]
	cells := make([]string, len(cols))
	for i, c := range cols {
		t := c.Title
		if i == sorted {
			arrow := " ▲"
			if m.desc {
				arrow = " ▼"
			}
			cells[i] = s.Table.HeaderSorted.Render(components.Cell(t+arrow, widths[i], c.Right))
			continue
		}
		cells[i] = s.Table.Header.Render(components.Cell(t, widths[i], c.Right))
	}
	return strings.Repeat(" ", gutter) + components.Join(cells, widths)
}

// rowView renders one flow. The selected row is drawn plain inside the active style,
// so its highlight is unbroken; its glyphs still tell the states apart.
func (m *Model) rowView(r row, active bool, cols []components.Column, widths []int) string {
	s := m.deps.Styles
	name := r.name
	if r.archived {
		name += " (archived)"
	}
	sched := map[scheduleState]string{scheduleNone: "– none", scheduleOn: "● on", scheduleOff: "○ off"}[r.schedule]
	ver := strconv.Itoa(r.version)
	if active {
		strip := ""
		for i := range runSlots {
			if i < len(r.runs) {
				strip += components.Info(r.runs[i]).Glyph
			} else {
				strip += "·"
			}
		}
		cells := []string{r.project, name, ver, sched, r.labelText(), strip}
		return s.Table.Active.Row.Render("› " + components.Row(cells, widths, cols))
	}
	schedStyle := map[scheduleState]lipgloss.Style{
		scheduleNone: s.Flows.ScheduleNone, scheduleOn: s.Flows.ScheduleOn, scheduleOff: s.Flows.ScheduleOff,
	}[r.schedule]
	nameStyle := s.Table.Normal.Cell
	if r.archived {
		nameStyle = s.Flows.Archived
	}
	cells := []string{
		s.Text.Secondary.Render(components.Cell(r.project, widths[0], false)),
		nameStyle.Render(components.Cell(name, widths[1], false)),
		s.Text.Secondary.Render(components.Cell(ver, widths[2], true)),
		schedStyle.Render(components.Cell(sched, widths[3], false)),
		s.Flows.Labels.Render(components.Cell(r.labelText(), widths[4], false)),
		components.Strip(s, r.runs, runSlots),
	}
	return strings.Repeat(" ", gutter) + components.Join(cells, widths)
}

// detail describes the selected flow: id, schedule, and its recent runs in words.
func (m *Model) detail() string {
	s := m.deps.Styles
	r, ok := m.selected()
	if !ok {
		return ""
	}
	parts := []string{fmt.Sprintf("%s v%d", r.name, r.version), "id " + r.id[:min(8, len(r.id))]}
	if r.schedule != scheduleNone {
		parts = append(parts, r.scheduleDesc+" ("+r.schedule.String()+")")
	}
	if len(r.runs) > 0 {
		parts = append(parts, "last "+strconv.Itoa(len(r.runs))+": "+runSummary(r.runs))
	} else {
		parts = append(parts, "no runs yet")
	}
	return s.Flows.Detail.Render(ansi.Truncate(strings.Join(parts, " · "), m.width, "…"))
}

// runSummary counts states in words, most frequent first: "7 ✓ Success, 2 ✗ Failed".
func runSummary(states []string) string {
	counts := map[string]int{}
	var order []string
	for _, st := range states {
		if counts[st] == 0 {
			order = append(order, st)
		}
		counts[st]++
	}
	// Stable: by count desc, then by first appearance.
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && counts[order[j]] > counts[order[j-1]]; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	parts := make([]string, 0, len(order))
	for _, st := range order {
		name := st
		if name == "" {
			name = "no state"
		}
		parts = append(parts, fmt.Sprintf("%d %s %s", counts[st], components.Info(st).Glyph, name))
	}
	return strings.Join(parts, ", ")
}
