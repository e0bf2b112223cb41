package engine

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/prefect-tui/prefect-tui/server/catalog"
)

// compiler turns one Hasura root field into one SQLite statement that returns the
// field's whole JSON value. Identifiers come only from the catalog and are always
// quoted; values are always numbered parameters (?N), so fragments can be built in
// any order and reused (an aggregate's filtered rows feed both aggregate and nodes).
type compiler struct {
	x      *execution
	sc     tenantScope
	params []any
	n      int
	// unsorted maps the rows statements without an order (no order_by, no paging) to
	// their alias: listed sorts them in insertion order where the order shows.
	unsorted map[string]string
}

func (c *compiler) param(v any) string {
	c.params = append(c.params, v)
	return "?" + strconv.Itoa(len(c.params))
}

func (c *compiler) alias() string {
	c.n++
	return "t" + strconv.Itoa(c.n)
}

func q(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

func col(alias, name string) string { return alias + "." + q(name) }

// lit is a SQL string literal for a GraphQL name (aliases, type names: [_A-Za-z0-9]).
func lit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// from is t's store table as alias a.
func from(t *catalog.Table, a string) string { return q(t.StoreName()) + " AS " + a }

// scope returns the condition (" AND ...", or "") rows of t under alias a must meet
// for the request's principal when reached through relationship via (nil at a root
// field): the tenant scope, or for a Cloud table its row policy.
func (c *compiler) scope(t *catalog.Table, a string, via *catalog.Rel) (string, error) {
	if t.Cloud {
		return c.policy(t, a, via)
	}
	return c.tenantScope(t, a, via)
}

// policy returns the row policy condition of Cloud table t for the request's
// principal: nothing for a principal outside Cloud mode, no further condition through
// an Owner relationship (the row's creator), else Options.RowPolicy compiled as a where.
func (c *compiler) policy(t *catalog.Table, a string, via *catalog.Rel) (string, error) {
	p := c.x.req.Principal
	if !p.Cloud || c.x.e.opts.RowPolicy == nil {
		return " AND 0", nil
	}
	if via != nil && via.Owner {
		return "", nil
	}
	filter, ok := c.x.e.opts.RowPolicy(p, t.Name)
	if !ok {
		return " AND 0", nil
	}
	if hasNull(filter) {
		return "", &Error{Message: "the row policy of " + t.Name + " holds a null", Code: CodeInternal}
	}
	w, err := c.where(t, a, fromJSON(filter))
	if err != nil {
		return "", err
	}
	if w == "1" {
		return "", nil
	}
	return " AND (" + w + ")", nil
}

// hasNull reports whether a plain value holds a null anywhere.
func hasNull(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case map[string]any:
		for _, e := range v {
			if hasNull(e) {
				return true
			}
		}
	case []any:
		for _, e := range v {
			if hasNull(e) {
				return true
			}
		}
	}
	return false
}

// relJoin is the condition tying rows of r's target (alias b) to the parent (alias a).
func relJoin(r *catalog.Rel, a, b string) string {
	return col(b, r.Remote) + " = " + col(a, r.Local)
}

// root compiles a Hasura root field.
func (c *compiler) root(rf *hasuraRoot, f *cfield) (string, error) {
	args := c.x.args(f.Field)
	t := rf.table
	a := c.alias()
	src := from(t, a)
	if rf.fn != "" {
		s, err := c.traversal(rf.fn, args["args"], a)
		if err != nil {
			return "", err
		}
		src = s
	}
	switch rf.kind {
	case rootByPK:
		id, err := sqlValue(catalog.UUID, args["id"])
		if err != nil {
			return "", err
		}
		o, err := c.object(t, a, f)
		if err != nil {
			return "", err
		}
		sc, err := c.scope(t, a, nil)
		if err != nil {
			return "", err
		}
		return "SELECT " + o + " FROM " + src + " WHERE " + col(a, "id") + " = " + c.param(id) + sc, nil
	case rootAggregate:
		inner, err := c.rows(t, src, a, args, "1", nil)
		if err != nil {
			return "", err
		}
		o, err := c.aggregate(t, inner, f)
		if err != nil {
			return "", err
		}
		return "SELECT " + o, nil
	}
	inner, err := c.rows(t, src, a, args, "1", nil)
	if err != nil {
		return "", err
	}
	o, err := c.object(t, a, f)
	if err != nil {
		return "", err
	}
	return "SELECT json_group_array(" + o + ") FROM (" + c.listed(inner) + ") AS " + a, nil
}

// rows returns a SELECT of t's rows (alias a, from src) matching the list arguments
// where / order_by / distinct_on / limit / offset and the extra condition cond,
// in order, read through relationship via (nil at a root field). The result's
// columns are t's columns, so it can be aliased a again.
func (c *compiler) rows(t *catalog.Table, src, a string, args map[string]any, cond string, via *catalog.Rel) (string, error) {
	where, err := c.where(t, a, args["where"])
	if err != nil {
		return "", err
	}
	order, err := c.orderBy(t, a, args["order_by"])
	if err != nil {
		return "", err
	}
	sc, err := c.scope(t, a, via)
	if err != nil {
		return "", err
	}
	filter := " WHERE " + cond + sc
	if where != "1" {
		filter += " AND (" + where + ")"
	}
	var page string
	limit, hasLimit, err := intArg(args["limit"], "limit")
	if err != nil {
		return "", err
	}
	offset, hasOffset, err := intArg(args["offset"], "offset")
	if err != nil {
		return "", err
	}
	if hasLimit {
		page = " LIMIT " + c.param(limit)
	} else if hasOffset {
		page = " LIMIT -1"
	}
	if hasOffset {
		page += " OFFSET " + c.param(offset)
	}
	distinct, err := distinctCols(t, args["distinct_on"])
	if err != nil {
		return "", err
	}
	if len(order) == 0 && !t.Virtual {
		if page == "" && len(distinct) == 0 {
			s := "SELECT " + a + ".* FROM " + src + filter
			c.unordered(s, a)
			return s, nil
		}
		// A page or distinct_on without order_by: insertion order decides which rows.
		order = []orderTerm{insertionOrder(a)}
	}
	if len(distinct) == 0 {
		s := "SELECT " + a + ".* FROM " + src + filter
		if len(order) > 0 {
			s += " ORDER BY " + joinTerms(order)
		}
		return s + page, nil
	}
	// Postgres DISTINCT ON: the first row of each distinct key in order_by order.
	parts := make([]string, len(distinct))
	for i, d := range distinct {
		parts[i] = col(a, d)
	}
	over := "PARTITION BY " + strings.Join(parts, ", ")
	if len(order) > 0 {
		over += " ORDER BY " + joinTerms(order)
	}
	s := "SELECT " + a + ".*, ROW_NUMBER() OVER (" + over + ") AS " + q("__rn")
	outer := make([]orderTerm, len(order))
	for i, o := range order {
		name := q("__o" + strconv.Itoa(i))
		s += ", " + o.expr + " AS " + name
		outer[i] = orderTerm{expr: name, dir: o.dir}
	}
	s += " FROM " + src + filter
	s = "SELECT * FROM (" + s + ") AS " + a + " WHERE " + q("__rn") + " = 1"
	if len(outer) > 0 {
		s += " ORDER BY " + joinTerms(outer)
	}
	return s + page, nil
}

func intArg(v any, name string) (int64, bool, error) {
	if v == nil {
		return 0, false, nil
	}
	n, err := toInt(v)
	if err != nil {
		return 0, false, err
	}
	if n < 0 {
		return 0, false, &Error{Message: fmt.Sprintf("%q must not be negative", name), Code: CodeBadUserInput}
	}
	return n, true, nil
}

func distinctCols(t *catalog.Table, v any) ([]string, error) {
	var list []any
	switch v := v.(type) {
	case nil:
		return nil, nil
	case []any:
		list = v
	default:
		list = []any{v}
	}
	var out []string
	for _, e := range list {
		s, _ := e.(string)
		if t.Column(s) == nil {
			return nil, &Error{Message: fmt.Sprintf("unexpected value %v for enum %s_select_column", e, t.Name), Code: CodeBadUserInput}
		}
		out = append(out, s)
	}
	return out, nil
}

// object compiles the selection set of f over one row of t (alias a) into a
// json_object expression.
func (c *compiler) object(t *catalog.Table, a string, f *cfield) (string, error) {
	fields := c.x.collect(f.Sels, t.Name)
	parts := make([]string, 0, 2*len(fields))
	for _, sf := range fields {
		e, err := c.fieldExpr(t, a, sf)
		if err != nil {
			return "", err
		}
		parts = append(parts, lit(sf.Alias), e)
	}
	return jsonObject(parts), nil
}

// jsonObject builds json_object(parts...). A selection with more pairs than one SQLite
// call may take (SQLite 3.48+: 1000 arguments) adds the rest with chained json_set
// calls, which append new keys in order and keep JSON nulls.
func jsonObject(parts []string) string {
	const maxArgs = 998
	if len(parts) <= maxArgs {
		return "json_object(" + strings.Join(parts, ", ") + ")"
	}
	out := "json_object(" + strings.Join(parts[:maxArgs], ", ") + ")"
	for i := maxArgs; i < len(parts); i += maxArgs {
		j := min(i+maxArgs, len(parts))
		args := make([]string, 0, j-i)
		for k := i; k < j; k += 2 {
			// parts[k] is a quoted key literal ('alias'); as a path: '$."alias"'.
			args = append(args, "'$.\""+strings.Trim(parts[k], "'")+"\"'", parts[k+1])
		}
		out = "json_set(" + out + ", " + strings.Join(args, ", ") + ")"
	}
	return out
}

func (c *compiler) fieldExpr(t *catalog.Table, a string, f *cfield) (string, error) {
	if f.Name == "__typename" {
		return lit(t.Name), nil
	}
	if cl := t.Column(f.Name); cl != nil {
		return c.columnExpr(cl, a, c.x.args(f.Field))
	}
	if r := t.Rel(f.Name); r != nil {
		target := catalog.Lookup(r.Table)
		b := c.alias()
		args := c.x.args(f.Field)
		if !r.Array {
			o, err := c.object(target, b, f)
			if err != nil {
				return "", err
			}
			sc, err := c.scope(target, b, r)
			if err != nil {
				return "", err
			}
			return "json((SELECT " + o + " FROM " + from(target, b) + " WHERE " + relJoin(r, a, b) + sc + "))", nil
		}
		inner, err := c.rows(target, from(target, b), b, args, relJoin(r, a, b), r)
		if err != nil {
			return "", err
		}
		o, err := c.object(target, b, f)
		if err != nil {
			return "", err
		}
		return "json((SELECT json_group_array(" + o + ") FROM (" + c.listed(inner) + ") AS " + b + "))", nil
	}
	if base, ok := strings.CutSuffix(f.Name, "_aggregate"); ok {
		if r := t.Rel(base); r != nil && r.Array && catalog.Lookup(r.Table).HasAggregate() {
			target := catalog.Lookup(r.Table)
			b := c.alias()
			inner, err := c.rows(target, from(target, b), b, c.x.args(f.Field), relJoin(r, a, b), r)
			if err != nil {
				return "", err
			}
			o, err := c.aggregate(target, inner, f)
			if err != nil {
				return "", err
			}
			return "json(" + o + ")", nil
		}
	}
	return "", &Error{Message: fmt.Sprintf("field %q not found in type: %q", f.Name, t.Name), Code: CodeValidationFailed}
}

// columnExpr renders a column as a JSON-ready value: Booleans as true/false, jsonb as
// JSON (optionally at a path), everything else as stored.
func (c *compiler) columnExpr(cl *catalog.Column, a string, args map[string]any) (string, error) {
	e := col(a, cl.Name)
	switch cl.Type {
	case catalog.Boolean:
		return "(CASE WHEN " + e + " IS NULL THEN NULL WHEN " + e + " THEN json('true') ELSE json('false') END)", nil
	case catalog.JSONB:
		if p, ok := args["path"].(string); ok && p != "" {
			return "json(" + e + " -> " + c.param(jsonPath(p)) + ")", nil
		}
		return "json(" + e + ")", nil
	}
	return e, nil
}

// jsonPath turns Hasura's path argument ("$.a.b", "a.b", "a[0]") into a SQLite path.
func jsonPath(p string) string {
	p = strings.TrimSpace(p)
	if strings.HasPrefix(p, "$") {
		return p
	}
	if strings.HasPrefix(p, "[") {
		return "$" + p
	}
	return "$." + p
}

// aggregate compiles a T_aggregate selection over the rows SELECT inner.
func (c *compiler) aggregate(t *catalog.Table, inner string, f *cfield) (string, error) {
	fields := c.x.collect(f.Sels, t.Name+"_aggregate")
	var parts []string
	for _, sf := range fields {
		var e string
		switch sf.Name {
		case "__typename":
			e = lit(t.Name + "_aggregate")
		case "nodes":
			b := c.alias()
			o, err := c.object(t, b, sf)
			if err != nil {
				return "", err
			}
			e = "json((SELECT json_group_array(" + o + ") FROM (" + c.listed(inner) + ") AS " + b + "))"
		case "aggregate":
			b := c.alias()
			if c.aggregateLeaves(t, sf) <= 2 {
				// One scalar subquery per value: no JSON to re-parse, and the
				// common { count } is a single indexed count.
				from := " FROM (" + inner + ") AS " + b
				o, err := c.aggregateFields(t, b, sf, func(e string) string { return "(SELECT " + e + from + ")" })
				if err != nil {
					return "", err
				}
				e = o
				break
			}
			o, err := c.aggregateFields(t, b, sf, func(e string) string { return e })
			if err != nil {
				return "", err
			}
			e = "json((SELECT " + o + " FROM (" + inner + ") AS " + b + "))"
		default:
			return "", &Error{Message: fmt.Sprintf("unknown aggregate field %q", sf.Name), Code: CodeValidationFailed}
		}
		parts = append(parts, lit(sf.Alias), e)
	}
	return jsonObject(parts), nil
}

// aggFunc maps Hasura's aggregate names to SQL functions.
var aggFunc = map[string]string{
	"max": "max", "min": "min", "sum": "sum", "avg": "avg",
	"stddev": "pg_stddev_samp", "stddev_samp": "pg_stddev_samp", "stddev_pop": "pg_stddev_pop",
	"variance": "pg_var_samp", "var_samp": "pg_var_samp", "var_pop": "pg_var_pop",
}

// aggregateLeaves counts the aggregate values a T_aggregate_fields selection asks for.
func (c *compiler) aggregateLeaves(t *catalog.Table, f *cfield) int {
	n := 0
	for _, sf := range c.x.collect(f.Sels, t.Name+"_aggregate_fields") {
		switch sf.Name {
		case "__typename":
		case "count":
			n++
		default:
			n += len(c.x.collect(sf.Sels, t.Name+"_"+sf.Name+"_fields"))
		}
	}
	return n
}

// aggregateFields compiles a T_aggregate_fields selection over rows aliased b; leaf
// wraps each aggregate expression (identity inside one SELECT over the rows, or a
// scalar subquery per value).
func (c *compiler) aggregateFields(t *catalog.Table, b string, f *cfield, leaf func(string) string) (string, error) {
	fields := c.x.collect(f.Sels, t.Name+"_aggregate_fields")
	var parts []string
	for _, sf := range fields {
		var e string
		switch sf.Name {
		case "__typename":
			e = lit(t.Name + "_aggregate_fields")
		case "count":
			var err error
			e, err = countExpr(t, b, c.x.args(sf.Field))
			if err != nil {
				return "", err
			}
			e = leaf(e)
		default:
			fn, ok := aggFunc[sf.Name]
			if !ok {
				return "", &Error{Message: fmt.Sprintf("unknown aggregate %q", sf.Name), Code: CodeValidationFailed}
			}
			var inner []string
			for _, cf := range c.x.collect(sf.Sels, t.Name+"_"+sf.Name+"_fields") {
				if cf.Name == "__typename" {
					inner = append(inner, lit(cf.Alias), lit(t.Name+"_"+sf.Name+"_fields"))
					continue
				}
				if t.Column(cf.Name) == nil {
					return "", &Error{Message: fmt.Sprintf("unknown column %q", cf.Name), Code: CodeValidationFailed}
				}
				inner = append(inner, lit(cf.Alias), leaf(fn+"("+col(b, cf.Name)+")"))
			}
			e = jsonObject(inner)
		}
		parts = append(parts, lit(sf.Alias), e)
	}
	return jsonObject(parts), nil
}

func countExpr(t *catalog.Table, b string, args map[string]any) (string, error) {
	cols, err := distinctCols(t, args["columns"])
	if err != nil {
		return "", err
	}
	distinct, _ := args["distinct"].(bool)
	switch {
	case len(cols) == 0:
		return "count(*)", nil
	case len(cols) == 1 && distinct:
		return "count(DISTINCT " + col(b, cols[0]) + ")", nil
	case len(cols) == 1:
		return "count(" + col(b, cols[0]) + ")", nil
	case distinct:
		parts := make([]string, len(cols))
		for i, cl := range cols {
			parts[i] = col(b, cl)
		}
		return "count(DISTINCT json_array(" + strings.Join(parts, ", ") + "))", nil
	}
	// Postgres COUNT((a, b)) counts every row: a row value is never NULL to count.
	return "count(*)", nil
}
