package engine_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/server/engine"
)

// TestStoredCounts: a count of every run the principal may read comes from the
// store's row counts and equals the rows: in Server mode and per tenant, after runs
// are added (one without a tenant) and deleted; a count with a filter or a limit
// counts the rows.
func TestStoredCounts(t *testing.T) {
	var last string
	fx := newFixture(t, engine.WithTrace(func(sql string) { last = sql }))
	t1 := engine.Principal{TenantID: T1}
	t2 := engine.Principal{TenantID: T2}
	count := func(p engine.Principal, args, want string, stored bool) {
		t.Helper()
		q := `{ flow_run_aggregate` + args + ` { aggregate { count } } }`
		fx.check(t, p, q, `{"flow_run_aggregate":{"aggregate":{"count":`+want+`}}}`)
		if strings.Contains(last, "row_count") != stored {
			t.Errorf("%s: stored count used: %v, want %v", q, !stored, stored)
		}
	}
	count(noPrincipal, "", "6", true)
	count(noPrincipal, "(where: {})", "6", true)
	count(t1, "", "5", true)
	count(t2, "", "1", true)
	count(noPrincipal, "(limit: 2)", "2", false)
	count(t1, `(where: {state: {_eq: "Failed"}})`, "2", false)
	insert(t, fx.db, "flow_run", row{"id": "e0000000-0000-0000-0000-000000000301", "flow_id": F2, "version": 1, "scheduled_start_time": ts("6T00:00:00.000000")})
	insert(t, fx.db, "flow_run", row{"id": "e0000000-0000-0000-0000-000000000302", "tenant_id": T2, "flow_id": F4, "version": 1, "scheduled_start_time": ts("6T00:00:00.000000")})
	if _, err := fx.db.Exec(`DELETE FROM flow_run WHERE id IN (?, ?)`, R1, R2); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.db.Exec(`UPDATE flow_run SET tenant_id = ? WHERE id = ?`, T2, R3); err != nil {
		t.Fatal(err)
	}
	count(noPrincipal, "", "6", true)
	count(t1, "", "2", true)
	count(t2, "", "3", true)
	fx.check(t, noPrincipal, `{ a: flow_run_aggregate { aggregate { count } } b: flow_run_aggregate(where: {id: {_is_null: false}}) { aggregate { count } } }`,
		`{"a":{"aggregate":{"count":6}},"b":{"aggregate":{"count":6}}}`)
}

// A count limited to N rows counts any N matching rows: its statement has no order
// (the insertion order a limit otherwise takes), so SQLite stops at the N-th row it
// finds through any index. An aggregate that reads the rows keeps the order.
func TestLimitedCountTakesAnyRows(t *testing.T) {
	fx := newFixture(t)
	addManyRuns(t, fx, 60)
	for _, c := range []struct {
		query, want string
		ordered     bool
	}{
		{`{ flow_run_aggregate(where: {state: {_eq: "Failed"}}, limit: 4) { aggregate { count } } }`, `{"flow_run_aggregate":{"aggregate":{"count":4}}}`, false},
		{`{ flow_run_aggregate(where: {state: {_eq: "Failed"}}, limit: 400) { aggregate { count } } }`, `{"flow_run_aggregate":{"aggregate":{"count":17}}}`, false},
		{`{ flow_run_aggregate(limit: 2, offset: 1) { aggregate { c: count __typename } } }`, `{"flow_run_aggregate":{"aggregate":{"c":2,"__typename":"flow_run_aggregate_fields"}}}`, false},
		{`{ flow_group(where: {id: {_eq: "` + G1 + `"}}) { flows_aggregate(limit: 1) { aggregate { count } } } }`, `{"flow_group":[{"flows_aggregate":{"aggregate":{"count":1}}}]}`, false},
		{`{ flow_run_aggregate(where: {labels: {_contains: ["common"]}}, limit: 10) { aggregate { count } } }`, `{"flow_run_aggregate":{"aggregate":{"count":10}}}`, false},
		{`{ flow_run_aggregate(where: {labels: {_contains: ["common"]}}, limit: 400) { aggregate { count } } }`, `{"flow_run_aggregate":{"aggregate":{"count":51}}}`, false},
		{`{ flow_run_aggregate(where: {labels: {_contains: ["rare"]}}, limit: 10, offset: 1) { aggregate { count } } }`, `{"flow_run_aggregate":{"aggregate":{"count":1}}}`, false},
		{`{ flow_run_aggregate(limit: 2) { aggregate { count(columns: [start_time]) } } }`, `{"flow_run_aggregate":{"aggregate":{"count":2}}}`, true},
		{`{ flow_run_aggregate(limit: 2) { aggregate { max { name } } } }`, `{"flow_run_aggregate":{"aggregate":{"max":{"name":"alpha-run"}}}}`, true},
		{`{ flow_run_aggregate(limit: 2) { aggregate { count } nodes { id } } }`, "", true},
	} {
		if c.want != "" {
			if got := fx.data(t, c.query, nil); got != c.want {
				t.Errorf("%s: %s, want %s", c.query, got, c.want)
			}
		}
		sql := statement(t, fx, noPrincipal, c.query)
		if ordered := strings.Contains(sql, ".rowid ASC LIMIT"); ordered != c.ordered {
			t.Errorf("%s: ordered %v, want %v\n%s", c.query, ordered, c.ordered, sql)
		}
		// A label's runs are read from its holders, one by one.
		if joined := strings.Contains(sql, `"flow_run_label" AS `); joined != strings.Contains(c.query, "labels") {
			t.Errorf("%s: read from the label's holders %v\n%s", c.query, joined, sql)
		}
	}
}

// A limited count whose only condition is a label counts the label's holders from
// the element index alone when no scope limits the rows (Server mode), and joins
// them to the rows otherwise: either way it answers what the same filter under
// _or (compiled without the index) answers, for every principal and page.
func TestLabelCountReadsHolders(t *testing.T) {
	fx := newFixture(t)
	addManyRuns(t, fx, 120)
	t1 := engine.Principal{TenantID: T1}
	t2 := engine.Principal{TenantID: T2}
	for _, p := range []engine.Principal{noPrincipal, t1, t2} {
		for _, label := range []string{"common", "rare", "none"} {
			for _, page := range []string{"limit: 0", "limit: 1", "limit: 7", "limit: 500", "limit: 5, offset: 3", "limit: 500, offset: 90"} {
				f := `{labels: {_contains: ["` + label + `"]}}`
				q := `{ flow_run_aggregate(where: %s, ` + page + `) { aggregate { count } } }`
				got := fx.exec(t, p, fmt.Sprintf(q, f), nil)
				want := fx.exec(t, p, fmt.Sprintf(q, `{_or: [`+f+`]}`), nil)
				if string(got.Data) != string(want.Data) || len(got.Errors)+len(want.Errors) > 0 {
					t.Errorf("%+v %s %s: %s, want %s (%v %v)", p, label, page, got.Data, want.Data, got.Errors, want.Errors)
				}
			}
		}
	}
	for _, c := range []struct {
		p    engine.Principal
		rows bool
	}{{noPrincipal, false}, {t1, true}} {
		q := `{ flow_run_aggregate(where: {labels: {_contains: ["common"]}}, limit: 10) { aggregate { count } } }`
		sql := statement(t, fx, c.p, q)
		if rows := strings.Contains(sql, `"flow_run" AS`); rows != c.rows {
			t.Errorf("%+v: reads the runs %v, want %v\n%s", c.p, rows, c.rows, sql)
		}
	}
}
