package fleet

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// MSG

// tenantsListedMsg is the answer of the tenant listing of load id.
type tenantsListedMsg struct {
	id      screen.RequestID
	tenants []Tenant
	err     error
}

// tenantLoadedMsg is one tenant's answer within load id.
type tenantLoadedMsg struct {
	id     screen.RequestID
	tenant string
	group  Group
}

// projectsLoadedMsg is the answer of load id on Prefect Server.
type projectsLoadedMsg struct {
	id     screen.RequestID
	groups []Group
	err    error
}

// switchedMsg is the outcome of the switch id; then is the route to open after it.
type switchedMsg struct {
	id   screen.RequestID
	res  Switched
	then *screen.Route
	err  error
}

// INIT

// Init implements screen.Screen: load (and, the first time on Cloud, list the tenants).
func (m *Model) Init() tea.Cmd { return m.load(false) }

// vars are the variables of one load: the window ends now.
func (m *Model) vars() (since, now time.Time) {
	now = m.now()
	return now.Add(-m.window.Duration()), now
}

// LastQuery implements screen.QuerySource: the request of one tenant (Cloud) or of
// every project (Server).
func (m *Model) LastQuery() (string, map[string]any) {
	if m.cloud() {
		return api.FleetTenant_Operation, m.lastVars
	}
	return m.lastQuery, m.lastVars
}

// COMMANDS

// load starts a load: every tenant (or project, on Server) again; with relist, or the
// first time, they are listed first. A load that starts drops every answer of the one
// before.
func (m *Model) load(relist bool) tea.Cmd {
	m.loadID = screen.NewRequestID()
	m.loading = true
	if m.stopLoad != nil {
		m.stopLoad() // the tenants an older load still waits for take no slot
	}
	m.loadCtx, m.stopLoad = context.WithCancel(m.baseCtx())
	ctx := m.loadCtx
	since, now := m.vars()
	m.lastVars = map[string]any{"since": since, "now": now, "failedStates": FailedStates, "failures": FailuresFetched}
	id := m.loadID
	if relist || m.tenants == nil {
		list := m.listCmd()
		return func() tea.Msg {
			cctx, cancel := context.WithTimeout(ctx, listTimeout)
			defer cancel()
			ts, err := list(cctx)
			return tenantsListedMsg{id: id, tenants: ts, err: err}
		}
	}
	return m.loadTenants()
}

// listCmd lists what the fleet shows: the login's tenants, or the projects on Server.
func (m *Model) listCmd() func(context.Context) ([]Tenant, error) {
	if m.cloud() {
		return m.src.Tenants
	}
	client := m.deps.Client
	return func(ctx context.Context) ([]Tenant, error) {
		resp, err := api.FleetProjectList(ctx, client)
		if err != nil {
			return nil, err
		}
		out := make([]Tenant, 0, len(resp.Project))
		for _, p := range resp.Project {
			out = append(out, Tenant{ID: p.Id, Name: p.Name})
		}
		return out, nil
	}
}

// loadTenants reads every tenant of the list, at most Concurrency at once: one command
// per tenant, each answering on its own so a slow or failing tenant holds back no other.
// On Server it reads every project in one request (projectsQuery).
func (m *Model) loadTenants() tea.Cmd {
	since, now := m.vars()
	if !m.cloud() {
		return m.loadProjectsCmd(since, now)
	}
	m.pending = len(m.tenants)
	if m.pending == 0 {
		return m.finish()
	}
	cmds := make([]tea.Cmd, 0, len(m.tenants))
	for _, t := range m.tenants {
		cmds = append(cmds, loadTenantCmd(m.loadCtx, m.src, m.sem, m.timeout, m.loadID, t, since, now))
	}
	return tea.Batch(cmds...)
}

// loadTenantCmd reads one tenant with its own client, once a slot of sem is free; its
// timeout starts then, so waiting for a slot does not eat into it.
func loadTenantCmd(ctx context.Context, src Source, sem chan struct{}, timeout time.Duration, id screen.RequestID, t Tenant, since, now time.Time) tea.Cmd {
	return func() tea.Msg {
		g := Group{ID: t.ID, Name: t.Name, Slug: t.Slug, Role: t.Role, Loaded: true}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			g.Err = ctx.Err()
			return tenantLoadedMsg{id: id, tenant: t.ID, group: g}
		}
		defer func() { <-sem }()
		cctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		var c graphql.Client
		c, g.Err = src.Client(cctx, t)
		if g.Err == nil {
			var resp *api.FleetTenantResponse
			resp, g.Err = api.FleetTenant(cctx, c, since, now, FailedStates, FailuresFetched)
			if g.Err == nil {
				g.Failed, g.Late, g.Running = resp.Failed.Aggregate.Count, resp.Late.Aggregate.Count, resp.Running.Aggregate.Count
				g.Failures = runs(resp.Failures)
				if len(resp.Oldest_late) > 0 {
					g.Oldest = runOf(resp.Oldest_late[0])
				}
			}
		}
		return tenantLoadedMsg{id: id, tenant: t.ID, group: g}
	}
}

// loadProjectsCmd reads every project in one request.
func (m *Model) loadProjectsCmd(since, now time.Time) tea.Cmd {
	if len(m.tenants) == 0 {
		m.groups = nil
		return m.finish()
	}
	projects := m.tenants
	query, err := projectsQuery(len(projects))
	vars := projectsVars(projects, since, now)
	m.lastQuery, m.lastVars = query, vars
	id, ctx, timeout, client := m.loadID, m.loadCtx, m.timeout, m.deps.Client
	return func() tea.Msg {
		if err != nil {
			return projectsLoadedMsg{id: id, err: err}
		}
		cctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		gs, err := loadProjects(cctx, client, projects, query, vars)
		return projectsLoadedMsg{id: id, groups: gs, err: err}
	}
}

func runs(rs []api.FleetRun) []Run {
	out := make([]Run, 0, len(rs))
	for _, r := range rs {
		out = append(out, runOf(r))
	}
	return out
}

func runOf(r api.FleetRun) Run {
	return Run{ID: r.Id, Name: r.Name, State: r.State, Message: r.State_message, Flow: r.Flow.Name,
		Project: r.Flow.Project.Name, StateTime: r.State_timestamp, Scheduled: r.Scheduled_start_time}
}

// switchCmd switches to t, then opens then (nil: the new session's home).
func (m *Model) switchCmd(t Tenant, then *screen.Route) tea.Cmd {
	m.switchID = screen.NewRequestID()
	m.switching, m.switchErr = t.Name, nil
	id, src, ctx := m.switchID, m.src, m.baseCtx()
	return func() tea.Msg {
		cctx, cancel := context.WithTimeout(ctx, switchTimeout)
		defer cancel()
		res, err := src.Switch(cctx, t)
		return switchedMsg{id: id, res: res, then: then, err: err}
	}
}
