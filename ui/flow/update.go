package flow

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/runhistory"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Update implements screen.Screen.
func (m *Model) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		return m, m.applyLoaded(msg)
	case screen.SpinnerDueMsg:
		if msg.ReqID == m.lastReqID && m.loading {
			m.showSpinner = true
		}
		return m, nil
	case screen.RefreshTickMsg:
		if !m.refresh.Due(msg) || m.loading {
			return m, nil
		}
		return m, m.load()
	case screen.ChangedMsg:
		// Run now or schedule on/off ran: show what changed.
		m.refresh.Reset()
		return m, m.load()
	case tea.KeyPressMsg:
		cmd := m.handleKey(msg)
		m.updateKeys()
		return m, tea.Batch(cmd, m.refresh.Wake(!m.loading && m.page != nil))
	}
	return m, nil
}

// handleKey offers a key to the actions first, then to the page's bindings.
func (m *Model) handleKey(k tea.KeyPressMsg) tea.Cmd {
	if m.actions != nil {
		if sel := m.selection(); sel.Flow.ID != "" {
			if handled, cmd := m.actions.HandleKey(k, sel); handled {
				return cmd
			}
		}
	}
	kk := m.keys
	switch {
	case key.Matches(k, kk.Up):
		m.move(-1)
	case key.Matches(k, kk.Down):
		m.move(1)
	case key.Matches(k, kk.PageUp):
		m.move(-m.listRows())
	case key.Matches(k, kk.PageDown):
		m.move(m.listRows())
	case key.Matches(k, kk.Top):
		m.move(-1 << 30)
	case key.Matches(k, kk.Bottom):
		m.move(1 << 30)
	case key.Matches(k, kk.Open):
		if r, ok := m.selectedRun(); ok {
			return screen.Open(screen.Route{Kind: screen.RouteRun, ID: r.id})
		}
	case key.Matches(k, kk.RunsList):
		return m.openRunsList()
	case key.Matches(k, kk.Details):
		m.details = !m.details
		m.fit()
	case key.Matches(k, kk.Version):
		return m.cycleVersion(1)
	case key.Matches(k, kk.Newer):
		return m.cycleVersion(-1)
	case key.Matches(k, kk.Window):
		m.window = (m.window + 1) % len(runhistory.Windows)
		return m.load()
	case key.Matches(k, kk.Refresh):
		m.refresh.Reset()
		return m.load()
	case key.Matches(k, kk.Copy):
		return screen.Copy(m.page.flowID, "flow id")
	case key.Matches(k, kk.CopyLink):
		return screen.Copy(m.deps.Session.UILink("flow", m.groupID), "flow link")
	}
	return nil
}

// move moves the runs cursor, or scrolls the details.
func (m *Model) move(d int) {
	if m.details {
		m.detWin.Scroll(d, len(m.detailLines()), m.detailRows())
		return
	}
	if m.page != nil {
		m.win.Move(d, len(m.page.runs), m.listRows())
	}
}

// openRunsList opens the runs screen filtered to the flow group: its filters, paging
// and bulk actions work on all of the flow's runs.
func (m *Model) openRunsList() tea.Cmd {
	name := m.name
	if m.page != nil && m.page.found() {
		name = m.page.name
	}
	return screen.Open(screen.Route{Kind: screen.RouteRuns, Params: map[string]string{
		"flow_group_id": m.groupID, "flow_name": name,
	}})
}
