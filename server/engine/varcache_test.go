package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/prefect-tui/prefect-tui/server/engine"
)

// TestVariablesCache: variables sent as text are decoded, coerced and shaped once per
// operation and text; the same text answers the same, other text answers its own rows,
// invalid variables still fail every time, mutations keep nothing, and requests
// sharing kept variables run side by side.
func TestVariablesCache(t *testing.T) {
	fx := newFixture(t)
	const q = `query($s: String, $n: Int, $w: flow_run_bool_exp!) {
  flow_run(where: {_and: [{state: {_eq: $s}}, $w]}, order_by: {name: asc}, limit: $n) { name } }`
	run := func(raw, want string) {
		t.Helper()
		res := fx.e.Execute(context.Background(), &engine.Request{}, engine.Params{Query: q, RawVariables: json.RawMessage(raw)})
		if len(res.Errors) > 0 {
			t.Fatalf("%s: %s", raw, res.Errors[0].Message)
		}
		if got := compact(t, res.Data); got != want {
			t.Errorf("%s:\n got %s\nwant %s", raw, got, want)
		}
	}
	failed := `{"flow_run":[{"name":"Beta-run"},{"name":"delta.run"}]}`
	run(`{"s": "Failed", "n": 10, "w": {}}`, failed)
	run(`{"s": "Failed", "n": 10, "w": {}}`, failed)
	if n := engine.CachedVariables(fx.e); n != 1 {
		t.Fatalf("kept %d variables, want 1", n)
	}
	run(`{"s": "Success", "n": 10, "w": {}}`, `{"flow_run":[{"name":"alpha-run"},{"name":"other-run"}]}`)
	run(`{"s": "Failed", "n": 1, "w": {}}`, `{"flow_run":[{"name":"Beta-run"}]}`)
	run(`{"s": "Failed", "n": 10, "w": {"name": {"_like": "d%"}}}`, `{"flow_run":[{"name":"delta.run"}]}`)
	run(`{"s": "Failed", "n": 10, "w": {}}`, failed)
	if n := engine.CachedVariables(fx.e); n != 4 {
		t.Fatalf("kept %d variables, want 4", n)
	}

	for range 2 {
		res := fx.e.Execute(context.Background(), &engine.Request{}, engine.Params{Query: q, RawVariables: json.RawMessage(`{"n": "ten"}`)})
		if len(res.Errors) == 0 || res.Errors[0].Code() != engine.CodeBadUserInput {
			t.Fatalf("invalid variables: %+v", res)
		}
	}
	if n := engine.CachedVariables(fx.e); n != 4 {
		t.Fatalf("invalid variables kept: %d", n)
	}
	fx.e.RegisterMutation("set_flow_run_name", func(context.Context, *engine.Request, map[string]any) (any, error) {
		return map[string]any{"success": true}, nil
	})
	res := fx.e.Execute(context.Background(), &engine.Request{}, engine.Params{
		Query:        `mutation($id: UUID!, $n: String!) { set_flow_run_name(input: {flow_run_id: $id, name: $n}) { success } }`,
		RawVariables: json.RawMessage(`{"id": "` + R6 + `", "n": "x"}`),
	})
	if len(res.Errors) > 0 {
		t.Fatalf("mutation: %s", res.Errors[0].Message)
	}
	if n := engine.CachedVariables(fx.e); n != 4 {
		t.Fatalf("a mutation's variables were kept: %d", n)
	}

	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			raw := fmt.Sprintf(`{"s": "Failed", "n": %d, "w": {}}`, 1+i%2)
			res := fx.e.Execute(context.Background(), &engine.Request{}, engine.Params{Query: q, RawVariables: json.RawMessage(raw)})
			if len(res.Errors) > 0 {
				t.Errorf("%s: %s", raw, res.Errors[0].Message)
			}
		}()
	}
	wg.Wait()
}
