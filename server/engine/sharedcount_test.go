package engine_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/server/engine"
)

// runsList is the runs list's request: a sorted page of the rows of one filter and
// the count of the rows of another (the same, or not) up to a cap.
const runsList = `query($l: Int!, $o: Int!, $cl: Int) {
  flow_run(where: %s, order_by: [{start_time: desc_nulls_last}, {scheduled_start_time: desc}, {id: asc}], limit: $l, offset: $o) { id name }
  flow_run_aggregate(where: %s, limit: $cl) { aggregate { count } } }`

// TestPageAndCountShareTheCount: the runs list's page and capped count in one
// statement answer what each answers alone, for words in many names and in none,
// caps below and above what the page's decision counts, every page and principal;
// the decision reads the count only when the count is the same rows'.
func TestPageAndCountShareTheCount(t *testing.T) {
	fx := newFixture(t)
	addManyRuns(t, fx, 300)
	addNamedRuns(t, fx)
	caps := []any{nil, 0, 1, 3, 40, 10001}
	pages := [][2]int{{1, 0}, {7, 0}, {100, 0}, {5, 3}, {20, 60}, {0, 0}}
	principals := []engine.Principal{noPrincipal, {TenantID: T1}, {TenantID: T2}}
	for _, f := range wayFilters {
		shared := fmt.Sprintf(runsList, f, f)
		apart := fmt.Sprintf(runsList, f, `{_not: {_not: `+f+`}}`)
		for _, cl := range caps {
			for _, p := range pages {
				for _, pr := range principals {
					vars := map[string]any{"l": p[0], "o": p[1], "cl": cl}
					got := fx.exec(t, pr, shared, vars)
					want := fx.exec(t, pr, apart, vars)
					if string(got.Data) != string(want.Data) || len(got.Errors)+len(want.Errors) > 0 {
						t.Errorf("%+v where %s cap %v page %v:\n got %s %v\nwant %s %v", pr, f, cl, p, got.Data, got.Errors, want.Data, want.Errors)
					}
				}
			}
		}
	}
	vars := map[string]any{"l": 100, "o": 0, "cl": 10001}
	for _, f := range []string{wayFilters[1], wayFilters[8], wayFilters[13], `{labels: {_contains: ["rare"]}}`} {
		st := oneStatementVars(t, fx, fmt.Sprintf(runsList, f, f), vars).SQL
		if !strings.HasPrefix(st, "WITH ") || strings.Count(st, "MATERIALIZED (SELECT count(*)") != 1 {
			t.Errorf("%s: the page's decision does not read the count:\n%s", f, st)
		}
		if st := oneStatementVars(t, fx, fmt.Sprintf(runsList, f, `{_not: {_not: `+f+`}}`), vars).SQL; strings.HasPrefix(st, "WITH ") {
			t.Errorf("%s: a count of other rows is shared:\n%s", f, st)
		}
	}
}

// TestListedCountWithoutWideNames: where no name holds a character beyond ASCII,
// the listed count of a text search answers as the filter without indexes does.
func TestListedCountWithoutWideNames(t *testing.T) {
	fx := newFixture(t)
	addManyRuns(t, fx, 300)
	var wide int
	if err := fx.db.QueryRow(`SELECT count(*) FROM flow_run WHERE length(CAST(name AS BLOB)) <> length(name)`).Scan(&wide); err != nil || wide != 0 {
		t.Fatalf("the fixture holds %d wide names (%v)", wide, err)
	}
	for _, f := range wayFilters {
		for _, p := range []string{"limit: 0", "limit: 1", "limit: 9", "limit: 10000"} {
			q := `{ flow_run_aggregate(where: %s, ` + p + `) { aggregate { count } } }`
			got := fx.exec(t, noPrincipal, fmt.Sprintf(q, f), nil)
			want := fx.exec(t, noPrincipal, fmt.Sprintf(q, `{_not: {_not: `+f+`}}`), nil)
			if string(got.Data) != string(want.Data) || len(got.Errors)+len(want.Errors) > 0 {
				t.Errorf("where %s %s: %s %v, want %s %v", f, p, got.Data, got.Errors, want.Data, want.Errors)
			}
		}
	}
}

// oneStatementVars is the one statement of query with variables vars.
func oneStatementVars(t *testing.T, fx *fixture, query string, vars map[string]any) engine.Statement {
	t.Helper()
	st, res := fx.e.Statements(context.Background(), &engine.Request{}, engine.Params{Query: query, Variables: vars})
	if res != nil {
		t.Fatalf("%s: %s", query, res.Errors[0].Message)
	}
	if len(st) != 1 {
		t.Fatalf("%s: %d statements", query, len(st))
	}
	return st[0]
}
