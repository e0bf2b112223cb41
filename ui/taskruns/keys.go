package taskruns

import (
	"charm.land/bubbles/v2/key"

	"github.com/prefect-tui/prefect-tui/ui/components"
)

// KeyMap are the task runs table's bindings.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Filter, Expand, Open, NextFailed        key.Binding
	// Detail opens the selected row in full (name, state message, times, id).
	Detail key.Binding
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
		Detail:     key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "details")),
	}
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	if m.detail.IsOpen() {
		return m.detail.ShortHelp()
	}
	return []key.Binding{m.keys.Expand, m.keys.Detail, m.keys.Filter, m.keys.NextFailed, m.keys.Open}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	if m.detail.IsOpen() {
		return m.detail.FullHelp()
	}
	k := m.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Expand, k.Open, k.Detail, k.Filter, k.NextFailed},
	}
}
