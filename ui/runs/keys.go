package runs

import (
	"charm.land/bubbles/v2/key"

	"github.com/prefect-tui/prefect-tui/ui/components"
)

// KeyMap are the runs list's bindings.
type KeyMap struct {
	components.NavKeyMap
	Open, Mark, MarkAll, Filter, ClearFilter, States, Late, Since, Sort key.Binding
	NextPage, PrevPage, Reload, Copy, CopyLink                          key.Binding
	// Apply and Cancel act while the filter input has focus.
	Apply, Cancel key.Binding
}

// DefaultKeyMap returns the default bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		NavKeyMap:   navKeys(),
		Open:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open run")),
		Mark:        key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "select")),
		MarkAll:     key.NewBinding(key.WithKeys("ctrl+a"), key.WithHelp("ctrl+a", "select page/none")),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		ClearFilter: key.NewBinding(key.WithKeys("backspace"), key.WithHelp("⌫", "clear filter")),
		States:      key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "states")),
		Late:        key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "late only")),
		Since:       key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "time range")),
		Sort:        key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "sort")),
		NextPage:    key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next page")),
		PrevPage:    key.NewBinding(key.WithKeys("["), key.WithHelp("[", "prev page")),
		Reload:      key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Copy:        key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy id")),
		CopyLink:    key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy UI link")),
		Apply:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply filter")),
		Cancel:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// updateKeys enables what the state allows: help only offers what can be done now.
func (m *Model) updateKeys() {
	k := &m.keys
	k.NextPage.SetEnabled(m.offset+len(m.runs) < m.total)
	k.PrevPage.SetEnabled(m.offset > 0)
	k.ClearFilter.SetEnabled(m.filterText != "")
	has := len(m.runs) > 0
	k.Open.SetEnabled(has)
	k.Mark.SetEnabled(has)
	k.Copy.SetEnabled(has)
	k.CopyLink.SetEnabled(has && m.deps.Session.UIURL != "")
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	if m.filtering || m.picker != nil {
		return []key.Binding{m.keys.Apply, m.keys.Cancel}
	}
	out := []key.Binding{m.keys.Open, m.keys.Filter, m.keys.States, m.keys.Late, m.keys.Mark, m.keys.Sort}
	if m.opts.Actions != nil {
		out = append(out, m.opts.Actions.ShortHelp()...)
	}
	return out
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	if m.filtering || m.picker != nil {
		return [][]key.Binding{{m.keys.Apply, m.keys.Cancel}}
	}
	k := m.keys
	out := [][]key.Binding{
		append(k.NavKeyMap.Bindings(), k.NextPage, k.PrevPage),
		{k.Open, k.Mark, k.MarkAll, k.Filter, k.ClearFilter, k.States, k.Late, k.Since, k.Sort, k.Reload, k.Copy, k.CopyLink},
	}
	if m.opts.Actions != nil {
		out = append(out, m.opts.Actions.ShortHelp())
	}
	return out
}

// navKeys are the shared moves, G/End going on to the last page (lastpage.go).
func navKeys() components.NavKeyMap {
	k := components.DefaultNavKeyMap()
	k.Bottom.SetHelp("G/end", "last row, again: last page")
	return k
}
