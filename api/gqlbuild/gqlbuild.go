// Package gqlbuild builds GraphQL documents from Go values, as the Prefect Python client
// builds them from Python structures (prefect.utilities.graphql: with_args, EnumValue,
// LiteralSetValue, parse_graphql). It is for operations whose shape is only known at run
// time (the query editor's "query behind this screen", filters the user composes); fixed
// operations belong in queries.graphql.
//
//	q := gqlbuild.Query("Runs",
//		gqlbuild.Field("flow_run").
//			Args(gqlbuild.Args{
//				"where":    gqlbuild.Object{"state": gqlbuild.Object{"_in": gqlbuild.Var("states")}},
//				"order_by": gqlbuild.Object{"scheduled_start_time": gqlbuild.Enum("desc")},
//				"limit":    50,
//			}).
//			Select("id", "name", gqlbuild.Field("flow").Select("name")),
//	).Var("states", "[String!]")
//	text, err := q.Build()
//
// Output is deterministic: map keys are sorted, Ordered keeps its order, and the text is
// indented by two spaces like gqlparser's formatter. Strings are escaped for GraphQL
// (JSON escaping is a subset of it); Enum values are written bare and Var values as
// $name; invalid names and values make Build fail rather than produce a broken document.
package gqlbuild

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Enum is an enum value, written bare: Enum("desc") -> desc (EnumValue in Prefect).
type Enum string

// Var is a reference to an operation variable: Var("id") -> $id.
type Var string

// LiteralSet is a Postgres array literal passed as a string, as Prefect's
// LiteralSetValue does for _uuid arguments: LiteralSet{"a", "b"} -> "{a,b}".
type LiteralSet []string

// Args are a field's arguments, written in sorted key order.
type Args map[string]any

// Object is an input object value, written in sorted key order.
type Object map[string]any

// KV is one member of an Ordered object.
type KV struct {
	Key   string
	Value any
}

// Ordered is an input object whose members keep their order (Hasura's order_by reads
// the keys of one object in order).
type Ordered []KV

// Selection is a member of a selection set: a *FieldNode, an *InlineFragment, or a plain
// string (a field without arguments or sub-selection) given to Select.
type Selection interface{ isSelection() }

// FieldNode is a field in a selection set; build it with Field.
type FieldNode struct {
	name, alias string
	args        []KV
	sel         []Selection
}

func (*FieldNode) isSelection() {}

// Field starts a field: Field("flow_run").
func Field(name string) *FieldNode { return &FieldNode{name: name} }

// As sets an alias: Field("flow_run_aggregate").As("failed") -> failed: flow_run_aggregate.
func (f *FieldNode) As(alias string) *FieldNode { f.alias = alias; return f }

// Arg adds one argument; arguments added this way keep their order.
func (f *FieldNode) Arg(name string, value any) *FieldNode {
	f.args = append(f.args, KV{name, value})
	return f
}

// Args adds arguments in sorted key order (with_args in Prefect).
func (f *FieldNode) Args(a Args) *FieldNode {
	for _, k := range sortedKeys(a) {
		f.args = append(f.args, KV{k, a[k]})
	}
	return f
}

// Select adds sub-selections: strings (plain fields), *FieldNode and *InlineFragment.
func (f *FieldNode) Select(sel ...any) *FieldNode {
	f.sel = append(f.sel, toSelections(sel)...)
	return f
}

// InlineFragment is "... on Type { ... }".
type InlineFragment struct {
	typ string
	sel []Selection
}

func (*InlineFragment) isSelection() {}

// On builds an inline fragment on a type.
func On(typ string, sel ...any) *InlineFragment {
	return &InlineFragment{typ: typ, sel: toSelections(sel)}
}

// fieldName is a string used as a selection.
type fieldName string

func (fieldName) isSelection() {}

// invalidSelection keeps a value Select could not use, so Build reports it.
type invalidSelection struct{ v any }

func (invalidSelection) isSelection() {}

func toSelections(sel []any) []Selection {
	out := make([]Selection, 0, len(sel))
	for _, s := range sel {
		switch x := s.(type) {
		case string:
			out = append(out, fieldName(x))
		case []string:
			for _, n := range x {
				out = append(out, fieldName(n))
			}
		case Selection:
			out = append(out, x)
		default:
			out = append(out, invalidSelection{s})
		}
	}
	return out
}

// varDef is a declared operation variable.
type varDef struct {
	name, typ string
	def       any
	hasDef    bool
}

// Operation is a query or mutation; build it with Query or Mutation.
type Operation struct {
	kind, name string
	vars       []varDef
	sel        []Selection
}

// Query starts a query operation; name may be "" for an anonymous one.
func Query(name string, sel ...any) *Operation {
	return &Operation{kind: "query", name: name, sel: toSelections(sel)}
}

// Mutation starts a mutation operation.
func Mutation(name string, sel ...any) *Operation {
	return &Operation{kind: "mutation", name: name, sel: toSelections(sel)}
}

// Var declares a variable: Var("limit", "Int!") -> $limit: Int!. An optional default
// value follows: Var("limit", "Int", 50) -> $limit: Int = 50.
func (o *Operation) Var(name, typ string, def ...any) *Operation {
	v := varDef{name: name, typ: typ}
	if len(def) > 0 {
		v.def, v.hasDef = def[0], true
	}
	o.vars = append(o.vars, v)
	return o
}

// Name is the operation's name ("" for an anonymous one).
func (o *Operation) Name() string { return o.name }

// Select adds root fields.
func (o *Operation) Select(sel ...any) *Operation {
	o.sel = append(o.sel, toSelections(sel)...)
	return o
}

// Build returns the document text, or an error naming the first invalid name, type or
// value.
func (o *Operation) Build() (string, error) {
	b := &builder{}
	b.operation(o)
	if b.err != nil {
		return "", b.err
	}
	return b.sb.String(), nil
}

// String implements fmt.Stringer: the document, or "" when Build fails.
func (o *Operation) String() string {
	s, _ := o.Build()
	return s
}

var (
	nameRE    = regexp.MustCompile(`^[_A-Za-z][_0-9A-Za-z]*$`)
	varTypeRE = regexp.MustCompile(`^(\[)*[_A-Za-z][_0-9A-Za-z]*!?(\]!?)*$`)
)

func checkName(what, n string) error {
	if !nameRE.MatchString(n) {
		return fmt.Errorf("gqlbuild: invalid %s %q", what, n)
	}
	return nil
}

func checkType(t string) error {
	if !varTypeRE.MatchString(t) || strings.Count(t, "[") != strings.Count(t, "]") {
		return fmt.Errorf("gqlbuild: invalid variable type %q", t)
	}
	return nil
}

var errNoSelection = errors.New("gqlbuild: an operation needs at least one field")
