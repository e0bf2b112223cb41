package agents

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/agenthealth"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

// The runs' columns.
const (
	runState = iota
	runName
	runFlow
	runTime
	runExtra
)

func runColumns(w int) []components.Column {
	cols := []components.Column{
		runState: {Title: "state", Width: 12},
		runName:  {Title: "run", Flex: 40, Min: 8},
		runFlow:  {Title: "flow", Flex: 35, Min: 8, Drop: true},
		runTime:  {Title: "", Width: 12},
		runExtra: {Title: "", Flex: 25, Min: 6},
	}
	if w >= 100 {
		cols[runState].Width = 16
	}
	return cols
}

// detail is the selected agent's heading and its runs: those it could pick up now,
// then those it submitted in the last day, each section headed with its column titles.
func (m *Model) detail() []string {
	st := m.deps.Styles
	a, ok := m.Selected()
	if !ok {
		return nil
	}
	head := []string{orDash(a.Name)}
	if a.Type != "" {
		head = append(head, a.Type)
	}
	if a.Core != "" {
		head = append(head, "core "+a.Core)
	}
	labels := "no labels (takes only runs without labels)"
	if len(a.Labels) > 0 {
		labels = "labels " + strings.Join(a.Labels, ", ")
	}
	head = append(head, labels)
	// The heading is bold, in the accent colour while the runs have the cursor; a
	// rule fills the line.
	text := ansi.Truncate("─ "+strings.Join(head, " · ")+" ", m.width, "… ")
	hs := st.Text.Bold
	if m.focus == focusRuns {
		hs = st.Text.Accent
	}
	title := hs.Render(text) + st.Text.Faint.Render(strings.Repeat("─", max(0, m.width-ansi.StringWidth(text))))
	cols := runColumns(m.width)
	c := components.Widths(cols, m.width-gutter)
	type line struct {
		text string
		item int // index in m.runs(); -1 for a section line
	}
	var all []line
	section := func(text, timeTitle, extraTitle string) {
		span := c[runState] + components.ColumnGap + c[runName]
		if c[runFlow] > 0 {
			span += components.ColumnGap + c[runFlow]
		}
		t := strings.Repeat(" ", gutter) + components.Cell(text, span, false) + " " +
			components.Cell(timeTitle, c[runTime], false) + " " + extraTitle
		all = append(all, line{text: st.Table.Header.Render(t), item: -1})
	}
	pickTitle := "Could pick up now · " + strconv.Itoa(len(a.Pickup))
	if a.PickupAll != len(a.Pickup) {
		pickTitle += " in " + m.scopeNm + " (" + strconv.Itoa(a.PickupAll) + " in all)"
	}
	if a.Health != agenthealth.Healthy && a.PickupAll > 0 {
		pickTitle += " — not asking for work"
	}
	section(pickTitle, "scheduled", "labels")
	now := m.deps.Now()
	item := 0
	for _, r := range a.Pickup {
		extra := st.Flows.Labels.Render(strings.Join(rundata.Labels(r.Labels), ","))
		all = append(all, line{text: m.runLine(r, item, c, timefmt.Stamp(r.Scheduled_start_time, now), extra), item: item})
		item++
	}
	recentTitle := "Submitted in the last 24h · " + a.recentText()
	if a.RecentCount > len(a.Recent) {
		recentTitle += " (latest " + strconv.Itoa(len(a.Recent)) + ")"
	}
	section(recentTitle, "started", "took")
	for _, r := range a.Recent {
		all = append(all, line{text: m.runLine(r, item, c, timefmt.Stamp(r.Start_time, now), st.Text.Primary.Render(took(r, now))), item: item})
		item++
	}
	// The cursor's line stays in view (with its section line above it when it can).
	h := m.runRows()
	cur := 0
	for i, l := range all {
		if l.item == m.runWin.Cursor && m.focus == focusRuns {
			cur = i
		}
	}
	top := components.Reveal(cur, 0, len(all), h, 1, 0)
	out := []string{title}
	for i := top; i < min(len(all), top+h); i++ {
		out = append(out, all[i].text)
	}
	return out
}

// runLine renders one run: state (late runs say so), name, flow, a time and extra.
func (m *Model) runLine(r Run, item int, c []int, when, extra string) string {
	st := m.deps.Styles
	now := m.deps.Now()
	word, style := components.Info(r.State).Glyph+" "+r.State, components.StyleFor(st, r.State)
	if rundata.IsLate(r.State, r.Scheduled_start_time, now) {
		word, style = lateGlyph+" Late", st.State.Late
	}
	mark, name := "  ", st.Table.Normal.Cell
	if m.focus == focusRuns && item == m.runWin.Cursor {
		mark, name = st.Table.Active.Row.Render(" ›"), st.Table.Active.Row
	}
	cell := func(col int, s string) string { return components.Cell(s, c[col], false) }
	return mark + components.Join([]string{
		runState: style.Render(cell(runState, word)),
		runName:  name.Render(cell(runName, r.Name)),
		runFlow:  st.Text.Secondary.Render(cell(runFlow, r.Flow.Name)),
		runTime:  st.Text.Secondary.Render(cell(runTime, when)),
		runExtra: ansi.Truncate(extra, c[runExtra], "…"),
	}, c)
}
