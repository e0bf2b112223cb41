package fleet

import (
	"context"
	"sort"
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

// refreshTickMsg starts the next refresh if id is still the latest timer.
type refreshTickMsg struct{ id screen.RequestID }

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

// LastQuery implements screen.QuerySource: the request of one tenant (Cloud) or of the
// whole tenant (Server).
func (m *Model) LastQuery() (string, map[string]any) {
	if m.cloud() {
		return api.FleetTenant_Operation, m.lastVars
	}
	return api.FleetProjects_Operation, m.lastVars
}

// COMMANDS

// load starts a load: every tenant again (relist: the tenants are listed first), or
// the projects on Server. A load that starts drops every answer of the one before.
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
	id, timeout := m.loadID, m.timeout
	if !m.cloud() {
		client := m.deps.Client
		return func() tea.Msg {
			cctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			resp, err := api.FleetProjects(cctx, client, since, now, FailedStates, FailuresFetched)
			if err != nil {
				return projectsLoadedMsg{id: id, err: err}
			}
			return projectsLoadedMsg{id: id, groups: fromProjects(resp)}
		}
	}
	if relist || m.tenants == nil {
		src := m.src
		return func() tea.Msg {
			cctx, cancel := context.WithTimeout(ctx, listTimeout)
			defer cancel()
			ts, err := src.Tenants(cctx)
			return tenantsListedMsg{id: id, tenants: ts, err: err}
		}
	}
	return m.loadTenants()
}

// loadTenants reads every tenant of the list, at most Concurrency at once: one command
// per tenant, each answering on its own so a slow or failing tenant holds back no other.
func (m *Model) loadTenants() tea.Cmd {
	m.pending = len(m.tenants)
	if m.pending == 0 {
		return m.finish()
	}
	since, now := m.vars()
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

// fromProjects sums each project's flows (every version) into one group: counts added,
// failures merged newest first, the longest-late run of all.
func fromProjects(resp *api.FleetProjectsResponse) []Group {
	out := make([]Group, 0, len(resp.Project))
	for _, p := range resp.Project {
		g := Group{ID: p.Id, Name: p.Name, Loaded: true}
		for _, f := range p.Flows {
			g.Failed += f.Failed.Aggregate.Count
			g.Late += f.Late.Aggregate.Count
			g.Running += f.Running.Aggregate.Count
			g.Failures = append(g.Failures, runs(f.Failures)...)
			if len(f.Oldest_late) > 0 {
				r := runOf(f.Oldest_late[0])
				if g.Oldest.ID == "" || r.Scheduled.Before(g.Oldest.Scheduled) ||
					(r.Scheduled.Equal(g.Oldest.Scheduled) && r.ID < g.Oldest.ID) {
					g.Oldest = r
				}
			}
		}
		sort.Slice(g.Failures, func(i, j int) bool {
			a, b := g.Failures[i], g.Failures[j]
			if !a.StateTime.Equal(b.StateTime) {
				return a.StateTime.After(b.StateTime)
			}
			return a.ID < b.ID
		})
		if len(g.Failures) > FailuresFetched {
			g.Failures = g.Failures[:FailuresFetched]
		}
		out = append(out, g)
	}
	return out
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

// scheduleRefresh starts the timer of the next refresh: sooner after a change.
func (m *Model) scheduleRefresh(changed bool) tea.Cmd {
	m.tickID = screen.NewRequestID()
	id := m.tickID
	return tea.Tick(m.backoff.Next(changed), func(time.Time) tea.Msg { return refreshTickMsg{id: id} })
}
