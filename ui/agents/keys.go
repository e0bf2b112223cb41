package agents

import (
	"charm.land/bubbles/v2/key"

	"github.com/prefect-tui/prefect-tui/ui/components"
)

// KeyMap are the agents screen's bindings.
type KeyMap struct {
	components.NavKeyMap
	Open, Focus, Project, ProjectPrev, Reload, Copy key.Binding
}

// DefaultKeyMap returns the default bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		NavKeyMap:   components.DefaultNavKeyMap(),
		Open:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "its runs")),
		Focus:       key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "agents/runs")),
		Project:     key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "next project")),
		ProjectPrev: key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "previous project")),
		Reload:      key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Copy:        key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy id")),
	}
}

// updateKeys enables and labels what can be done now: help only offers that.
func (m *Model) updateKeys() {
	k := &m.keys
	_, has := m.Selected()
	runs := len(m.runs()) > 0
	k.Open.SetEnabled(has && (m.focus == focusRuns || runs))
	k.Focus.SetEnabled(runs || m.focus == focusRuns)
	k.Copy.SetEnabled(has)
	k.Project.SetEnabled(len(m.projects) > 0)
	k.ProjectPrev.SetEnabled(len(m.projects) > 0)
	if m.focus == focusRuns {
		k.Open.SetHelp("enter", "open run")
		k.Copy.SetHelp("y", "copy run id")
		k.Focus.SetHelp("tab", "back to agents")
	} else {
		k.Open.SetHelp("enter", "its runs")
		k.Copy.SetHelp("y", "copy agent id")
		k.Focus.SetHelp("tab", "its runs")
	}
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	out := []key.Binding{m.keys.Open}
	if m.focus == focusRuns {
		// On the agents enter says the same as tab.
		out = append(out, m.keys.Focus)
	}
	out = append(out, m.keys.Project)
	if m.opts.Actions != nil {
		out = append(out, m.opts.Actions.ShortHelp()...)
	}
	return append(out, m.keys.Reload)
}

// FullHelp implements help.KeyMap: navigation | the screen's keys | actions.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.keys
	out := [][]key.Binding{
		k.NavKeyMap.Bindings(),
		{k.Open, k.Focus, k.Project, k.ProjectPrev, k.Reload, k.Copy},
	}
	if m.opts.Actions != nil {
		out = append(out, m.opts.Actions.ShortHelp())
	}
	return out
}
