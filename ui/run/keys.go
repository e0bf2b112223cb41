package run

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// KeyMap are the run page's own bindings (the active tab has its own).
type KeyMap struct {
	NextTab, PrevTab, Reload, Copy, CopyLink key.Binding
	// Tab1..: jump to a tab by number.
	Jump key.Binding
}

// DefaultKeyMap returns the run page's default bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		NextTab:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next tab")),
		PrevTab:  key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "prev tab")),
		Jump:     key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", "go to tab")),
		Reload:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload")),
		Copy:     key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy id")),
		CopyLink: key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy UI link")),
	}
}

// ShortHelp implements help.KeyMap: the page's tab key, then the active tab's.
func (m *Model) ShortHelp() []key.Binding {
	out := []key.Binding{m.keys.NextTab}
	if t := m.active(); t != nil {
		out = append(out, t.ShortHelp()...)
	}
	return append(out, m.pageKeys(m.keys.Copy)...)
}

// FullHelp implements help.KeyMap: the active tab's columns, the actions, the page's.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.keys
	var out [][]key.Binding
	if t := m.active(); t != nil {
		out = append(out, t.FullHelp()...)
	}
	if m.opts.Actions != nil {
		out = append(out, m.opts.Actions.ShortHelp())
	}
	return append(out, append([]key.Binding{k.NextTab, k.PrevTab, k.Jump}, m.pageKeys(k.Reload, k.Copy, k.CopyLink)...))
}

// pageKeys leaves out the page bindings the active tab shadows with its own (the Logs
// tab's y and r), so help never shows a key twice.
func (m *Model) pageKeys(bs ...key.Binding) []key.Binding {
	t := m.active()
	var out []key.Binding
	for _, b := range bs {
		if t == nil || !Shadowed(t, b) {
			out = append(out, b)
		}
	}
	return out
}

// Shadowed reports whether the tab binds one of b's keys itself (see Claims).
func Shadowed(t Tab, b key.Binding) bool {
	for _, k := range b.Keys() {
		if Claims(t, keyPress(k)) {
			return true
		}
	}
	return false
}

// keyPress makes the key press of a single-character binding ("y", "r", "Y").
func keyPress(k string) tea.KeyPressMsg {
	r := []rune(k)
	if len(r) != 1 {
		return tea.KeyPressMsg{}
	}
	return tea.KeyPressMsg{Code: r[0], Text: k}
}
