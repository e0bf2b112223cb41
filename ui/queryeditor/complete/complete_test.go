package complete_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/prefect-tui/prefect-tui/server/catalog"
	"github.com/prefect-tui/prefect-tui/ui/queryeditor/complete"
)

var (
	schemaOnce sync.Once
	schema     *ast.Schema
)

// prefectSchema is the full Prefect schema the embedded server serves.
func prefectSchema(tb testing.TB) *ast.Schema {
	tb.Helper()
	schemaOnce.Do(func() {
		s, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: catalog.SDL()})
		if err != nil {
			tb.Fatalf("load schema: %v", err)
		}
		schema = s
	})
	return schema
}

// cursor splits a "|"-marked document into text and cursor offset.
func cursor(tb testing.TB, marked string) (string, int) {
	tb.Helper()
	i := strings.Index(marked, "|")
	if i < 0 {
		tb.Fatalf("no cursor in %q", marked)
	}
	return marked[:i] + marked[i+1:], i
}

var cases = []struct{ name, doc string }{
	{"empty", `|`},
	{"keyword_prefix", `qu|`},
	{"root_fields", `{ |}`},
	{"root_prefix", `query { flow_r| }`},
	{"named_query_root", `query Runs($n: Int) {
  |
}`},
	{"object_fields", `{ flow_run { | } }`},
	{"object_field_prefix", `{ flow_run { sta| } }`},
	{"nested_object", `{ flow_run { flow { project { n| } } } }`},
	{"arguments", `{ flow_run(|) { id } }`},
	{"arguments_seen", `{ flow_run(limit: 10, |) { id } }`},
	{"argument_prefix", `{ flow_run(or|) { id } }`},
	{"where_columns", `{ flow_run(where: {|}) { id } }`},
	{"where_operators", `{ flow_run(where: {state: {|}}) { id } }`},
	{"where_operator_prefix", `{ flow_run(where: {state: {_i|}}) { id } }`},
	{"where_nested_rel", `{ flow_run(where: {flow: {flow_group_id: {_eq: "x"}, |}}) { id } }`},
	{"where_and_list", `{ flow_run(where: {_and: [{state: {_eq: "Running"}}, {|}]}) { id } }`},
	{"order_by_columns", `{ flow_run(order_by: {|}) { id } }`},
	{"order_by_list", `{ flow_run(order_by: [{start_time: desc}, {|}]) { id } }`},
	{"order_by_enum", `{ flow_run(order_by: {start_time: |}) { id } }`},
	{"order_by_enum_prefix", `{ flow_run(order_by: {start_time: desc_n|}) { id } }`},
	{"distinct_on_enum", `{ flow_run(distinct_on: [|]) { id } }`},
	{"variables", `query Q($id: uuid!, $limit: Int) { flow_run_by_pk(id: $|) { id } }`},
	{"variables_typed", `query Q($id: uuid!, $limit: Int) { flow_run(limit: |) { id } }`},
	{"var_def_types", `query Q($w: flow_run_bool|) { flow_run { id } }`},
	{"mutation_root", `mutation { set_flow_run_st| }`},
	{"mutation_input", `mutation { set_flow_run_states(input: {states: [{|}]}) { states { id } } }`},
	{"aggregate", `{ flow_run_aggregate { aggregate { | } } }`},
	{"after_field_space", `{ flow_run { id | } }`},
	{"second_line", "{\n  flow_run {\n    id\n    na|\n  }\n}"},
	{"alias", `{ runs: flow_r| }`},
	{"inline_fragment_on", `{ flow_run { ... on | } }`},
	{"fragment_on_type", `fragment F on flow_r| `},
	{"in_string", `{ flow_run(where: {name: {_eq: "ab|c"}}) { id } }`},
	{"in_comment", "# fl|\n{ flow_run { id } }"},
	{"after_closed_args", `{ flow_run(limit: 5) { | } }`},
	{"task_run_fields", `{ task_run(where: {map_index: {_eq: -1}}) { task { | } } }`},
	{"boolean_value", `{ flow(where: {archived: {_eq: |}}) { id } }`},
	{"python_half", `{ mapped_children(|) { min_start_time } }`},
	{"directive_names", `{ flow { name @| } }`},
	{"directive_args", `query($x: Boolean!) { flow { name @include(|) } }`},
	{"directive_arg_value", `query($x: Boolean!) { flow { name @include(if: |) id } }`},
	{"after_directive_fields", `{ flow { name @include(if: true) | } }`},
}

func TestComplete(t *testing.T) {
	s := prefectSchema(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, pos := cursor(t, c.doc)
			r := complete.Complete(s, doc, pos)
			var b strings.Builder
			fmt.Fprintf(&b, "%s\n---\nprefix %q replace [%d,%d) · %d items\n", c.doc, r.Prefix, r.Start, r.End, len(r.Items))
			for i, it := range r.Items {
				if i == 25 {
					fmt.Fprintf(&b, "… %d more\n", len(r.Items)-25)
					break
				}
				fmt.Fprintf(&b, "%-8s %-40s %s\n", it.Kind, it.Label, it.Detail)
			}
			golden.RequireEqual(t, b.String())
		})
	}
}

func TestCompleteWithoutSchema(t *testing.T) {
	r := complete.Complete(nil, "{ fl", 4)
	if len(r.Items) != 0 || r.Prefix != "fl" {
		t.Fatalf("got %+v", r)
	}
}

func TestDocAt(t *testing.T) {
	s := prefectSchema(t)
	for _, c := range []struct{ doc, want string }{
		{`{ flow_r|un { id } }`, "flow_run(distinct_on: [flow_run_select_column!], limit: Int, offset: Int, order_by: [flow_run_order_by!], where: flow_run_bool_exp): [flow_run!]!"},
		{`{ flow_run(li|mit: 3) { id } }`, "limit: Int"},
		{`{ flow_run(where: {sta|te: {_eq: "x"}}) { id } }`, "flow_run_bool_exp.state: String_comparison_exp"},
		{`{ flow_run { flow { na|me } } }`, "name: String!"},
		{`{ runs: flow_run_by|_pk(id: "x") { id } }`, "flow_run_by_pk(id: uuid!): flow_run"},
		{`{ r|uns: flow_run_by_pk(id: "x") { id } }`, "flow_run_by_pk(id: uuid!): flow_run"},
		{`{ flow_run(order_by: {name: as|c}) { id } }`, "order_by.asc"},
	} {
		doc, pos := cursor(t, c.doc)
		d, ok := complete.DocAt(s, doc, pos)
		if !ok || d.Signature != c.want {
			t.Errorf("DocAt(%s) = %q, %v; want %q", c.doc, d.Signature, ok, c.want)
		}
	}
	if _, ok := complete.DocAt(s, "{ nope { id } }", 3); ok {
		t.Error("unknown field documented")
	}
}

// BenchmarkComplete measures completion on the full Prefect schema at several cursor
// positions (target: under 2 ms each).
func BenchmarkComplete(b *testing.B) {
	s := prefectSchema(b)
	big := strings.Repeat("  flow_run(limit: 5) { id name state flow { name project { name } } }\n", 40)
	for _, c := range []struct{ name, doc string }{
		{"root", `{ |}`},
		{"fields", `{ flow_run { sta| } }`},
		{"where_ops", `{ flow_run(where: {state: {_i|}}) { id } }`},
		{"order_by", `{ flow_run(order_by: [{start_time: desc}, {|}]) { id } }`},
		{"big_doc_end", "query Big {\n" + big + "  task_run { |}\n}"},
	} {
		doc, pos := cursor(b, c.doc)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				complete.Complete(s, doc, pos)
			}
		})
	}
}
