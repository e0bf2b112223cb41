package engine_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/server/engine"
)

// TestLimits: requests beyond the limits are refused with BAD_USER_INPUT saying the
// limit, and requests at the limits run.
func TestLimits(t *testing.T) {
	fx := newFixture(t)
	list := func(n int) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = fmt.Sprintf("s%d", i)
		}
		return out
	}
	nested := func(depth int) map[string]any {
		w := map[string]any{"name": map[string]any{"_eq": "alpha-run"}}
		for i := 1; i < depth; i++ {
			w = map[string]any{"_and": []any{w}}
		}
		return w
	}
	conds := func(n int) map[string]any {
		and := make([]any, n)
		for i := range and {
			and[i] = map[string]any{"name": map[string]any{"_neq": fmt.Sprint(i)}}
		}
		return map[string]any{"_and": and}
	}
	const byWhere = `query($w: flow_run_bool_exp) { flow_run(where: $w) { name } }`
	refused := []struct {
		query string
		vars  map[string]any
		want  string
	}{
		{`query($l: [String!]) { flow_run(where: {state: {_in: $l}}) { id } }`, map[string]any{"l": list(engine.MaxListValues + 1)},
			"_in takes at most 10,000 values (got 10,001)"},
		{`query($l: [String!]) { flow_run(where: {state: {_nin: $l}}) { id } }`, map[string]any{"l": list(200_000)},
			"_nin takes at most 10,000 values (got 200,000)"},
		{byWhere, map[string]any{"w": conds(50_000)}, "the boolean expressions of one field may hold at most 1,000 conditions"},
		{byWhere, map[string]any{"w": nested(1000)}, "boolean expressions may nest at most 32 levels deep"},
		{byWhere, map[string]any{"w": nested(engine.MaxNesting + 1)}, "boolean expressions may nest at most 32 levels deep"},
		{`query($p: String) { flow_run(where: {name: {_ilike: $p}}) { id } }`, map[string]any{"p": strings.Repeat("x", 200_000)},
			"the _ilike pattern may be at most 1,000 characters long (got 200,000)"},
		{`query($p: String) { log(where: {message: {_similar: $p}}) { id } }`, map[string]any{"p": strings.Repeat("%", 2000) + "z"},
			"the _similar pattern may be at most 1,000 characters long (got 2,001)"},
	}
	for _, c := range refused {
		got := fx.errs(t, noPrincipal, c.query, c.vars)
		if len(got) != 1 || got[0] != "BAD_USER_INPUT: "+c.want {
			t.Errorf("want %q, got %.300q", c.want, got)
		}
	}
	// At the limits.
	for _, c := range []struct {
		query string
		vars  map[string]any
		want  string
	}{
		{`query($l: [String!]) { flow_run_aggregate(where: {state: {_in: $l}}) { aggregate { count } } }`,
			map[string]any{"l": append(list(engine.MaxListValues-1), "Failed")}, `{"flow_run_aggregate":{"aggregate":{"count":2}}}`},
		{byWhere, map[string]any{"w": nested(engine.MaxNesting)}, `{"flow_run":[{"name":"alpha-run"}]}`},
		{`query($w: flow_run_bool_exp) { flow_run_aggregate(where: $w) { aggregate { count } } }`,
			map[string]any{"w": conds(engine.MaxConditions/2 - 1)}, `{"flow_run_aggregate":{"aggregate":{"count":5}}}`},
		{`query($p: String) { flow_run(where: {name: {_ilike: $p}}) { name } }`,
			map[string]any{"p": strings.Repeat("%", engine.MaxPatternLength-6) + "delta%"}, `{"flow_run":[{"name":"delta.run"}]}`},
	} {
		if got := fx.data(t, c.query, c.vars); got != c.want {
			t.Errorf("got %.200s, want %s", got, c.want)
		}
	}
}

// TestLargeJSONArgument: a jsonb argument with 10,000 keys is compared correctly (it
// is decoded once for the statement, not for every row).
func TestLargeJSONArgument(t *testing.T) {
	fx := newFixture(t)
	big := map[string]any{"x": 2}
	for i := 0; i < 10_000; i++ {
		big[fmt.Sprintf("k%d", i)] = i
	}
	const q = `query($v: jsonb) { a: flow_run(where: {parameters: {_contained_in: $v}}, order_by: {name: asc}) { name } b: flow_run(where: {parameters: {_contains: $v}}) { name } }`
	if got := fx.data(t, q, map[string]any{"v": big}); got != `{"a":[{"name":"Beta-run"}],"b":[]}` {
		t.Errorf("got %s", got)
	}
}
