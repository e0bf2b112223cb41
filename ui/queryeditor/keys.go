package queryeditor

import "charm.land/bubbles/v2/key"

// KeyMap are the query editor's keys. Editing keys (typing, arrows, backspace) are not
// listed: they are the text itself.
type KeyMap struct {
	// Anywhere in the screen.
	Run    key.Binding
	Cancel key.Binding

	// While editing the query or the variables.
	Complete  key.Binding
	Accept    key.Binding
	SelectAll key.Binding
	Undo      key.Binding
	Redo      key.Binding
	Format    key.Binding
	Blur      key.Binding
	External  key.Binding

	// With no text focused.
	NextPane key.Binding
	PrevPane key.Binding
	Edit     key.Binding
	Headers  key.Binding
	History  key.Binding
	Saved    key.Binding
	Save     key.Binding
	Schema   key.Binding

	// The results pane.
	Up        key.Binding
	Down      key.Binding
	PageUp    key.Binding
	PageDown  key.Binding
	Top       key.Binding
	Bottom    key.Binding
	Fold      key.Binding
	Collapse  key.Binding
	Expand    key.Binding
	FoldAll   key.Binding
	UnfoldAll key.Binding
	Table     key.Binding
	Search    key.Binding
	NextMatch key.Binding
	PrevMatch key.Binding
	CopyValue key.Binding
	CopyPath  key.Binding
	Export    key.Binding
	ColLeft   key.Binding
	ColRight  key.Binding

	// The history and saved-queries lists.
	ListUp     key.Binding
	ListDown   key.Binding
	Load       key.Binding
	Rerun      key.Binding
	DeleteItem key.Binding
	Close      key.Binding
}

// DefaultKeyMap returns the editor's default keys.
func DefaultKeyMap() KeyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Run:    b("ctrl+r", "run query", "ctrl+r"),
		Cancel: b("esc", "cancel request", "esc"),

		Complete:  b("ctrl+space", "complete", "ctrl+space", "ctrl+@"),
		Accept:    b("tab", "accept completion", "tab", "enter"),
		SelectAll: b("ctrl+a", "select all", "ctrl+a"),
		Undo:      b("ctrl+z", "undo", "ctrl+z"),
		Redo:      b("ctrl+y", "redo", "ctrl+y"),
		Format:    b("ctrl+f", "prettify", "ctrl+f"),
		Blur:      b("esc", "stop editing", "esc"),
		External:  b("ctrl+e", "open in $EDITOR", "ctrl+e"),

		NextPane: b("tab", "next pane", "tab"),
		PrevPane: b("shift+tab", "previous pane", "shift+tab"),
		Edit:     b("enter/i", "edit", "enter", "i"),
		Headers:  b("H", "variables/headers", "H"),
		History:  b("p", "history", "p"),
		Saved:    b("o", "saved queries", "o"),
		Save:     b("s", "save query", "s"),
		Schema:   b("R", "refresh schema", "R"),

		Up:         b("↑/k", "up", "up", "k"),
		Down:       b("↓/j", "down", "down", "j"),
		PageUp:     b("pgup", "page up", "pgup"),
		PageDown:   b("pgdown", "page down", "pgdown"),
		Top:        b("g/home", "top", "g", "home"),
		Bottom:     b("G/end", "bottom", "G", "end"),
		Fold:       b("enter/space", "fold", "enter", "space"),
		Collapse:   b("←/h", "collapse", "left", "h"),
		Expand:     b("→/l", "expand", "right", "l"),
		FoldAll:    b("C", "collapse all", "C"),
		UnfoldAll:  b("E", "expand all", "E"),
		Table:      b("t", "table/tree", "t"),
		Search:     b("/", "search", "/"),
		NextMatch:  b("n", "next match", "n"),
		PrevMatch:  b("N", "previous match", "N"),
		CopyValue:  b("y", "copy value", "y"),
		CopyPath:   b("Y", "copy path", "Y"),
		Export:     b("x", "export", "x"),
		ColLeft:    b("←/h", "column left", "left", "h"),
		ColRight:   b("→/l", "column right", "right", "l"),
		ListUp:     b("↑/k", "up", "up", "k"),
		ListDown:   b("↓/j", "down", "down", "j"),
		Load:       b("enter", "load", "enter"),
		Rerun:      b("r", "run again", "r"),
		DeleteItem: b("d", "delete", "d"),
		Close:      b("esc", "close", "esc", "q"),
	}
}

// updateKeys enables the bindings that make sense in the current state, so help never
// offers what cannot be done.
func (m *Model) updateKeys() {
	k := &m.keys
	editing := m.editing && m.overlay == overlayNone
	normal := !m.editing && m.overlay == overlayNone
	inResults := normal && m.focus == focusResults
	hasResult := inResults && m.tree != nil
	table := hasResult && m.tableMode && m.table != nil

	k.Run.SetEnabled(!m.running && m.overlay == overlayNone)
	k.Cancel.SetEnabled(m.running)
	for _, b := range []*key.Binding{&k.Complete, &k.SelectAll, &k.Undo, &k.Redo, &k.Format, &k.External} {
		b.SetEnabled(editing && !m.running)
	}
	k.Accept.SetEnabled(editing && m.popupOpen())
	k.Blur.SetEnabled(editing && !m.running)
	for _, b := range []*key.Binding{&k.NextPane, &k.PrevPane, &k.Headers, &k.History, &k.Saved, &k.Save} {
		b.SetEnabled(normal && !m.running)
	}
	k.Edit.SetEnabled(normal && m.focus != focusResults)
	k.Schema.SetEnabled(normal && !m.schemaLoading)
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom, &k.CopyValue, &k.CopyPath, &k.Export} {
		b.SetEnabled(hasResult)
	}
	k.Table.SetEnabled(hasResult && (m.table != nil || m.tableFor() >= 0))
	for _, b := range []*key.Binding{&k.Fold, &k.Collapse, &k.Expand, &k.FoldAll, &k.UnfoldAll, &k.Search} {
		b.SetEnabled(hasResult && !table)
	}
	k.NextMatch.SetEnabled(hasResult && !table && m.treeView != nil && m.treeView.Query() != "")
	k.PrevMatch.SetEnabled(k.NextMatch.Enabled())
	k.ColLeft.SetEnabled(table)
	k.ColRight.SetEnabled(table)
	list := m.overlay == overlayHistory || m.overlay == overlaySaved
	for _, b := range []*key.Binding{&k.ListUp, &k.ListDown, &k.Load, &k.Rerun, &k.Close} {
		b.SetEnabled(list)
	}
	k.DeleteItem.SetEnabled(m.overlay == overlaySaved)
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.keys
	switch {
	case m.confirm.Open():
		return m.confirm.ShortHelp()
	case m.overlay != overlayNone:
		return []key.Binding{k.ListUp, k.ListDown, k.Load, k.Rerun, k.DeleteItem, k.Close}
	case m.editing:
		return []key.Binding{k.Run, k.Cancel, k.Complete, k.Accept, k.Format, k.Blur, k.SelectAll}
	case m.focus == focusResults:
		return []key.Binding{k.Run, k.Cancel, k.Fold, k.Table, k.Search, k.CopyValue, k.CopyPath, k.Export}
	}
	return []key.Binding{k.Run, k.Cancel, k.Edit, k.NextPane, k.History, k.Saved, k.Save}
}

// FullHelp implements help.KeyMap: navigation | editing | actions.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{
		{k.NextPane, k.PrevPane, k.Edit, k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.ColLeft, k.ColRight},
		{k.Complete, k.Accept, k.SelectAll, k.Undo, k.Redo, k.Format, k.External, k.Blur},
		{k.Fold, k.Collapse, k.Expand, k.FoldAll, k.UnfoldAll, k.Table, k.Search, k.NextMatch, k.PrevMatch},
		{k.Run, k.Cancel, k.CopyValue, k.CopyPath, k.Export, k.Headers, k.History, k.Saved, k.Save, k.Schema,
			k.ListUp, k.ListDown, k.Load, k.Rerun, k.DeleteItem, k.Close},
	}
}
