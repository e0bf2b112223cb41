package bench

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
)

// PlanStep is one row of EXPLAIN QUERY PLAN.
type PlanStep struct {
	ID, Parent int
	Detail     string
}

// Explain returns SQLite's query plan of query.
func Explain(ctx context.Context, db *sql.DB, query string, args ...any) ([]PlanStep, error) {
	rows, err := db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PlanStep
	for rows.Next() {
		var s PlanStep
		var unused int
		if err := rows.Scan(&s.ID, &s.Parent, &unused, &s.Detail); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// FormatPlan renders a plan as an indented tree.
func FormatPlan(steps []PlanStep) string {
	depth := map[int]int{0: -1}
	var b strings.Builder
	for _, s := range steps {
		d := depth[s.Parent] + 1
		depth[s.ID] = d
		fmt.Fprintf(&b, "%s%s\n", strings.Repeat("  ", d), s.Detail)
	}
	return b.String()
}

// aliasRE finds "table AS alias" (quoted or not) in a statement.
var aliasRE = regexp.MustCompile(`"?([A-Za-z_]\w*)"?\s+AS\s+"?([A-Za-z_]\w*)"?`)

// FullScans returns the steps of a plan of query that read every row of one of
// tables without an index (SQLite's "SCAN <table>"): a walk of an index in order
// (SCAN ... USING INDEX) stops at the page's last row, and is not one. A SCAN of a
// subquery's result (a co-routine or materialized view of the same alias) is not
// one either.
func FullScans(query string, steps []PlanStep, tables ...string) []string {
	alias := map[string]string{}
	for _, m := range aliasRE.FindAllStringSubmatch(query, -1) {
		alias[m[2]] = m[1]
	}
	want := map[string]bool{}
	for _, t := range tables {
		want[t] = true
	}
	parent := map[int]int{}
	subquery := map[string][]int{} // alias -> ids of its CO-ROUTINE / MATERIALIZE steps
	for _, s := range steps {
		parent[s.ID] = s.Parent
		for _, p := range []string{"CO-ROUTINE ", "MATERIALIZE "} {
			if name, ok := strings.CutPrefix(s.Detail, p); ok {
				subquery[name] = append(subquery[name], s.ID)
			}
		}
	}
	inside := func(id, ancestor int) bool {
		for id != 0 {
			if id = parent[id]; id == ancestor {
				return true
			}
		}
		return false
	}
	var out []string
	for _, s := range steps {
		name, ok := strings.CutPrefix(s.Detail, "SCAN ")
		if !ok || strings.Contains(name, " ") {
			continue
		}
		table := name
		if t, ok := alias[name]; ok {
			table = t
		}
		if !want[table] {
			continue
		}
		readsSubquery := false
		for _, sq := range subquery[name] {
			if !inside(s.ID, sq) {
				readsSubquery = true
			}
		}
		if !readsSubquery {
			out = append(out, s.Detail+" ("+table+")")
		}
	}
	return out
}
