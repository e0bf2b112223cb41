package engine_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/server/engine"
)

// addManyRuns adds n runs spread over flows F1, F2 (group G1), F3 and F4, with
// scheduled times that tie in threes, start times that are NULL for every fifth run,
// states in turn, and labels: "common" on five runs of six, "rare" on one of fifty.
func addManyRuns(t *testing.T, fx *fixture, n int) {
	t.Helper()
	flows := []string{F1, F2, F2, F3, F2, F4, F1}
	states := []string{"Success", "Failed", "Scheduled", "Running"}
	for i := range n {
		tenant := T1
		if flows[i%len(flows)] == F4 {
			tenant = T2
		}
		r := row{
			"id": fmt.Sprintf("e1000000-0000-0000-0000-%012d", (i*7919)%100000), "tenant_id": tenant,
			"flow_id": flows[i%len(flows)], "name": fmt.Sprintf("run-%d", i), "state": states[i%len(states)], "version": 1,
			"scheduled_start_time": fmt.Sprintf("2026-01-%02dT10:00:00.000000+00:00", 10+(i/3)%20), "labels": `[]`,
		}
		switch {
		case i%50 == 0:
			r["labels"] = `["common", "rare"]`
		case i%6 != 0:
			r["labels"] = `["common"]`
		}
		if i%5 != 0 {
			r["start_time"] = fmt.Sprintf("2026-01-%02dT10:%02d:00.000000+00:00", 10+(i/3)%20, i%7)
		}
		insert(t, fx.db, "flow_run", r)
	}
}

// A sorted page of the runs of a flow group, a flow name or a project is read as one
// stream a flow (pagemerge.go): it answers the rows the page has without the streams,
// whatever the order, page and other conditions, and only where an index leads with
// the flow and the first order column.
func TestSortedPageMergesOneStreamAValue(t *testing.T) {
	fx := newFixture(t)
	addManyRuns(t, fx, 300)
	filters := []string{
		`{flow: {flow_group_id: {_eq: "` + G1 + `"}}}`,
		`{flow: {flow_group_id: {_eq: "` + G1 + `"}}, scheduled_start_time: {_lte: "2026-01-20T10:00:00.000000+00:00"}}`,
		`{_and: [{flow: {name: {_ilike: "%t%"}}}, {state: {_in: ["Failed", "Running"]}}]}`,
		`{flow: {project: {name: {_eq: "Alpha"}}}}`,
		`{flow: {name: {_eq: "no-such-flow"}}}`,
	}
	orders := []string{
		`[{scheduled_start_time: desc}, {id: asc}]`,
		`[{scheduled_start_time: desc}, {id: desc}]`,
		`[{scheduled_start_time: asc}, {id: asc}]`,
		`[{start_time: desc_nulls_last}, {scheduled_start_time: desc}, {id: asc}]`,
		`[{start_time: asc_nulls_first}, {scheduled_start_time: desc}, {id: asc}]`,
		`[{start_time: desc_nulls_first}, {id: asc}]`,
	}
	pages := []string{`limit: 7`, `limit: 50`, `limit: 10, offset: 25`, `limit: 0`, `limit: 5, offset: 500`}
	merged := 0
	for _, f := range filters {
		for _, o := range orders {
			for _, p := range pages {
				query := `{ flow_run(where: %s, order_by: %s, %s) { id scheduled_start_time start_time flow { name } } }`
				got := fx.data(t, fmt.Sprintf(query, f, o, p), nil)
				// A filter under an _or with a branch every run meets (and that no
				// index finds) is the same filter, but no conjunct of the filter,
				// and the _or has no way of its own: no streams.
				plain := `{_or: [` + f + `, {id: {_is_null: true}}]}`
				want := fx.data(t, fmt.Sprintf(query, plain, o, p), nil)
				if got != want {
					t.Errorf("where %s order_by %s %s:\n got %s\nwant %s", f, o, p, got, want)
				}
				if uses(t, fx, fmt.Sprintf(query, f, o, p)) {
					merged++
				}
				if uses(t, fx, fmt.Sprintf(query, plain, o, p)) {
					t.Errorf("%s under _or reads one stream a flow", f)
				}
			}
		}
	}
	// The scheduled-time orders (flow_run_flow_sched_state) and the start-time ones
	// led by start_time desc (flow_run_flow_by_start) take the streams; so does asc,
	// which walks the same index forward.
	if want := len(filters) * len(orders) * len(pages); merged != want {
		t.Errorf("%d of %d pages read one stream a flow", merged, want)
	}
	// Without an order, a limit, or an index led by the filter's column and the
	// first order column, there is no stream.
	for _, q := range []string{
		`{ flow_run(where: {flow: {flow_group_id: {_eq: "` + G1 + `"}}}, limit: 5) { id } }`,
		`{ flow_run(where: {flow: {flow_group_id: {_eq: "` + G1 + `"}}}, order_by: {id: asc}) { id } }`,
		`{ flow_run(where: {flow: {flow_group_id: {_eq: "` + G1 + `"}}}, order_by: {name: asc}, limit: 5) { id } }`,
		`{ flow_run(where: {_not: {flow: {flow_group_id: {_eq: "` + G1 + `"}}}}, order_by: {scheduled_start_time: desc}, limit: 5) { id } }`,
		`{ flow(where: {flow_runs: {id: {_eq: "` + R1 + `"}}}, order_by: {name: asc}, limit: 5) { id } }`,
	} {
		if uses(t, fx, q) {
			t.Errorf("%s reads one stream a flow", q)
		}
	}
}

// uses reports whether the statement of query reads one stream a value.
func uses(t *testing.T, fx *fixture, query string) bool {
	t.Helper()
	return strings.Contains(statement(t, fx, noPrincipal, query), " CROSS JOIN ")
}

// A sorted page of the runs holding a label walks the runs in order when many hold it
// (for the page), and sorts the holders otherwise: either way it answers the rows the
// page has without that choice.
func TestSortedPageOfALabel(t *testing.T) {
	fx := newFixture(t)
	addManyRuns(t, fx, 300)
	orders := []string{
		`[{start_time: desc_nulls_last}, {scheduled_start_time: desc}, {id: asc}]`,
		`[{scheduled_start_time: asc}, {id: desc}]`,
		`{name: asc}`,
	}
	// 250 of 306 runs are "common": every page walks; 6 are "rare": a page
	// reaching 3 runs walks, one reaching further sorts (m² × 30 ≥ reach × n).
	pages := []string{`limit: 1`, `limit: 2`, `limit: 1, offset: 1`, `limit: 3`, `limit: 20, offset: 240`, `limit: 0`}
	for _, label := range []string{"common", "rare", "none"} {
		for _, o := range orders {
			for _, p := range pages {
				query := `{ flow_run(where: %s, order_by: %s, %s) { id labels } }`
				f := `{labels: {_contains: ["` + label + `"]}}`
				got := fx.data(t, fmt.Sprintf(query, f, o, p), nil)
				// With a condition every run meets, the holders are sorted.
				sorted := `{_and: [` + f + `, {id: {_is_null: false}}]}`
				want := fx.data(t, fmt.Sprintf(query, sorted, o, p), nil)
				if got != want {
					t.Errorf("label %s order_by %s %s:\n got %s\nwant %s", label, o, p, got, want)
				}
				if !walks(t, fx, fmt.Sprintf(query, f, o, p)) || walks(t, fx, fmt.Sprintf(query, sorted, o, p)) {
					t.Errorf("label %s order_by %s %s: the page is not read either way, or is with another condition", label, o, p)
				}
			}
		}
	}
	// With another condition, or two labels, the holders are sorted.
	for _, f := range []string{
		`{labels: {_contains: ["common"]}, state: {_eq: "Failed"}}`,
		`{labels: {_contains: ["common", "rare"]}}`,
	} {
		q := `{ flow_run(where: ` + f + `, order_by: {scheduled_start_time: desc}, limit: 1) { id } }`
		if walks(t, fx, q) {
			t.Errorf("%s walks the runs", f)
		}
	}
}

// walks reports whether the statement of query may walk the rows in order testing
// each for a label.
func walks(t *testing.T, fx *fixture, query string) bool {
	t.Helper()
	return strings.Contains(statement(t, fx, noPrincipal, query), "EXISTS (SELECT 1 FROM \"flow_run_label\"")
}

// A count of the runs through their flow (a flow group's runs, the runs of flows
// named so) joins the flows to the runs (pagemerge.go countJoin): it answers what
// the IN of the flows' ids answers (the same filter under a one-element _or, which
// is no conjunct), with other conditions, a cap, a tenant's scope, the flows named
// twice; and only a count through an object relationship that the indexes do not
// count alone is read that way.
func TestCountJoinsTheRelatedRows(t *testing.T) {
	fx := newFixture(t)
	addManyRuns(t, fx, 300)
	group := `{flow: {flow_group_id: {_eq: "` + G1 + `"}}}`
	filters := []string{
		group,
		`{flow: {flow_group_id: {_eq: "` + G1 + `"}}, scheduled_start_time: {_gte: "2026-01-15T00:00:00Z", _lt: "2026-01-20T00:00:00Z"}, state: {_in: ["Failed", "Running"]}}`,
		`{_and: [{flow: {name: {_ilike: "%t%"}}}, {state: {_in: ["Failed", "Running"]}}]}`,
		`{flow: {project: {name: {_eq: "Alpha"}}}}`,
		`{flow: {name: {_eq: "no-such-flow"}}}`,
		`{flow: {}}`,
	}
	counted := map[string]bool{}
	for _, p := range []engine.Principal{noPrincipal, {TenantID: T1}, {TenantID: T2}} {
		for _, f := range filters {
			for _, args := range []string{"", ", limit: 7", ", limit: 0", ", offset: 2"} {
				joined := `{ flow_run_aggregate(where: ` + f + args + `) { aggregate { count } } }`
				in := `{ flow_run_aggregate(where: {_or: [` + f + `]}` + args + `) { aggregate { count } } }`
				got, want := fx.exec(t, p, joined, nil), fx.exec(t, p, in, nil)
				if len(got.Errors) > 0 || len(want.Errors) > 0 || string(got.Data) != string(want.Data) {
					t.Errorf("%+v %s:\n got %s %v\nwant %s %v", p, joined, got.Data, got.Errors, want.Data, want.Errors)
				}
				counted[string(got.Data)] = true
				// A capped count of the flows' runs alone is counted from the
				// indexes (ways.go), no run read: no join.
				alone := args != "" && !strings.Contains(f, "state")
				if j := uses(t, fx, joined); j == alone {
					t.Errorf("%s: joins the flows %v, want %v", joined, j, !alone)
				}
			}
		}
	}
	if len(counted) < 6 {
		t.Errorf("only %d different counts: %v", len(counted), counted)
	}
	for _, q := range []string{
		`{ flow_run_aggregate(where: {_or: [` + group + `, {state: {_eq: "Failed"}}]}) { aggregate { count } } }`,
		`{ flow_run_aggregate(where: ` + group + `) { aggregate { max { scheduled_start_time } } } }`,
		`{ flow_run(where: ` + group + `) { id } }`,
		`{ flow_aggregate(where: {flow_runs: {id: {_eq: "` + R1 + `"}}}) { aggregate { count } } }`,
	} {
		if uses(t, fx, q) {
			t.Errorf("%s joins the flows", q)
		}
	}
	if got := fx.data(t, `{ flow_run_aggregate(where: {_and: [`+group+`, `+group+`]}) { aggregate { count } } }`, nil); got != fx.data(t, `{ flow_run_aggregate(where: `+group+`) { aggregate { count } } }`, nil) {
		t.Errorf("the group named twice counts %s", got)
	}
}

// TestWalkProbe: a sorted page of the runs of flows holding many runs is walked in
// order; the decision first probes the first rows in order (up to reach × streamCost,
// in the order of its first column) for the page's rows, and then counts the held
// rows. Of flows holding none it reads the (empty) streams. Either way the page is the
// one without the choice (TestSortedPageMergesOneStreamAValue).
func TestWalkProbe(t *testing.T) {
	fx := newFixture(t)
	addManyRuns(t, fx, 300)
	for _, c := range []struct {
		filter string
		probe  int // held rows the probe finds, up to the page's 10
		walk   bool
	}{
		{`{flow: {flow_group_id: {_eq: "` + G1 + `"}}}`, 10, true},
		// F3 holds one run in seven: the first 120 rows in order hold its page too.
		{`{flow: {id: {_eq: "` + F3 + `"}}}`, 10, true},
		{`{flow: {name: {_eq: "no-such-flow"}}}`, 0, false},
	} {
		query := `{ flow_run(where: ` + c.filter + `, order_by: [{start_time: desc_nulls_last}, {scheduled_start_time: desc}, {id: asc}], limit: 10) { id } }`
		st := oneStatement(t, fx, noPrincipal, query)
		sql := st.SQL
		start := strings.Index(sql, "AS MATERIALIZED (SELECT ")
		end := strings.Index(sql, ` AS "walk")`)
		if start < 0 || end < start {
			t.Fatalf("%s: no decision in %s", c.filter, sql)
		}
		decide := sql[start+len("AS MATERIALIZED (SELECT ") : end]
		var walk bool
		if err := fx.db.QueryRow("SELECT "+decide, st.Args...).Scan(&walk); err != nil {
			t.Fatalf("%s: %v", decide, err)
		}
		if walk != c.walk {
			t.Errorf("%s: walk %v, want %v", c.filter, walk, c.walk)
		}
		// The probe is the decision's first term: "((SELECT count(*) ... ) >= (reach) OR".
		probe, _, ok := strings.Cut(decide, " >= (")
		if !ok || !strings.HasPrefix(probe, "((SELECT count(*) FROM (SELECT 1 FROM (SELECT ") || !strings.Contains(probe, "ORDER BY") {
			t.Fatalf("%s: the decision does not start with the probe: %s", c.filter, decide)
		}
		var found int
		if err := fx.db.QueryRow("SELECT "+probe[1:], st.Args...).Scan(&found); err != nil {
			t.Fatalf("%s: %v", probe, err)
		}
		if found != c.probe {
			t.Errorf("%s: the probe found %d held rows, want %d", c.filter, found, c.probe)
		}
	}
}

// TestWalkProbeOnlyInIndexOrder: a first order key SQLite cannot read from an index in
// order (NULLs last ascending) gets no probe, which would sort the table.
func TestWalkProbeOnlyInIndexOrder(t *testing.T) {
	fx := newFixture(t)
	for order, probe := range map[string]bool{
		`[{start_time: desc_nulls_last}, {id: asc}]`: true,
		`[{start_time: asc_nulls_first}, {id: asc}]`: true,
		`[{start_time: asc}, {id: asc}]`:             false,
		`[{start_time: desc}, {id: asc}]`:            false,
	} {
		query := `{ flow_run(where: {flow: {flow_group_id: {_eq: "` + G1 + `"}}}, order_by: ` + order + `, limit: 10) { id } }`
		sql := statement(t, fx, noPrincipal, query)
		if !strings.Contains(sql, `AS "walk"`) {
			t.Fatalf("%s: no decision in %s", order, sql)
		}
		if got := strings.Contains(sql, `AS "v"`); got != probe {
			t.Errorf("order_by %s: probe %v, want %v", order, got, probe)
		}
	}
}
