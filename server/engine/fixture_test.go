package engine_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/prefect-tui/prefect-tui/server/catalog"
	"github.com/prefect-tui/prefect-tui/server/engine"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// Fixed ids of the fixture data.
const (
	T1 = "11111111-1111-1111-1111-111111111111"
	T2 = "22222222-2222-2222-2222-222222222222"
	P1 = "a0000000-0000-0000-0000-000000000001"
	P2 = "a0000000-0000-0000-0000-000000000002"
	P3 = "a0000000-0000-0000-0000-000000000003"
	G1 = "b0000000-0000-0000-0000-000000000001"
	G2 = "b0000000-0000-0000-0000-000000000002"
	G3 = "b0000000-0000-0000-0000-000000000003"
	F1 = "c0000000-0000-0000-0000-000000000001"
	F2 = "c0000000-0000-0000-0000-000000000002"
	F3 = "c0000000-0000-0000-0000-000000000003"
	F4 = "c0000000-0000-0000-0000-000000000004"
	K1 = "d0000000-0000-0000-0000-000000000001"
	K2 = "d0000000-0000-0000-0000-000000000002"
	K3 = "d0000000-0000-0000-0000-000000000003"
	K4 = "d0000000-0000-0000-0000-000000000004"
	R1 = "e0000000-0000-0000-0000-000000000001"
	R2 = "e0000000-0000-0000-0000-000000000002"
	R3 = "e0000000-0000-0000-0000-000000000003"
	R4 = "e0000000-0000-0000-0000-000000000004"
	R5 = "e0000000-0000-0000-0000-000000000005"
	R6 = "e0000000-0000-0000-0000-000000000006"
)

func ts(s string) string { return "2026-01-0" + s + "+00:00" }

type row map[string]any

// insert adds a row, filling NOT NULL columns (private ones too) it does not name with
// neutral values.
func insert(t testing.TB, db *store.DB, table string, r row) {
	t.Helper()
	tbl := catalog.Lookup(table)
	var cols, marks []string
	var args []any
	for _, c := range append(append([]catalog.Column{}, tbl.Columns...), tbl.Private...) {
		v, ok := r[c.Name]
		if !ok {
			if !c.NotNull {
				continue
			}
			switch c.Type {
			case catalog.Timestamptz:
				v = "2026-01-01T00:00:00.000000+00:00"
			case catalog.JSONB:
				v = "{}"
				if c.Name == "labels" || c.Name == "tags" {
					v = "[]"
				}
			case catalog.Boolean, catalog.Int:
				v = 0
			default:
				v = ""
			}
		}
		if b, ok := v.(bool); ok {
			v = 0
			if b {
				v = 1
			}
		}
		cols = append(cols, fmt.Sprintf("%q", c.Name))
		marks = append(marks, "?")
		args = append(args, v)
	}
	private := map[string]bool{}
	for _, c := range tbl.Private {
		private[c.Name] = true
	}
	for k := range r {
		if tbl.Column(k) == nil && !private[k] {
			t.Fatalf("fixture: %s has no column %s", table, k)
		}
	}
	_, err := db.Exec(fmt.Sprintf("INSERT INTO %q (%s) VALUES (%s)", tbl.StoreName(), strings.Join(cols, ","), strings.Join(marks, ",")), args...)
	if err != nil {
		t.Fatalf("fixture insert %s: %v", table, err)
	}
}

func loadSchema(t testing.TB) *ast.Schema {
	t.Helper()
	s, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: catalog.SDL()})
	if err != nil {
		t.Fatalf("schema: %v", err)
	}
	return s
}

// fixture is an engine over a small, fully known dataset, counting statements.
type fixture struct {
	e     *engine.Engine
	db    *store.DB
	stmts atomic.Int64
}

func newFixture(t testing.TB, opts ...engine.Option) *fixture {
	t.Helper()
	db, err := store.Open("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	fx := &fixture{db: db}
	// Counting comes first so that a test's own WithTrace can replace it.
	opts = append([]engine.Option{engine.WithTrace(func(string) { fx.stmts.Add(1) })}, opts...)
	fx.e = engine.New(loadSchema(t), db, opts...)
	seedFixture(t, db)
	return fx
}

func seedFixture(t testing.TB, db *store.DB) {
	insert(t, db, "tenant", row{"id": T1, "name": "Acme", "slug": "acme", "info": `{"plan":"free"}`})
	insert(t, db, "tenant", row{"id": T2, "name": "Other", "slug": "other"})
	insert(t, db, "project", row{"id": P1, "tenant_id": T1, "name": "Alpha", "description": "first"})
	insert(t, db, "project", row{"id": P2, "tenant_id": T1, "name": "beta"})
	insert(t, db, "project", row{"id": P3, "tenant_id": T2, "name": "Gamma"})
	insert(t, db, "flow_group", row{"id": G1, "tenant_id": T1, "name": "g1", "labels": `["prod"]`})
	insert(t, db, "flow_group", row{"id": G2, "tenant_id": T1, "name": "g2"})
	insert(t, db, "flow_group", row{"id": G3, "tenant_id": T2, "name": "g3"})
	insert(t, db, "flow", row{"id": F1, "tenant_id": T1, "project_id": P1, "flow_group_id": G1, "name": "etl", "version": 1, "archived": true})
	insert(t, db, "flow", row{"id": F2, "tenant_id": T1, "project_id": P1, "flow_group_id": G1, "name": "etl", "version": 2, "archived": false, "is_schedule_active": true,
		"parameters": `[{"name":"x","default":1}]`, "created": ts("2T00:00:00.000000")})
	insert(t, db, "flow", row{"id": F3, "tenant_id": T1, "project_id": P2, "flow_group_id": G2, "name": "Report_job", "version": 1, "description": "reports"})
	insert(t, db, "flow", row{"id": F4, "tenant_id": T2, "project_id": P3, "flow_group_id": G3, "name": "other-flow", "version": 1})
	insert(t, db, "task", row{"id": K1, "tenant_id": T1, "flow_id": F2, "name": "extract", "slug": "extract-1", "max_retries": 2, "retry_delay": "00:01:00", "tags": `["io"]`, "is_root_task": true})
	insert(t, db, "task", row{"id": K2, "tenant_id": T1, "flow_id": F2, "name": "transform", "slug": "transform-1", "mapped": true})
	insert(t, db, "task", row{"id": K3, "tenant_id": T1, "flow_id": F2, "name": "load", "slug": "load-1", "is_terminal_task": true})
	insert(t, db, "task", row{"id": K4, "tenant_id": T2, "flow_id": F4, "name": "other", "slug": "other-1"})
	insert(t, db, "edge", row{"id": "f0000000-0000-0000-0000-000000000001", "tenant_id": T1, "flow_id": F2, "upstream_task_id": K1, "downstream_task_id": K2, "key": "x"})
	insert(t, db, "edge", row{"id": "f0000000-0000-0000-0000-000000000002", "tenant_id": T1, "flow_id": F2, "upstream_task_id": K2, "downstream_task_id": K3, "mapped": true})
	insert(t, db, "edge", row{"id": "f0000000-0000-0000-0000-000000000003", "tenant_id": T1, "flow_id": F2, "upstream_task_id": K1, "downstream_task_id": K3})
	runs := []row{
		{"id": R1, "tenant_id": T1, "flow_id": F2, "name": "alpha-run", "state": "Success", "version": 3, "scheduled_start_time": ts("1T10:00:00.000000"),
			"start_time": ts("1T10:00:05.000000"), "end_time": ts("1T10:01:00.000000"), "labels": `["prod","eu"]`, "parameters": `{"x":1,"nested":{"a":"b"}}`, "auto_scheduled": true},
		{"id": R2, "tenant_id": T1, "flow_id": F2, "name": "Beta-run", "state": "Failed", "version": 4, "scheduled_start_time": ts("2T10:00:00.000000"),
			"start_time": ts("2T10:00:01.000000"), "end_time": ts("2T10:05:00.000000"), "labels": `["dev"]`, "parameters": `{"x":2}`},
		{"id": R3, "tenant_id": T1, "flow_id": F3, "name": "gamma_run", "state": "Running", "version": 2, "scheduled_start_time": ts("3T10:00:00.000000"),
			"start_time": ts("3T10:00:02.000000"), "labels": `[]`},
		{"id": R4, "tenant_id": T1, "flow_id": F2, "state": "Scheduled", "version": 1, "scheduled_start_time": ts("4T10:00:00.000000"), "labels": `["prod"]`, "parameters": `{"x":3}`},
		{"id": R5, "tenant_id": T1, "flow_id": F3, "name": "delta.run", "state": "Failed", "version": 5, "scheduled_start_time": ts("5T10:00:00.000000"),
			"start_time": ts("5T10:00:00.000000"), "end_time": ts("5T11:00:00.000000"), "labels": `["prod","us"]`},
		{"id": R6, "tenant_id": T2, "flow_id": F4, "name": "other-run", "state": "Success", "version": 2, "scheduled_start_time": ts("1T12:00:00.000000"), "labels": `[]`},
	}
	for _, r := range runs {
		insert(t, db, "flow_run", r)
	}
	trs := []row{
		{"id": "70000000-0000-0000-0000-000000000001", "tenant_id": T1, "flow_run_id": R1, "task_id": K1, "map_index": -1, "state": "Success", "version": 2},
		{"id": "70000000-0000-0000-0000-000000000002", "tenant_id": T1, "flow_run_id": R1, "task_id": K2, "map_index": -1, "state": "Success", "version": 2},
		{"id": "70000000-0000-0000-0000-000000000003", "tenant_id": T1, "flow_run_id": R1, "task_id": K3, "map_index": -1, "state": "Success", "version": 2},
		{"id": "70000000-0000-0000-0000-000000000004", "tenant_id": T1, "flow_run_id": R2, "task_id": K1, "map_index": -1, "state": "Success", "version": 2},
		{"id": "70000000-0000-0000-0000-000000000005", "tenant_id": T1, "flow_run_id": R2, "task_id": K2, "map_index": -1, "state": "Failed", "version": 3},
		{"id": "70000000-0000-0000-0000-000000000006", "tenant_id": T1, "flow_run_id": R2, "task_id": K3, "map_index": -1, "state": "TriggerFailed", "version": 2},
		{"id": "70000000-0000-0000-0000-000000000007", "tenant_id": T2, "flow_run_id": R6, "task_id": K4, "map_index": -1, "state": "Success", "version": 2},
	}
	for _, r := range trs {
		insert(t, db, "task_run", r)
	}
	insert(t, db, "log", row{"id": "80000000-0000-0000-0000-000000000001", "tenant_id": T1, "flow_run_id": R1, "timestamp": ts("1T10:00:06.000000"), "level": "INFO", "message": "hello"})
	insert(t, db, "log", row{"id": "80000000-0000-0000-0000-000000000002", "tenant_id": T1, "flow_run_id": R1, "timestamp": ts("1T10:00:07.000000"), "level": "ERROR", "message": "boom"})
	insert(t, db, "log", row{"id": "80000000-0000-0000-0000-000000000003", "tenant_id": T1, "flow_run_id": R2, "timestamp": ts("2T10:00:02.000000"), "level": "INFO", "message": "Hi"})
}

// result is a decoded response.
type result struct {
	Data   json.RawMessage
	Errors []*engine.GQLError
}

var noPrincipal = engine.Principal{}

func (fx *fixture) exec(t testing.TB, p engine.Principal, query string, vars map[string]any) *engine.Response {
	t.Helper()
	return fx.e.Execute(context.Background(), &engine.Request{Principal: p}, engine.Params{Query: query, Variables: vars})
}

// data runs query and returns its data as compact JSON, failing on any error.
func (fx *fixture) data(t testing.TB, query string, vars map[string]any) string {
	t.Helper()
	res := fx.exec(t, engine.Principal{}, query, vars)
	if len(res.Errors) > 0 {
		b, _ := json.Marshal(res.Errors)
		t.Fatalf("errors: %s\nquery: %s", b, query)
	}
	return compact(t, res.Data)
}

// check runs query for p and fails unless it succeeds with the data want (compact JSON).
func (fx *fixture) check(t testing.TB, p engine.Principal, query, want string) {
	t.Helper()
	res := fx.exec(t, p, query, nil)
	if len(res.Errors) > 0 {
		t.Fatalf("%s: %v", query, res.Errors[0].Message)
	}
	if got := compact(t, res.Data); got != want {
		t.Errorf("%s\n got: %s\nwant: %s", query, got, want)
	}
}

// errs runs query and returns the error messages and codes.
func (fx *fixture) errs(t testing.TB, p engine.Principal, query string, vars map[string]any) []string {
	t.Helper()
	res := fx.exec(t, p, query, vars)
	var out []string
	for _, e := range res.Errors {
		out = append(out, e.Code()+": "+e.Message)
	}
	sort.Strings(out)
	return out
}

func compact(t testing.TB, raw []byte) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		t.Fatalf("invalid JSON %s: %v", raw, err)
	}
	return b.String()
}
