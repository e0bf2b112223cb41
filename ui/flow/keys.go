package flow

import (
	"charm.land/bubbles/v2/key"

	"github.com/prefect-tui/prefect-tui/ui/components"
)

// KeyMap are the flow page's bindings.
type KeyMap struct {
	components.NavKeyMap
	Open     key.Binding
	RunsList key.Binding
	Details  key.Binding
	Version  key.Binding
	Newer    key.Binding
	Window   key.Binding
	Refresh  key.Binding
	Copy     key.Binding
	CopyLink key.Binding
}

// DefaultKeyMap returns the flow page's default bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		NavKeyMap: components.DefaultNavKeyMap(),
		Open:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open run")),
		RunsList:  key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "runs list")),
		Details:   key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "all details")),
		Version:   key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "older version")),
		Newer:     key.NewBinding(key.WithKeys("V"), key.WithHelp("V", "newer version")),
		Window:    key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "time window")),
		Refresh:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Copy:      key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy flow id")),
		CopyLink:  key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy link")),
	}
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	out := []key.Binding{m.keys.Open, m.keys.RunsList, m.keys.Details, m.keys.Version}
	if m.actions != nil && m.page != nil && m.page.found() {
		out = append(out, m.actions.ShortHelp()...)
	}
	return out
}

// FullHelp implements help.KeyMap: navigation | the page's keys | actions.
func (m *Model) FullHelp() [][]key.Binding {
	cols := [][]key.Binding{
		m.keys.Bindings(),
		{m.keys.Open, m.keys.RunsList, m.keys.Details, m.keys.Version, m.keys.Newer, m.keys.Window, m.keys.Refresh, m.keys.Copy, m.keys.CopyLink},
	}
	if m.actions != nil && m.page != nil && m.page.found() {
		var acts []key.Binding
		for _, col := range m.actions.FullHelp() {
			acts = append(acts, col...)
		}
		cols = append(cols, acts)
	}
	return cols
}

// updateKeys enables what can act now and names what d does.
func (m *Model) updateKeys() {
	found := m.page != nil && m.page.found()
	_, hasRun := m.selectedRun()
	m.keys.Open.SetEnabled(hasRun && !m.details)
	m.keys.RunsList.SetEnabled(m.groupID != "")
	m.keys.Details.SetEnabled(found)
	versions := found && len(m.page.versions) > 1
	m.keys.Version.SetEnabled(versions)
	m.keys.Newer.SetEnabled(versions)
	m.keys.Copy.SetEnabled(found)
	m.keys.CopyLink.SetEnabled(found && m.deps.Session.UIURL != "")
	if m.details {
		m.keys.Details.SetHelp("d", "back to runs")
	} else {
		m.keys.Details.SetHelp("d", "all details")
	}
}
