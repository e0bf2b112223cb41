package fleet

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

// Glyphs of the counts and of a late run (the runs list marks late runs the same way).
const (
	lateGlyph    = "◷"
	failedGlyph  = "✗"
	runningGlyph = "▶"
)

// detailHeight is the lines under the list that say all about the selected row.
const detailHeight = 2

// gutter is the marks left of a group: the cursor "›" and the session's tenant "●".
const gutter = 3

// listHeight is the lines the rows get: the body less the title, the column header and
// the detail.
func (m *Model) listHeight() int { return max(1, m.height-2-detailHeight) }

// rebuild lays the rows out again (new data or size), keeping the cursor on the same
// group or run, and shows as many failures per group as fit.
func (m *Model) rebuild() {
	keep := m.rowKey(m.win.Cursor)
	fixed, withFailures := 0, 0
	for _, g := range m.groups {
		fixed++
		if g.Err != nil {
			fixed++
		}
		if g.Oldest.ID != "" {
			fixed++
		}
		if len(g.Failures) > 0 {
			withFailures++
		}
	}
	m.perGroup = FailuresFetched
	if withFailures > 0 {
		m.perGroup = min(FailuresFetched, max(1, (m.listHeight()-fixed)/withFailures))
	}
	m.rows = m.rows[:0]
	for i, g := range m.groups {
		m.rows = append(m.rows, row{kind: rowGroup, group: i})
		if g.Err != nil {
			m.rows = append(m.rows, row{kind: rowError, group: i})
			continue
		}
		if g.Oldest.ID != "" {
			m.rows = append(m.rows, row{kind: rowLate, group: i})
		}
		for j := range min(len(g.Failures), m.perGroup) {
			m.rows = append(m.rows, row{kind: rowFailure, group: i, run: j})
		}
	}
	for i := range m.rows {
		if keep != "" && m.rowKey(i) == keep {
			m.win.Cursor = i
			break
		}
	}
	m.win.Fit(len(m.rows), m.listHeight())
	m.updateKeys()
}

// rowKey names what row i shows, so the cursor stays on it across loads.
func (m *Model) rowKey(i int) string {
	if i < 0 || i >= len(m.rows) {
		return ""
	}
	r := m.rows[i]
	g := m.groups[r.group]
	switch r.kind {
	case rowLate:
		return g.ID + "/late/" + g.Oldest.ID
	case rowFailure:
		return g.ID + "/run/" + g.Failures[r.run].ID
	case rowError:
		return g.ID + "/error"
	}
	return g.ID
}

// VIEW

// columns are the group rows' columns (tenants have a slug and a role; projects not).
func (m *Model) columns() []components.Column {
	name := "PROJECT"
	if m.cloud() {
		name = "TENANT"
	}
	cols := []components.Column{
		{Title: name, Flex: 3, Min: 10},
		{Title: "SLUG", Flex: 2, Min: 8, Drop: true},
		{Title: "ROLE", Width: 14},
		{Title: "FAILED", Width: 7, Right: true},
		{Title: "LATE", Width: 6, Right: true},
		{Title: "RUNNING", Width: 7, Right: true},
		{Title: "LAST FAILURE", Width: 12, Right: true},
	}
	if !m.cloud() {
		cols[1], cols[2] = components.Column{Title: "SLUG"}, components.Column{Title: "ROLE"}
	}
	return cols
}

// View implements screen.Screen: a title line, the column header, the rows and what
// the selected row is about.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	st := m.deps.Styles
	cols := m.columns()
	widths := components.Widths(cols, max(1, m.width-gutter))
	lines := []string{m.titleLine(), st.Table.Header.Render(ansi.Truncate(strings.Repeat(" ", gutter)+components.Header(cols, widths), m.width, ""))}
	h := m.listHeight()
	switch {
	case m.listErr != nil && len(m.groups) == 0:
		msg := ansi.Wrap(m.noun(true)+": "+api.Describe(m.listErr), max(1, m.width), "")
		lines = append(lines, strings.Split(st.Text.Error.Render(msg), "\n")...)
		lines = append(lines, st.Text.Faint.Render("r retry · esc back"))
	case len(m.groups) == 0 && m.loading:
		lines = append(lines, st.Table.Empty.Render("loading…"))
	case len(m.groups) == 0:
		lines = append(lines, st.Table.Empty.Render(m.empty()))
	default:
		sub := m.subWidths(h)
		for i := m.win.Top; i < m.win.End(len(m.rows), h); i++ {
			lines = append(lines, m.rowLine(i, cols, widths, sub))
		}
	}
	for len(lines) < 2+h {
		lines = append(lines, "")
	}
	lines = append(lines[:2+h], m.detail()...)
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, m.width, "")
	}
	return strings.Join(lines, "\n")
}

// noun is what the list shows, as the error line names it.
func (m *Model) noun(failed bool) string {
	switch {
	case failed && m.cloud():
		return "Couldn't list your tenants"
	case failed:
		return "Couldn't read the projects"
	}
	return ""
}

func (m *Model) empty() string {
	if m.cloud() {
		return "No tenants: this login is not a member of any tenant."
	}
	return "No projects in this tenant."
}

// titleLine: what is shown and the window on the left, when it was read on the right.
func (m *Model) titleLine() string {
	st := m.deps.Styles
	left := "Projects"
	if m.cloud() {
		left = "All tenants"
	} else if n := m.deps.Session.TenantName; n != "" {
		left += " of " + n
	}
	left = st.Pane.Title.Render(left) + st.Text.Secondary.Render(" · failed in the last "+m.window.String()+", late, running")
	var right string
	switch {
	case m.switching != "":
		right = st.Text.Accent.Render("switching to " + m.switching + "…")
	case m.loading && m.loadedAt.IsZero():
		right = st.Text.Faint.Render("loading…")
	case m.listErr != nil && !m.loadedAt.IsZero():
		right = st.Text.Warning.Render("refresh failed: "+api.Reason(m.listErr)) + st.Text.Faint.Render(" · updated "+timefmt.Stamp(m.loadedAt, m.now()))
	case !m.loadedAt.IsZero():
		right = st.Text.Faint.Render("updated " + timefmt.Stamp(m.loadedAt, m.now()))
	}
	gap := m.width - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 1 {
		return left
	}
	return left + strings.Repeat(" ", gap) + right
}

// rowLine renders row i: a group with its counts, or one of its runs or its error.
func (m *Model) rowLine(i int, cols []components.Column, widths, sub []int) string {
	st := m.deps.Styles
	r := m.rows[i]
	g := m.groups[r.group]
	cursor := i == m.win.Cursor
	mark := " "
	if cursor {
		mark = "›"
	}
	if r.kind != rowGroup {
		return m.subLine(mark+strings.Repeat(" ", subIndent-1), r, g, cursor, sub)
	}
	if m.active(g) {
		mark += "● "
	} else {
		mark += "  "
	}
	role := strings.ReplaceAll(strings.ToLower(g.Role), "_", " ")
	failed, late, running, last := count(failedGlyph, g.Failed), count(lateGlyph, g.Late), count(runningGlyph, g.Running), ""
	switch {
	case g.Err != nil:
		failed, late, running = "–", "–", "–"
	case !g.Loaded:
		failed, late, running = "…", "…", "…"
	case len(g.Failures) > 0:
		last = timefmt.Ago(g.Failures[0].StateTime, m.now())
	}
	cells := components.Cells([]string{g.Name, g.Slug, role, failed, late, running, last}, widths, cols)
	if cursor {
		return st.Table.Active.Row.Render(mark + components.Join(cells, widths))
	}
	if g.Failed > 0 && g.Err == nil {
		cells[3] = st.State.Failed.Render(cells[3])
	}
	if g.Late > 0 && g.Err == nil {
		cells[4] = st.State.Late.Render(cells[4])
	}
	if g.Running > 0 && g.Err == nil {
		cells[5] = st.State.Running.Render(cells[5])
	}
	cells[0] = st.Text.Bold.Render(cells[0])
	return mark + components.Join(cells, widths)
}

// count is a count cell: "✗ 12", or "0".
func count(glyph string, n int) string {
	if n == 0 {
		return "0"
	}
	return glyph + " " + strconv.Itoa(n)
}

// subColumns are a run line's columns after the indent: when, which run, its message.
var subColumns = []components.Column{
	{Width: 13},
	{Flex: 55, Min: 12},
	{Flex: 45, Min: 12, Drop: true},
}

// subIndent is how far a group's runs are indented.
const subIndent = 4

// subWidths lays out the run lines' columns for the visible rows: the run's name gets
// the room its longest one needs before the message gets the rest.
func (m *Model) subWidths(h int) []int {
	w := max(1, m.width-subIndent)
	need := make([]int, len(subColumns))
	for i := m.win.Top; i < m.win.End(len(m.rows), h); i++ {
		r := m.rows[i]
		var run Run
		switch r.kind {
		case rowLate:
			run = m.groups[r.group].Oldest
		case rowFailure:
			run = m.groups[r.group].Failures[r.run]
		default:
			continue
		}
		need[1] = max(need[1], ansi.StringWidth(runName(run)))
		need[2] = max(need[2], ansi.StringWidth(oneLine(run.Message)), len("scheduled Jan 02 15:04"))
	}
	return components.FitContent(subColumns, components.Widths(subColumns, w), need)
}

// runName is how a run line names its run: "flow › run".
func runName(r Run) string { return r.Flow + " › " + r.Name }

// subLine renders a run of a group (late or failed) or the group's error.
func (m *Model) subLine(indent string, r row, g Group, cursor bool, widths []int) string {
	st := m.deps.Styles
	now := m.now()
	w := max(1, m.width-len([]rune(indent)))
	var line, styled string
	switch r.kind {
	case rowError:
		line = failedGlyph + " couldn't read " + g.Name + ": " + api.Describe(g.Err)
		styled = st.Text.Error.Render(ansi.Truncate(line, w, "…"))
		line = ansi.Truncate(line, w, "…")
	case rowLate:
		run := g.Oldest
		cells := components.Cells([]string{lateGlyph + " " + timefmt.Duration(now.Sub(run.Scheduled)) + " late",
			runName(run), "scheduled " + timefmt.Stamp(run.Scheduled, now)}, widths, subColumns)
		line = components.Join(cells, widths)
		cells[0] = st.State.Late.Render(cells[0])
		cells[2] = st.Text.Faint.Render(cells[2])
		styled = components.Join(cells, widths)
	default:
		run := g.Failures[r.run]
		info := components.Info(run.State)
		cells := components.Cells([]string{info.Glyph + " " + timefmt.Ago(run.StateTime, now),
			runName(run), oneLine(run.Message)}, widths, subColumns)
		line = components.Join(cells, widths)
		cells[0] = components.StyleFor(st, run.State).Render(cells[0])
		cells[2] = st.Text.Faint.Render(cells[2])
		styled = components.Join(cells, widths)
	}
	if cursor {
		return st.Table.Active.Row.Render(indent + line)
	}
	return indent + styled
}

// detail says everything about the selected row in detailHeight lines: a group's
// tenant and counts, a run's state, time and whole message, an error's whole text.
func (m *Model) detail() []string {
	st := m.deps.Styles
	var text string
	r, ok := m.selected()
	switch {
	case m.switchErr != nil:
		text = st.Text.Error.Render("Couldn't switch: " + api.Describe(m.switchErr))
	case !ok:
	case r.kind == rowError:
		text = st.Text.Error.Render(m.groups[r.group].Name + ": " + api.Describe(m.groups[r.group].Err))
	case r.kind == rowLate:
		run := m.groups[r.group].Oldest
		text = run.Flow + " › " + run.Name + " · Scheduled for " + timefmt.Stamp(run.Scheduled, m.now()) +
			", not started: " + strconv.Itoa(m.groups[r.group].Late) + " late in " + m.groups[r.group].Name
	case r.kind == rowFailure:
		run := m.groups[r.group].Failures[r.run]
		text = run.Flow + " › " + run.Name + " · " + run.State + " " + timefmt.Stamp(run.StateTime, m.now()) + " · " + oneLine(run.Message)
	default:
		text = m.groupDetail(m.groups[r.group])
	}
	lines := strings.Split(ansi.Wrap(text, max(1, m.width), ""), "\n")
	if len(lines) > detailHeight {
		lines = lines[:detailHeight]
		lines[detailHeight-1] = ansi.Truncate(lines[detailHeight-1], max(1, m.width-1), "") + "…"
	}
	for len(lines) < detailHeight {
		lines = append([]string{""}, lines...)
	}
	return lines
}

func (m *Model) groupDetail(g Group) string {
	st := m.deps.Styles
	parts := []string{g.Name}
	if g.Slug != "" && g.Slug != g.Name {
		parts = append(parts, g.Slug)
	}
	if g.Role != "" {
		parts = append(parts, "your role: "+strings.ReplaceAll(strings.ToLower(g.Role), "_", " "))
	}
	if g.Loaded && g.Err == nil {
		parts = append(parts, strconv.Itoa(g.Failed)+" failed in "+m.window.String()+", "+
			strconv.Itoa(g.Late)+" late, "+strconv.Itoa(g.Running)+" running")
	}
	if m.active(g) {
		parts = append(parts, "● the session's tenant")
	}
	return st.Text.Secondary.Render(strings.Join(parts, " · "))
}

// oneLine joins a multi-line message into one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
