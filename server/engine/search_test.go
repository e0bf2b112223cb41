package engine_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
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

// TestNativeILike: an _ilike or _nilike that SQLite's LIKE decides (ASCII patterns
// without k or s) matches exactly what Postgres's ILIKE matches, here computed in Go
// from the pattern, across cases, escapes, wildcards and non-ASCII names.
func TestNativeILike(t *testing.T) {
	var last string
	fx := newFixture(t, engine.WithTrace(func(sql string) { last = sql }))
	names := []string{"KELVIN-run", "ſtraße-run", "100%_done", `back\slash`, "ÉCOLE-run", "éCole", "Tab\tx", "a_b", "aXb"}
	for i, n := range names {
		insert(t, fx.db, "flow_run", row{"id": fmt.Sprintf("e0000000-0000-0000-0000-0000000002%02d", i), "tenant_id": T1,
			"flow_id": F2, "version": 1, "name": n, "scheduled_start_time": ts("6T10:00:00.000000")})
	}
	var all []string
	for _, r := range []string{"alpha-run", "Beta-run", "gamma_run", "delta.run", "other-run"} {
		all = append(all, r)
	}
	all = append(all, names...)
	ilike := func(pat, s string) bool {
		var b strings.Builder
		b.WriteString("(?is)^")
		for i := 0; i < len(pat); i++ {
			switch c := pat[i]; c {
			case '%':
				b.WriteString(".*")
			case '_':
				b.WriteString(".")
			case '\\':
				i++
				b.WriteString(regexp.QuoteMeta(string(pat[i])))
			default:
				b.WriteString(regexp.QuoteMeta(string(c)))
			}
		}
		return regexp.MustCompile(b.String() + "$").MatchString(s)
	}
	for _, p := range []string{"%RUN", "%run%", "%ecole%", "%COLE%", "100\\%\\_done", "100%", "a_b", "a\\_b", "%\\\\%", "%-%", "%", "%T%X", "%e%"} {
		for _, op := range []string{"_ilike", "_nilike"} {
			raw := fx.data(t, `query($p: String) { flow_run(where: {name: {`+op+`: $p}}) { name } }`, map[string]any{"p": p})
			if !strings.Contains(last, " LIKE ") {
				t.Errorf("%s %q: not compiled to SQLite's LIKE", op, p)
			}
			var res struct {
				FlowRun []struct{ Name string } `json:"flow_run"`
			}
			if err := json.Unmarshal([]byte(raw), &res); err != nil {
				t.Fatal(err)
			}
			var got, want []string
			for _, r := range res.FlowRun {
				got = append(got, r.Name)
			}
			for _, n := range all {
				if ilike(p, n) == (op == "_ilike") {
					want = append(want, n)
				}
			}
			sort.Strings(got)
			sort.Strings(want)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s %q:\n got %q\nwant %q", op, p, got, want)
			}
		}
	}
	for _, p := range []string{"%k%", "%S", "%é%", "x\\k"} {
		fx.data(t, `query($p: String) { flow_run(where: {name: {_ilike: $p}}) { name } }`, map[string]any{"p": p})
		if strings.Contains(last, " LIKE ") {
			t.Errorf("%q was compiled to SQLite's LIKE", p)
		}
	}
}
