package overview

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/agenthealth"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/runhistory"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

// gridWidth is the width from which the sections show as a 2×2 grid (else stacked).
const gridWidth = 110

// gutter is the cursor's column ("› "), so the selection shows without colour.
const gutter = 2

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
	switch {
	case m.data == nil && m.err != nil:
		for _, l := range strings.Split(ansi.Wrap("Couldn't load the overview: "+api.Describe(m.err), m.width, ""), "\n") {
			lines = append(lines, s.Text.Error.Render(l))
		}
		lines = append(lines, s.Text.Secondary.Render("r retry · : go elsewhere"))
		return fill(lines, m.height)
	case m.data == nil:
		lines = append(lines, s.Table.Empty.Render("Loading the overview…"))
		return fill(lines, m.height)
	}
	lines = append(lines, m.summary()...)
	lines = append(lines, m.chart())
	sections := m.sectionsView()
	lines = append(lines, sections, m.detail())
	return fill(strings.Split(strings.Join(lines, "\n"), "\n"), m.height)
}

// fill pads or cuts lines to exactly h.
func fill(lines []string, h int) string {
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines[:h], "\n")
}

// toolbar: scope and window on the left, the loading or error mark on the right.
func (m *Model) toolbar() string {
	s := m.deps.Styles
	scope := "all projects"
	if m.projectName != "" {
		scope = "project " + m.projectName
	}
	left := s.Flows.Scope.Render(scope) + s.Text.Faint.Render(" · ") +
		s.Text.Primary.Render("last "+runhistory.Windows[m.window].Name) + s.Text.Faint.Render(" (w)")
	right := ""
	if m.loading && m.showSpinner {
		right = s.Text.Accent.Render("⟳ loading")
	}
	if m.err != nil && m.data != nil {
		right = s.Text.Error.Render("✗ refresh failed: " + api.Describe(m.err) + " (r)")
	}
	return spread(left, right, m.width)
}

// spread puts left and right on one line of width w, cutting left first.
func spread(left, right string, w int) string {
	right = ansi.Truncate(right, w, "…")
	left = ansi.Truncate(left, max(0, w-lipgloss.Width(right)-1), "…")
	gap := max(1, w-lipgloss.Width(left)-lipgloss.Width(right))
	if right == "" {
		return left
	}
	return left + strings.Repeat(" ", gap) + right
}

// summary: the runs in the window, the success rate and the agents on one line (the
// counts behind the rate where they fit); then the runs by state, on two lines where
// the terminal is tall, else one ("+N more" for the rest).
func (m *Model) summary() []string {
	s := m.deps.Styles
	d := m.data
	w := runhistory.Windows[m.window].Name
	sep := s.Text.Faint.Render(" · ")
	runs := s.Text.Bold.Render(plural(d.total, "run"))
	rate, rateLong := "", ""
	if r, ok := d.successRate(); ok {
		style := s.Text.Success
		if d.failed > 0 {
			style = s.Text.Warning
		}
		rate = style.Render(percent(r) + " succeeded")
		rateLong = rate + s.Text.Secondary.Render(fmt.Sprintf(" (%d of %d finished)", d.succeeded, d.succeeded+d.failed))
	}
	agents := m.agentsSummary()
	// The longest form that fits on one line; else the shortest, wrapped.
	var out []string
	for _, parts := range [][]string{
		{runs + s.Text.Secondary.Render(" in "+w), rateLong, agents},
		{runs, rateLong, agents},
		{runs, rate, agents},
	} {
		if head := joinParts(parts, sep); lipgloss.Width(head) <= m.width {
			out = []string{head}
			break
		}
	}
	if out == nil {
		out = joinFit([]string{runs, rate, agents}, sep, m.width)
	}

	var cells []string
	for _, c := range d.states {
		cells = append(cells, components.StyleFor(s, c.state).Render(components.Info(c.state).Glyph+" "+strconv.Itoa(c.n)+" "+c.state))
	}
	if len(cells) == 0 {
		return append(out, s.Text.Faint.Render("no runs scheduled in the last "+w))
	}
	lines := 1
	if m.height >= 34 {
		lines = 2
	}
	return append(out, wrapCells(cells, "  ", m.width, lines)...)
}

// joinParts joins the non-empty parts with sep.
func joinParts(parts []string, sep string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}

// agentsSummary counts the agents by health, the web UI's rule (ui/agenthealth).
func (m *Model) agentsSummary() string {
	s := m.deps.Styles
	a := m.data.agents
	if a.Total() == 0 {
		return s.Text.Warning.Render("no agents: nothing will run")
	}
	part := func(st agenthealth.State, n int) string {
		return st.Style(s).Render(fmt.Sprintf("%s %d %s", st.Glyph(), n, st.Word()))
	}
	out := s.Text.Secondary.Render("agents ") + part(agenthealth.Healthy, a.Healthy)
	if a.Stale > 0 {
		out += " " + part(agenthealth.Stale, a.Stale)
	}
	if a.Unhealthy > 0 {
		out += " " + part(agenthealth.Unhealthy, a.Unhealthy)
	}
	return out
}

// chartHeight is the history chart's height with its axis: taller on tall terminals.
func (m *Model) chartHeight() int {
	if m.height >= 34 {
		return 7
	}
	return 4
}

// chart is the run-history chart, its legend on the time axis.
func (m *Model) chart() string {
	w := runhistory.Windows[m.window]
	return components.History(m.deps.Styles, m.data.buckets, components.HistoryOptions{
		Width: m.width, Height: m.chartHeight(), Left: "-" + w.Name, Right: "now", Legend: true,
	})
}

// detail describes the selected item in words (a failure's message in full width).
func (m *Model) detail() string {
	s := m.deps.Styles
	r := m.selectedRun()
	if r.id == "" {
		return ""
	}
	now := m.deps.Now()
	var text string
	switch m.focus {
	case secFailing:
		text = fmt.Sprintf("%s: %s %s %s", r.flow, r.name, r.state, timefmt.Ago(r.stamp, now))
		if r.message != "" {
			text += ": " + r.message
		}
	default:
		text = r.flow + " › " + r.name + " · " + r.state
		if r.message != "" {
			text += ": " + r.message
		}
		if len(r.labels) > 0 {
			text += " · labels " + strings.Join(r.labels, ",")
		}
	}
	return s.Flows.Detail.Render(ansi.Truncate(text, m.width, "…"))
}

// joinFit joins parts with sep on as few lines as fit in w (a part never split).
func joinFit(parts []string, sep string, w int) []string {
	var lines []string
	cur := ""
	for _, p := range parts {
		switch {
		case cur == "":
			cur = p
		case lipgloss.Width(cur)+lipgloss.Width(sep)+lipgloss.Width(p) <= w:
			cur += sep + p
		default:
			lines = append(lines, ansi.Truncate(cur, w, "…"))
			cur = p
		}
	}
	return append(lines, ansi.Truncate(cur, w, "…"))
}

// wrapCells lays cells out on at most n lines; the cells that do not fit are counted
// at the end ("+3 more").
func wrapCells(cells []string, sep string, w, n int) []string {
	lines := []string{""}
	for i, c := range cells {
		cur := &lines[len(lines)-1]
		reserve := 0
		if len(lines) == n && i < len(cells)-1 {
			reserve = len(sep) + len(fmt.Sprintf("+%d more", len(cells)-i))
		}
		switch {
		case *cur == "" && lipgloss.Width(c)+reserve <= w:
			*cur = c
		case *cur != "" && lipgloss.Width(*cur)+len(sep)+lipgloss.Width(c)+reserve <= w:
			*cur += sep + c
		case len(lines) < n:
			lines = append(lines, ansi.Truncate(c, w, "…"))
		default:
			more := fmt.Sprintf("+%d more", len(cells)-i)
			if *cur == "" {
				*cur = more
			} else {
				*cur += sep + more
			}
			return lines
		}
	}
	return lines
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// percent formats a rate: "96%", "99.5%" near the top (so 99.6% is not "100%").
func percent(r float64) string {
	p := r * 100
	if p >= 99 && p < 100 {
		return strconv.FormatFloat(math.Floor(p*10)/10, 'f', 1, 64) + "%"
	}
	return strconv.Itoa(int(math.Floor(p))) + "%"
}
