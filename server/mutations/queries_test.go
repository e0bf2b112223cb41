package mutations_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/prefect-tui/prefect-tui/server/catalog"
	"github.com/prefect-tui/prefect-tui/server/engine"
	"github.com/prefect-tui/prefect-tui/server/mutations"
)

func TestSimpleQueries(t *testing.T) {
	f := newFixture(t)
	hello, _ := f.query("hello", nil)
	eq(t, "hello", hello, `"👋"`)
	api, _ := f.query("api", nil)
	eq(t, "api", api, `{"backend":"SERVER","core_version":"1.4.1","mode":"normal","release_timestamp":"2022-09-23T15:24:35+00:00","version":"2022.09.23"}`)
	out, _ := mutations.Queries()["api"](context.Background(), f.req(engine.Principal{Cloud: true, TenantID: T1}), nil)
	if out.(map[string]any)["backend"] != "CLOUD" {
		t.Errorf("cloud backend: %v", out)
	}
	ref, _ := f.query("reference_data", nil)
	var rd struct {
		H map[string][]string          `json:"state_hierarchy"`
		I map[string]map[string]string `json:"state_info"`
	}
	if err := json.Unmarshal([]byte(ref), &rd); err != nil {
		t.Fatal(err)
	}
	eq(t, "Failed", strings.Join(rd.H["Failed"], ","), "Failed,TimedOut,TriggerFailed,ValidationFailed")
	eq(t, "Success", strings.Join(rd.H["Success"], ","), "Success,Cached,Mapped,Skipped")
	eq(t, "Running", strings.Join(rd.H["Running"], ","), "Running,Cancelling")
	eq(t, "_MetaState", strings.Join(rd.H["_MetaState"], ","), "_MetaState,ClientFailed,Submitted,Queued")
	if len(rd.H["State"]) != 23 || len(rd.I) != 23 {
		t.Errorf("hierarchy has %d/%d classes", len(rd.H["State"]), len(rd.I))
	}
	eq(t, "colour", rd.I["TriggerFailed"]["color"], "#ff5131")
}

func TestMappedChildrenAndTaskRunInfo(t *testing.T) {
	f := newFixture(t)
	run := f.createRun(nil)
	f.setFlowState(run, map[string]any{"type": "Running"})
	parent := f.taskRun(run, K2)
	var kids []string
	for i := 0; i < 3; i++ {
		out := f.must("get_or_create_task_run", map[string]any{"flow_run_id": run, "task_id": K2, "map_index": int64(i)})
		kids = append(kids, strings.Split(out, `"`)[3])
	}
	for i, k := range kids {
		f.now = t0.Add(time.Duration(i+1) * time.Second)
		f.setTaskState(k, map[string]any{"type": "Running"})
		f.now = t0.Add(time.Duration(i+10) * time.Second)
		st := "Success"
		if i == 2 {
			st = "Failed"
		}
		f.setTaskState(k, map[string]any{"type": st})
	}
	out, err := f.query("mapped_children", map[string]any{"task_run_id": parent})
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "mapped_children", out, `{"max_end_time":"`+tsOf(12*time.Second)+`","min_start_time":"`+tsOf(time.Second)+`","state_counts":{"Failed":1,"Success":2}}`)
	info, err := f.query("get_task_run_info", map[string]any{"task_run_id": kids[2]})
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "info", info, `{"id":"`+kids[2]+`","serialized_state":{"__version__":"1.4.1","_result":{"__version__":"1.4.1","type":"NoResultType"},"cached_inputs":{},"context":{},"message":null,"type":"Failed"},"state":"Failed","version":2}`)
	if _, err := f.query("get_task_run_info", map[string]any{"task_run_id": Missing}); err == nil || err.Error() != "Task run "+Missing+" not found" {
		t.Errorf("missing: %v", err)
	}
}

// TestThroughGraphQL drives the resolvers end to end through the engine.
func TestThroughGraphQL(t *testing.T) {
	f := newFixture(t)
	schema, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: catalog.SDL()})
	if err != nil {
		t.Fatal(err)
	}
	e := engine.New(schema, f.db, engine.WithNow(func() time.Time { return f.now }))
	mutations.Register(e)
	run := func(q string, vars map[string]any) string {
		t.Helper()
		res := e.Execute(context.Background(), &engine.Request{}, engine.Params{Query: q, Variables: vars})
		b, _ := json.Marshal(res)
		return string(b)
	}
	out := run(`mutation($f: UUID!) { create_flow_run(input: {flow_id: $f, flow_run_name: "gql", parameters: {a: 7}, labels: ["q"]}) { id } }`, map[string]any{"f": F2})
	var created struct {
		Data struct {
			C struct{ ID string } `json:"create_flow_run"`
		}
	}
	if err := json.Unmarshal([]byte(out), &created); err != nil || created.Data.C.ID == "" {
		t.Fatalf("create: %s", out)
	}
	id := created.Data.C.ID
	eq(t, "read back", run(`query($id: uuid!) { flow_run_by_pk(id: $id) { name state version parameters labels task_runs_aggregate { aggregate { count } } } }`, map[string]any{"id": id}),
		`{"data":{"flow_run_by_pk":{"name":"gql","state":"Scheduled","version":1,"parameters":{"a":7,"b":20},"labels":["q"],"task_runs_aggregate":{"aggregate":{"count":3}}}}}`)
	f.now = t0.Add(time.Minute)
	eq(t, "set state", run(`mutation($id: UUID!) { set_flow_run_states(input: {states: [{flow_run_id: $id, version: 1, state: {type: "Running", message: "go"}}]}) { states { id status message } } }`,
		map[string]any{"id": id}), `{"data":{"set_flow_run_states":{"states":[{"id":"`+id+`","status":"SUCCESS","message":null}]}}}`)
	eq(t, "cancel", run(`mutation($id: UUID!) { cancel_flow_run(input: {flow_run_id: $id}) { state } }`, map[string]any{"id": id}),
		`{"data":{"cancel_flow_run":{"state":"Cancelling"}}}`)
	eq(t, "history", run(`query($id: uuid!) { flow_run_state(where: {flow_run_id: {_eq: $id}}, order_by: {version: asc}) { version state message } }`, map[string]any{"id": id}),
		`{"data":{"flow_run_state":[{"version":1,"state":"Scheduled","message":"Flow run scheduled."},{"version":2,"state":"Running","message":"go"},{"version":3,"state":"Cancelling","message":"Flow run is cancelling"}]}}`)
	eq(t, "hello + api alias", run(`{ hello api { backend b: mode } }`, nil), `{"data":{"hello":"👋","api":{"backend":"SERVER","b":"normal"}}}`)
	eq(t, "error", run(`mutation { cancel_flow_run(input: {flow_run_id: "`+Missing+`"}) { state } }`, nil),
		`{"data":{"cancel_flow_run":null},"errors":[{"message":"Flow run `+Missing+` not found","locations":[{"line":1,"column":12}],"path":["cancel_flow_run"],"extensions":{"code":"NOT_FOUND"}}]}`)
}
