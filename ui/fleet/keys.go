package fleet

import (
	"charm.land/bubbles/v2/key"

	"github.com/prefect-tui/prefect-tui/ui/components"
)

// KeyMap are the fleet's bindings.
type KeyMap struct {
	Nav    components.NavKeyMap
	Open   key.Binding
	Window key.Binding
	Reload key.Binding
}

// DefaultKeyMap returns the fleet's default bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Nav:    components.DefaultNavKeyMap(),
		Open:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Window: key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "window")),
		Reload: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload")),
	}
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	return []key.Binding{m.keys.Nav.Up, m.keys.Nav.Down, m.keys.Open, m.keys.Window, m.keys.Reload}
}

// FullHelp implements help.KeyMap: navigation | actions.
func (m *Model) FullHelp() [][]key.Binding {
	return [][]key.Binding{m.keys.Nav.Bindings(), {m.keys.Open, m.keys.Window, m.keys.Reload}}
}

// updateKeys enables what the state allows and names what enter does on the row under
// the cursor.
func (m *Model) updateKeys() {
	r, ok := m.selected()
	m.keys.Open.SetEnabled(ok && m.switching == "")
	m.keys.Window.SetHelp("w", "window "+m.window.String()+"→"+m.window.next().String())
	if !ok {
		return
	}
	g := m.groups[r.group]
	other := m.cloud() && !m.active(g)
	desc := "open run"
	switch {
	case r.kind == rowLate || r.kind == rowFailure:
		if other {
			desc = "switch & open run"
		}
	case !m.cloud():
		desc = "project's flows"
	case other:
		desc = "switch tenant"
	default:
		desc = "flows"
	}
	m.keys.Open.SetHelp("enter", desc)
}
