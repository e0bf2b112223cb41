package agents

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Update implements screen.Screen.
func (m *Model) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.reqID != m.lastReqID {
			return m, nil
		}
		return m, m.loadedResult(msg)
	case screen.RefreshTickMsg:
		if !m.refresh.Due(msg) || m.loading {
			return m, nil
		}
		return m, m.load()
	case screen.ChangedMsg:
		m.refresh.Reset()
		return m, m.load()
	case tea.KeyPressMsg:
		cmd := m.handleKey(msg)
		m.updateKeys()
		return m, tea.Batch(cmd, m.refresh.Wake(!m.loading && !m.loaded.IsZero()))
	}
	return m, nil
}

func (m *Model) loadedResult(msg loadedMsg) tea.Cmd {
	m.loading = false
	m.err, m.partial = msg.err, msg.partial
	if m.deps.Log != nil && (msg.err != nil || msg.partial != nil) {
		m.deps.Log.Printf("AgentsPage: %v%v", msg.err, msg.partial)
	}
	if msg.err != nil {
		return m.refresh.Schedule(false)
	}
	keep := ""
	if a, ok := m.Selected(); ok {
		keep = a.ID
	}
	m.setProjects(msg.resp.Project)
	m.agents = build(msg.resp, m.deps.Now(), m.scopeID)
	m.queue = msg.resp.Queue
	m.loaded = m.deps.Now()
	for i, a := range m.agents {
		if a.ID == keep {
			m.win.Cursor = i
		}
	}
	m.fit()
	m.updateKeys()
	sig := signature(m.agents)
	changed := sig != m.sig
	m.sig = sig
	return m.refresh.Schedule(changed)
}

// setProjects keeps the scope on the same project id.
func (m *Model) setProjects(ps []api.AgentsPageProject) {
	m.projects = ps
	m.scope, m.scopeNm = -1, ""
	for i, p := range ps {
		if p.Id == m.scopeID {
			m.scope, m.scopeNm = i, p.Name
		}
	}
	if m.scope < 0 && m.scopeID != "" {
		m.scopeNm = m.scopeID[:min(8, len(m.scopeID))]
	}
}

// cycleProject moves the scope by step through all → first → … → last → all.
func (m *Model) cycleProject(step int) tea.Cmd {
	n := len(m.projects) + 1
	if n == 1 {
		return nil
	}
	i := (m.scope + 1 + step + n) % n
	m.scope = i - 1
	if m.scope < 0 {
		m.scopeID, m.scopeNm = "", ""
	} else {
		m.scopeID, m.scopeNm = m.projects[m.scope].Id, m.projects[m.scope].Name
	}
	m.runWin = components.Window{}
	return m.load()
}

// handleKey offers a key to the actions first, then to the screen's bindings.
func (m *Model) handleKey(k tea.KeyPressMsg) tea.Cmd {
	if m.opts.Actions != nil {
		if handled, cmd := m.opts.Actions.HandleKey(k, m.selection()); handled {
			return cmd
		}
	}
	switch {
	case key.Matches(k, m.keys.Focus):
		m.toggleFocus()
		return nil
	case key.Matches(k, m.keys.Project):
		return m.cycleProject(1)
	case key.Matches(k, m.keys.ProjectPrev):
		return m.cycleProject(-1)
	case key.Matches(k, m.keys.Reload):
		if m.loading {
			return nil
		}
		m.refresh.Reset()
		return m.load()
	case key.Matches(k, m.keys.Open):
		if m.focus == focusAgents {
			m.toggleFocus()
			return nil
		}
		if r, ok := m.selectedRun(); ok {
			return screen.Open(screen.Route{Kind: screen.RouteRun, ID: r.Id})
		}
		return nil
	case key.Matches(k, m.keys.Copy):
		if m.focus == focusRuns {
			if r, ok := m.selectedRun(); ok {
				return screen.Copy(r.Id, "run id")
			}
		}
		if a, ok := m.Selected(); ok {
			return screen.Copy(a.ID, "agent id")
		}
		return nil
	}
	m.move(k)
	return nil
}

// move handles the navigation keys in the focused pane.
func (m *Model) move(k tea.KeyPressMsg) {
	w, n, h := &m.win, len(m.agents), m.agentRows()
	if m.focus == focusRuns {
		w, n, h = &m.runWin, len(m.runs()), m.runRows()
	}
	before := w.Cursor
	switch {
	case key.Matches(k, m.keys.Up):
		w.Move(-1, n, h)
	case key.Matches(k, m.keys.Down):
		w.Move(1, n, h)
	case key.Matches(k, m.keys.PageUp):
		w.Move(-h, n, h)
	case key.Matches(k, m.keys.PageDown):
		w.Move(h, n, h)
	case key.Matches(k, m.keys.Top):
		w.Move(-n, n, h)
	case key.Matches(k, m.keys.Bottom):
		w.Move(n, n, h)
	}
	if m.focus == focusAgents && w.Cursor != before {
		// Another agent: its runs start at the top.
		m.runWin = components.Window{}
	}
}

func (m *Model) toggleFocus() {
	if m.focus == focusAgents && len(m.runs()) > 0 {
		m.focus = focusRuns
		return
	}
	m.focus = focusAgents
}

// runs are the selected agent's runs in the order shown: those it could pick up, then
// those it submitted.
func (m *Model) runs() []Run {
	a, ok := m.Selected()
	if !ok {
		return nil
	}
	out := make([]Run, 0, len(a.Pickup)+len(a.Recent))
	return append(append(out, a.Pickup...), a.Recent...)
}

func (m *Model) selectedRun() (Run, bool) {
	rs := m.runs()
	if m.runWin.Cursor < len(rs) {
		return rs[m.runWin.Cursor], true
	}
	return Run{}, false
}

// selection is what the actions act on: the agent under the cursor.
func (m *Model) selection() screen.Selection {
	var sel screen.Selection
	if a, ok := m.Selected(); ok {
		sel.Agent = screen.AgentRef{ID: a.ID, Name: a.Name, LastQueried: a.LastQueried}
	}
	return sel
}
