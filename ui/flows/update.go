package flows

import (
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Update implements screen.Screen.
func (m *Model) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case flowsLoadedMsg:
		return m, m.applyLoaded(msg)
	case screen.SpinnerDueMsg:
		if msg.ReqID == m.lastReqID && m.loading {
			m.showSpinner = true
		}
		return m, nil
	case filterSettledMsg:
		if msg.typed == m.typedReq && m.filter.Value() != m.applied {
			m.applied = m.filter.Value()
			return m, m.reload()
		}
		return m, nil
	case screen.ChangedMsg:
		// An action ran (run now, schedule on/off): show what it changed.
		return m, m.refresh()
	case tea.KeyPressMsg:
		if m.filtering {
			return m, m.handleFiltering(msg)
		}
		return m, m.handleBrowsing(msg)
	}
	return m, nil
}

// handleFiltering: keys while the filter input has focus.
func (m *Model) handleFiltering(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case enabled(k, m.keys.FilterCancel):
		m.filtering = false
		m.filter.Blur()
		m.filter.Reset()
		if m.applied != "" {
			m.applied = ""
			return m.reload()
		}
		return nil
	case enabled(k, m.keys.FilterDone):
		m.filtering = false
		m.filter.Blur()
		if m.filter.Value() != m.applied {
			m.applied = m.filter.Value()
			return m.reload()
		}
		return nil
	}
	before := m.filter.Value()
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(k)
	if m.filter.Value() == before {
		return cmd
	}
	m.typedReq = screen.NewRequestID()
	return tea.Batch(cmd, settleCmd(m.typedReq, m.debounce))
}

// handleBrowsing: keys on the table.
func (m *Model) handleBrowsing(k tea.KeyPressMsg) tea.Cmd {
	kk := m.keys
	switch {
	case enabled(k, kk.Up):
		return m.move(-1)
	case enabled(k, kk.Down):
		return m.move(1)
	case enabled(k, kk.PageUp):
		return m.move(-m.visibleRows())
	case enabled(k, kk.PageDown):
		return m.move(m.visibleRows())
	case enabled(k, kk.Top):
		return m.move(-len(m.rows))
	case enabled(k, kk.Bottom):
		return m.move(len(m.rows))
	case enabled(k, kk.Open):
		return m.openSelected()
	case enabled(k, kk.Runs):
		return m.openRuns()
	case enabled(k, kk.Filter):
		m.filtering = true
		// The styles may have been rebuilt (terminal background known) since New.
		m.filter.SetStyles(m.deps.Styles.TextInput)
		m.filter.SetValue(m.applied)
		m.filter.CursorEnd()
		return m.filter.Focus()
	case enabled(k, kk.ClearFilter):
		// The filter applied with enter stays until cleared: ⌫ clears it, as on the
		// runs screen (it used to take "/ then esc").
		m.filter.Reset()
		m.applied = ""
		return m.reload()
	case enabled(k, kk.Project):
		return m.cycleProject(1)
	case enabled(k, kk.ProjectPrev):
		return m.cycleProject(-1)
	case enabled(k, kk.Archived):
		m.showArchived = !m.showArchived
		m.updateKeys()
		return m.reload()
	case enabled(k, kk.Sort):
		m.sort = (m.sort + 1) % sortKeys
		m.desc = m.sort == sortRuns // most runs first is the useful default
		return m.reload()
	case enabled(k, kk.Reverse):
		m.desc = !m.desc
		return m.reload()
	case enabled(k, kk.Refresh):
		m.err = nil
		return m.refresh()
	case enabled(k, kk.Copy):
		if r, ok := m.selected(); ok {
			return screen.Copy(r.id, "flow id")
		}
	case enabled(k, kk.CopyLink):
		if r, ok := m.selected(); ok {
			// <ui>/<tenant slug>/flow/<flow group id>, like the run pages' links (the
			// slug used to be missing: the link opened no tenant's page).
			return screen.Copy(m.deps.Session.UILink("flow", r.groupID), "flow link")
		}
	}
	if r, ok := m.selected(); ok && m.actions != nil {
		sel := screen.Selection{Flow: screen.FlowRef{ID: r.id, Name: r.name, ScheduleActive: r.schedule == scheduleOn, NoSchedule: r.schedule == scheduleNone}}
		if handled, cmd := m.actions.HandleKey(k, sel); handled {
			return cmd
		}
	}
	return nil
}

// move moves the cursor and loads the next page when it reaches the last loaded row.
func (m *Model) move(delta int) tea.Cmd {
	if len(m.rows) == 0 {
		return nil
	}
	m.win.Move(delta, len(m.rows), m.visibleRows())
	if m.win.Cursor == len(m.rows)-1 {
		return m.nextPage()
	}
	return nil
}
