package ui

import "charm.land/bubbles/v2/key"

// GlobalKeyMap are the bindings the root handles for every screen (help, back, quit,
// the command line, the query editor). The
// shared navigation bindings screens reuse live in components.NavKeyMap, because
// screen packages cannot import this package.
type GlobalKeyMap struct {
	ForceQuit key.Binding
	Quit      key.Binding
	Help      key.Binding
	Back      key.Binding
	Command   key.Binding
	// Query is the chord `g q`: the root watches for `g` then `q` itself (a binding
	// cannot express a chord). Its keys never match a single press; it is here for help.
	Query key.Binding
}

// DefaultGlobalKeyMap returns the root's default bindings.
func DefaultGlobalKeyMap() GlobalKeyMap {
	return GlobalKeyMap{
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit now")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Command:   key.NewBinding(key.WithKeys(":"), key.WithHelp(":", "command")),
		Query:     key.NewBinding(key.WithKeys("g q"), key.WithHelp("g q", "query editor")),
	}
}

// ShortHelp implements help.KeyMap: the global keys shown after the screen's own.
func (k GlobalKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Command, k.Help, k.Back, k.Quit}
}

// FullHelp implements help.KeyMap: the "app" column of the full help.
func (k GlobalKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Command, k.Query, k.Help, k.Back, k.Quit, k.ForceQuit}}
}
