package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/server/engine"
)

// TestOneStatement: a query's Hasura root fields run as one statement and answer as
// field by field, in the requested order, mixed with a resolver, introspection, a
// field refused before any SQL (a Cloud table in Server mode), a missing row and an
// empty list; a field that fails (a bad value, a data exception raised while the
// statement runs) fails alone, with the error it has field by field, and the other
// fields answer.
func TestOneStatement(t *testing.T) {
	fx := newFixture(t)
	fx.e.RegisterQuery("hello", func(context.Context, *engine.Request, map[string]any) (any, error) { return "hi", nil })
	same := func(q string, vars map[string]any) *engine.Response {
		t.Helper()
		p := engine.Params{Query: q, Variables: vars}
		one := fx.e.Execute(context.Background(), &engine.Request{}, p)
		each := fx.e.ExecuteFieldByField(context.Background(), &engine.Request{}, p)
		if string(one.Data) != string(each.Data) {
			t.Errorf("%s\n one statement %s\nfield by field %s", q, one.Data, each.Data)
		}
		e1, _ := json.Marshal(one.Errors)
		e2, _ := json.Marshal(each.Errors)
		if string(e1) != string(e2) {
			t.Errorf("%s\n one statement errors %s\nfield by field errors %s", q, e1, e2)
		}
		return one
	}
	const mixed = `query($id: uuid!, $s: String) {
  b: flow_run_aggregate(where: {state: {_eq: $s}}) { aggregate { count } }
  hello
  a: flow(order_by: {name: asc}) { name flow_runs_aggregate { aggregate { count } } }
  __typename
  none: flow_run_by_pk(id: $id) { name }
  empty: flow_run(where: {state: {_eq: "nope"}}) { id }
  user { id }
  one: flow_run_by_pk(id: "` + R2 + `") { name }
}`
	vars := map[string]any{"id": "e0000000-0000-0000-0000-0000000009ff", "s": "Failed"}
	res := same(mixed, vars)
	want := `{"b":{"aggregate":{"count":2}},"hello":"hi","a":[{"name":"Report_job","flow_runs_aggregate":{"aggregate":{"count":2}}},{"name":"etl","flow_runs_aggregate":{"aggregate":{"count":0}}},{"name":"etl","flow_runs_aggregate":{"aggregate":{"count":3}}},{"name":"other-flow","flow_runs_aggregate":{"aggregate":{"count":1}}}],"__typename":"Query","none":null,"empty":[],"user":null,"one":{"name":"Beta-run"}}`
	if got := compact(t, res.Data); got != want {
		t.Errorf("mixed:\n got %s\nwant %s", got, want)
	}
	if len(res.Errors) != 1 || res.Errors[0].Path[0] != "user" || res.Errors[0].Message != engine.CloudOnlyMessage {
		b, _ := json.Marshal(res.Errors)
		t.Errorf("mixed errors: %s", b)
	}
	fx.stmts.Store(0)
	fx.exec(t, noPrincipal, mixed, vars)
	if n := fx.stmts.Load(); n != 1 {
		t.Errorf("%d statements for the Hasura fields, want 1", n)
	}
	// The same shape again runs the cached statement, bound to the new values.
	compiled := engine.CachedStatements(fx.e)
	res = same(mixed, map[string]any{"id": R1, "s": "Success"})
	if !strings.Contains(string(res.Data), `"b":{"aggregate":{"count":2}}`) || !strings.Contains(string(res.Data), `"none":{"name":"alpha-run"}`) {
		t.Errorf("cached: %s", res.Data)
	}
	if n := engine.CachedStatements(fx.e); n != compiled {
		t.Errorf("same shape: %d statements cached, want %d", n, compiled)
	}
	// A bad value of one field: that field fails, the others answer.
	res = same(mixed, map[string]any{"id": "nope", "s": "Failed"})
	if len(res.Errors) != 2 || res.Errors[0].Path[0] != "none" || res.Errors[0].Code() != engine.CodeDataException ||
		!strings.Contains(string(res.Data), `"b":{"aggregate":{"count":2}}`) {
		b, _ := json.Marshal(res.Errors)
		t.Errorf("bad value: %s %s", res.Data, b)
	}
	// A data exception raised while the statement runs.
	res = same(`{ a: flow_run_aggregate { aggregate { count } } bad: flow_run(where: {name: {_regex: "("}}) { id } c: flow(where: {name: {_eq: "etl"}}) { version } }`, nil)
	if got := compact(t, res.Data); got != `{"a":{"aggregate":{"count":6}},"bad":null,"c":[{"version":1},{"version":2}]}` {
		t.Errorf("data exception: %s", got)
	}
	if len(res.Errors) != 1 || res.Errors[0].Path[0] != "bad" || res.Errors[0].Code() != engine.CodeDataException {
		b, _ := json.Marshal(res.Errors)
		t.Errorf("data exception errors: %s", b)
	}
	// A field that does not compile.
	res = same(`{ ok: flow_by_pk(id: "`+F3+`") { name } bad: flow(where: {id: {_eq: "x"}}) { id } n: flow_aggregate { aggregate { count } } }`, nil)
	if got := compact(t, res.Data); got != `{"ok":{"name":"Report_job"},"bad":null,"n":{"aggregate":{"count":4}}}` || len(res.Errors) != 1 {
		t.Errorf("compile error: %s %v", got, res.Errors)
	}
}

// TestOneStatementLimits: a query whose fields hold more parameters than one SQLite
// statement may runs field by field, and answers. Every value is another (a value
// compared again reuses its parameter).
func TestOneStatementLimits(t *testing.T) {
	fx := newFixture(t)
	var q strings.Builder
	q.WriteString("{")
	for i := 0; i < 80; i++ {
		q.WriteString(" f")
		q.WriteString(strings.Repeat("x", i))
		q.WriteString(`: flow_run_aggregate(where: {_or: [`)
		for j := 0; j < 450; j++ {
			fmt.Fprintf(&q, `{version: {_eq: %d}}`, 1000+i*450+j)
		}
		q.WriteString(`]}) { aggregate { count } }`)
	}
	q.WriteString(" }")
	fx.stmts.Store(0)
	res := fx.exec(t, noPrincipal, q.String(), nil)
	if len(res.Errors) > 0 || !strings.HasPrefix(compact(t, res.Data), `{"f":{"aggregate":{"count":0}}`) {
		t.Fatalf("%.200s %v", res.Data, res.Errors)
	}
	if n := fx.stmts.Load(); n != 80 {
		t.Errorf("%d statements for 80 fields of 450 parameters each, want 80", n)
	}
}

// TestOneStatementSharesValues: a value compared again, in the same root field or in
// another (a variable, a constant of the document), is one parameter of the one
// statement, bound to each request's value; another variable, even of the same value,
// is another parameter; every field answers as alone.
func TestOneStatementSharesValues(t *testing.T) {
	fx := newFixture(t)
	const query = `query($f: uuid!, $s: String!, $t: String!, $since: timestamptz!) {
  a: flow_run_aggregate(where: {flow_id: {_eq: $f}, state: {_in: [$s, "Failed", $s]}}) { aggregate { count } }
  b: flow_run_aggregate(where: {flow_id: {_eq: $f}, state: {_eq: "Failed"}, scheduled_start_time: {_gte: $since}}) { aggregate { count } }
  c: flow_run(where: {_or: [{flow_id: {_eq: $f}, state: {_eq: $s}}, {state: {_eq: $t}}], scheduled_start_time: {_gte: $since}}, order_by: {name: asc}) { name }
  d: flow_run_aggregate(where: {flow: {id: {_eq: $f}}, name: {_eq: "Failed"}}) { aggregate { count } }
}`
	for _, vars := range []map[string]any{
		{"f": F3, "s": "Success", "t": "Failed", "since": "2000-01-01T00:00:00Z"},
		{"f": F1, "s": "Failed", "t": "Success", "since": "2000-01-01T00:00:00Z"},
		{"f": F3, "s": "Running", "t": "Running", "since": "2100-01-01T00:00:00Z"},
	} {
		p := engine.Params{Query: query, Variables: vars}
		one := fx.e.Execute(context.Background(), &engine.Request{}, p)
		each := fx.e.ExecuteFieldByField(context.Background(), &engine.Request{}, p)
		if len(one.Errors) > 0 || string(one.Data) != string(each.Data) {
			t.Errorf("%v:\n one statement %s %v\nfield by field %s", vars, one.Data, one.Errors, each.Data)
		}
	}
	st, res := fx.e.Statements(context.Background(), &engine.Request{}, engine.Params{Query: query,
		Variables: map[string]any{"f": F3, "s": "Success", "t": "Failed", "since": "2000-01-01T00:00:00Z"}})
	if res != nil || len(st) != 1 {
		t.Fatalf("%d statements, %v", len(st), res)
	}
	// $f (a run's flow, a flow's id), $s, $t, $since and "Failed" (a state, a name).
	if len(st[0].Args) != 5 {
		t.Errorf("%d parameters %v, want 5:\n%s", len(st[0].Args), st[0].Args, st[0].SQL)
	}
	if got := fx.data(t, `{ flow_run_aggregate(where: {state: {_in: ["Failed", "Failed"]}}) { aggregate { count } } }`, nil); got != `{"flow_run_aggregate":{"aggregate":{"count":2}}}` {
		t.Errorf("a list naming a value twice: %s", got)
	}
	// The tenant id that limits every read of a tenant's rows is one parameter.
	req := &engine.Request{Principal: engine.Principal{TenantID: T1}}
	p := engine.Params{Query: `{ a: flow_run_aggregate(where: {state: {_eq: "Failed"}}) { aggregate { count } } b: flow_run(order_by: {name: asc}) { name flow { name } } }`}
	one, each := fx.e.Execute(context.Background(), req, p), fx.e.ExecuteFieldByField(context.Background(), req, p)
	if len(one.Errors) > 0 || string(one.Data) != string(each.Data) || !strings.Contains(string(one.Data), `"count":2`) {
		t.Errorf("a tenant's fields:\n one statement %s %v\nfield by field %s", one.Data, one.Errors, each.Data)
	}
	st, res = fx.e.Statements(context.Background(), req, p)
	if res != nil || len(st) != 1 {
		t.Fatalf("%d statements, %v", len(st), res)
	}
	if n := strings.Count(fmt.Sprint(st[0].Args), T1); n != 1 || strings.Count(st[0].SQL, `"tenant_id" = ?`) < 3 {
		t.Errorf("the tenant id is %d of the parameters %v, want 1:\n%s", n, st[0].Args, st[0].SQL)
	}
}
