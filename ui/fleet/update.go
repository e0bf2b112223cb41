package fleet

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// UPDATE

// Update implements screen.Screen.
func (m *Model) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	defer m.updateKeys()
	switch msg := msg.(type) {
	case tenantsListedMsg:
		if msg.id != m.loadID {
			return m, nil
		}
		return m, m.listed(msg)
	case tenantLoadedMsg:
		if msg.id != m.loadID {
			return m, nil
		}
		return m, m.tenantLoaded(msg)
	case projectsLoadedMsg:
		if msg.id != m.loadID {
			return m, nil
		}
		if msg.err == nil {
			m.groups = msg.groups
		} else {
			// One request reads every project: each shows why it failed.
			for i := range m.groups {
				m.groups[i].Err = msg.err
			}
			if m.deps.Log != nil {
				m.deps.Log.Printf("fleet: op=%s: %v", projectsOp, msg.err)
			}
		}
		return m, m.finish()
	case screen.RefreshTickMsg:
		if !m.refresh.Due(msg) || m.loading {
			return m, nil
		}
		return m, m.load(false)
	case switchedMsg:
		return m, m.switched(msg)
	case screen.ChangedMsg:
		m.refresh.Reset()
		return m, m.load(false)
	case tea.KeyPressMsg:
		cmd := m.handleKey(msg)
		return m, tea.Batch(cmd, m.refresh.Wake(!m.loading && !m.loadedAt.IsZero()))
	}
	return m, nil
}

// listed takes the tenant list and reads every tenant; the groups of tenants still
// listed keep what was read of them until their answer comes.
func (m *Model) listed(msg tenantsListedMsg) tea.Cmd {
	m.listErr = msg.err
	if msg.err != nil {
		if m.deps.Log != nil {
			m.deps.Log.Printf("fleet: listing tenants: %v", msg.err)
		}
		return m.finish()
	}
	m.tenants = msg.tenants
	old := map[string]Group{}
	for _, g := range m.groups {
		old[g.ID] = g
	}
	m.groups = make([]Group, len(msg.tenants))
	for i, t := range msg.tenants {
		g, ok := old[t.ID]
		if !ok {
			g = Group{}
		}
		g.ID, g.Name, g.Slug, g.Role = t.ID, t.Name, t.Slug, t.Role
		m.groups[i] = g
	}
	m.rebuild()
	return m.loadTenants()
}

// tenantLoaded takes one tenant's answer; the load ends with the last one.
func (m *Model) tenantLoaded(msg tenantLoadedMsg) tea.Cmd {
	for i := range m.groups {
		if m.groups[i].ID == msg.tenant {
			m.groups[i] = msg.group
			if msg.group.Err != nil && m.deps.Log != nil {
				m.deps.Log.Printf("fleet: op=FleetTenant tenant=%s: %v", msg.group.Slug, msg.group.Err)
			}
		}
	}
	m.pending--
	m.rebuild()
	if m.pending > 0 {
		return nil
	}
	return m.finish()
}

// finish ends a load: it notes when, and schedules the next one, sooner when something
// changed.
func (m *Model) finish() tea.Cmd {
	m.loading = false
	if m.listErr == nil {
		m.loadedAt = m.now()
	} else if m.deps.Log != nil {
		m.deps.Log.Printf("fleet: %v", m.listErr)
	}
	sig := m.signature()
	changed := sig != m.sig
	m.sig = sig
	m.rebuild()
	return m.refresh.Schedule(changed)
}

// signature is what a refresh compares: counts, runs shown and errors.
func (m *Model) signature() string {
	var b strings.Builder
	if m.listErr != nil {
		b.WriteString("!" + m.listErr.Error())
	}
	for _, g := range m.groups {
		b.WriteString(g.ID + ":" + strconv.Itoa(g.Failed) + "/" + strconv.Itoa(g.Late) + "/" + strconv.Itoa(g.Running) + ":" + g.Oldest.ID)
		for _, r := range g.Failures {
			b.WriteString("," + r.ID)
		}
		if g.Err != nil {
			b.WriteString("!" + g.Err.Error())
		}
		b.WriteByte(';')
	}
	return b.String()
}

func (m *Model) handleKey(k tea.KeyPressMsg) tea.Cmd {
	n, h := len(m.rows), m.listHeight()
	switch {
	case key.Matches(k, m.keys.Open):
		return m.open()
	case key.Matches(k, m.keys.Window):
		m.window = m.window.next()
		m.refresh.Reset()
		return m.load(false)
	case key.Matches(k, m.keys.Reload):
		m.refresh.Reset()
		return m.load(true)
	case key.Matches(k, m.keys.Nav.Up):
		m.win.Move(-1, n, h)
	case key.Matches(k, m.keys.Nav.Down):
		m.win.Move(1, n, h)
	case key.Matches(k, m.keys.Nav.Top):
		m.win.Move(-n, n, h)
	case key.Matches(k, m.keys.Nav.Bottom):
		m.win.Move(n, n, h)
	case key.Matches(k, m.keys.Nav.PageUp):
		m.win.Move(-h, n, h)
	case key.Matches(k, m.keys.Nav.PageDown):
		m.win.Move(h, n, h)
	}
	return nil
}

// open is enter: a run opens (in its tenant, switched to first when it is another one);
// a tenant is switched to (its flows when it is the session's); a project's flows open.
func (m *Model) open() tea.Cmd {
	r, ok := m.selected()
	if !ok || m.switching != "" {
		return nil
	}
	g := m.groups[r.group]
	var route *screen.Route
	switch r.kind {
	case rowLate:
		route = &screen.Route{Kind: screen.RouteRun, ID: g.Oldest.ID}
	case rowFailure:
		route = &screen.Route{Kind: screen.RouteRun, ID: g.Failures[r.run].ID}
	}
	switch {
	case !m.cloud() && route == nil:
		return screen.Open(screen.Route{Kind: screen.RouteFlows, Params: map[string]string{"project_id": g.ID}})
	case m.active(g) && route == nil:
		return screen.Open(screen.Route{Kind: screen.RouteFlows})
	case !m.cloud() || m.active(g):
		return screen.Open(*route)
	}
	return m.switchCmd(Tenant{ID: g.ID, Name: g.Name, Slug: g.Slug, Role: g.Role}, route)
}

// switched takes the outcome of a switch: the root rebuilds every screen on the new
// session first, then opens the run there, in that order (a sequence); the switch of
// an older enter is dropped.
func (m *Model) switched(msg switchedMsg) tea.Cmd {
	if msg.id != m.switchID {
		return nil
	}
	m.switching = ""
	if msg.err != nil {
		m.switchErr = msg.err
		return screen.Status(screen.LevelError, "switch: "+api.Describe(msg.err))
	}
	res := msg.res
	cmds := []tea.Cmd{func() tea.Msg { return screen.SessionChangedMsg{Session: res.Session, Client: res.Client} }}
	if msg.then != nil {
		cmds = append(cmds, screen.Open(*msg.then))
	}
	if res.Note != "" {
		cmds = append(cmds, screen.Status(screen.LevelInfo, res.Note))
	}
	return tea.Sequence(cmds...)
}

// active reports whether g is the session's tenant.
func (m *Model) active(g Group) bool { return m.cloud() && g.ID == m.deps.Session.TenantID }

// selected is the row under the cursor.
func (m *Model) selected() (row, bool) {
	if m.win.Cursor < 0 || m.win.Cursor >= len(m.rows) {
		return row{}, false
	}
	return m.rows[m.win.Cursor], true
}
