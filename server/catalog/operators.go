package catalog

import "sort"

// Form is how the query compiler reads an operator's argument and fills in its SQL.
type Form int

// The argument forms of the comparison operators.
const (
	// Value is one value of the column's scalar; %[2]s is its parameter.
	Value Form = iota
	// List is a list of values of the scalar (a single value counts as a one-item
	// list); %[2]s is their parameters, comma-separated.
	List
	// JSONList is a list (a single value counts as a one-item list) sent as one JSON
	// array parameter, %[2]s.
	JSONList
	// Text is a String (a pattern, a key); %[2]s is its parameter.
	Text
	// Flag is a Boolean; %[2]s is "" when it is true and "NOT " when it is false.
	Flag
	// Cast is an object whose fields name a scalar of CastTargets and hold that
	// scalar's comparisons, applied to SQL (the column rendered as that scalar).
	Cast
)

// Operator is one field of a <scalar>_comparison_exp input: the one description of a
// Hasura comparison operator, from which the SDL generator writes the schema and the
// query compiler (server/engine) writes SQL.
type Operator struct {
	Name string
	// On lists the scalars whose comparison expression has the operator.
	On []Type
	// Arg is the argument's GraphQL type: "T" is the scalar itself, "[T!]" a list
	// of it, anything else a type name as written.
	Arg  string
	Form Form
	// SQL is the condition: %[1]s is the column, %[2]s the argument (see Form).
	SQL string
	// Empty, when set, is the whole condition for an empty list (List, JSONList).
	Empty string
}

// ArgType returns the GraphQL type of the operator's argument on scalar t.
func (o *Operator) ArgType(t Type) string {
	switch o.Arg {
	case "T":
		return t.GraphQL()
	case "[T!]":
		return "[" + t.GraphQL() + "!]"
	}
	return o.Arg
}

// plainScalars are the scalars compared as stored values (all but jsonb).
var plainScalars = []Type{Boolean, Int, Float, String, UUID, Timestamptz, Interval}

var (
	strs    = []Type{String}
	jsonbs  = []Type{JSONB}
	scalars = append(append([]Type(nil), plainScalars...), JSONB)
)

// CastTargets are the scalars a jsonb value may be cast to in a _cast comparison.
var CastTargets = []Type{String}

// Operators lists every comparison operator, as Hasura offers them on Postgres. The
// SQL functions named here are Go functions registered with SQLite (server/engine
// sqlfuncs.go, jsonb.go) that give it Postgres semantics.
var Operators = []Operator{
	{Name: "_eq", On: plainScalars, Arg: "T", Form: Value, SQL: "%[1]s = %[2]s"},
	{Name: "_neq", On: plainScalars, Arg: "T", Form: Value, SQL: "%[1]s <> %[2]s"},
	{Name: "_gt", On: plainScalars, Arg: "T", Form: Value, SQL: "%[1]s > %[2]s"},
	{Name: "_gte", On: plainScalars, Arg: "T", Form: Value, SQL: "%[1]s >= %[2]s"},
	{Name: "_lt", On: plainScalars, Arg: "T", Form: Value, SQL: "%[1]s < %[2]s"},
	{Name: "_lte", On: plainScalars, Arg: "T", Form: Value, SQL: "%[1]s <= %[2]s"},
	{Name: "_in", On: plainScalars, Arg: "[T!]", Form: List, SQL: "%[1]s IN (%[2]s)", Empty: "0"},
	{Name: "_nin", On: plainScalars, Arg: "[T!]", Form: List, SQL: "%[1]s NOT IN (%[2]s)", Empty: "1"},
	{Name: "_is_null", On: scalars, Arg: "Boolean", Form: Flag, SQL: "%[1]s IS %[2]sNULL"},

	// Postgres LIKE / ILIKE (% any run, _ one character, backslash escapes), SIMILAR
	// TO, and POSIX regular expressions (~, ~*), with their negations.
	{Name: "_like", On: strs, Arg: "T", Form: Text, SQL: "pg_like(%[1]s, %[2]s, 0)"},
	{Name: "_nlike", On: strs, Arg: "T", Form: Text, SQL: "NOT pg_like(%[1]s, %[2]s, 0)"},
	{Name: "_ilike", On: strs, Arg: "T", Form: Text, SQL: "pg_like(%[1]s, %[2]s, 1)"},
	{Name: "_nilike", On: strs, Arg: "T", Form: Text, SQL: "NOT pg_like(%[1]s, %[2]s, 1)"},
	{Name: "_similar", On: strs, Arg: "T", Form: Text, SQL: "pg_similar(%[1]s, %[2]s)"},
	{Name: "_nsimilar", On: strs, Arg: "T", Form: Text, SQL: "NOT pg_similar(%[1]s, %[2]s)"},
	{Name: "_regex", On: strs, Arg: "T", Form: Text, SQL: "pg_regex(%[1]s, %[2]s, 0)"},
	{Name: "_nregex", On: strs, Arg: "T", Form: Text, SQL: "NOT pg_regex(%[1]s, %[2]s, 0)"},
	{Name: "_iregex", On: strs, Arg: "T", Form: Text, SQL: "pg_regex(%[1]s, %[2]s, 1)"},
	{Name: "_niregex", On: strs, Arg: "T", Form: Text, SQL: "NOT pg_regex(%[1]s, %[2]s, 1)"},

	// jsonb: semantic equality and Postgres's jsonb ordering, @> and <@, ? ?| ?&, and
	// comparisons of the value's text (jsonb::text).
	{Name: "_eq", On: jsonbs, Arg: "T", Form: Value, SQL: "jsonb_eq(%[1]s, %[2]s)"},
	{Name: "_neq", On: jsonbs, Arg: "T", Form: Value, SQL: "NOT jsonb_eq(%[1]s, %[2]s)"},
	{Name: "_gt", On: jsonbs, Arg: "T", Form: Value, SQL: "jsonb_cmp(%[1]s, %[2]s) > 0"},
	{Name: "_gte", On: jsonbs, Arg: "T", Form: Value, SQL: "jsonb_cmp(%[1]s, %[2]s) >= 0"},
	{Name: "_lt", On: jsonbs, Arg: "T", Form: Value, SQL: "jsonb_cmp(%[1]s, %[2]s) < 0"},
	{Name: "_lte", On: jsonbs, Arg: "T", Form: Value, SQL: "jsonb_cmp(%[1]s, %[2]s) <= 0"},
	{Name: "_in", On: jsonbs, Arg: "[T!]", Form: JSONList, SQL: "jsonb_in(%[1]s, %[2]s)", Empty: "0"},
	{Name: "_nin", On: jsonbs, Arg: "[T!]", Form: JSONList, SQL: "NOT jsonb_in(%[1]s, %[2]s)", Empty: "1"},
	{Name: "_contains", On: jsonbs, Arg: "T", Form: Value, SQL: "jsonb_contains(%[1]s, %[2]s)"},
	{Name: "_contained_in", On: jsonbs, Arg: "T", Form: Value, SQL: "jsonb_contains(%[2]s, %[1]s)"},
	{Name: "_has_key", On: jsonbs, Arg: "String", Form: Text, SQL: "jsonb_has_key(%[1]s, %[2]s)"},
	{Name: "_has_keys_any", On: jsonbs, Arg: "[String!]", Form: JSONList, SQL: "jsonb_has_keys(%[1]s, %[2]s, 0)"},
	{Name: "_has_keys_all", On: jsonbs, Arg: "[String!]", Form: JSONList, SQL: "jsonb_has_keys(%[1]s, %[2]s, 1)"},
	{Name: "_cast", On: jsonbs, Arg: "jsonb_cast_exp", Form: Cast, SQL: "jsonb_text(%[1]s)"},
}

type opKey struct {
	name string
	on   Type
}

var opIndex = func() map[opKey]*Operator {
	m := map[opKey]*Operator{}
	for i := range Operators {
		for _, t := range Operators[i].On {
			m[opKey{Operators[i].Name, t}] = &Operators[i]
		}
	}
	return m
}()

// Op returns the comparison operator name of scalar t, or nil.
func Op(name string, t Type) *Operator { return opIndex[opKey{name, t}] }

// OperatorsOn returns the comparison operators of scalar t, by name.
func OperatorsOn(t Type) []*Operator {
	var out []*Operator
	for i := range Operators {
		if Op(Operators[i].Name, t) == &Operators[i] {
			out = append(out, &Operators[i])
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// comparisonOrder is the order of the comparison expressions in the schema.
var comparisonOrder = []Type{Boolean, Int, Float, String, UUID, Timestamptz, Interval, JSONB}

// ComparisonTypes returns the scalars that have a <scalar>_comparison_exp in the
// schema: those of some column, in schema order.
func ComparisonTypes() []Type {
	used := map[Type]bool{}
	for _, t := range Tables {
		for _, c := range t.Columns {
			used[c.Type] = true
		}
	}
	var out []Type
	for _, t := range comparisonOrder {
		if used[t] {
			out = append(out, t)
		}
	}
	return out
}
