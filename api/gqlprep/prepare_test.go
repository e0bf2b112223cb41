package gqlprep_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/prefect-tui/prefect-tui/api/gqlprep"
	apischema "github.com/prefect-tui/prefect-tui/api/schema"
)

func schema(t *testing.T) *ast.Schema {
	t.Helper()
	s, err := apischema.Load()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAutoLimit(t *testing.T) {
	s := schema(t)
	for _, sch := range []*ast.Schema{s, nil} {
		p, errs := gqlprep.Prepare(sch, `query {
  flow_run(where: {state: {_eq: "Running"}}) { id }
  runs: task_run { id }
  flow(limit: 5) { id }
  flow_run_aggregate { aggregate { count } }
  flow_run_by_pk(id: "x") { id }
  flow_group(where: {name: {_eq: "é"}}) { id } project { id }
}`, "", -1)
		if errs != nil && sch != nil {
			t.Fatal(errs)
		}
		if sch == nil && errs != nil {
			t.Fatal(errs)
		}
		want := `query {
  flow_run(limit: 100, where: {state: {_eq: "Running"}}) { id }
  runs: task_run(limit: 100) { id }
  flow(limit: 5) { id }
  flow_run_aggregate { aggregate { count } }
  flow_run_by_pk(id: "x") { id }
  flow_group(limit: 100, where: {name: {_eq: "é"}}) { id } project(limit: 100) { id }
}`
		if p.Query != want {
			t.Fatalf("schema=%v:\n%s", sch != nil, p.Query)
		}
		if strings.Join(p.Limited, ",") != "flow_run,runs: task_run,flow_group,project" || p.IsMutation() {
			t.Fatalf("limited %v", p.Limited)
		}
	}
}

func TestValidationErrorsHavePositions(t *testing.T) {
	s := schema(t)
	_, errs := gqlprep.Prepare(s, "{\n  flow_run {\n    id\n    nope\n  }\n  flow(limit: \"x\") { id }\n}", "", -1)
	if len(errs) != 2 {
		t.Fatalf("errs = %v", errs)
	}
	if l := errs[0].Locations[0]; l.Line != 4 || l.Column != 5 || !strings.Contains(errs[0].Message, "nope") {
		t.Fatalf("first error %v at %+v", errs[0].Message, l)
	}
	if l := errs[1].Locations[0]; l.Line != 6 {
		t.Fatalf("second error at %+v", l)
	}
	_, errs = gqlprep.Prepare(s, "{ flow_run { id }", "", -1)
	if len(errs) != 1 || errs[0].Locations[0].Line != 1 {
		t.Fatalf("syntax error: %v", errs)
	}
}

func TestMutationAndOperationChoice(t *testing.T) {
	s := schema(t)
	doc := "query A { flow { id } }\nmutation B { delete_flow_run(input: {flow_run_id: \"x\"}) { success } }"
	p, errs := gqlprep.Prepare(s, doc, "", len(doc)-3)
	if errs != nil || !p.IsMutation() || p.OpName != "B" || len(p.Limited) != 0 {
		t.Fatalf("%+v %v", p, errs)
	}
	p, errs = gqlprep.Prepare(s, doc, "", 3)
	if errs != nil || p.IsMutation() || p.OpName != "A" {
		t.Fatalf("%+v %v", p, errs)
	}
	if _, errs = gqlprep.Prepare(s, doc, "", -1); errs == nil {
		t.Fatal("ambiguous document accepted")
	}
	if _, errs = gqlprep.Prepare(s, doc, "C", -1); errs == nil {
		t.Fatal("unknown operation accepted")
	}
}

func TestVariables(t *testing.T) {
	s := schema(t)
	p, errs := gqlprep.Prepare(s, `query Q($id: uuid!, $n: Int) { flow_run_by_pk(id: $id) { id } flow(limit: $n) { id } }`, "", -1)
	if errs != nil {
		t.Fatal(errs)
	}
	for _, c := range []struct{ text, err string }{
		{`{"id": "abc", "n": 3}`, ""},
		{`{"id": "abc"}`, ""},
		{``, "id"},
		{`{"id": "abc", "n": "three"}`, "n"},
		{"{\n  \"id\": \"abc\",\n}", "variables 3:1"},
		{`[1]`, "must be a JSON object"},
		{`{"id": "a"} x`, "after the JSON"},
	} {
		vars, err := gqlprep.Variables(s, p.Op, c.text)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%q: %v", c.text, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%q: err %v, want %q", c.text, err, c.err)
		case c.err == "" && vars["id"] != "abc":
			t.Errorf("%q: vars %v", c.text, vars)
		}
	}
}

func TestPretty(t *testing.T) {
	got, err := gqlprep.Pretty("# runs\nquery Q { flow { id } }")
	if err != nil || got != "# runs\nquery Q {\n  flow {\n    id\n  }\n}" {
		t.Fatalf("%q %v", got, err)
	}
	if _, err := gqlprep.Pretty("{ flow { id # why\n } }"); !errors.Is(err, gqlprep.ErrDropsComments) {
		t.Fatalf("a comment would be lost: %v", err)
	}
	if _, err := gqlprep.Pretty("{ broken"); err == nil || !strings.Contains(err.Error(), "Expected Name") {
		t.Fatalf("broken text: %v", err)
	}
}

func TestVariableErrorsNameTheVariableAndItsType(t *testing.T) {
	s := schema(t)
	p, errs := gqlprep.Prepare(s, `query($n: Int!, $w: flow_run_bool_exp) { flow_run(limit: $n, where: $w) { id } }`, "", -1)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for text, want := range map[string]string{
		`{"n": "x"}`:                           "variable $n (Int!): cannot use string as Int",
		`{}`:                                   "variable $n (Int!): must be defined",
		`{"n": 1, "w": {"state": {"_eq": 3}}}`: "variable $w.state._eq (flow_run_bool_exp): cannot use",
	} {
		_, err := gqlprep.Variables(s, p.Op, text)
		var verr *gqlprep.VariableError
		if !errors.As(err, &verr) || !strings.HasPrefix(verr.Describe(), want) {
			t.Errorf("%s: %v", text, err)
		}
	}
}
