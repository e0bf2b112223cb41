package agents

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/agenthealth"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

const lateGlyph = "◷"

// gutter is the cursor's column ("› "), so the selection shows without colour.
const gutter = 2

// The agent table's columns; type and labels are left out when there is too little
// room (the detail heading names them).
const (
	colHealth = iota
	colName
	colType
	colLabels
	colCore
	colQueried
	colReady
	colRecent
)

func agentColumns() []components.Column {
	return []components.Column{
		colHealth:  {Title: "health", Width: 11},
		colName:    {Title: "name", Flex: 30, Min: 10},
		colType:    {Title: "type", Flex: 16, Min: 8, Drop: true},
		colLabels:  {Title: "labels", Flex: 28, Min: 8, Drop: true},
		colCore:    {Title: "core", Width: 7},
		colQueried: {Title: "queried", Width: 9},
		colReady:   {Title: "ready", Width: 5, Right: true},
		colRecent:  {Title: "24h", Width: 4, Right: true},
	}
}

// SetSize implements screen.Screen.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.fit()
}

// agentRows is how many agent rows show: all of them while the runs keep half the
// body, at least two.
func (m *Model) agentRows() int {
	body := m.height - 3 // toolbar, table header, status line
	return max(1, min(len(m.agents), max(2, (body-1)/2)))
}

// runRows is how many lines the selected agent's runs get (their two section lines
// included).
func (m *Model) runRows() int { return max(1, m.height-3-m.agentRows()-1) }

// fit keeps the cursors on rows and the agent cursor in view; the runs scroll with
// their cursor as they are drawn (detail).
func (m *Model) fit() {
	m.win.Fit(len(m.agents), m.agentRows())
	m.runWin.Fit(len(m.runs()), m.runRows())
}

// View implements screen.Screen: the toolbar, the agents, the selected agent's runs and
// a status line.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	st := m.deps.Styles
	lines := []string{m.toolbar()}
	switch {
	case m.err != nil && m.loaded.IsZero():
		msg := ansi.Wrap("Couldn't load agents: "+api.Describe(m.err), max(m.width, 1), "")
		lines = append(lines, st.Text.Error.Render(msg), st.Text.Faint.Render("r retry · esc back"))
	case m.loaded.IsZero():
		lines = append(lines, st.Table.Empty.Render("loading agents…"))
	case len(m.agents) == 0:
		lines = append(lines, st.Table.Empty.Render(
			"No agent is registered with this tenant, so no flow run starts. Start one: prefect agent local start --label <label>"))
	default:
		lines = append(lines, m.agentTable()...)
		lines = append(lines, m.detail()...)
	}
	out := make([]string, 0, m.height)
	for _, l := range lines {
		for _, part := range strings.Split(l, "\n") {
			if len(out) < m.height-1 {
				out = append(out, ansi.Truncate(part, m.width, "…"))
			}
		}
	}
	for len(out) < m.height-1 {
		out = append(out, "")
	}
	return strings.Join(append(out, m.statusLine()), "\n")
}

// toolbar: how many agents in which health, and the scope and last update.
func (m *Model) toolbar() string {
	st := m.deps.Styles
	left := ""
	if !m.loaded.IsZero() {
		left = st.Text.Primary.Render(plural(len(m.agents), "agent"))
		c := counts(m.agents)
		for _, h := range []agenthealth.State{agenthealth.Healthy, agenthealth.Stale, agenthealth.Unhealthy} {
			if c[h] > 0 {
				left += st.Text.Faint.Render(" · ") + h.Style(st).Render(h.Glyph()+" "+strconv.Itoa(c[h])+" "+h.Word())
			}
		}
	}
	scope := "all projects"
	if m.scopeNm != "" {
		scope = "project " + m.scopeNm
	}
	right := scope + " (p)"
	if !m.loaded.IsZero() {
		right += " · updated " + timefmt.Ago(m.loaded, m.deps.Now())
	}
	if m.err != nil && !m.loaded.IsZero() {
		right = "refresh failed · " + right
	}
	return spread(left, st.Text.Faint.Render(right), m.width)
}

func (m *Model) agentTable() []string {
	st := m.deps.Styles
	cols := agentColumns()
	c := components.Widths(cols, m.width-gutter)
	lines := []string{st.Table.Header.Render(strings.Repeat(" ", gutter) + components.Header(cols, c))}
	now := m.deps.Now()
	end := m.win.End(len(m.agents), m.agentRows())
	for i := m.win.Top; i < end; i++ {
		a := m.agents[i]
		mark, name := "  ", st.Table.Normal.Cell
		if i == m.win.Cursor {
			mark = st.Table.Active.Row.Render(" ›")
			if m.focus == focusAgents {
				name = st.Table.Active.Row
			}
		}
		queried := timefmt.Ago(a.LastQueried, now)
		if a.LastQueried.IsZero() {
			queried = "never"
		}
		cell := func(col int, s string) string { return components.Cell(s, c[col], cols[col].Right) }
		lines = append(lines, mark+components.Join([]string{
			colHealth:  a.Health.Style(st).Render(cell(colHealth, a.Health.String())),
			colName:    name.Render(cell(colName, orDash(a.Name))),
			colType:    st.Text.Secondary.Render(cell(colType, a.Type)),
			colLabels:  st.Flows.Labels.Render(cell(colLabels, strings.Join(a.Labels, ","))),
			colCore:    st.Text.Secondary.Render(cell(colCore, a.Core)),
			colQueried: a.Health.Style(st).Render(cell(colQueried, queried)),
			colReady:   st.Text.Primary.Render(cell(colReady, count(a.PickupAll))),
			colRecent:  st.Text.Primary.Render(cell(colRecent, recentCell(a))),
		}, c))
	}
	return lines
}

// statusLine says that the data is partial or being refreshed.
func (m *Model) statusLine() string {
	st := m.deps.Styles
	switch {
	case m.partial != nil:
		return st.Text.Warning.Render(ansi.Truncate("⚠ partial data: "+api.Describe(m.partial), m.width, "…"))
	case m.err != nil && !m.loaded.IsZero():
		return st.Text.Error.Render(ansi.Truncate("refresh failed: "+api.Describe(m.err), m.width, "…"))
	case m.loading && !m.loaded.IsZero():
		return st.Table.Footer.Render("refreshing…")
	}
	return ""
}

// took is how long a run ran, or has run so far; "" before it started.
func took(r Run, now time.Time) string {
	if r.Start_time.IsZero() {
		return ""
	}
	end := r.End_time
	switch {
	case !end.IsZero():
	case components.Info(r.State).Finished:
		end = r.State_timestamp
	default:
		end = now
	}
	return timefmt.Duration(end.Sub(r.Start_time))
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// count is a number for a cell, "·" for none.
// recentCell is the 24h column: "·" for none, "999+" when the count stopped there.
func recentCell(a Agent) string {
	if a.RecentCount == 0 {
		return "·"
	}
	return a.recentText()
}

func count(n int) string {
	if n == 0 {
		return "·"
	}
	return strconv.Itoa(n)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// spread puts left and right on one line of width w, cutting left.
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
