package schematic

import "charm.land/bubbles/v2/key"

// KeyMap is the schematic's key bindings.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Upstream, Downstream, NextFailed        key.Binding
	Open, Refresh                           key.Binding
}

// DefaultKeyMap returns the schematic's bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:         key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:       key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:     key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:   key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		Top:        key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "first")),
		Bottom:     key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "last")),
		Upstream:   key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "go upstream")),
		Downstream: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "go downstream")),
		NextFailed: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "next failed")),
		Open:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open task run")),
		Refresh:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
	}
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	return []key.Binding{m.keys.Open, m.keys.Upstream, m.keys.Downstream, m.keys.NextFailed, m.keys.Refresh}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Upstream, k.Downstream, k.NextFailed, k.Open, k.Refresh},
	}
}

func (m *Model) updateKeys() {
	n, ok := m.selected()
	m.keys.Open.SetEnabled(ok && n.TaskRunID != "")
	m.keys.Upstream.SetEnabled(ok && len(n.Up) > 0)
	m.keys.Downstream.SetEnabled(ok && len(n.Down) > 0)
	failed := false
	for _, x := range m.graph.Nodes {
		if isFailed(x.State) {
			failed = true
			break
		}
	}
	m.keys.NextFailed.SetEnabled(failed)
}
