package flows

import (
	"charm.land/bubbles/v2/key"

	"github.com/prefect-tui/prefect-tui/ui/components"
)

// KeyMap are the Flows screen's bindings.
type KeyMap struct {
	components.NavKeyMap
	Open        key.Binding
	Runs        key.Binding
	Filter      key.Binding
	ClearFilter key.Binding
	Project     key.Binding
	ProjectPrev key.Binding
	Archived    key.Binding
	Sort        key.Binding
	Reverse     key.Binding
	Refresh     key.Binding
	Copy        key.Binding
	CopyLink    key.Binding
	// FilterDone / FilterCancel apply while the filter input has focus.
	FilterDone   key.Binding
	FilterCancel key.Binding
}

// DefaultKeyMap returns the Flows screen's default bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		NavKeyMap:    components.DefaultNavKeyMap(),
		Open:         key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "flow page")),
		Runs:         key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "runs")),
		Filter:       key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		ClearFilter:  key.NewBinding(key.WithKeys("backspace"), key.WithHelp("⌫", "clear filter")),
		Project:      key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "next project")),
		ProjectPrev:  key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "previous project")),
		Archived:     key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "show archived")),
		Sort:         key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort column")),
		Reverse:      key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "reverse order")),
		Refresh:      key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Copy:         key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy id")),
		CopyLink:     key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy link")),
		FilterDone:   key.NewBinding(key.WithKeys("enter", "down", "up"), key.WithHelp("enter", "apply filter")),
		FilterCancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
	}
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	if m.filtering {
		return []key.Binding{m.keys.FilterDone, m.keys.FilterCancel}
	}
	return []key.Binding{m.keys.Open, m.keys.Runs, m.keys.Filter, m.keys.Project, m.keys.Sort, m.keys.Refresh}
}

// FullHelp implements help.KeyMap: navigation | actions (the root adds the app column).
func (m *Model) FullHelp() [][]key.Binding {
	if m.filtering {
		return [][]key.Binding{{m.keys.FilterDone, m.keys.FilterCancel}}
	}
	cols := [][]key.Binding{
		m.keys.Bindings(),
		{m.keys.Open, m.keys.Runs, m.keys.Filter, m.keys.ClearFilter, m.keys.Project, m.keys.ProjectPrev, m.keys.Archived},
		{m.keys.Sort, m.keys.Reverse, m.keys.Refresh, m.keys.Copy, m.keys.CopyLink},
	}
	if m.actions != nil {
		var acts []key.Binding
		for _, col := range m.actions.FullHelp() {
			acts = append(acts, col...)
		}
		cols = append(cols, acts)
	}
	return cols
}

// updateKeys enables the bindings that can act now (help only offers what the user can
// do) and relabels the toggles.
func (m *Model) updateKeys() {
	has := len(m.rows) > 0
	m.keys.Open.SetEnabled(has)
	m.keys.Runs.SetEnabled(has)
	m.keys.Copy.SetEnabled(has)
	m.keys.CopyLink.SetEnabled(has && m.deps.Session.UIURL != "")
	m.keys.Project.SetEnabled(len(m.projects) > 0)
	m.keys.ClearFilter.SetEnabled(m.applied != "")
	m.keys.ProjectPrev.SetEnabled(len(m.projects) > 0)
	if m.showArchived {
		m.keys.Archived.SetHelp("a", "hide archived")
	} else {
		m.keys.Archived.SetHelp("a", "show archived")
	}
}
