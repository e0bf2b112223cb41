package api

import (
	"context"
	"encoding/json"
	"time"

	"github.com/Khan/genqlient/graphql"
)

// FlowRunFilter selects flow runs; the zero value selects every run.
type FlowRunFilter struct {
	// Flow is a flow's name (exact): the runs of every version of it.
	Flow string
	// Project is a project's name (exact).
	Project string
	// States are state names ("Failed", "Running"): a run in any of them matches.
	States []string
	// Labels: a run matches when it has every one of them.
	Labels []string
	// Since keeps the runs scheduled to start at or after it (zero: no bound), as the
	// explorer's since: filter does.
	Since time.Time
}

// Exp is the filter as a flow_run_bool_exp.
func (f FlowRunFilter) Exp() Exp {
	var parts []Exp
	if f.Flow != "" {
		parts = append(parts, Exp{"flow": Exp{"name": Exp{"_eq": f.Flow}}})
	}
	if f.Project != "" {
		parts = append(parts, Exp{"flow": Exp{"project": Exp{"name": Exp{"_eq": f.Project}}}})
	}
	if len(f.States) > 0 {
		parts = append(parts, Exp{"state": Exp{"_in": f.States}})
	}
	if len(f.Labels) > 0 {
		parts = append(parts, Exp{"labels": Exp{"_contains": f.Labels}})
	}
	if !f.Since.IsZero() {
		parts = append(parts, Exp{"scheduled_start_time": Exp{"_gte": Timestamp(f.Since)}})
	}
	return And(parts...)
}

var flowRunOrder = []orderKey{{"scheduled_start_time", true}, {"id", true}}

// FindFlowRuns returns up to limit flow runs that match f (limit <= 0: all), the
// latest scheduled first, reading PageSize runs a request (GetFlowRuns).
func FindFlowRuns(ctx context.Context, c graphql.Client, f FlowRunFilter, limit int) ([]FlowRunSummary, error) {
	return pages(ctx, f.Exp(), limit,
		func(ctx context.Context, where json.RawMessage, n int) ([]FlowRunSummary, error) {
			resp, err := GetFlowRuns(ctx, c, where, n)
			if err != nil {
				return nil, err
			}
			return resp.Flow_run, nil
		},
		func(r *FlowRunSummary) Exp { return after(flowRunOrder, Timestamp(r.Scheduled_start_time), r.Id) })
}

// FlowFilter selects flows; the zero value selects the current version of every flow.
type FlowFilter struct {
	// Name is a flow's name (exact).
	Name string
	// Project is a project's name (exact).
	Project string
	// AllVersions includes the archived versions (registering a new version archives
	// the previous one).
	AllVersions bool
}

// Exp is the filter as a flow_bool_exp.
func (f FlowFilter) Exp() Exp {
	var parts []Exp
	if f.Name != "" {
		parts = append(parts, Exp{"name": Exp{"_eq": f.Name}})
	}
	if f.Project != "" {
		parts = append(parts, Exp{"project": Exp{"name": Exp{"_eq": f.Project}}})
	}
	if !f.AllVersions {
		parts = append(parts, Exp{"archived": Exp{"_eq": false}})
	}
	return And(parts...)
}

var flowOrder = []orderKey{{"name", false}, {"created", true}, {"id", false}}

// FindFlows returns up to limit flows that match f (limit <= 0: all) by name, the
// newest version first (GetFlows).
func FindFlows(ctx context.Context, c graphql.Client, f FlowFilter, limit int) ([]FlowSummary, error) {
	return pages(ctx, f.Exp(), limit,
		func(ctx context.Context, where json.RawMessage, n int) ([]FlowSummary, error) {
			resp, err := GetFlows(ctx, c, where, n)
			if err != nil {
				return nil, err
			}
			return resp.Flow, nil
		},
		func(r *FlowSummary) Exp { return after(flowOrder, r.Name, Timestamp(r.Created), r.Id) })
}

// Agent is an agent as FindAgents returns it.
type Agent = GetAgentsAgent

var agentOrder = []orderKey{{"created", true}, {"id", true}}

// FindAgents returns up to limit agents (limit <= 0: all), the newest first, each with
// the number of flow runs it is running (GetAgents).
func FindAgents(ctx context.Context, c graphql.Client, limit int) ([]Agent, error) {
	return pages(ctx, nil, limit,
		func(ctx context.Context, where json.RawMessage, n int) ([]Agent, error) {
			resp, err := GetAgents(ctx, c, where, n)
			if err != nil {
				return nil, err
			}
			return resp.Agent, nil
		},
		func(r *Agent) Exp { return after(agentOrder, Timestamp(r.Created), r.Id) })
}

// Project is a project as FindProjects returns it.
type Project = GetProjectsProject

var projectOrder = []orderKey{{"name", false}, {"id", false}}

// FindProjects returns up to limit projects (limit <= 0: all) by name, each with the
// number of its current flows (GetProjects).
func FindProjects(ctx context.Context, c graphql.Client, limit int) ([]Project, error) {
	return pages(ctx, nil, limit,
		func(ctx context.Context, where json.RawMessage, n int) ([]Project, error) {
			resp, err := GetProjects(ctx, c, where, n)
			if err != nil {
				return nil, err
			}
			return resp.Project, nil
		},
		func(r *Project) Exp { return after(projectOrder, r.Name, r.Id) })
}
