package engine_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// order returns the short names of flow_run ids answered for an order_by/paging.
func (fx *fixture) order(t *testing.T, args string) string {
	t.Helper()
	var out struct {
		FlowRun []struct{ ID string } `json:"flow_run"`
	}
	if err := json.Unmarshal([]byte(fx.data(t, `{ flow_run(`+args+`) { id } }`, nil)), &out); err != nil {
		t.Fatal(err)
	}
	var s []string
	for _, r := range out.FlowRun {
		s = append(s, names[r.ID])
	}
	return strings.Join(s, " ")
}

func TestOrderLimitDistinct(t *testing.T) {
	fx := newFixture(t)
	cases := []struct{ args, want string }{
		{`order_by: {name: asc}`, "R2 R1 R5 R3 R6 R4"},
		{`order_by: {name: asc_nulls_last}`, "R2 R1 R5 R3 R6 R4"},
		{`order_by: {name: asc_nulls_first}`, "R4 R2 R1 R5 R3 R6"},
		{`order_by: {name: desc}`, "R4 R6 R3 R5 R1 R2"},
		{`order_by: {name: desc_nulls_first}`, "R4 R6 R3 R5 R1 R2"},
		{`order_by: {name: desc_nulls_last}`, "R6 R3 R5 R1 R2 R4"},
		{`order_by: [{end_time: asc}, {id: asc}]`, "R1 R2 R5 R3 R4 R6"},
		{`order_by: [{end_time: desc}, {id: desc}]`, "R6 R4 R3 R5 R2 R1"},
		{`order_by: {scheduled_start_time: desc}`, "R5 R4 R3 R2 R6 R1"},
		{`order_by: {state: asc, version: desc}`, "R5 R2 R3 R4 R1 R6"},
		{`order_by: [{version: desc}, {id: asc}]`, "R5 R2 R1 R3 R6 R4"},
		{`order_by: [{auto_scheduled: desc}, {id: asc}]`, "R1 R2 R3 R4 R5 R6"},
		{`order_by: [{flow: {name: asc}}, {id: asc}]`, "R3 R5 R1 R2 R4 R6"},
		{`order_by: [{flow: {project: {name: desc}}}, {id: asc}]`, "R3 R5 R6 R1 R2 R4"},
		{`order_by: [{task_runs_aggregate: {count: desc}}, {id: asc}]`, "R1 R2 R6 R3 R4 R5"},
		{`order_by: [{task_runs_aggregate: {count: asc}}, {id: desc}]`, "R5 R4 R3 R6 R2 R1"},
		{`order_by: [{task_runs_aggregate: {max: {version: desc}}}, {id: asc}]`, "R3 R4 R5 R2 R1 R6"},
		{`order_by: [{logs_aggregate: {min: {timestamp: asc}}}, {id: asc}]`, "R1 R2 R3 R4 R5 R6"},
		{`order_by: {scheduled_start_time: asc}, limit: 2, offset: 1`, "R6 R2"},
		{`order_by: {scheduled_start_time: asc}, offset: 4`, "R4 R5"},
		{`order_by: {scheduled_start_time: asc}, limit: 0`, ""},
		{`distinct_on: flow_id, order_by: [{flow_id: asc}, {scheduled_start_time: desc}]`, "R4 R5 R6"},
		{`distinct_on: [state], order_by: [{state: asc}, {version: asc}]`, "R2 R3 R4 R6"},
		{`distinct_on: [flow_id], order_by: [{flow_id: asc}, {scheduled_start_time: asc}], limit: 1, offset: 1`, "R3"},
	}
	for _, c := range cases {
		if got := fx.order(t, c.args); got != c.want {
			t.Errorf("flow_run(%s) = %q, want %q", c.args, got, c.want)
		}
	}
}

func TestShapesAndRelationships(t *testing.T) {
	fx := newFixture(t)
	check := func(query, want string) {
		t.Helper()
		if got := fx.data(t, query, nil); got != want {
			t.Errorf("%s\n got: %s\nwant: %s", query, got, want)
		}
	}
	check(`{ flow_run_by_pk(id: "`+R3+`") { id auto_scheduled version end_time start_time labels parameters name agent_id } }`,
		`{"flow_run_by_pk":{"id":"`+R3+`","auto_scheduled":false,"version":2,"end_time":null,"start_time":"2026-01-03T10:00:02.000000+00:00","labels":[],"parameters":null,"name":"gamma_run","agent_id":null}}`)
	check(`{ flow_run_by_pk(id: "`+R1+`") { auto_scheduled a: parameters(path: "$.nested.a") x: parameters(path: "x") l: labels(path: "[0]") none: parameters(path: "$.nope") parameters } }`,
		`{"flow_run_by_pk":{"auto_scheduled":true,"a":"b","x":1,"l":"prod","none":null,"parameters":{"x":1,"nested":{"a":"b"}}}}`)
	check(`{ flow_run_by_pk(id: "00000000-0000-0000-0000-000000000000") { id } }`, `{"flow_run_by_pk":null}`)
	check(`{ flow_run(where: {id: {_eq: "00000000-0000-0000-0000-000000000000"}}) { id } }`, `{"flow_run":[]}`)
	// object relationships, array relationships with arguments, nested aggregates
	check(`{ flow_by_pk(id: "`+F2+`") { name project { name tenant { slug } } flow_group { labels }
		flow_runs(order_by: {scheduled_start_time: asc}, limit: 2, where: {state: {_neq: "Scheduled"}}) { name state }
		failed: flow_runs_aggregate(where: {state: {_eq: "Failed"}}) { aggregate { count } }
		tasks(order_by: {name: asc}) { name upstream_edges { upstream_task { name } } downstream_edges_aggregate { aggregate { count } } } } }`,
		`{"flow_by_pk":{"name":"etl","project":{"name":"Alpha","tenant":{"slug":"acme"}},"flow_group":{"labels":["prod"]},`+
			`"flow_runs":[{"name":"alpha-run","state":"Success"},{"name":"Beta-run","state":"Failed"}],`+
			`"failed":{"aggregate":{"count":1}},`+
			`"tasks":[{"name":"extract","upstream_edges":[],"downstream_edges_aggregate":{"aggregate":{"count":2}}},`+
			`{"name":"load","upstream_edges":[{"upstream_task":{"name":"transform"}},{"upstream_task":{"name":"extract"}}],"downstream_edges_aggregate":{"aggregate":{"count":0}}},`+
			`{"name":"transform","upstream_edges":[{"upstream_task":{"name":"extract"}}],"downstream_edges_aggregate":{"aggregate":{"count":1}}}]}}`)
	// the child side back to the parent
	check(`{ task_run(where: {flow_run_id: {_eq: "`+R2+`"}}, order_by: {task: {name: asc}}) { state task { name } flow_run { name flow { name } } } }`,
		`{"task_run":[{"state":"Success","task":{"name":"extract"},"flow_run":{"name":"Beta-run","flow":{"name":"etl"}}},`+
			`{"state":"TriggerFailed","task":{"name":"load"},"flow_run":{"name":"Beta-run","flow":{"name":"etl"}}},`+
			`{"state":"Failed","task":{"name":"transform"},"flow_run":{"name":"Beta-run","flow":{"name":"etl"}}}]}`)
	// no log_by_pk; log has no relationships; root log list
	check(`{ log(where: {flow_run_id: {_eq: "`+R1+`"}}, order_by: {timestamp: desc}) { level message timestamp } }`,
		`{"log":[{"level":"ERROR","message":"boom","timestamp":"2026-01-01T10:00:07.000000+00:00"},{"level":"INFO","message":"hello","timestamp":"2026-01-01T10:00:06.000000+00:00"}]}`)
}

func TestAggregates(t *testing.T) {
	fx := newFixture(t)
	w := `where: {id: {_in: ["` + R1 + `", "` + R3 + `", "` + R4 + `"]}}`
	got := fx.data(t, `{ flow_run_aggregate(`+w+`) { aggregate { count names: count(columns: name) states: count(columns: [state], distinct: true)
		sum { version } avg { version } max { version scheduled_start_time name } min { version name }
		stddev { version } stddev_pop { version } stddev_samp { version } var_pop { version } var_samp { version } variance { version } } } }`, nil)
	want := `{"flow_run_aggregate":{"aggregate":{"count":3,"names":2,"states":3,"sum":{"version":6},"avg":{"version":2.0},` +
		`"max":{"version":3,"scheduled_start_time":"2026-01-04T10:00:00.000000+00:00","name":"gamma_run"},"min":{"version":1,"name":"alpha-run"},` +
		`"stddev":{"version":1.0},"stddev_pop":{"version":0.81649658092772603},"stddev_samp":{"version":1.0},` +
		`"var_pop":{"version":0.66666666666666663},"var_samp":{"version":1.0},"variance":{"version":1.0}}}}`
	if got != want {
		t.Errorf("aggregates\n got: %s\nwant: %s", got, want)
	}
	got = fx.data(t, `{ all: flow_run_aggregate { aggregate { count flows: count(columns: flow_id, distinct: true) states: count(columns: state, distinct: true) multi: count(columns: [flow_id, state], distinct: true) } }
		page: flow_run_aggregate(order_by: {scheduled_start_time: asc}, limit: 2, offset: 1) { aggregate { count max { scheduled_start_time } } nodes { name } }
		none: flow_run_aggregate(where: {state: {_eq: "Nope"}}) { aggregate { count sum { version } avg { version } stddev { version } } nodes { id } }
		d: flow_run_aggregate(distinct_on: flow_id, order_by: [{flow_id: asc}, {version: desc}]) { aggregate { sum { version } } } }`, nil)
	want = `{"all":{"aggregate":{"count":6,"flows":3,"states":4,"multi":6}},` +
		`"page":{"aggregate":{"count":2,"max":{"scheduled_start_time":"2026-01-02T10:00:00.000000+00:00"}},"nodes":[{"name":"other-run"},{"name":"Beta-run"}]},` +
		`"none":{"aggregate":{"count":0,"sum":{"version":null},"avg":{"version":null},"stddev":{"version":null}},"nodes":[]},` +
		`"d":{"aggregate":{"sum":{"version":11}}}}`
	if got != want {
		t.Errorf("aggregates\n got: %s\nwant: %s", got, want)
	}
}

func TestUtilityTraversal(t *testing.T) {
	fx := newFixture(t)
	check := func(query, want string) {
		t.Helper()
		if got := fx.data(t, query, nil); got != want {
			t.Errorf("%s\n got: %s\nwant: %s", query, got, want)
		}
	}
	check(`{ utility_downstream_tasks(args: {start_task_ids: "{`+K1+`}"}, order_by: {depth: asc}) { depth tenant_id task { name } } }`,
		`{"utility_downstream_tasks":[{"depth":0,"tenant_id":"`+T1+`","task":{"name":"extract"}},{"depth":1,"tenant_id":"`+T1+`","task":{"name":"transform"}},{"depth":2,"tenant_id":"`+T1+`","task":{"name":"load"}}]}`)
	check(`{ utility_downstream_tasks(args: {start_task_ids: "{`+K1+`}", depth_limit: 1}, order_by: [{depth: asc}, {task: {name: asc}}]) { depth task { name } } }`,
		`{"utility_downstream_tasks":[{"depth":0,"task":{"name":"extract"}},{"depth":1,"task":{"name":"load"}},{"depth":1,"task":{"name":"transform"}}]}`)
	check(`{ utility_upstream_tasks(args: {start_task_ids: "{`+K3+`, `+K4+`}"}, where: {depth: {_gt: 0}}, order_by: {depth: desc}) { depth task_id } }`,
		`{"utility_upstream_tasks":[{"depth":2,"task_id":"`+K1+`"},{"depth":1,"task_id":"`+K2+`"}]}`)
	check(`{ utility_downstream_tasks_aggregate(args: {start_task_ids: "{`+K2+`}"}) { aggregate { count max { depth } } } }`,
		`{"utility_downstream_tasks_aggregate":{"aggregate":{"count":2,"max":{"depth":1}}}}`)
	check(`query($ids: _uuid) { utility_downstream_tasks(args: {start_task_ids: $ids}) { depth } }`, `{"utility_downstream_tasks":[]}`)
	if got := fx.errs(t, noPrincipal, `{ utility_downstream_tasks(args: {start_task_ids: "{nope}"}) { depth } }`, nil); len(got) != 1 || got[0] != `data-exception: invalid input syntax for type uuid: "nope"` {
		t.Errorf("bad _uuid: %v", got)
	}
}
