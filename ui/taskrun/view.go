package taskrun

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

// SetSize implements screen.Screen.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	bh := max(h-len(m.header())-1, 1)
	for _, t := range m.tabs.All() {
		t.SetSize(w, bh)
	}
}

// View implements screen.Screen.
func (m *Model) View() string {
	st := m.deps.Styles
	switch {
	case m.err != nil:
		return st.Text.Error.Render(ansi.Wrap("Couldn't load task run "+m.id+": "+api.Describe(m.err), max(m.width, 1), "")) + "\n" +
			st.Text.Faint.Render("r retry · esc back")
	case m.data == nil:
		return st.Table.Empty.Render("loading task run…")
	}
	lines := append(m.header(), m.tabs.Bar(st))
	return strings.Join(lines, "\n") + "\n" + m.tabs.Active().View()
}

func (m *Model) header() []string {
	d := m.data
	if d == nil {
		return nil
	}
	st := m.deps.Styles
	now := m.deps.Now()
	tr := func(s string) string { return ansi.Truncate(s, m.width, "…") }
	title := st.Text.Secondary.Render(d.FlowName+" › "+d.FlowRunName+" › ") + st.Text.Bold.Render(d.Run.Label(d.TaskName)) +
		"  " + components.State(st, d.Run.State)
	if d.Run.Message != "" {
		title += "  " + st.Text.Secondary.Render(d.Run.Message)
	}
	meta := timefmt.Times(d.Run.Start, d.Run.End, now, components.Info(d.Run.State).Finished)
	if len(meta) == 0 {
		meta = []string{"not started"}
	}
	if d.TaskType != "" {
		meta = append(meta, d.TaskType)
	}
	if d.MaxRetries > 0 {
		meta = append(meta, "retries "+strconv.Itoa(d.MaxRetries)+" every "+d.RetryDelay)
	}
	lines := []string{tr(title), tr(st.Text.Secondary.Render(strings.Join(meta, " · ")))}
	if d.ChildCount > 0 {
		parts := []string{st.Text.Faint.Render("mapped " + strconv.Itoa(d.ChildCount) + " ·")}
		for _, s := range rundata.SortedCounts(d.ChildCounts) {
			parts = append(parts, components.StyleFor(st, s).Render(components.Info(s).Glyph+" "+s+" "+strconv.Itoa(d.ChildCounts[s])))
		}
		lines = append(lines, tr(strings.Join(parts, " ")))
	}
	return lines
}
