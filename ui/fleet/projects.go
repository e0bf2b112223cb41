package fleet

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	gb "github.com/prefect-tui/prefect-tui/api/gqlbuild"
)

// projectsOp names the request of a load on Prefect Server.
const projectsOp = "FleetProjects"

// projectsQuery is the one request of a load on Prefect Server: for project i, aliases
// p<i>_failed, p<i>_late, p<i>_running (aggregates) and p<i>_failures, p<i>_oldest
// (rows) read what FleetTenant reads for a tenant, narrowed to the project's flows
// ($p<i> is the project's id). Its shape depends on how many projects there are, so it
// is built here rather than in queries.graphql. (Nesting the aggregates under project {
// flows { … } } instead, the project having no flow_runs relationship of its own, costs
// about ten times as much on 20,000 runs: one subquery per flow version.)
func projectsQuery(n int) (string, error) {
	op := gb.Query(projectsOp).
		Var("since", "timestamptz!").Var("now", "timestamptz!").
		Var("failedStates", "[String!]!").Var("failures", "Int!")
	row := []any{"id", "name", "state", "state_message", "state_timestamp", "scheduled_start_time",
		gb.Field("flow").Select("id", "name", gb.Field("project").Select("id", "name"))}
	count := gb.Field("aggregate").Select("count")
	for i := range n {
		p := "p" + strconv.Itoa(i)
		op.Var(p, "uuid!")
		where := func(more gb.Object) gb.Object {
			more["flow"] = gb.Object{"project_id": gb.Object{"_eq": gb.Var(p)}}
			return more
		}
		failed := func() gb.Object {
			return where(gb.Object{"state": gb.Object{"_in": gb.Var("failedStates")}, "state_timestamp": gb.Object{"_gte": gb.Var("since")}})
		}
		late := func() gb.Object {
			return where(gb.Object{"state": gb.Object{"_eq": "Scheduled"}, "scheduled_start_time": gb.Object{"_lt": gb.Var("now")}})
		}
		op.Select(
			gb.Field("flow_run_aggregate").As(p+"_failed").Arg("where", failed()).Select(count),
			gb.Field("flow_run_aggregate").As(p+"_late").Arg("where", late()).Select(count),
			gb.Field("flow_run_aggregate").As(p+"_running").Arg("where", where(gb.Object{"state": gb.Object{"_eq": "Running"}})).Select(count),
			gb.Field("flow_run").As(p+"_failures").
				Arg("where", failed()).
				Arg("order_by", []any{gb.Ordered{{Key: "state_timestamp", Value: gb.Enum("desc")}}, gb.Ordered{{Key: "id", Value: gb.Enum("asc")}}}).
				Arg("limit", gb.Var("failures")).
				Select(row...),
			gb.Field("flow_run").As(p+"_oldest").
				Arg("where", late()).
				Arg("order_by", []any{gb.Ordered{{Key: "scheduled_start_time", Value: gb.Enum("asc")}}, gb.Ordered{{Key: "id", Value: gb.Enum("asc")}}}).
				Arg("limit", 1).
				Select(row...),
		)
	}
	return op.Build()
}

// projectsVars are the variables of projectsQuery for these projects.
func projectsVars(projects []Tenant, since, now time.Time) map[string]any {
	vars := map[string]any{"since": since, "now": now, "failedStates": FailedStates, "failures": FailuresFetched}
	for i, p := range projects {
		vars["p"+strconv.Itoa(i)] = p.ID
	}
	return vars
}

// loadProjects sends projectsQuery and reads its answer into one group per project.
func loadProjects(ctx context.Context, c graphql.Client, projects []Tenant, query string, vars map[string]any) ([]Group, error) {
	res, err := api.Run(ctx, c, query, vars, projectsOp)
	if err != nil {
		return nil, err
	}
	if len(res.Errors) > 0 {
		return nil, res.Errors
	}
	var data map[string]json.RawMessage
	if err := json.Unmarshal(res.Data, &data); err != nil {
		return nil, fmt.Errorf("reading the projects' answer: %w", err)
	}
	type aggregate struct {
		Aggregate struct{ Count int } `json:"aggregate"`
	}
	out := make([]Group, 0, len(projects))
	for i, p := range projects {
		a := "p" + strconv.Itoa(i)
		g := Group{ID: p.ID, Name: p.Name, Loaded: true}
		var failed, late, running aggregate
		var failures, oldest []api.FleetRun
		for _, f := range []struct {
			alias string
			into  any
		}{{"_failed", &failed}, {"_late", &late}, {"_running", &running}, {"_failures", &failures}, {"_oldest", &oldest}} {
			if err := json.Unmarshal(data[a+f.alias], f.into); err != nil {
				return nil, fmt.Errorf("reading %s%s: %w", a, f.alias, err)
			}
		}
		g.Failed, g.Late, g.Running = failed.Aggregate.Count, late.Aggregate.Count, running.Aggregate.Count
		g.Failures = runs(failures)
		if len(oldest) > 0 {
			g.Oldest = runOf(oldest[0])
		}
		out = append(out, g)
	}
	return out, nil
}
