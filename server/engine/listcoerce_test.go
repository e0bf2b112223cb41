package engine_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/prefect-tui/prefect-tui/server/engine"
)

// TestSingleValueForAListVariable: the GraphQL spec coerces a single value given for a
// list-typed variable, or for a list-typed field of an input object in a variable, to a
// one-item list. Prefect's client relies on it: `prefect execute` sends
// write_run_logs(input: {logs: {...}}) when a flow cannot be loaded.
func TestSingleValueForAListVariable(t *testing.T) {
	fx := newFixture(t)
	for _, c := range []struct{ name, query, want string }{
		{"_in", `query($s: [String!]) { flow_run(where: {state: {_in: $s}}, order_by: {name: asc}) { name } }`,
			`{"flow_run":[{"name":"Beta-run"},{"name":"delta.run"}]}`},
		{"_nin", `query($s: [String!]) { flow_run_aggregate(where: {state: {_nin: $s}}) { aggregate { count } } }`,
			`{"flow_run_aggregate":{"aggregate":{"count":4}}}`},
		{"order_by", `query($o: [flow_run_order_by!]) { flow_run(order_by: $o, limit: 1) { name } }`, ``},
	} {
		vars := map[string]any{"s": "Failed", "o": map[string]any{"name": "asc"}}
		got := fx.data(t, c.query, vars)
		if c.want != "" && got != c.want {
			t.Errorf("%s:\n got: %s\nwant: %s", c.name, got, c.want)
		}
		if c.name == "order_by" && got != `{"flow_run":[{"name":"Beta-run"}]}` {
			t.Errorf("order_by: %s", got)
		}
	}
	var logs any
	fx.e.RegisterMutation("write_run_logs", func(_ context.Context, _ *engine.Request, args map[string]any) (any, error) {
		logs = args["input"].(map[string]any)["logs"]
		return map[string]any{"success": true}, nil
	})
	var vars map[string]any
	if err := json.Unmarshal([]byte(`{"input": {"logs": {"flow_run_id": "`+R1+`", "name": "execute flow-run", "message": "boom", "level": "ERROR"}}}`), &vars); err != nil {
		t.Fatal(err)
	}
	fx.data(t, `mutation($input: write_run_logs_input!) { write_run_logs(input: $input) { success } }`, vars)
	b, _ := json.Marshal(logs)
	if string(b) != `[{"flow_run_id":"`+R1+`","level":"ERROR","message":"boom","name":"execute flow-run"}]` {
		t.Errorf("logs reached the resolver as %s", b)
	}
}
