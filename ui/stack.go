package ui

import (
	"context"
	"fmt"
	"maps"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// routeNames name the routes in messages and the command line.
var routeNames = map[screen.RouteKind]string{
	screen.RouteFlows: "flows", screen.RouteRuns: "runs", screen.RouteRun: "run",
	screen.RouteTaskRun: "task run", screen.RouteLogs: "logs", screen.RouteQuery: "query",
	screen.RouteTenants: "tenants", screen.RouteTokens: "tokens", screen.RouteOpen: "open",
	screen.RouteLogin: "login", screen.RouteFleet: "fleet", screen.RouteAgents: "agents", screen.RouteOverview: "overview",
	screen.RouteFlow: "flow",
}

func (a *App) top() *entry {
	if len(a.stack) == 0 {
		return nil
	}
	return &a.stack[len(a.stack)-1]
}

// deps are the dependencies of a new screen, with its own cancellable context.
func (a *App) deps(ctx context.Context) screen.Deps {
	return screen.Deps{
		Ctx: ctx, Client: a.client, Styles: a.styles, Log: a.opts.Log, Now: a.opts.Now,
		Session: a.session, ReadOnly: a.readOnly(), ExportDir: a.opts.ExportDir,
	}
}

// build makes the screen of a route with a fresh context; the caller pushes it.
func (a *App) build(r screen.Route) (screen.Screen, context.CancelFunc, error) {
	f, ok := a.routes[r.Kind]
	if !ok {
		name := routeNames[r.Kind]
		if name == "" {
			name = fmt.Sprintf("route %d", r.Kind)
		}
		switch r.Kind {
		case screen.RouteTenants, screen.RouteTokens, screen.RouteLogin:
			if a.session.Backend != "cloud" {
				// Not a missing feature: Prefect Server has no logins, tenants to
				// switch or API tokens.
				return nil, nil, fmt.Errorf("%s: a Prefect Cloud feature; this is Prefect Server (--backend cloud to use Cloud)", name)
			}
		}
		return nil, nil, fmt.Errorf("no %s screen in this build", name)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s, err := f(a.deps(ctx), r)
	if err != nil {
		cancel()
		return nil, nil, err
	}
	if s == nil {
		cancel()
		return nil, nil, fmt.Errorf("no %s screen", routeNames[r.Kind])
	}
	return s, cancel, nil
}

// pushRoute builds and pushes a route without running Init (New uses it).
func (a *App) pushRoute(r screen.Route) error {
	s, cancel, err := a.build(r)
	if err != nil {
		return err
	}
	a.stack = append(a.stack, entry{s: s, cancel: cancel, route: r})
	a.layout()
	return nil
}

// open handles OpenMsg: go back to the same route if it is on the stack, else build and
// push it.
func (a *App) open(r screen.Route) tea.Cmd {
	for i, e := range a.stack {
		if sameRoute(e.route, r) {
			var cmds []tea.Cmd
			for len(a.stack) > i+1 {
				cmds = append(cmds, a.pop())
			}
			return tea.Batch(cmds...)
		}
	}
	s, cancel, err := a.build(r)
	if err != nil {
		return a.setStatus(screen.LevelError, err.Error())
	}
	a.stack = append(a.stack, entry{s: s, cancel: cancel, route: r})
	a.layout()
	return s.Init()
}

// sameRoute is true for plain routes (no id, params or query) of the same kind: `:flows`
// goes back to the flows screen instead of stacking another. It is also true for the
// same entity: `u` (open flow run) on a task run reached from its flow run goes back
// to that run page instead of stacking a second one.
func sameRoute(a, b screen.Route) bool {
	plain := func(r screen.Route) bool {
		return r.ID == "" && len(r.Params) == 0 && r.Query == "" && len(r.Variables) == 0
	}
	if a.Kind != b.Kind {
		return false
	}
	if a.ID != "" && a.ID == b.ID && maps.Equal(a.Params, b.Params) && a.Query == "" && b.Query == "" {
		return true
	}
	return plain(a) && plain(b)
}

// push handles PushMsg: an already-built screen. It gets no context of its own from
// the root (it was built by another screen with that screen's Deps); popping it still
// calls Close when implemented.
func (a *App) push(s screen.Screen, r screen.Route) tea.Cmd {
	if s == nil {
		return nil
	}
	a.stack = append(a.stack, entry{s: s, cancel: func() {}, route: r})
	a.layout()
	return s.Init()
}

// pop removes the top screen (never the last one), cancels its context and re-inits
// the screen below (Init runs on the new top, so it reloads what it shows).
func (a *App) pop() tea.Cmd {
	if len(a.stack) <= 1 {
		return nil
	}
	a.closeEntry(a.top())
	a.stack = a.stack[:len(a.stack)-1]
	a.layout()
	return a.top().s.Init()
}

func (a *App) closeEntry(e *entry) {
	if e.cancel != nil {
		e.cancel()
	}
	if c, ok := e.s.(screen.Closer); ok {
		c.Close()
	}
}

// switchSession handles SessionChangedMsg: cancel everything, new epoch, and a new
// stack on the home screen for the new tenant.
func (a *App) switchSession(msg screen.SessionChangedMsg) tea.Cmd {
	for i := range a.stack {
		a.closeEntry(&a.stack[i])
	}
	a.stack = nil
	a.epoch++
	a.session = msg.Session
	if msg.Client != nil {
		a.client = msg.Client
		a.watchClient()
	}
	a.resetConn()
	home := a.opts.Start
	if home.Kind == screen.RouteTenants || home.Kind == screen.RouteLogin {
		home = screen.Route{Kind: screen.RouteOverview}
	}
	cmds := []tea.Cmd{a.checkConnCmd(false), a.learnRoleCmd()}
	if err := a.pushRoute(home); err != nil {
		cmds = append(cmds, a.setStatus(screen.LevelError, err.Error()))
	} else {
		cmds = append(cmds, a.top().s.Init())
	}
	name := a.session.TenantName
	if name == "" {
		name = a.session.TenantSlug
	}
	if name != "" {
		cmds = append(cmds, a.setStatus(screen.LevelInfo, "switched to "+name))
	}
	return tea.Batch(cmds...)
}

func matches(k tea.KeyPressMsg, b key.Binding) bool { return key.Matches(k, b) }
