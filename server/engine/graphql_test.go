package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/server/catalog"
	"github.com/prefect-tui/prefect-tui/server/engine"
)

func TestSchemaFileIsCatalogSDL(t *testing.T) {
	b, err := os.ReadFile("../../schema.graphql")
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != catalog.SDL() {
		t.Fatal("schema.graphql differs from catalog.SDL(): run make generate")
	}
}

func TestFragmentsAliasesDirectives(t *testing.T) {
	fx := newFixture(t)
	q := `query Q($yes: Boolean!, $no: Boolean!) {
	  a: flow_run_by_pk(id: "` + R1 + `") {
	    ...F
	    n: name @include(if: $yes)
	    s: state @skip(if: $yes)
	    __typename
	    ... on flow_run { version }
	    ... @include(if: $no) { end_time }
	    flow @include(if: $no) { id }
	    flow { project { id } }
	    flow { project { name } }
	  }
	  __typename
	}
	fragment F on flow_run { id fid: flow_id ...G }
	fragment G on flow_run { flow { __typename n: name } }`
	got := fx.data(t, q, map[string]any{"yes": true, "no": false})
	want := `{"a":{"id":"` + R1 + `","fid":"` + F2 + `","flow":{"__typename":"flow","n":"etl","project":{"id":"` + P1 + `","name":"Alpha"}},"n":"alpha-run","__typename":"flow_run","version":3},"__typename":"Query"}`
	if got != want {
		t.Errorf("\n got: %s\nwant: %s", got, want)
	}
	// aggregate and nested __typename, aliases inside aggregates
	got = fx.data(t, `{ flow_run_aggregate(where: {state: {_eq: "Failed"}}) { __typename aggregate { __typename n: count m: max { __typename v: version } } nodes { __typename name } } }`, nil)
	want = `{"flow_run_aggregate":{"__typename":"flow_run_aggregate","aggregate":{"__typename":"flow_run_aggregate_fields","n":2,"m":{"__typename":"flow_run_max_fields","v":5}},"nodes":[{"__typename":"flow_run","name":"Beta-run"},{"__typename":"flow_run","name":"delta.run"}]}}`
	if got != want {
		t.Errorf("\n got: %s\nwant: %s", got, want)
	}
	// operationName picks one of several operations
	res := fx.e.Execute(context.Background(), &engine.Request{}, engine.Params{
		Query: `query A { hello_a: flow_by_pk(id: "` + F3 + `") { name } } query B { b: flow_by_pk(id: "` + F3 + `") { name } }`, OperationName: "B"})
	if string(res.Data) != `{"b":{"name":"Report_job"}}` {
		t.Errorf("operationName: %s %v", res.Data, res.Errors)
	}
}

func TestVariables(t *testing.T) {
	fx := newFixture(t)
	q := `query($t: timestamptz, $id: uuid!, $l: Int = 1, $w: flow_run_bool_exp, $o: [flow_run_order_by!]) {
	  a: flow_run(where: {scheduled_start_time: {_eq: $t}}) { id }
	  b: flow_run_by_pk(id: $id) { name }
	  c: flow_run(limit: $l, order_by: {scheduled_start_time: asc}) { name }
	  d: flow_run(where: $w, order_by: $o) { name }
	}`
	got := fx.data(t, q, map[string]any{
		"t": "2026-01-02T10:00:00", "id": strings.ToUpper(R2),
		"w": map[string]any{"state": map[string]any{"_in": []any{"Failed", "Running"}}, "flow": map[string]any{"name": map[string]any{"_eq": nil}}},
		"o": []any{map[string]any{"version": "desc"}},
	})
	want := `{"a":[{"id":"` + R2 + `"}],"b":{"name":"Beta-run"},"c":[{"name":"alpha-run"}],"d":[{"name":"delta.run"},{"name":"Beta-run"},{"name":"gamma_run"}]}`
	if got != want {
		t.Errorf("\n got: %s\nwant: %s", got, want)
	}
	// JSON numbers arrive as float64: whole numbers are Ints
	if got := fx.data(t, `query($l: Int) { flow_run(limit: $l) { id } }`, map[string]any{"l": float64(1)}); strings.Count(got, "id") != 1 {
		t.Errorf("float64 Int variable: %s", got)
	}
	// coercion failures are request errors
	for _, c := range []struct {
		q    string
		vars map[string]any
	}{
		{`query($l: Int) { flow_run(limit: $l) { id } }`, map[string]any{"l": "x"}},
		{`query($id: uuid!) { flow_run_by_pk(id: $id) { id } }`, nil},
		{`query($b: Boolean) { flow_run(where: {auto_scheduled: {_eq: $b}}) { id } }`, map[string]any{"b": "yes"}},
	} {
		res := fx.exec(t, noPrincipal, c.q, c.vars)
		if !res.RequestError || res.Data != nil || len(res.Errors) != 1 || res.Errors[0].Code() != engine.CodeBadUserInput {
			b, _ := json.Marshal(res.Errors)
			t.Errorf("%s %v: want one BAD_USER_INPUT request error, got data=%s errors=%s", c.q, c.vars, res.Data, b)
		}
	}
	// a malformed uuid variable is a field error, like Postgres rejecting it
	got2 := fx.errs(t, noPrincipal, `query($id: uuid!) { flow_run_by_pk(id: $id) { id } }`, map[string]any{"id": "abc"})
	if len(got2) != 1 || got2[0] != `data-exception: invalid input syntax for type uuid: "abc"` {
		t.Errorf("bad uuid variable: %v", got2)
	}
}

func TestRequestErrors(t *testing.T) {
	fx := newFixture(t)
	cases := []struct{ q, code, msg string }{
		{`{ flow_run { id }`, engine.CodeParseFailed, "Expected Name, found <EOF>"},
		{`{ flow_run { nope } }`, engine.CodeValidationFailed, `Cannot query field "nope" on type "flow_run".`},
		{`{ log_by_pk(id: "` + R1 + `") { id } }`, engine.CodeValidationFailed, `Cannot query field "log_by_pk" on type "Query".`},
		{`query A { hello } query A { hello }`, engine.CodeValidationFailed, `There can be only one operation named "A".`},
		{`query Deep { flow_run { flow { project { flows { flow_runs { flow { project { flows { id } } } } } } } } }`,
			engine.CodeValidationFailed, "'Deep' exceeds maximum operation depth of 7"},
		{`query Deep2 { flow_run { ...A } } fragment A on flow_run { flow { project { flows { flow_runs { flow { project { ... on project { flows { __typename } } } } } } } } } `,
			engine.CodeValidationFailed, "'Deep2' exceeds maximum operation depth of 7"},
	}
	for _, c := range cases {
		res := fx.exec(t, noPrincipal, c.q, nil)
		if !res.RequestError || res.Data != nil || len(res.Errors) == 0 || res.Errors[0].Code() != c.code || !strings.HasPrefix(res.Errors[0].Message, c.msg) {
			b, _ := json.Marshal(res.Errors)
			t.Errorf("%s: got %s, want %s %q", c.q, b, c.code, c.msg)
		}
	}
	// leaves at depth 7 (root fields are depth 0) are allowed; introspection fields
	// are not descended into
	ok := `query { flow_run { flow { project { flows { flow_runs { flow { project { id __typename } } } } } } } __type(name: "flow") { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }`
	if res := fx.exec(t, noPrincipal, ok, nil); len(res.Errors) > 0 {
		t.Errorf("depth 7 refused: %v", res.Errors[0].Message)
	}
}

func TestResolversAndFieldErrors(t *testing.T) {
	fx := newFixture(t)
	var calls []string
	fx.e.RegisterQuery("hello", func(context.Context, *engine.Request, map[string]any) (any, error) { return "👋", nil })
	fx.e.RegisterQuery("api", func(context.Context, *engine.Request, map[string]any) (any, error) {
		return map[string]any{"backend": "SERVER", "mode": "normal", "version": "1.0", "unknown": 1}, nil
	})
	fx.e.RegisterQuery("mapped_children", func(context.Context, *engine.Request, map[string]any) (any, error) {
		return json.RawMessage(`{"min_start_time":null,"state_counts":{"Success":2}}`), nil
	})
	fx.e.RegisterMutation("set_flow_run_name", func(_ context.Context, _ *engine.Request, args map[string]any) (any, error) {
		in := args["input"].(map[string]any)
		calls = append(calls, in["flow_run_id"].(string)+"="+in["name"].(string))
		if in["name"] == "bad" {
			return nil, &engine.Error{Message: "nope", Code: "API_ERROR"}
		}
		return struct {
			Success bool   `json:"success"`
			Error   string `json:"error,omitempty"`
		}{Success: true}, nil
	})
	fx.e.RegisterQuery("reference_data", func(context.Context, *engine.Request, map[string]any) (any, error) { panic("boom") })
	if got := fx.errs(t, noPrincipal, `{ reference_data { state_info } }`, nil); len(got) != 1 || got[0] != "INTERNAL_SERVER_ERROR: internal error in the resolver" {
		t.Errorf("panicking resolver: %v", got)
	}
	got := fx.data(t, `{ hello api { __typename b: backend version } mapped_children(task_run_id: "`+R1+`") { state_counts min_start_time } }`, nil)
	want := `{"hello":"👋","api":{"__typename":"api_info","b":"SERVER","version":"1.0"},"mapped_children":{"state_counts":{"Success":2},"min_start_time":null}}`
	if got != want {
		t.Errorf("\n got: %s\nwant: %s", got, want)
	}
	res := fx.exec(t, noPrincipal, `mutation {
	  a: set_flow_run_name(input: {flow_run_id: "`+strings.ToUpper(R1)+`", name: "one"}) { success error }
	  b: set_flow_run_name(input: {flow_run_id: "`+R2+`", name: "bad"}) { success }
	  c: set_flow_run_name(input: {flow_run_id: "`+R3+`", name: "three"}) { __typename success }
	  d: set_flow_run_labels(input: {flow_run_id: "`+R3+`", labels: []}) { success }
	}`, nil)
	if string(res.Data) != `{"a":{"success":true,"error":null},"b":null,"c":{"__typename":"success_payload","success":true},"d":null}` {
		t.Errorf("mutation data: %s", res.Data)
	}
	if strings.Join(calls, " ") != R1+"=one "+R2+"=bad "+R3+"=three" {
		t.Errorf("mutations ran out of order or uncoerced: %v", calls)
	}
	if len(res.Errors) != 2 || res.Errors[0].Message != "nope" || res.Errors[0].Code() != "API_ERROR" || res.Errors[0].Path[0] != "b" ||
		res.Errors[1].Message != `"set_flow_run_labels" is not supported by the embedded server` || res.Errors[1].Path[0] != "d" {
		b, _ := json.Marshal(res.Errors)
		t.Errorf("mutation errors: %s", b)
	}
	// one failing root field leaves the others resolved
	res = fx.exec(t, noPrincipal, `{ ok: flow_by_pk(id: "`+F3+`") { name } bad: flow(where: {id: {_eq: "x"}}) { id } }`, nil)
	if string(res.Data) != `{"ok":{"name":"Report_job"},"bad":null}` || len(res.Errors) != 1 {
		t.Errorf("partial: %s %v", res.Data, res.Errors)
	}
}

func TestStatementsPerRequest(t *testing.T) {
	fx := newFixture(t)
	q := `{ flow(order_by: {name: asc}) { name project { name tenant { name } } tasks { name task_runs { state flow_run { name logs { message } } } upstream_edges { upstream_task { name } } }
	  flow_runs(where: {task_runs: {state: {_eq: "Failed"}}}) { name task_runs_aggregate { aggregate { count } nodes { state } } } }
	  flow_run_aggregate { aggregate { count } } }`
	fx.stmts.Store(0)
	fx.data(t, q, nil)
	if n := fx.stmts.Load(); n != 1 {
		t.Errorf("%d statements for 2 root fields, want 1", n)
	}
}

func TestWideSelection(t *testing.T) {
	fx := newFixture(t)
	var q, want strings.Builder
	q.WriteString(`{ flow_run_by_pk(id: "` + R1 + `") {`)
	want.WriteString(`{"flow_run_by_pk":{`)
	for i := 0; i < 1200; i++ {
		if i > 0 {
			want.WriteString(",")
		}
		if i%2 == 0 {
			fmt.Fprintf(&q, " a%d: version", i)
			fmt.Fprintf(&want, `"a%d":3`, i)
		} else {
			fmt.Fprintf(&q, " a%d: agent_id", i)
			fmt.Fprintf(&want, `"a%d":null`, i)
		}
	}
	q.WriteString(" } }")
	want.WriteString("}}")
	if got := fx.data(t, q.String(), nil); got != want.String() {
		t.Errorf("1200 aliases: %.300s", got)
	}
}
