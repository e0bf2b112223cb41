package fleet

import (
	"context"
	"io"
	"log"
	"testing"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/servertest"
)

// nestedProjects is the per-project read the fleet does not send: the aggregates nested
// under project { flows { … } } (one subquery per flow version), kept to measure the
// aliased request against.
const nestedProjects = `query($since: timestamptz!, $now: timestamptz!, $failedStates: [String!]!, $failures: Int!) {
  project(order_by: [{name: asc}, {id: asc}]) { id name flows {
    failed: flow_runs_aggregate(where: {state: {_in: $failedStates}, state_timestamp: {_gte: $since}}) { aggregate { count } }
    late: flow_runs_aggregate(where: {state: {_eq: "Scheduled"}, scheduled_start_time: {_lt: $now}}) { aggregate { count } }
    running: flow_runs_aggregate(where: {state: {_eq: "Running"}}) { aggregate { count } }
    failures: flow_runs(where: {state: {_in: $failedStates}, state_timestamp: {_gte: $since}}, order_by: [{state_timestamp: desc}, {id: asc}], limit: $failures) { id name state state_message state_timestamp scheduled_start_time flow { id name project { id name } } }
    oldest_late: flow_runs(where: {state: {_eq: "Scheduled"}, scheduled_start_time: {_lt: $now}}, order_by: [{scheduled_start_time: asc}, {id: asc}], limit: 1) { id }
  } }
}`

// BenchmarkFleetRequests times the fleet's one request per load as the screen sends it
// (30-day window), over HTTP against the embedded server with 20,000 flow runs: on
// Prefect Server the aliased request for every project (and, for comparison, the nested
// form it replaced), on Prefect Cloud FleetTenant (sent once per tenant).
func BenchmarkFleetRequests(b *testing.B) {
	now := servertest.Now
	_, url := servertest.Shared(b, seed.DemoOptions{Now: now, Runs: 20_000, Seed: 1})
	c := api.NewClient(api.ClientOptions{Endpoint: url + "/graphql", Log: log.New(io.Discard, "", 0)})
	ctx := context.Background()
	since := now.Add(-Window30d.Duration())
	m := New(benchDeps(c), nil)
	projects, err := m.listCmd()(ctx)
	if err != nil || len(projects) == 0 {
		b.Fatalf("projects %v: %v", projects, err)
	}
	query, err := projectsQuery(len(projects))
	if err != nil {
		b.Fatal(err)
	}
	vars := projectsVars(projects, since, now)
	for _, bc := range []struct {
		name string
		run  func() error
	}{
		{"ServerProjects", func() error { _, err := loadProjects(ctx, c, projects, query, vars); return err }},
		{"ServerProjectsNested", func() error {
			res, err := api.Run(ctx, c, nestedProjects, vars, "")
			if err == nil && len(res.Errors) > 0 {
				err = res.Errors
			}
			return err
		}},
		{"CloudTenant", func() error {
			_, err := api.FleetTenant(ctx, c, since, now, FailedStates, FailuresFetched)
			return err
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			if err := bc.run(); err != nil { // warm the page cache
				b.Fatal(err)
			}
			b.ResetTimer()
			for range b.N {
				if err := bc.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
