package overview

import (
	"charm.land/bubbles/v2/key"

	"github.com/prefect-tui/prefect-tui/ui/components"
)

// KeyMap are the overview's bindings.
type KeyMap struct {
	components.NavKeyMap
	NextSection key.Binding
	PrevSection key.Binding
	Section     key.Binding
	Open        key.Binding
	RunsList    key.Binding
	Window      key.Binding
	Project     key.Binding
	ProjectPrev key.Binding
	Refresh     key.Binding
	Copy        key.Binding
}

// DefaultKeyMap returns the overview's default bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		NavKeyMap:   components.DefaultNavKeyMap(),
		NextSection: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next section")),
		PrevSection: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "prev section")),
		Section:     key.NewBinding(key.WithKeys("1", "2", "3", "4"), key.WithHelp("1-4", "go to section")),
		Open:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open run")),
		RunsList:    key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "list in runs")),
		Window:      key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "time window")),
		Project:     key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "next project")),
		ProjectPrev: key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "previous project")),
		Refresh:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Copy:        key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy run id")),
	}
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	out := []key.Binding{m.keys.NextSection, m.keys.Open, m.keys.Window, m.keys.Project}
	if m.actionsOn() {
		out = append(out, m.actions.ShortHelp()...)
	}
	return out
}

// FullHelp implements help.KeyMap: navigation | the screen's keys | actions (the root
// adds the app column).
func (m *Model) FullHelp() [][]key.Binding {
	nav := append(m.keys.Bindings(), m.keys.NextSection, m.keys.PrevSection, m.keys.Section)
	cols := [][]key.Binding{
		nav,
		{m.keys.Open, m.keys.RunsList, m.keys.Window, m.keys.Project, m.keys.ProjectPrev, m.keys.Refresh, m.keys.Copy},
	}
	if m.actionsOn() {
		var acts []key.Binding
		for _, col := range m.actions.FullHelp() {
			acts = append(acts, col...)
		}
		cols = append(cols, acts)
	}
	return cols
}

// updateKeys enables the bindings that can act now (help only offers what the user can
// do) and names what enter opens.
func (m *Model) updateKeys() {
	has := m.selectedRun().id != ""
	m.keys.Open.SetEnabled(has)
	m.keys.Copy.SetEnabled(has)
	m.keys.RunsList.SetEnabled(m.data != nil)
	hasProjects := m.data != nil && len(m.data.projects) > 0
	m.keys.Project.SetEnabled(hasProjects)
	m.keys.ProjectPrev.SetEnabled(hasProjects)
	if m.focus == secFailing {
		m.keys.Open.SetHelp("enter", "open last failure")
	} else {
		m.keys.Open.SetHelp("enter", "open run")
	}
}

// actionsOn reports whether the actions apply: they act on the runs in progress (cancel
// all), so help offers them only while there are some.
func (m *Model) actionsOn() bool {
	return m.actions != nil && m.data != nil && len(m.data.inProgress) > 0
}
