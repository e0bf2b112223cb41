package ui

import (
	"errors"

	"github.com/prefect-tui/prefect-tui/api/auth"
	"github.com/prefect-tui/prefect-tui/ui/actions"
	"github.com/prefect-tui/prefect-tui/ui/agents"
	"github.com/prefect-tui/prefect-tui/ui/components/tabs"
	"github.com/prefect-tui/prefect-tui/ui/fleet"
	"github.com/prefect-tui/prefect-tui/ui/flow"
	"github.com/prefect-tui/prefect-tui/ui/flows"
	"github.com/prefect-tui/prefect-tui/ui/login"
	"github.com/prefect-tui/prefect-tui/ui/logs"
	"github.com/prefect-tui/prefect-tui/ui/open"
	"github.com/prefect-tui/prefect-tui/ui/overview"
	"github.com/prefect-tui/prefect-tui/ui/queryeditor"
	"github.com/prefect-tui/prefect-tui/ui/run"
	"github.com/prefect-tui/prefect-tui/ui/runs"
	"github.com/prefect-tui/prefect-tui/ui/schematic"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/taskrun"
	"github.com/prefect-tui/prefect-tui/ui/taskruns"
	"github.com/prefect-tui/prefect-tui/ui/tenantpicker"
	"github.com/prefect-tui/prefect-tui/ui/timeline"
	"github.com/prefect-tui/prefect-tui/ui/tokens"
)

// routeTable is the explorer's route table: DefaultRoutes, the account's screens when
// there is an account (Prefect Cloud), then opts.Routes over them.
func routeTable(opts Options) map[screen.RouteKind]RouteFunc {
	routes := DefaultRoutes()
	if opts.Account != nil {
		for k, f := range accountRoutes(opts.Account) {
			routes[k] = f
		}
	}
	for k, f := range opts.Routes {
		routes[k] = f
	}
	return routes
}

// DefaultRoutes is the route table of the screens that need only Deps: which package
// builds each screen, and what plugs into it (actions, tabs). Screen packages never
// import ui or each other (layout_test.go checks it); the root wires them here.
func DefaultRoutes() map[screen.RouteKind]RouteFunc {
	return map[screen.RouteKind]RouteFunc{
		screen.RouteOverview: func(d screen.Deps, r screen.Route) (screen.Screen, error) {
			return overview.New(d, r, overview.Options{Actions: actions.NewOverview(d)}), nil
		},
		screen.RouteFlows: func(d screen.Deps, r screen.Route) (screen.Screen, error) {
			return flows.New(d, r, flows.Options{Actions: actions.NewFlows(d)}), nil
		},
		screen.RouteFlow: func(d screen.Deps, r screen.Route) (screen.Screen, error) {
			return flow.New(d, r, flow.Options{Actions: actions.NewFlows(d)}), nil
		},
		screen.RouteRuns: func(d screen.Deps, r screen.Route) (screen.Screen, error) {
			return runs.New(d, r, runs.Options{Actions: actions.NewRunsList(d)}), nil
		},
		screen.RouteRun: func(d screen.Deps, r screen.Route) (screen.Screen, error) {
			return run.New(d, r, run.Options{
				Tabs:    []tabs.Factory{timeline.NewTab, taskruns.NewTab, logs.NewTab, schematic.NewTab},
				Actions: actions.NewRunPage(d),
			}), nil
		},
		screen.RouteTaskRun: func(d screen.Deps, r screen.Route) (screen.Screen, error) {
			return taskrun.New(d, r, taskrun.Options{
				Tabs:    []tabs.Factory{taskruns.NewMappedTab, logs.NewTaskRunTab},
				Actions: actions.NewTaskRunPage(d),
			}), nil
		},
		screen.RouteLogs: logs.Open,
		screen.RouteQuery: func(d screen.Deps, r screen.Route) (screen.Screen, error) {
			return queryeditor.New(d, r), nil
		},
		screen.RouteOpen: func(d screen.Deps, r screen.Route) (screen.Screen, error) {
			return open.New(d, r), nil
		},
		// Prefect Server: the projects of the one tenant (accountRoutes: the tenants).
		screen.RouteFleet: func(d screen.Deps, _ screen.Route) (screen.Screen, error) {
			return fleet.New(d, nil), nil
		},
		screen.RouteAgents: func(d screen.Deps, r screen.Route) (screen.Screen, error) {
			return agents.New(d, r, agents.Options{Actions: actions.NewAgents(d)}), nil
		},
	}
}

// accountRoutes are the screens that show or change the login (Prefect Cloud): the
// tenant picker, the API tokens screen, the login screen, which replaces the login, and
// the fleet of every tenant of the login.
func accountRoutes(acct auth.Account) map[screen.RouteKind]RouteFunc {
	return map[screen.RouteKind]RouteFunc{
		screen.RouteTenants: func(d screen.Deps, _ screen.Route) (screen.Screen, error) {
			if !acct.LoggedIn() {
				return nil, errors.New("not logged in: no tenants to choose from")
			}
			return tenantpicker.New(d, pickerSource{acct, d.Session}), nil
		},
		screen.RouteTokens: func(d screen.Deps, _ screen.Route) (screen.Screen, error) {
			if !acct.LoggedIn() {
				return nil, errors.New("not logged in: no API tokens to show")
			}
			return tokens.New(d), nil
		},
		screen.RouteLogin: func(d screen.Deps, _ screen.Route) (screen.Screen, error) {
			return login.New(d, loginSource{acct, d.Session}, acct.StoreNote(), acct.Keeps()...), nil
		},
		screen.RouteFleet: func(d screen.Deps, _ screen.Route) (screen.Screen, error) {
			if !acct.LoggedIn() {
				return nil, errors.New("not logged in: no tenants to show")
			}
			return fleet.New(d, fleetSource{acct, d.Session}), nil
		},
	}
}
