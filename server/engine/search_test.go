package engine_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/server/engine"
)

// TestSearchPrefilters: the text index in front of _like/_ilike on flow_run.name and
// the label index deciding _contains on flow_run.labels find exactly the rows the
// plain comparisons find (computed here through _not, where no prefilter applies),
// for every variable value, across cases, NULLs and Unicode case folding.
func TestSearchPrefilters(t *testing.T) {
	var last string
	fx := newFixture(t, engine.WithTrace(func(sql string) { last = sql }))
	for i, r := range []row{
		{"name": "KELVIN-run", "labels": `["prod","gpu"]`}, // U+212A KELVIN SIGN
		{"name": "ſtraße-run", "labels": `["gpu"]`},
		{"name": "100%_done", "labels": `{"prod":"x"}`},
		{"name": `a"quote"run`, "labels": `["prod","prod"]`},
		{"name": "ẞig", "labels": `"prod"`},
		{"labels": `[1,"dev"]`},
	} {
		r["id"] = fmt.Sprintf("e0000000-0000-0000-0000-0000000001%02d", i)
		r["tenant_id"], r["flow_id"], r["version"] = T1, F2, 1
		r["scheduled_start_time"] = ts("6T10:00:00.000000")
		insert(t, fx.db, "flow_run", r)
	}
	ids := func(where map[string]any) []string {
		t.Helper()
		raw := fx.data(t, `query($w: flow_run_bool_exp) { flow_run(where: $w, order_by: {id: asc}) { id } }`, map[string]any{"w": where})
		var res struct {
			FlowRun []struct{ ID string } `json:"flow_run"`
		}
		if err := json.Unmarshal([]byte(raw), &res); err != nil {
			t.Fatal(err)
		}
		out := []string{}
		for _, r := range res.FlowRun {
			out = append(out, r.ID)
		}
		return out
	}
	same := func(what string, got, want []string) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s:\n got %v\nwant %v", what, got, want)
		}
	}
	for _, p := range []string{"%run%", "%RUN", "%_run", "%a_run%", "%kelvin%", "%KELVIN%", "%str%", "%STRASSE%", "%straße%",
		"%ß%", "%ig", "%100\\%\\_%", `%"quo%`, "ab", "%e-r%", "alpha-run", "%%%run", "%ta.r%", "%r_n%"} {
		for _, op := range []string{"_ilike", "_like"} {
			neg := map[string]string{"_ilike": "_nilike", "_like": "_nlike"}[op]
			same(op+" "+p, ids(map[string]any{"name": map[string]any{op: p}}),
				ids(map[string]any{"_not": map[string]any{"name": map[string]any{neg: p}}}))
		}
	}
	// The prefilters are there (and not under _not).
	for _, c := range []struct {
		where map[string]any
		has   string
		want  bool
	}{
		{map[string]any{"name": map[string]any{"_ilike": "%run%"}}, "MATCH", true},
		{map[string]any{"name": map[string]any{"_ilike": "%ru%"}}, "MATCH", false},
		{map[string]any{"_not": map[string]any{"name": map[string]any{"_ilike": "%run%"}}}, "MATCH", false},
		{map[string]any{"labels": map[string]any{"_contains": []any{"prod"}}}, "flow_run_label", true},
		{map[string]any{"labels": map[string]any{"_contains": []any{"prod"}}}, "jsonb_contains", false},
		{map[string]any{"labels": map[string]any{"_contains": map[string]any{}}}, "flow_run_label", false},
	} {
		ids(c.where)
		if strings.Contains(last, c.has) != c.want {
			t.Errorf("%v: %q in the SQL is %v, want %v", c.where, c.has, !c.want, c.want)
		}
	}
	all := ids(map[string]any{})
	for _, l := range []any{[]any{"prod"}, []any{"gpu", "prod"}, []any{"dev"}, []any{"x"}, []any{}, "prod", map[string]any{"prod": "x"}} {
		got := ids(map[string]any{"labels": map[string]any{"_contains": l}})
		not := ids(map[string]any{"_not": map[string]any{"labels": map[string]any{"_contains": l}}})
		var want []string
		for _, id := range all {
			in := false
			for _, n := range not {
				in = in || n == id
			}
			if !in {
				want = append(want, id)
			}
		}
		if want == nil {
			want = []string{}
		}
		same(fmt.Sprintf("_contains %v", l), got, want)
	}
}
