package engine_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/server/engine"
)

// addNamedRuns adds runs whose names hold wildcards, case and characters beyond
// ASCII: the KELVIN SIGN (folds to k), an LONG S (folds to s), an umlaut, a
// dotted capital I, and ASCII look-alikes.
func addNamedRuns(t *testing.T, fx *fixture) {
	t.Helper()
	names := []string{"50%_off-BOBCAT", "50x_off-bobcat", "500off-bobcat", "Bobcat-ÄRGER", "ärger-bobcat", "\u212aite-run", "kite-run", "KITE-run",
		"bob\u017fcat", "boscat", "İstanbul-bobcat", "BOBCAT", "bobca", "obcat-b", "gamma_run-2", "gammaXrun-3"}
	for i, n := range names {
		tenant, flow := T1, F3
		if i%4 == 3 {
			tenant, flow = T2, F4
		}
		r := row{"id": fmt.Sprintf("e2000000-0000-0000-0000-%012d", i), "tenant_id": tenant, "flow_id": flow, "name": n, "state": "Success", "version": 1,
			"scheduled_start_time": fmt.Sprintf("2026-01-%02dT11:00:00.000000+00:00", 10+i%20), "labels": `["named"]`}
		if i%3 != 0 {
			r["start_time"] = fmt.Sprintf("2026-01-%02dT11:%02d:00.000000+00:00", 10+i%20, i)
		}
		insert(t, fx.db, "flow_run", r)
	}
	insert(t, fx.db, "flow_run", row{"id": "e2000000-0000-0000-0000-000000000999", "tenant_id": T1, "flow_id": F2, "version": 1,
		"scheduled_start_time": "2026-01-12T11:00:00.000000+00:00", "labels": `[]`}) // no name
}

// The filters of the text search and the flow search, alone and as the runs list
// sends them (an _or of the run name and the flow name): exact answers whether the
// index decides, tests or is not used.
var wayFilters = []string{
	`{_or: [{name: {_ilike: "%run-1%"}}, {flow: {name: {_ilike: "%run-1%"}}}]}`,
	`{_or: [{name: {_ilike: "%bobcat%"}}, {flow: {name: {_ilike: "%bobcat%"}}}]}`,
	`{_or: [{name: {_ilike: "%BobCat%"}}, {flow: {name: {_ilike: "%report%"}}}]}`,
	`{_or: [{name: {_ilike: "%etl%"}}, {flow: {name: {_ilike: "%etl%"}}}]}`,
	`{_or: [{name: {_ilike: "%kite%"}}, {flow: {name: {_ilike: "%kite%"}}}]}`,
	`{_or: [{name: {_ilike: "%bobscat%"}}, {name: {_ilike: "%ärger%"}}]}`,
	`{_or: [{name: {_ilike: "%50\\%\\_off%"}}, {name: {_ilike: "%a\\_run%"}}]}`,
	`{_or: [{name: {_ilike: "%50_off%"}}, {name: {_like: "%bobcat%"}}]}`,
	`{_or: [{name: {_ilike: "%zzqqzz%"}}, {flow: {name: {_ilike: "%zzqqzz%"}}}]}`,
	`{_or: [{name: {_ilike: "%run-2%"}}, {labels: {_contains: ["rare"]}}, {flow: {flow_group_id: {_eq: "` + G2 + `"}}}]}`,
	`{_or: [{_or: [{name: {_ilike: "%run-3%"}}, {name: {_ilike: "%istanbul%"}}]}, {flow: {name: {_ilike: "%other%"}}}]}`,
	`{_or: [{name: {_ilike: "%run-4%"}}, {labels: {_contains: ["rare"], _has_key: "x"}}, {labels: {_contains: ["named"], _neq: ["named"]}}]}`,
	`{name: {_ilike: "%run-1%"}}`,
	`{name: {_ilike: "%bobcat%"}}`,
	`{name: {_ilike: "%İSTANBUL%"}}`,
	`{name: {_ilike: "run-1%"}}`,
}

// TestSortedPageOfAnOr: a sorted page whose filter is an _or of branches each found
// through an index (or one such condition) answers the rows the same filter answers
// without any index (under a double _not), for every order, page and principal.
func TestSortedPageOfAnOr(t *testing.T) {
	fx := newFixture(t)
	addManyRuns(t, fx, 300)
	addNamedRuns(t, fx)
	orders := []string{
		`[{start_time: desc_nulls_last}, {scheduled_start_time: desc}, {id: asc}]`,
		`[{scheduled_start_time: asc}, {id: desc}]`,
		`{name: asc}`,
	}
	pages := []string{`limit: 1`, `limit: 7`, `limit: 100`, `limit: 5, offset: 3`, `limit: 20, offset: 60`, `limit: 10, offset: 1000`, `limit: 0`}
	principals := []engine.Principal{noPrincipal, {TenantID: T1}, {TenantID: T2}}
	for _, f := range wayFilters {
		for _, o := range orders {
			for _, p := range pages {
				for _, pr := range principals {
					query := `{ flow_run(where: %s, order_by: %s, %s) { id name } }`
					got := fx.exec(t, pr, fmt.Sprintf(query, f, o, p), nil)
					want := fx.exec(t, pr, fmt.Sprintf(query, `{_not: {_not: `+f+`}}`, o, p), nil)
					if string(got.Data) != string(want.Data) || len(got.Errors)+len(want.Errors) > 0 {
						t.Errorf("%+v where %s order_by %s %s:\n got %s %v\nwant %s %v", pr, f, o, p, got.Data, got.Errors, want.Data, want.Errors)
					}
				}
			}
		}
	}
	// The runs list's filter reads each branch its own way and pages their union;
	// the reference does not.
	q := `{ flow_run(where: %s, order_by: {scheduled_start_time: desc}, limit: 5) { id } }`
	if st := statement(t, fx, noPrincipal, fmt.Sprintf(q, wayFilters[0])); !strings.Contains(st, ") UNION ALL SELECT * FROM (") {
		t.Errorf("the _or's branches are not read one by one:\n%s", st)
	}
	for _, f := range []string{
		`{_not: {_not: ` + wayFilters[0] + `}}`,
		`{_or: [{name: {_ilike: "%run-1%"}}, {state: {_eq: "Failed"}}]}`,
		`{_or: [{name: {_ilike: "%run-1%"}, state: {_eq: "Failed"}}, {flow: {name: {_ilike: "%run-1%"}}}]}`,
	} {
		if st := statement(t, fx, noPrincipal, fmt.Sprintf(q, f)); strings.Contains(st, " UNION SELECT ") || strings.Contains(st, "MATERIALIZED") {
			t.Errorf("%s is read by branches or walked:\n%s", f, st)
		}
	}
	// One text condition walks or sorts.
	if st := statement(t, fx, noPrincipal, fmt.Sprintf(q, wayFilters[11])); !strings.Contains(st, "MATERIALIZED") {
		t.Errorf("a text search is not walked or sorted:\n%s", st)
	}
}

// TestLimitedCountOfAnOr: a limited count of such a filter (the runs list's capped
// total) counts the rows the indexes list, for a principal without a scope, and
// answers what the filter without indexes answers, for every limit and principal.
func TestLimitedCountOfAnOr(t *testing.T) {
	fx := newFixture(t)
	addManyRuns(t, fx, 300)
	addNamedRuns(t, fx)
	principals := []engine.Principal{noPrincipal, {TenantID: T1}, {TenantID: T2}}
	for _, f := range wayFilters {
		for _, p := range []string{"limit: 0", "limit: 1", "limit: 9", "limit: 10000", "limit: 4, offset: 2", "limit: 500, offset: 30"} {
			for _, pr := range principals {
				q := `{ flow_run_aggregate(where: %s, ` + p + `) { aggregate { count } } }`
				got := fx.exec(t, pr, fmt.Sprintf(q, f), nil)
				want := fx.exec(t, pr, fmt.Sprintf(q, `{_not: {_not: `+f+`}}`), nil)
				if string(got.Data) != string(want.Data) || len(got.Errors)+len(want.Errors) > 0 {
					t.Errorf("%+v where %s %s: %s %v, want %s %v", pr, f, p, got.Data, got.Errors, want.Data, want.Errors)
				}
			}
		}
	}
	q := `{ flow_run_aggregate(where: %s, limit: 10) { aggregate { count } } }`
	for _, c := range []struct {
		filter string
		p      engine.Principal
		listed bool
	}{
		{wayFilters[1], noPrincipal, true},
		{wayFilters[9], noPrincipal, true},
		{wayFilters[13], noPrincipal, true},
		{wayFilters[1], engine.Principal{TenantID: T1}, false},
		// _like is case-sensitive: the index does not decide it; nor a pattern
		// with _ or beyond ASCII, or without % on both sides.
		{`{name: {_like: "%bobcat%"}}`, noPrincipal, false},
		{`{name: {_ilike: "%50_off%"}}`, noPrincipal, false},
		{`{name: {_ilike: "%ärger%"}}`, noPrincipal, false},
		{`{name: {_ilike: "run-1%"}}`, noPrincipal, false},
	} {
		st := statement(t, fx, c.p, fmt.Sprintf(q, c.filter))
		if listed := !strings.Contains(st, `FROM "flow_run" AS t`) || strings.Contains(st, `"flow_run_name_search" AS s`); listed != c.listed {
			t.Errorf("%+v %s: listed from the indexes %v, want %v\n%s", c.p, c.filter, listed, c.listed, st)
		}
	}
}

// statement is the SQL of the one statement of query for principal p.
func statement(t *testing.T, fx *fixture, p engine.Principal, query string) string {
	t.Helper()
	return oneStatement(t, fx, p, query).SQL
}

// oneStatement is the one statement (SQL and arguments) of query for principal p.
func oneStatement(t *testing.T, fx *fixture, p engine.Principal, query string) engine.Statement {
	t.Helper()
	st, res := fx.e.Statements(context.Background(), &engine.Request{Principal: p}, engine.Params{Query: query})
	if res != nil {
		t.Fatalf("%s: %s", query, res.Errors[0].Message)
	}
	if len(st) != 1 {
		t.Fatalf("%s: %d statements", query, len(st))
	}
	return st[0]
}

// The patterns whose ILIKE the text index decides for ASCII values: one literal run
// of three or more ASCII characters between runs of %, escapes resolved.
func TestASCIISubstring(t *testing.T) {
	for _, c := range []struct {
		pattern, lit string
		ok           bool
	}{
		{`%bobcat%`, "bobcat", true},
		{`%%BobCat%%%`, "BobCat", true},
		{`%50\%\_off%`, "50%_off", true},
		{`%a\\b%`, `a\b`, true},
		{`%ab\%`, "", false}, // the last % is a literal
		{`%ab\\%`, `ab\`, true},
		{`%a\\%`, "", false}, // two characters
		{`%abc\`, "", false}, // invalid
		{`%ab%`, "", false},
		{`%a_c%`, "", false},
		{`%ab%cd%`, "", false},
		{`abc%`, "", false},
		{`%abc`, "", false},
		{`abc`, "", false},
		{`%ärger%`, "", false},
		{"%\u212aite%", "", false},
		{`%%`, "", false},
	} {
		lit, ok := engine.ASCIISubstring(c.pattern)
		if ok != c.ok || (ok && lit != c.lit) {
			t.Errorf("%q: %q %v, want %q %v", c.pattern, lit, ok, c.lit, c.ok)
		}
	}
}
