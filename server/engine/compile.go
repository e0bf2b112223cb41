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
//
// Request inputs (variable values, tenant ids, row policy values) reach the compiler as
// slots (shape.go); bind records how each parameter is computed from them, so that a
// cached statement is bound again for the next request of the same shape.
type compiler struct {
	x        *execution // the request, with its variables' inputs as slots
	inputs   []any      // the request's inputs, by slot
	tenants  []any      // slots of the tenant ids; nil: no tenant limit
	policies map[string]policyOf
	params   []any
	srcs     []paramSrc
	n        int
	// conds counts the conditions of the boolean expressions compiled so far.
	conds int
}

// paramSrc is how one parameter is computed from a request's inputs: conv applied to
// tmpl with its slots resolved (conv nil: tmpl as it is).
type paramSrc struct {
	tmpl any
	conv func(any) (any, error)
}

// param binds a constant (a value that is no request input).
func (c *compiler) param(v any) string {
	c.params = append(c.params, v)
	c.srcs = append(c.srcs, paramSrc{tmpl: v})
	return "?" + strconv.Itoa(len(c.params))
}

// bind binds conv(v) where v may hold request inputs (slots). conv checks the value
// (a malformed uuid is an error) and converts it to what the store holds.
func (c *compiler) bind(v any, conv func(any) (any, error)) (string, error) {
	if !hasSlot(v) {
		val, err := conv(v)
		if err != nil {
			return "", err
		}
		return c.param(val), nil
	}
	val, err := conv(resolve(v, c.inputs))
	if err != nil {
		return "", err
	}
	c.params = append(c.params, val)
	c.srcs = append(c.srcs, paramSrc{tmpl: v, conv: conv})
	return "?" + strconv.Itoa(len(c.params)), nil
}

// bindParams computes the parameters of a statement compiled with srcs for a request
// with inputs.
func bindParams(srcs []paramSrc, inputs []any) ([]any, error) {
	out := make([]any, len(srcs))
	for i, s := range srcs {
		if s.conv == nil {
			out[i] = s.tmpl
			continue
		}
		v, err := s.conv(resolve(s.tmpl, inputs))
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
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
	return c.tenantScope(t, a), nil
}

// tenantScope returns the tenant condition for rows of t under alias a ("" when unscoped).
func (c *compiler) tenantScope(t *catalog.Table, a string) string {
	if c.tenants == nil {
		return ""
	}
	var column string
	switch {
	case t.Name == "tenant":
		column = "id"
	case t.HasTenant():
		column = "tenant_id"
	default:
		return ""
	}
	if len(c.tenants) == 0 {
		return " AND 0"
	}
	ps := make([]string, len(c.tenants))
	for i, id := range c.tenants {
		ps[i], _ = c.bind(id, asIs) // tenant ids are checked by authentication
	}
	if len(ps) == 1 {
		return " AND " + col(a, column) + " = " + ps[0]
	}
	return " AND " + col(a, column) + " IN (" + strings.Join(ps, ", ") + ")"
}

func asIs(v any) (any, error) { return v, nil }

// policy returns the row policy condition of Cloud table t for the request's
// principal: nothing for a principal outside Cloud mode, no further condition through
// an Owner relationship (the row's creator), else Options.RowPolicy compiled as a where.
func (c *compiler) policy(t *catalog.Table, a string, via *catalog.Rel) (string, error) {
	if c.policies == nil {
		return " AND 0", nil
	}
	if via != nil && via.Owner {
		return "", nil
	}
	pol := c.policies[t.Name]
	if !pol.ok {
		return " AND 0", nil
	}
	if pol.null {
		return "", &Error{Message: "the row policy of " + t.Name + " holds a null", Code: CodeInternal}
	}
	w, err := c.where(t, a, fromJSON(pol.filter))
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
		id, err := c.bind(args["id"], convValue(catalog.UUID))
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
		return "SELECT " + o + " FROM " + src + " WHERE " + col(a, "id") + " = " + id + sc, nil
	case rootAggregate:
		inner, err := c.rows(t, src, a, args, "1", nil)
		if err != nil {
			return "", err
		}
		o, err := c.aggregate(t, inner, a, f)
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
	return "SELECT json_group_array(" + o + ") FROM (" + selectColumns(inner, a, o) + ") AS " + a, nil
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
	if filter == " WHERE 1" {
		// No condition at all: SQLite counts such a table from its smallest index
		// without visiting the rows.
		filter = ""
	}
	var page string
	limit, hasLimit, err := c.intArg(args["limit"], "limit")
	if err != nil {
		return "", err
	}
	offset, hasOffset, err := c.intArg(args["offset"], "offset")
	if err != nil {
		return "", err
	}
	if hasLimit {
		page = " LIMIT " + limit
	} else if hasOffset {
		page = " LIMIT -1"
	}
	if hasOffset {
		page += " OFFSET " + offset
	}
	distinct, err := distinctCols(t, args["distinct_on"])
	if err != nil {
		return "", err
	}
	if len(distinct) == 0 {
		// The columns the enclosing query reads are filled in once it is compiled
		// (selectColumns): a row's other columns (large JSON among them) stay unread.
		s := "SELECT " + columnsMarker(a) + " FROM " + src
		if where != "1" && len(order) > 0 && page != "" && src == from(t, a) {
			// A sorted page picks its rows by rowid first, reading only what the
			// filter and the order need (often an index alone), then reads the
			// page's rows: not every matching row's columns before sorting them.
			ord := " ORDER BY " + joinTerms(order)
			return s + " WHERE " + a + ".rowid IN (SELECT " + a + ".rowid FROM " + src + filter + ord + page + ")" + ord, nil
		}
		s += filter
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

// intArg binds a non-negative Int argument (limit, offset); false when it is null.
func (c *compiler) intArg(v any, name string) (string, bool, error) {
	if v == nil {
		return "", false, nil
	}
	p, err := c.bind(v, func(v any) (any, error) {
		n, err := toInt(v)
		if err != nil {
			return nil, err
		}
		if n < 0 {
			return nil, &Error{Message: fmt.Sprintf("%q must not be negative", name), Code: CodeBadUserInput}
		}
		return n, nil
	})
	return p, err == nil, err
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
		return "json((SELECT json_group_array(" + o + ") FROM (" + selectColumns(inner, b, o) + ") AS " + b + "))", nil
	}
	if base, ok := strings.CutSuffix(f.Name, "_aggregate"); ok {
		if r := t.Rel(base); r != nil && r.Array && catalog.Lookup(r.Table).HasAggregate() {
			target := catalog.Lookup(r.Table)
			b := c.alias()
			inner, err := c.rows(target, from(target, b), b, c.x.args(f.Field), relJoin(r, a, b), r)
			if err != nil {
				return "", err
			}
			o, err := c.aggregate(target, inner, b, f)
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
		if p := args["path"]; p != nil {
			path, err := c.bind(p, func(v any) (any, error) {
				s, ok := v.(string)
				if !ok {
					return nil, badInput("expected a String for path")
				}
				return jsonPath(s), nil
			})
			if err != nil {
				return "", err
			}
			return "json(" + e + " -> " + path + ")", nil
		}
		return "json(" + e + ")", nil
	}
	return e, nil
}

// jsonPath turns Hasura's path argument ("$.a.b", "a.b", "a[0]") into a SQLite path.
func jsonPath(p string) string {
	p = strings.TrimSpace(p)
	if p == "" {
		return "$" // no path: the whole value
	}
	if strings.HasPrefix(p, "$") {
		return p
	}
	if strings.HasPrefix(p, "[") {
		return "$" + p
	}
	return "$." + p
}

// aggregate compiles a T_aggregate selection over the rows SELECT inner.
func (c *compiler) aggregate(t *catalog.Table, inner, a string, f *cfield) (string, error) {
	fields := c.x.collect(f.Sels, t.Name+"_aggregate")
	var parts []string
	var reads []string // the expressions reading the rows, each under its alias
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
			reads = append(reads, renameRefs(strings.ReplaceAll(o, inner, ""), b, a))
			e = "json((SELECT json_group_array(" + o + ") FROM (" + inner + ") AS " + b + "))"
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
				reads = append(reads, renameRefs(strings.ReplaceAll(o, inner, ""), b, a))
				e = o
				break
			}
			o, err := c.aggregateFields(t, b, sf, func(e string) string { return e })
			if err != nil {
				return "", err
			}
			reads = append(reads, renameRefs(strings.ReplaceAll(o, inner, ""), b, a))
			e = "json((SELECT " + o + " FROM (" + inner + ") AS " + b + "))"
		default:
			return "", &Error{Message: fmt.Sprintf("unknown aggregate field %q", sf.Name), Code: CodeValidationFailed}
		}
		parts = append(parts, lit(sf.Alias), e)
	}
	return selectColumns(jsonObject(parts), a, reads...), nil
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
