package schematic

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
)

// View implements screen.Screen: a summary line, the layers with their nodes (only the
// visible rows are rendered) and the selected node's detail.
func (m *Model) View() string {
	if m.w <= 0 || m.h <= 0 {
		return ""
	}
	s := m.deps.Styles
	lines := make([]string, 0, m.h)
	switch {
	case m.err != nil && !m.loaded:
		lines = append(lines, s.Text.Error.Render("Couldn't load the schematic: "+api.Describe(m.err))+s.Text.Faint.Render(" · r retry · esc back"))
	case !m.loaded:
		lines = append(lines, s.Text.Faint.Render("Loading schematic…"))
	case len(m.graph.Nodes) == 0:
		lines = append(lines, s.Table.Empty.Render("This flow has no tasks."))
	default:
		lines = append(lines, m.summary())
		h := m.bodyHeight()
		end := m.win.End(len(m.rows), h)
		sel, _ := m.selected()
		for i := m.win.Top; i < end; i++ {
			lines = append(lines, m.rowView(i, sel))
		}
		for len(lines) < h+1 {
			lines = append(lines, "")
		}
		lines = append(lines, "", m.detail(sel))
	}
	if m.err != nil && m.loaded {
		lines[0] = s.Text.Warning.Render(ansi.Truncate("⚠ refresh failed: "+api.Describe(m.err), m.w, "…"))
	}
	return strings.Join(lines, "\n")
}

func (m *Model) summary() string {
	s := m.deps.Styles
	txt := fmt.Sprintf("%s · %d tasks · %d edges · %d layers", m.flowName, len(m.graph.Nodes), m.graph.Edges, len(m.graph.Layers))
	if note := rundata.HiddenNote(m.graph.Hidden); note != "" {
		txt += " · " + note
	}
	if m.children > 0 {
		txt += fmt.Sprintf(" · %d mapped children", m.children)
		if m.children >= ChildLimit {
			txt += " (first " + fmt.Sprint(ChildLimit) + ")"
		}
	}
	return s.Text.Secondary.Render(ansi.Truncate(txt, m.w, "…"))
}

// nameWidth is the width of the name column: the longest name, within a third of the
// width (at least 12).
func (m *Model) nameWidth() int {
	w := 0
	for _, n := range m.graph.Nodes {
		w = max(w, ansi.StringWidth(n.Name))
	}
	return min(w, max(12, m.w/3))
}

// rowView renders a layer header ("┌ layer 1", "├ layer 2", "└ layer 3" for the last)
// or a node: rail, relation mark (↑ upstream / ↓ downstream of the selection), state
// glyph, name, state word or mapped counts, and "← upstream" edges.
func (m *Model) rowView(i int, sel Node) string {
	s := m.deps.Styles
	r := m.rows[i]
	last := r.layer == len(m.graph.Layers)-1
	if r.node < 0 {
		corner := "├"
		switch {
		case r.layer == 0:
			corner = "┌"
		case last:
			corner = "└"
		}
		return s.Text.Faint.Render(fmt.Sprintf("%s─ layer %d (%d)", corner, r.layer+1, len(m.graph.Layers[r.layer])))
	}
	n := m.graph.Nodes[r.node]
	rail := "│ "
	if last {
		rail = "  "
	}
	mark := "  "
	selected := n.TaskID == sel.TaskID
	switch {
	case selected:
		mark = "▸ "
	case contains(sel.Up, r.node):
		mark = "↑ "
	case contains(sel.Down, r.node):
		mark = "↓ "
	}
	nw := m.nameWidth()
	name := ansi.Truncate(n.Name, nw, "…")
	name += strings.Repeat(" ", max(0, nw-ansi.StringWidth(name)))
	st := components.StyleFor(s, n.State)
	glyph := components.Info(n.State).Glyph
	if n.State == "" {
		glyph = "·"
	}
	word := n.State
	if word == "" {
		word = "no run"
	}
	status := st.Render(fmt.Sprintf("%-13s", word))
	if n.Mapped && len(n.Children) > 0 {
		status = m.counts(n.Children)
		status += strings.Repeat(" ", max(0, 13-ansi.StringWidth(status)))
	}
	left := s.Text.Faint.Render(rail) + s.Text.Accent.Render(mark)
	body := st.Render(glyph) + " "
	if selected {
		body += s.Table.Active.Row.Render(name)
	} else {
		body += st.Render(name)
	}
	line := left + body + " " + status
	if len(n.Up) > 0 {
		up := make([]string, 0, len(n.Up))
		for _, u := range n.Up {
			up = append(up, m.graph.Nodes[u].Name)
		}
		sort.Strings(up)
		room := m.w - ansi.StringWidth(line) - 3
		if room > 4 {
			line += s.Text.Faint.Render(" ← " + ansi.Truncate(strings.Join(up, ", "), room, "…"))
		}
	}
	return ansi.Truncate(line, m.w, "…")
}

// counts renders a mapped node's children by state: "10: 8✓ 2✗".
func (m *Model) counts(c map[string]int) string {
	s := m.deps.Styles
	names := make([]string, 0, len(c))
	total := 0
	for k, v := range c {
		names = append(names, k)
		total += v
	}
	sort.Slice(names, func(i, j int) bool {
		if c[names[i]] != c[names[j]] {
			return c[names[i]] > c[names[j]]
		}
		return names[i] < names[j]
	})
	out := s.Text.Secondary.Render(fmt.Sprintf("%d:", total))
	for _, k := range names {
		out += " " + components.StyleFor(s, k).Render(fmt.Sprintf("%d%s", c[k], components.Info(k).Glyph))
	}
	return out
}

func (m *Model) detail(n Node) string {
	s := m.deps.Styles
	parts := []string{n.Name, components.State(s, n.State)}
	if n.Message != "" {
		parts = append(parts, n.Message)
	}
	parts = append(parts, fmt.Sprintf("↑%d ↓%d", len(n.Up), len(n.Down)))
	return ansi.Truncate(strings.Join(parts, s.Text.Faint.Render(" · ")), m.w, "…")
}

func contains(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
