package runs

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/components"
)

// picker is the state multi-select (s): "Late" and every state, space toggles, enter
// applies, esc leaves it unchanged.
type picker struct {
	names  []string
	on     map[string]bool
	cursor int
}

func newPicker(selected []string) *picker {
	p := &picker{names: append([]string{"Late"}, components.StateNames()...), on: map[string]bool{}}
	for _, s := range selected {
		p.on[s] = true
	}
	return p
}

// selected lists the checked states in the picker's order.
func (p *picker) selected() []string {
	var out []string
	for _, n := range p.names {
		if p.on[n] {
			out = append(out, n)
		}
	}
	return out
}

func (m *Model) handlePickerKey(k tea.KeyPressMsg) tea.Cmd {
	p := m.picker
	switch {
	case key.Matches(k, m.keys.Cancel):
		m.picker = nil
	case key.Matches(k, m.keys.Apply):
		m.filter.States = p.selected()
		m.filterText = m.filter.String()
		m.picker = nil
		m.clearMarks()
		return m.load(0)
	case key.Matches(k, m.keys.Mark):
		n := p.names[p.cursor]
		p.on[n] = !p.on[n]
	case key.Matches(k, m.keys.Up):
		p.cursor = (p.cursor + len(p.names) - 1) % len(p.names)
	case key.Matches(k, m.keys.Down):
		p.cursor = (p.cursor + 1) % len(p.names)
	case key.Matches(k, m.keys.Top):
		p.cursor = 0
	case key.Matches(k, m.keys.Bottom):
		p.cursor = len(p.names) - 1
	case key.Matches(k, m.keys.ClearFilter):
		p.on = map[string]bool{}
	}
	return nil
}

// pickerView renders the picker in h lines: columns of "[x] ✗ Failed".
func (m *Model) pickerView(h int) []string {
	st := m.deps.Styles
	p := m.picker
	lines := []string{st.Table.Header.Render("states · space toggle · enter apply · ⌫ none · esc cancel")}
	rows := max(h-1, 1)
	cols := (len(p.names) + rows - 1) / rows
	colW := 22
	for r := 0; r < rows && r < len(p.names); r++ {
		var b strings.Builder
		for c := 0; c < cols; c++ {
			i := c*rows + r
			if i >= len(p.names) {
				break
			}
			n := p.names[i]
			box := "[ ] "
			if p.on[n] {
				box = "[x] "
			}
			label := components.State(st, n)
			if n == "Late" {
				label = st.State.Late.Render(lateGlyph + " Late")
			}
			item := box + label
			if i == p.cursor {
				item = st.Table.Active.Row.Render(box) + label
			}
			b.WriteString(components.Cell(item, colW, false))
		}
		lines = append(lines, b.String())
	}
	return lines
}
