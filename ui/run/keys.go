package run

import (
	"charm.land/bubbles/v2/key"

	"github.com/prefect-tui/prefect-tui/ui/components/tabs"
)

// KeyMap are the run page's own bindings (tab switching is the tab set's; the active tab
// has its own).
type KeyMap struct {
	Reload, Copy, CopyLink key.Binding
}

// DefaultKeyMap returns the run page's default bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Reload:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload")),
		Copy:     key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy id")),
		CopyLink: key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy UI link")),
	}
}

// ShortHelp implements help.KeyMap: the page's tab key, then the active tab's.
func (m *Model) ShortHelp() []key.Binding {
	out := []key.Binding{m.tabs.Keys.Next}
	if t := m.active(); t != nil {
		out = append(out, t.ShortHelp()...)
	}
	return append(out, m.pageKeys(m.keys.Copy)...)
}

// FullHelp implements help.KeyMap: the active tab's columns, the actions, the page's.
func (m *Model) FullHelp() [][]key.Binding {
	k, tk := m.keys, m.tabs.Keys
	var out [][]key.Binding
	if t := m.active(); t != nil {
		out = append(out, t.FullHelp()...)
	}
	if m.opts.Actions != nil {
		out = append(out, m.opts.Actions.ShortHelp())
	}
	return append(out, append([]key.Binding{tk.Next, tk.Prev, tk.Jump}, m.pageKeys(k.Reload, k.Copy, k.CopyLink)...))
}

// pageKeys leaves out the page bindings the active tab shadows with its own (the Logs
// tab's y and r), so help never shows a key twice.
func (m *Model) pageKeys(bs ...key.Binding) []key.Binding {
	t := m.active()
	var out []key.Binding
	for _, b := range bs {
		if t == nil || !tabs.Shadowed(t, b) {
			out = append(out, b)
		}
	}
	return out
}
