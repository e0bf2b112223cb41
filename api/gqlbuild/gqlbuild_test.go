package gqlbuild_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	gb "github.com/prefect-tui/prefect-tui/api/gqlbuild"
	apischema "github.com/prefect-tui/prefect-tui/api/schema"
)

func TestRunsListQuery(t *testing.T) {
	t.Parallel()
	q := gb.Query("Runs",
		gb.Field("flow_run").
			Args(gb.Args{
				"where": gb.Object{
					"state":   gb.Object{"_in": gb.Var("states")},
					"flow":    gb.Object{"project_id": gb.Object{"_eq": nil}},
					"_not":    gb.Object{"name": gb.Object{"_ilike": "%nightly \"etl\"%"}},
					"created": gb.Object{"_gte": time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
				},
				"order_by": []any{gb.Ordered{{"scheduled_start_time", gb.Enum("desc_nulls_last")}}, gb.Object{"name": gb.Enum("asc")}},
				"limit":    50,
				"offset":   gb.Var("offset"),
			}).
			Select("id", "name", "state",
				gb.Field("flow").Select("id", "name"),
				gb.Field("task_runs_aggregate").As("failed").
					Arg("where", gb.Object{"state": gb.Object{"_eq": "Failed"}}).
					Select(gb.Field("aggregate").Select("count"))),
	).Var("states", "[String!]").Var("offset", "Int", 0)
	got, err := q.Build()
	if err != nil {
		t.Fatal(err)
	}
	want := `query Runs($states: [String!], $offset: Int = 0) {
  flow_run(limit: 50, offset: $offset, order_by: [{scheduled_start_time: desc_nulls_last}, {name: asc}], where: {_not: {name: {_ilike: "%nightly \"etl\"%"}}, created: {_gte: "2026-01-02T03:04:05Z"}, flow: {project_id: {_eq: null}}, state: {_in: $states}}) {
    id
    name
    state
    flow {
      id
      name
    }
    failed: task_runs_aggregate(where: {state: {_eq: "Failed"}}) {
      aggregate {
        count
      }
    }
  }
}
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// Deterministic: the same structure always gives the same text.
	for range 20 {
		if again, _ := q.Build(); again != got {
			t.Fatal("output changed between builds")
		}
	}
	validate(t, got)
}

func TestMutationAndLiteralSet(t *testing.T) {
	t.Parallel()
	q := gb.Mutation("Cancel",
		gb.Field("cancel_flow_run").Arg("input", gb.Object{"flow_run_id": gb.Var("id")}).Select("state"),
	).Var("id", "UUID!")
	got, err := q.Build()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got, "mutation Cancel($id: UUID!) {\n  cancel_flow_run(input: {flow_run_id: $id}) {\n    state\n") {
		t.Errorf("got %s", got)
	}
	validate(t, got)

	q = gb.Query("",
		gb.Field("utility_downstream_tasks").
			Arg("args", gb.Object{"start_task_ids": gb.LiteralSet{"a1", "b2"}, "depth_limit": 3}).
			Select("task_id", "depth"))
	got, err = q.Build()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, `utility_downstream_tasks(args: {depth_limit: 3, start_task_ids: "{a1,b2}"})`) {
		t.Errorf("got %s", got)
	}
	validate(t, got)
}

func TestStringEscapingRoundTrips(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		`plain`, `quote " and \ backslash`, "new\nline\ttab\r", `"""block"""`, "uni ✓ é 😀",
		"ctrl \x00\x01\x1f", "<html> & </html>", `$notavar ${x}`, "\u2028\u2029",
	} {
		doc, err := gb.Query("", gb.Field("flow").Arg("where", gb.Object{"name": gb.Object{"_eq": s}}).Select("id")).Build()
		if err != nil {
			t.Fatal(err)
		}
		qd, perr := parser.ParseQuery(&ast.Source{Input: doc})
		if perr != nil {
			t.Fatalf("%q: %v\n%s", s, perr, doc)
		}
		v := qd.Operations[0].SelectionSet[0].(*ast.Field).Arguments[0].Value.Children[0].Value.Children[0].Value
		if v.Kind != ast.StringValue || v.Raw != s {
			t.Errorf("round trip of %q gave %q (kind %v)", s, v.Raw, v.Kind)
		}
	}
}

func TestEnumsVersusStrings(t *testing.T) {
	t.Parallel()
	got, err := gb.Query("", gb.Field("log").Args(gb.Args{
		"where":    gb.Object{"level": gb.Object{"_eq": "ERROR"}},
		"order_by": gb.Object{"timestamp": gb.Enum("asc")},
	}).Select("message")).Build()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, `order_by: {timestamp: asc}, where: {level: {_eq: "ERROR"}}`) {
		t.Errorf("got %s", got)
	}
}

func TestValues(t *testing.T) {
	t.Parallel()
	n := 7
	tests := map[string]struct {
		v    any
		want string
	}{
		"ints":       {[]int{1, -2, 3}, `[1, -2, 3]`},
		"floats":     {[]float64{0.5, 1e21, 3}, `[0.5, 1e+21, 3]`},
		"bools":      {[]bool{true, false}, `[true, false]`},
		"strings":    {[]string{"a", "b"}, `["a", "b"]`},
		"typed map":  {map[string]int{"b": 2, "a": 1}, `{a: 1, b: 2}`},
		"pointer":    {&n, `7`},
		"nil ptr":    {(*int)(nil), `null`},
		"raw json":   {json.RawMessage(`{"z": [1, "x", null], "a": 1.50}`), `{a: 1.50, z: [1, "x", null]}`},
		"ordered":    {gb.Ordered{{"z", 1}, {"a", 2}}, `{z: 1, a: 2}`},
		"empty list": {[]any{}, `[]`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := gb.Query("", gb.Field("f").Arg("x", tc.v)).Build()
			if err != nil {
				t.Fatal(err)
			}
			if want := "query {\n  f(x: " + tc.want + ")\n}\n"; got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

func TestInvalidInputFails(t *testing.T) {
	t.Parallel()
	tests := map[string]*gb.Operation{
		"field with space": gb.Query("", "bad name"),
		"injection":        gb.Query("", gb.Field("flow").Arg("x) { id } mutation { y", 1)),
		"enum":             gb.Query("", gb.Field("f").Arg("x", gb.Enum("desc; drop"))),
		"enum keyword":     gb.Query("", gb.Field("f").Arg("x", gb.Enum("true"))),
		"variable":         gb.Query("", gb.Field("f").Arg("x", gb.Var("1x"))),
		"var type":         gb.Query("", "f").Var("x", "Int!!"),
		"var brackets":     gb.Query("", "f").Var("x", "[Int"),
		"nan":              gb.Query("", gb.Field("f").Arg("x", math.NaN())),
		"func":             gb.Query("", gb.Field("f").Arg("x", func() {})),
		"int keys":         gb.Query("", gb.Field("f").Arg("x", map[int]int{1: 1})),
		"object key":       gb.Query("", gb.Field("f").Arg("x", gb.Object{"a b": 1})),
		"alias":            gb.Query("", gb.Field("f").As("a:b")),
		"selection type":   gb.Query("", 42),
		"empty":            gb.Query("Q"),
		"fragment type":    gb.Query("", gb.On("x y", "id")),
		"bad json":         gb.Query("", gb.Field("f").Arg("x", json.RawMessage(`{`))),
	}
	for name, op := range tests {
		if s, err := op.Build(); err == nil {
			t.Errorf("%s: no error, built %q", name, s)
		}
		if op.String() != "" {
			t.Errorf("%s: String() = %q on error", name, op.String())
		}
	}
}

func TestInlineFragment(t *testing.T) {
	t.Parallel()
	got, err := gb.Query("", gb.Field("flow").Select(gb.On("flow", "id", gb.Field("project").Select("name")))).Build()
	if err != nil {
		t.Fatal(err)
	}
	want := "query {\n  flow {\n    ... on flow {\n      id\n      project {\n        name\n      }\n    }\n  }\n}\n"
	if got != want {
		t.Errorf("got %q", got)
	}
	validate(t, got)
}

// validate checks a built document against the committed schema.graphql (api/schema).
func validate(t *testing.T, doc string) {
	t.Helper()
	schema, err := apischema.Load()
	if err != nil {
		t.Fatalf("schema: %v", err)
	}
	if _, errs := gqlparser.LoadQuery(schema, doc); len(errs) > 0 {
		t.Errorf("invalid against schema.graphql: %v\n%s", errs, doc)
	}
}
