package logs

import "charm.land/bubbles/v2/key"

// KeyMap is the logs view's key bindings.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Left, Right key.Binding
	Search, Next, Prev                                   key.Binding
	Filter, Level, Window                                key.Binding
	Follow, Older, Newer, Refresh                        key.Binding
	Copy, Export, CancelExport, Open                     key.Binding
	// Wrap wraps long messages; Detail shows the selected line in full.
	Wrap, Detail key.Binding
	// Input mode: accept or abandon the prompt.
	Accept, Abandon key.Binding
}

// DefaultKeyMap returns the logs view's bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:           key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:         key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:       key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown:     key.NewBinding(key.WithKeys("pgdown", "ctrl+d", "space"), key.WithHelp("pgdn", "page down")),
		Top:          key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "oldest loaded")),
		Bottom:       key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "newest")),
		Left:         key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "scroll left")),
		Right:        key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "scroll right")),
		Search:       key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		Next:         key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next match")),
		Prev:         key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "prev match")),
		Filter:       key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "filter (server)")),
		Level:        key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "min level")),
		Window:       key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "time window")),
		Follow:       key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "follow")),
		Older:        key.NewBinding(key.WithKeys("["), key.WithHelp("[", "load older")),
		Newer:        key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "load newer")),
		Refresh:      key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload")),
		Copy:         key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy line")),
		Export:       key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export to file")),
		CancelExport: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "stop export"), key.WithDisabled()),
		Open:         key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open task run")),
		Wrap:         key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "wrap lines")),
		Detail:       key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "whole line")),
		Accept:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Abandon:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	if m.mode == modeDetail {
		return m.detailHelp()
	}
	if m.mode != modeBrowse {
		return []key.Binding{m.keys.Accept, m.keys.Abandon}
	}
	return []key.Binding{m.keys.Search, m.keys.Filter, m.keys.Level, m.keys.Follow, m.keys.Wrap, m.keys.Detail, m.keys.Export, m.keys.CancelExport}
}

// FullHelp implements help.KeyMap: navigation | filters | actions.
func (m *Model) FullHelp() [][]key.Binding {
	if m.mode == modeDetail {
		return [][]key.Binding{m.detailHelp()}
	}
	if m.mode != modeBrowse {
		return [][]key.Binding{{m.keys.Accept, m.keys.Abandon}}
	}
	k := m.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Left, k.Right},
		{k.Search, k.Next, k.Prev, k.Filter, k.Level, k.Window},
		{k.Follow, k.Older, k.Newer, k.Refresh, k.Wrap, k.Detail, k.Copy, k.Export, k.CancelExport, k.Open},
	}
}

// updateKeys enables the bindings that can act now: help only offers what the user can
// do.
func (m *Model) updateKeys() {
	has := m.buf.len() > 0
	m.keys.Next.SetEnabled(len(m.matches) > 0)
	m.keys.Prev.SetEnabled(len(m.matches) > 0)
	m.keys.Copy.SetEnabled(has)
	m.keys.Detail.SetEnabled(has)
	m.keys.Left.SetEnabled(!m.wrap)
	m.keys.Right.SetEnabled(!m.wrap)
	m.keys.Older.SetEnabled(m.hasOlder)
	m.keys.Newer.SetEnabled(!m.follow)
	m.keys.Export.SetEnabled(m.export == nil)
	m.keys.CancelExport.SetEnabled(m.export != nil)
	m.keys.Open.SetEnabled(m.scope.TaskRunID == "" && m.selectedTaskRun() != "")
}
