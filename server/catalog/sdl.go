package catalog

import (
	_ "embed"
	"fmt"
	"strings"
)

// PrefectSDL is the hand-written Python half of the schema: Prefect's own queries,
// mutations, inputs and payloads (PrefectHQ/server src/prefect_server/graphql/schema).
//
//go:embed prefect.graphql
var PrefectSDL string

// CloudSDL is the hand-written part of Prefect Cloud's auth surface: auth_info and the
// token, login and key mutations with their inputs and payloads. Its tables (user,
// membership, api_token, auth_api_key) are generated from the catalog with the others.
// The embedded server answers all of it only in --cloud mode.
//
//go:embed cloud.graphql
var CloudSDL string

// aggregateOps are Hasura's numeric aggregate functions beside count/min/max, in the
// order Hasura prints them.
var aggregateOps = []string{"avg", "stddev", "stddev_pop", "stddev_samp", "sum", "var_pop", "var_samp", "variance"}

// AggregateOps returns Hasura's numeric aggregate function names.
func AggregateOps() []string { return append([]string(nil), aggregateOps...) }

const listArgsFmt = "distinct_on: [%[1]s_select_column!], limit: Int, offset: Int, order_by: [%[1]s_order_by!], where: %[1]s_bool_exp"

// ListArgs returns the argument list Hasura gives a list field over table t.
func ListArgs(t string) string { return fmt.Sprintf(listArgsFmt, t) }

// HasuraSDL renders the Hasura half of the schema from the catalog: scalars, comparison
// inputs, and for each table its object type, aggregate types, bool_exp, order_by and
// select_column enum, plus the Query root fields.
func HasuraSDL() string {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w("# Hasura half, generated from server/catalog by `make generate`. DO NOT EDIT.\n\n")
	w("type Query {\n")
	for _, t := range Tables {
		w("  %s(%s): [%s!]!\n", t.Name, ListArgs(t.Name), t.Name)
		if t.HasAggregate() {
			w("  %s_aggregate(%s): %s_aggregate!\n", t.Name, ListArgs(t.Name), t.Name)
		}
		if t.HasByPK() {
			w("  %s_by_pk(id: uuid!): %s\n", t.Name, t.Name)
		}
	}
	for _, fn := range []string{"utility_downstream_tasks", "utility_upstream_tasks"} {
		w("  %s(args: %s_args!, %s): [utility_traversal!]!\n", fn, fn, ListArgs("utility_traversal"))
		w("  %s_aggregate(args: %s_args!, %s): utility_traversal_aggregate!\n", fn, fn, ListArgs("utility_traversal"))
	}
	w("}\n\n")
	for _, fn := range []string{"utility_downstream_tasks", "utility_upstream_tasks"} {
		w("input %s_args {\n  depth_limit: Int\n  start_task_ids: _uuid\n}\n\n", fn)
	}
	for _, s := range []string{"uuid", "timestamptz", "jsonb", "interval", "_uuid"} {
		w("scalar %s\n\n", s)
	}
	w("enum order_by {\n  asc\n  asc_nulls_first\n  asc_nulls_last\n  desc\n  desc_nulls_first\n  desc_nulls_last\n}\n\n")
	comparisonSDL(&b)
	for i := range Tables {
		tableSDL(&b, &Tables[i])
	}
	return b.String()
}

// comparisonSDL writes a <scalar>_comparison_exp input for every scalar of a column,
// with its operators from Operators, and the input types their arguments name.
func comparisonSDL(b *strings.Builder) {
	for _, t := range ComparisonTypes() {
		ops := OperatorsOn(t)
		for _, op := range ops {
			if op.Form == Cast {
				fmt.Fprintf(b, "input %s {\n", op.Arg)
				for _, target := range CastTargets {
					fmt.Fprintf(b, "  %[1]s: %[1]s_comparison_exp\n", target.GraphQL())
				}
				b.WriteString("}\n\n")
			}
		}
		fmt.Fprintf(b, "input %s_comparison_exp {\n", t.GraphQL())
		for _, op := range ops {
			fmt.Fprintf(b, "  %s: %s\n", op.Name, op.ArgType(t))
		}
		b.WriteString("}\n\n")
	}
}

func fieldType(c Column) string {
	if c.NotNull {
		return c.Type.GraphQL() + "!"
	}
	return c.Type.GraphQL()
}

func tableSDL(b *strings.Builder, t *Table) {
	w := func(format string, a ...any) { fmt.Fprintf(b, format, a...) }
	n := t.Name
	w("\"\"\"columns and relationships of %q\"\"\"\ntype %s {\n", n, n)
	for _, c := range t.Columns {
		if c.Type == JSONB {
			w("  %s(path: String): %s\n", c.Name, fieldType(c))
		} else {
			w("  %s: %s\n", c.Name, fieldType(c))
		}
	}
	for _, r := range t.Rels {
		if r.Array {
			continue
		}
		bang := ""
		if r.NotNull {
			bang = "!"
		}
		w("\n  \"\"\"An object relationship\"\"\"\n  %s: %s%s\n", r.Name, r.Table, bang)
	}
	for _, r := range t.Rels {
		if !r.Array {
			continue
		}
		w("\n  \"\"\"An array relationship\"\"\"\n  %s(%s): [%s!]!\n", r.Name, ListArgs(r.Table), r.Table)
		if Lookup(r.Table).HasAggregate() {
			w("\n  \"\"\"An aggregate relationship\"\"\"\n  %s_aggregate(%s): %s_aggregate!\n", r.Name, ListArgs(r.Table), r.Table)
		}
	}
	w("}\n\n")
	if t.HasAggregate() {
		aggregateSDL(b, t)
	}
	boolExpSDL(b, t)
}

// aggregateSDL writes the T_aggregate types of table t: count, and min/max and the
// numeric aggregates over the columns whose types have them.
func aggregateSDL(b *strings.Builder, t *Table) {
	w := func(format string, a ...any) { fmt.Fprintf(b, format, a...) }
	n := t.Name
	w("type %s_aggregate {\n  aggregate: %s_aggregate_fields\n  nodes: [%s!]!\n}\n\n", n, n, n)
	var cmp, num []Column
	for _, c := range t.Columns {
		if c.Type.Comparable() {
			cmp = append(cmp, c)
		}
		if c.Type.Numeric() {
			num = append(num, c)
		}
	}
	aggFields := func(name string, cols []Column, typ func(Column) string) {
		w("type %s_%s_fields {\n", n, name)
		for _, c := range cols {
			w("  %s: %s\n", c.Name, typ(c))
		}
		w("}\n\n")
		w("input %s_%s_order_by {\n", n, name)
		for _, c := range cols {
			w("  %s: order_by\n", c.Name)
		}
		w("}\n\n")
	}
	ops := []string{}
	if len(cmp) > 0 {
		same := func(c Column) string { return c.Type.GraphQL() }
		aggFields("max", cmp, same)
		aggFields("min", cmp, same)
		ops = append(ops, "max", "min")
	}
	if len(num) > 0 {
		for _, op := range aggregateOps {
			typ := func(Column) string { return "Float" }
			if op == "sum" {
				typ = func(c Column) string { return c.Type.GraphQL() }
			}
			aggFields(op, num, typ)
			ops = append(ops, op)
		}
	}
	w("type %s_aggregate_fields {\n  count(columns: [%s_select_column!], distinct: Boolean): Int!\n", n, n)
	for _, op := range ops {
		w("  %s: %s_%s_fields\n", op, n, op)
	}
	w("}\n\n")
	w("input %s_aggregate_order_by {\n  count: order_by\n", n)
	for _, op := range ops {
		w("  %s: %s_%s_order_by\n", op, n, op)
	}
	w("}\n\n")
}

// boolExpSDL writes the T_bool_exp and T_order_by inputs and the T_select_column enum.
func boolExpSDL(b *strings.Builder, t *Table) {
	w := func(format string, a ...any) { fmt.Fprintf(b, format, a...) }
	n := t.Name
	w("input %s_bool_exp {\n  _and: [%s_bool_exp!]\n  _not: %s_bool_exp\n  _or: [%s_bool_exp!]\n", n, n, n, n)
	for _, c := range t.Columns {
		w("  %s: %s_comparison_exp\n", c.Name, c.Type.GraphQL())
	}
	for _, r := range t.Rels {
		w("  %s: %s_bool_exp\n", r.Name, r.Table)
	}
	w("}\n\n")

	w("input %s_order_by {\n", n)
	for _, c := range t.Columns {
		w("  %s: order_by\n", c.Name)
	}
	for _, r := range t.Rels {
		if r.Array {
			if Lookup(r.Table).HasAggregate() {
				w("  %s_aggregate: %s_aggregate_order_by\n", r.Name, r.Table)
			}
		} else {
			w("  %s: %s_order_by\n", r.Name, r.Table)
		}
	}
	w("}\n\n")

	w("enum %s_select_column {\n", n)
	for _, c := range t.Columns {
		w("  %s\n", c.Name)
	}
	w("}\n\n")
}

// SDL returns the whole schema: the Python half, the Cloud auth surface and the
// generated Hasura half. It is what `make generate` writes to schema.graphql.
func SDL() string {
	return "# The Prefect 1.x API schema served by prefect-tui's embedded server.\n" +
		"# Generated by `make generate` from server/catalog. DO NOT EDIT.\n\n" +
		strings.TrimSpace(PrefectSDL) + "\n\n" + strings.TrimSpace(CloudSDL) + "\n\n" + HasuraSDL()
}
