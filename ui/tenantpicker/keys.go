package tenantpicker

import (
	"charm.land/bubbles/v2/key"

	"github.com/prefect-tui/prefect-tui/ui/components"
)

// KeyMap are the tenant picker's bindings.
type KeyMap struct {
	Nav    components.NavKeyMap
	Select key.Binding
	Filter key.Binding
	Clear  key.Binding
	Reload key.Binding
}

// DefaultKeyMap returns the picker's default bindings.
func DefaultKeyMap() KeyMap {
	nav := components.DefaultNavKeyMap()
	// j/k type into the filter while it has focus; the arrows always move.
	return KeyMap{
		Nav:    nav,
		Select: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "switch tenant")),
		Filter: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Clear:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		Reload: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload")),
	}
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	return []key.Binding{m.keys.Nav.Up, m.keys.Nav.Down, m.keys.Select, m.keys.Filter, m.keys.Clear, m.keys.Reload}
}

// FullHelp implements help.KeyMap: navigation | actions.
func (m *Model) FullHelp() [][]key.Binding {
	return [][]key.Binding{m.keys.Nav.Bindings(), {m.keys.Select, m.keys.Filter, m.keys.Clear, m.keys.Reload}}
}

// updateKeys enables what the state allows: help only offers what the user can do now.
func (m *Model) updateKeys() {
	m.keys.Select.SetEnabled(len(m.visible) > 0 && !m.switching)
	m.keys.Clear.SetEnabled(m.filtering || m.filter.Value() != "")
	m.keys.Reload.SetEnabled(!m.filtering)
	m.keys.Filter.SetEnabled(!m.filtering)
}
