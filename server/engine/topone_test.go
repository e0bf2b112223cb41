package engine_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/server/engine"
)

// TestTopOne: a page of one row (limit: 1) is found through the extreme of its first
// order column, and answers as the same page sorted whole (a variable's limit, which
// the statement cannot know, is sorted): for every direction and null placement, a
// nullable column and a NOT NULL one, ties broken by the next key, rows whose first
// key is NULL, every key NULL, no rows at all, at a root field and through an array
// relationship, for a principal whose tenant scopes every read.
func TestTopOne(t *testing.T) {
	fx := newFixture(t)
	// F2's runs: two share the latest state timestamp (the smaller id comes first by
	// id asc), some have none (the fixture's own among them); F3's have none at all.
	for i, r := range []row{
		{"state": "Failed", "state_timestamp": ts("6T10:00:00.000000"), "start_time": ts("6T09:00:00.000000"), "version": 7},
		{"state": "Failed", "state_timestamp": ts("6T10:00:00.000000"), "version": 7},
		{"state": "TimedOut", "state_timestamp": ts("3T10:00:00.000000"), "start_time": ts("6T09:00:00.000000"), "version": 1},
		{"state": "Failed", "version": 2},
	} {
		r["id"] = fmt.Sprintf("e1000000-0000-0000-0000-00000000000%d", 9-i)
		r["tenant_id"], r["flow_id"], r["name"] = T1, F2, fmt.Sprintf("top-%d", i)
		r["scheduled_start_time"], r["labels"] = ts("6T08:00:00.000000"), `[]`
		insert(t, fx.db, "flow_run", r)
	}
	for _, id := range []string{R3, R5} {
		if _, err := fx.db.Exec(`UPDATE flow_run SET state_timestamp = NULL WHERE id = ?`, id); err != nil {
			t.Fatal(err)
		}
	}
	dirs := []string{"asc", "desc", "asc_nulls_first", "asc_nulls_last", "desc_nulls_first", "desc_nulls_last"}
	wheres := []string{``, `where: {state: {_in: ["Failed", "TimedOut"]}}, `, `where: {state: {_eq: "Nope"}}, `}
	principals := []engine.Principal{noPrincipal, {TenantID: T1}}
	checked := 0
	for _, column := range []string{"state_timestamp", "start_time", "version"} {
		for _, dir := range dirs {
			for _, where := range wheres {
				order := fmt.Sprintf(`order_by: [{%s: %s}, {id: asc}]`, column, dir)
				sel := `{ id name ` + column + ` }`
				page := func(limit string) string {
					head := `query`
					if limit != "1" {
						head = `query($one: Int)`
					}
					return head + ` { flow_run(` + where + order + `, limit: ` + limit + `) ` + sel +
						` flow(order_by: {id: asc}) { id flow_runs(` + where + order + `, limit: ` + limit + `) ` + sel + ` } }`
				}
				for _, p := range principals {
					vars := map[string]any{"one": 1}
					want := fx.exec(t, p, page("$one"), vars)
					got := fx.exec(t, p, page("1"), nil)
					if len(want.Errors) > 0 || len(got.Errors) > 0 {
						t.Fatalf("%s %s %s: errors %v %v", column, dir, where, errText(want), errText(got))
					}
					if string(got.Data) != string(want.Data) {
						t.Errorf("%s %s %s %+v:\n  limit 1 %s\nsorted %s", column, dir, where, p, got.Data, want.Data)
					}
					st, res := fx.e.Statements(t.Context(), &engine.Request{Principal: p}, engine.Params{Query: page("1")})
					if res != nil || len(st) != 1 {
						t.Fatalf("%d statements, %v", len(st), res)
					}
					if n := strings.Count(st[0].SQL, "(SELECT "+extremeOf(dir)+"("); n != 2 {
						t.Errorf("%s %s: the extreme is read %d times, want 2 (the root and the relationship):\n%s", column, dir, n, st[0].SQL)
					}
					checked++
				}
			}
		}
	}
	// The answers above must hold rows of every kind: ties, NULLs first, none.
	got := fx.data(t, `{ flow(where: {id: {_eq: "`+F2+`"}}) { flow_runs(order_by: [{state_timestamp: desc}, {id: asc}], limit: 1) { id } } }`, nil)
	if want := `{"flow":[{"flow_runs":[{"id":"` + R1 + `"}]}]}`; got != want {
		t.Errorf("NULLs first: %s, want %s", got, want)
	}
	got = fx.data(t, `{ flow(where: {id: {_eq: "`+F2+`"}}) { flow_runs(order_by: [{state_timestamp: desc_nulls_last}, {id: asc}], limit: 1) { id } } }`, nil)
	if want := `{"flow":[{"flow_runs":[{"id":"e1000000-0000-0000-0000-000000000008"}]}]}`; got != want {
		t.Errorf("the tie's smaller id: %s, want %s", got, want)
	}
	got = fx.data(t, `{ flow(where: {id: {_eq: "`+F3+`"}}) { flow_runs(order_by: [{state_timestamp: asc}, {id: desc}], limit: 1) { id } } }`, nil)
	if want := `{"flow":[{"flow_runs":[{"id":"` + R5 + `"}]}]}`; got != want {
		t.Errorf("every key NULL: %s, want %s", got, want)
	}
	if checked == 0 {
		t.Fatal("nothing checked")
	}
}

func extremeOf(dir string) string {
	if strings.HasPrefix(dir, "desc") {
		return "max"
	}
	return "min"
}

func errText(r *engine.Response) []string {
	var out []string
	for _, e := range r.Errors {
		out = append(out, e.Message)
	}
	return out
}
