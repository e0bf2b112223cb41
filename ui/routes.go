package ui

import (
	"github.com/prefect-tui/prefect-tui/ui/actions"
	"github.com/prefect-tui/prefect-tui/ui/components/tabs"
	"github.com/prefect-tui/prefect-tui/ui/flows"
	"github.com/prefect-tui/prefect-tui/ui/logs"
	"github.com/prefect-tui/prefect-tui/ui/open"
	"github.com/prefect-tui/prefect-tui/ui/queryeditor"
	"github.com/prefect-tui/prefect-tui/ui/run"
	"github.com/prefect-tui/prefect-tui/ui/runs"
	"github.com/prefect-tui/prefect-tui/ui/schematic"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/taskrun"
	"github.com/prefect-tui/prefect-tui/ui/taskruns"
	"github.com/prefect-tui/prefect-tui/ui/timeline"
)

// DefaultRoutes is the route table: which package builds each screen, and what plugs
// into it (actions, tabs). Screen packages never import ui or each other (a test in
// this package checks it); the root wires them here. Options.Routes adds to or overrides it (the CLI
// wires the screens that need more than Deps, e.g. the tenant picker and tokens).
func DefaultRoutes() map[screen.RouteKind]RouteFunc {
	return map[screen.RouteKind]RouteFunc{
		screen.RouteFlows: func(d screen.Deps, r screen.Route) (screen.Screen, error) {
			return flows.New(d, r, flows.Options{Actions: actions.NewFlows(d)}), nil
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
	}
}
