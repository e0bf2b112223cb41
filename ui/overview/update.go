package overview

import (
	"strings"

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
		// An action ran (cancel all): show what it changed.
		m.refresh.Reset()
		return m, m.load()
	case tea.KeyPressMsg:
		cmd := m.handleKey(msg)
		m.updateKeys()
		return m, tea.Batch(cmd, m.refresh.Wake(!m.loading && m.data != nil))
	}
	return m, nil
}

// handleKey offers a key to the actions first, then to the screen's bindings.
func (m *Model) handleKey(k tea.KeyPressMsg) tea.Cmd {
	if m.actions != nil && m.data != nil {
		if handled, cmd := m.actions.HandleKey(k, m.selection()); handled {
			return cmd
		}
	}
	kk := m.keys
	switch {
	case key.Matches(k, kk.Up):
		m.move(-1)
	case key.Matches(k, kk.Down):
		m.move(1)
	case key.Matches(k, kk.PageUp):
		m.move(-m.rowsOf(m.focus))
	case key.Matches(k, kk.PageDown):
		m.move(m.rowsOf(m.focus))
	case key.Matches(k, kk.Top):
		m.move(-len(m.runs(m.focus)))
	case key.Matches(k, kk.Bottom):
		m.move(len(m.runs(m.focus)))
	case key.Matches(k, kk.NextSection):
		m.focus = (m.focus + 1) % sectionCount
		m.fit()
	case key.Matches(k, kk.PrevSection):
		m.focus = (m.focus + sectionCount - 1) % sectionCount
		m.fit()
	case key.Matches(k, kk.Section):
		m.focus = section(k.String()[0] - '1')
		m.fit()
	case key.Matches(k, kk.Open):
		return m.openSelected()
	case key.Matches(k, kk.RunsList):
		return m.openRunsList()
	case key.Matches(k, kk.Window):
		return m.cycleWindow(1)
	case key.Matches(k, kk.Project):
		return m.cycleProject(1)
	case key.Matches(k, kk.ProjectPrev):
		return m.cycleProject(-1)
	case key.Matches(k, kk.Refresh):
		m.refresh.Reset()
		return m.load()
	case key.Matches(k, kk.Copy):
		if r := m.selectedRun(); r.id != "" {
			return screen.Copy(r.id, "run id")
		}
	}
	return nil
}

// move moves the focused section's cursor.
func (m *Model) move(d int) {
	m.wins[m.focus].Move(d, len(m.runs(m.focus)), m.rowsOf(m.focus))
}

// openSelected opens the selected run: a late, running or upcoming run, or a failing
// flow's last failure.
func (m *Model) openSelected() tea.Cmd {
	r := m.selectedRun()
	if r.id == "" {
		return nil
	}
	return screen.Open(screen.Route{Kind: screen.RouteRun, ID: r.id})
}

// openRunsList opens the runs list of the focused section: the late runs, the failing
// flow's failures in the window, the runs in progress, the scheduled runs.
func (m *Model) openRunsList() tea.Cmd {
	p := map[string]string{}
	switch m.focus {
	case secLate:
		p["filter"] = "state:Late"
	case secFailing:
		_, failed, _ := runhistory.HistoryStates()
		p["filter"] = "state:" + strings.Join(failed, ",") + " since:" + runhistory.Windows[m.window].Name
		if r := m.selectedRun(); r.flowGroupID != "" {
			p["flow_group_id"], p["flow_name"] = r.flowGroupID, r.flow
		}
	case secInProgress:
		p["filter"] = "state:" + strings.Join(InProgressStates, ",")
	case secUpcoming:
		p["filter"] = "state:Scheduled"
	}
	return screen.Open(screen.Route{Kind: screen.RouteRuns, Params: p})
}
