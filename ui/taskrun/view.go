package taskrun

import (
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/run/rundata"
)

// SetSize implements screen.Screen.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	bh := max(h-len(m.header())-1, 1)
	m.states.SetSize(w, bh)
	m.kids.SetSize(w, bh)
	for _, t := range m.extra {
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
	var bar []string
	for i, t := range m.tabs {
		name := strconv.Itoa(i+1) + " " + t.Title()
		if i == m.cur {
			bar = append(bar, st.Pane.Title.Render("["+name+"]"))
		} else {
			bar = append(bar, st.Text.Secondary.Render(" "+name+" "))
		}
	}
	lines := append(m.header(), strings.Join(bar, ""))
	return strings.Join(lines, "\n") + "\n" + m.tabs[m.cur].View()
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
	var meta []string
	if !d.Run.Start.IsZero() {
		meta = append(meta, "start "+rundata.Stamp(d.Run.Start, now))
		switch {
		case !d.Run.End.IsZero():
			meta = append(meta, "end "+rundata.Stamp(d.Run.End, now), "took "+rundata.Duration(d.Run.End.Sub(d.Run.Start)))
		case !components.Info(d.Run.State).Finished:
			meta = append(meta, "running "+rundata.Duration(now.Sub(d.Run.Start)))
		}
	} else {
		meta = append(meta, "not started")
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

// scheduleRefresh starts the one refresh timer: 5 s, doubling to 60 s while nothing
// changes; a newer timer makes older ticks stale.
func (m *Model) scheduleRefresh(changed bool) tea.Cmd {
	m.tickGen = rundata.NextID()
	gen := m.tickGen
	return tea.Tick(m.backoff.Next(changed), func(time.Time) tea.Msg { return refreshTickMsg{gen: gen} })
}

// signature is what a refresh compares: states and children.
func (d *Data) signature() string {
	var b strings.Builder
	b.WriteString(d.Run.State + d.Run.End.String() + strconv.Itoa(len(d.States)) + strconv.Itoa(d.ChildCount))
	for _, c := range d.Children {
		b.WriteString(c.State)
	}
	return b.String()
}
