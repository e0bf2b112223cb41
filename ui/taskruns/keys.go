package taskruns

import (
	"charm.land/bubbles/v2/key"

	"github.com/prefect-tui/prefect-tui/ui/components"
)

// KeyMap are the task runs table's bindings.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Filter, Expand, Open, NextFailed        key.Binding
}

// DefaultKeyMap returns the default bindings.
func DefaultKeyMap() KeyMap {
	nav := components.DefaultNavKeyMap()
	return KeyMap{
		Up: nav.Up, Down: nav.Down, PageUp: nav.PageUp, PageDown: nav.PageDown, Top: nav.Top, Bottom: nav.Bottom,
		Filter:     key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "state filter")),
		Expand:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open/expand")),
		Open:       key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open task run")),
		NextFailed: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "next failed")),
	}
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	return []key.Binding{m.keys.Expand, m.keys.Filter, m.keys.NextFailed, m.keys.Open}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Expand, k.Open, k.Filter, k.NextFailed},
	}
}
