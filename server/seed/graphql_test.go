package seed_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/prefect-tui/prefect-tui/server/catalog"
	"github.com/prefect-tui/prefect-tui/server/engine"
	"github.com/prefect-tui/prefect-tui/server/mutations"
	"github.com/prefect-tui/prefect-tui/server/servertest"
)

// TestDemoThroughGraphQL reads the seeded tenant and changes it through the engine.
func TestDemoThroughGraphQL(t *testing.T) {
	t.Parallel()
	db := servertest.DemoDB(t, seed80)
	schema, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: catalog.SDL()})
	if err != nil {
		t.Fatal(err)
	}
	e := engine.New(schema, db, engine.WithNow(func() time.Time { return now }))
	mutations.Register(e)
	run := func(q string, vars map[string]any) string {
		t.Helper()
		res := e.Execute(context.Background(), &engine.Request{}, engine.Params{Query: q, Variables: vars})
		b, _ := json.Marshal(res)
		if len(res.Errors) > 0 {
			t.Fatalf("%s: %s", q, b)
		}
		return string(b)
	}
	parent := scalar(t, db, `SELECT id FROM task_run WHERE state = 'Mapped' AND EXISTS (SELECT 1 FROM task_run c WHERE c.flow_run_id = task_run.flow_run_id
		AND c.task_id = task_run.task_id AND c.map_index >= 0) ORDER BY id LIMIT 1`)
	want := scalar(t, db, `SELECT json_object('data', json_object('mapped_children', json_object('max_end_time', max(c.end_time), 'min_start_time', min(c.start_time),
		'state_counts', json((SELECT json_group_object(state, n) FROM (SELECT state, count(*) AS n FROM task_run c WHERE c.flow_run_id = p.flow_run_id
		AND c.task_id = p.task_id AND c.map_index >= 0 GROUP BY state ORDER BY state))))))
		FROM task_run p JOIN task_run c ON c.flow_run_id = p.flow_run_id AND c.task_id = p.task_id AND c.map_index >= 0 WHERE p.id = ?`, parent)
	got := run(`query($id: UUID!) { mapped_children(task_run_id: $id) { max_end_time min_start_time state_counts } }`, map[string]any{"id": parent})
	eq(t, "mapped_children", got, want)

	running := scalar(t, db, `SELECT id FROM flow_run WHERE state = 'Running' ORDER BY id LIMIT 1`)
	eq(t, "cancel a running demo run",
		run(`mutation($id: UUID!) { cancel_flow_run(input: {flow_run_id: $id}) { state } }`, map[string]any{"id": running}),
		`{"data":{"cancel_flow_run":{"state":"Cancelling"}}}`)
	late := scalar(t, db, `SELECT id FROM flow_run WHERE state = 'Scheduled' AND scheduled_start_time < ? ORDER BY id LIMIT 1`, "2026-11-22T12:00:00")
	eq(t, "cancel a late run",
		run(`mutation($id: UUID!) { cancel_flow_run(input: {flow_run_id: $id}) { state } }`, map[string]any{"id": late}),
		`{"data":{"cancel_flow_run":{"state":"Cancelled"}}}`)
	eq(t, "its task runs", scalar(t, db, `SELECT group_concat(DISTINCT state) FROM task_run WHERE flow_run_id = ?`, late), "Cancelled")
}

func eq(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s:\n got: %s\nwant: %s", what, got, want)
	}
}
