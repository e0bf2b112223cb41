package engine

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/prefect-tui/prefect-tui/server/catalog"
	"github.com/prefect-tui/prefect-tui/server/store"
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
	sc       scopeOf    // the principal's tenant scope, its tenant ids as slots
	policies map[string]policyOf
	params   []any
	srcs     []paramSrc
	// shared maps a compared value to its parameter (bindValue).
	shared map[valueKey]string
	n      int
	// conds counts the conditions of the boolean expressions compiled so far.
	conds int
	// unfiltered is true when the last rows compiled are all the rows the principal
	// may read.
	unfiltered bool
	// unsorted maps the rows statements without an order (no order_by, no paging) to
	// their alias: listed sorts them in insertion order where the order shows.
	unsorted map[string]string
	// anyRows is true while the rows of an aggregate that only counts them are
	// compiled: a page of them needs no order, any rows will do (stableorder.go).
	anyRows bool
	// conj, while the filter of a root field's rows is compiled, collects the
	// conditions among its conjuncts that a sorted page reads in its own way
	// (pagemerge.go).
	conj *conjuncts
	// joins, while the objects of a list's rows are compiled, collects the LEFT JOINs
	// of their object relationships (joinable); nil where none may be added.
	joins *[]string
	// share, while a query's one statement is compiled, holds the counts its fields
	// share (sharedcount.go); rowsKey is the key of the root field's rows being
	// compiled, and rowsLimit their limit ("" for none) once compiled, when they have
	// no offset.
	share     *sharing
	rowsKey   string
	rowsLimit string
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
		c.anyRows = c.countsOnly(t, f)
		counts := c.anyRows
		inner, err := c.rows(t, src, a, args, "1", nil)
		c.anyRows = false
		if err != nil {
			return "", err
		}
		countAll := ""
		if rf.fn == "" && c.unfiltered && slices.Contains(store.CountedTables, t.StoreName()) {
			countAll = c.storedCount(t)
		}
		if rf.fn == "" && counts && countAll == "" && c.rowsLimit != "" {
			countAll = c.shareCount(rowsKey(t, f), selectColumns(inner, a), c.rowsLimit)
		}
		o, err := c.aggregate(t, inner, a, f, countAll)
		if err != nil {
			return "", err
		}
		return "SELECT " + o, nil
	}
	if rf.fn == "" {
		c.rowsKey = rowsKey(t, f)
	}
	inner, err := c.rows(t, src, a, args, "1", nil)
	c.rowsKey = ""
	if err != nil {
		return "", err
	}
	o, j, err := c.listObject(t, a, f)
	if err != nil {
		return "", err
	}
	return "SELECT json_group_array(" + o + ") FROM (" + selectColumns(c.listed(inner), a, o, j) + ") AS " + a + j, nil
}

// listObject compiles object over the rows of a list (alias a), with the LEFT JOINs
// its object relationships read (to follow FROM ... AS a).
func (c *compiler) listObject(t *catalog.Table, a string, f *cfield) (o, joins string, err error) {
	saved := c.joins
	var list []string
	c.joins = &list
	o, err = c.object(t, a, f)
	c.joins = saved
	return o, strings.Join(list, ""), err
}

// joinable reports whether object relationship r is read by a LEFT JOIN of its target
// (at most one row: r ends at the target's primary key) rather than a subquery per
// row, which costs SQLite several times more.
func joinable(r *catalog.Rel, target *catalog.Table) bool {
	return !r.Array && r.Remote == "id" && !target.Virtual && !target.NoPK
}

// noJoins runs f where no LEFT JOIN may be added (inside a subquery of its own).
func (c *compiler) noJoins(f func() (string, error)) (string, error) {
	saved := c.joins
	c.joins = nil
	defer func() { c.joins = saved }()
	return f()
}

// rows returns a SELECT of t's rows (alias a, from src) matching the list arguments
// where / order_by / distinct_on / limit / offset and the extra condition cond,
// in order, read through relationship via (nil at a root field). The result's
// columns are t's columns, so it can be aliased a again.
func (c *compiler) rows(t *catalog.Table, src, a string, args map[string]any, cond string, via *catalog.Rel) (string, error) {
	var conj conjuncts
	if via == nil && cond == "1" {
		c.conj = &conj
	}
	where, err := c.where(t, a, args["where"])
	c.conj = nil
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
	// All the rows of the principal's tenants: a count can read the stored one.
	c.unfiltered = cond == "1" && where == "1" && args["limit"] == nil && args["offset"] == nil && args["distinct_on"] == nil
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
	c.rowsLimit = ""
	if hasLimit && !hasOffset {
		c.rowsLimit = limit
	}
	distinct, err := distinctCols(t, args["distinct_on"])
	if err != nil {
		return "", err
	}
	if c.anyRows && len(order) == 0 && len(distinct) == 0 && src == from(t, a) && pageElement(conj.elements, where) == nil &&
		(page == "" || wholeWay(conj.ways, where) == nil) {
		// Rows counted through an object relationship's rows: those joined first
		// (pagemerge.go countJoin), unless the indexes count them alone (below).
		if js, jf := countJoin(t, conj.drives, src, a, filter); js != "" {
			src, filter = js, jf
		}
	}
	if len(order) == 0 && !t.Virtual {
		if page == "" && len(distinct) == 0 {
			s := "SELECT " + columnsMarker(a) + " FROM " + src + filter
			c.unordered(s, a)
			return s, nil
		}
		if !c.anyRows || len(distinct) > 0 {
			// A page or distinct_on without order_by: insertion order decides
			// which rows.
			order = []orderTerm{insertionOrder(a)}
		}
	}
	if len(distinct) == 0 {
		// The columns the enclosing query reads are filled in once it is compiled
		// (selectColumns): a row's other columns (large JSON among them) stay unread.
		s := "SELECT " + columnsMarker(a) + " FROM " + src
		if src == from(t, a) {
			if pick := c.topOne(t, src, a, filter, order, args, &conj); pick != "" {
				return s + " WHERE " + a + ".rowid IN (" + pick + ") ORDER BY " + joinTerms(order), nil
			}
		}
		if where != "1" && len(order) > 0 && page != "" && src == from(t, a) {
			// A sorted page picks its rows by rowid first, reading only what the
			// filter and the order need (often an index alone), then reads the
			// page's rows: not every matching row's columns before sorting them.
			ord := " ORDER BY " + joinTerms(order)
			pick := "SELECT " + a + ".rowid FROM " + src + filter + ord + page
			if hasLimit {
				off := ""
				if hasOffset {
					off = offset
				}
				var candidates bool
				if pick, candidates = c.pick(t, src, a, " WHERE "+cond+sc, where, &conj, order, limit, off); candidates {
					// The page is taken from the candidates as their columns are read.
					return s + " WHERE " + a + ".rowid IN (" + pick + ")" + ord + page, nil
				}
			}
			return s + " WHERE " + a + ".rowid IN (" + pick + ")" + ord, nil
		}
		if w := wholeWay(conj.ways, where); w != nil && c.anyRows && sc == "" && len(order) == 0 && page != "" && src == from(t, a) && pageElement(conj.elements, where) == nil {
			// Any rows, up to a limit, of a filter whose rows its indexes list
			// exactly: counted from the indexes, no row read.
			if l := rowList(w, src); l != "" {
				return "SELECT " + columnsMarker(a) + " FROM (" + l + ") AS " + a + page, nil
			}
		}
		if e := pageElement(conj.elements, where); e != nil && len(order) == 0 && page != "" && src == from(t, a) {
			// Any rows of an element's holders, up to a limit (an "at most N"
			// count): read from the holders, not gathered whole first. When
			// nothing but the count is read and no scope limits the rows, the
			// holders alone are counted: the index lists each holder once.
			if c.anyRows && sc == "" {
				return "SELECT " + columnsMarker(a) + " FROM " + e.alone(a) + page, nil
			}
			return "SELECT " + columnsMarker(a) + " FROM " + e.joined(src, a, filter) + page, nil
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
// The parameter is read as an expression, (?N + 0): SQLite plans with the value bound
// to a bare LIMIT parameter and so compiles the statement again whenever a new value
// is bound to it (for a parameter numbered above 31, whenever any such parameter is
// bound: every run of a statement serving many root fields, batch.go).
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
	if err != nil {
		return "", false, err
	}
	return "(" + p + " + 0)", true, nil
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
			sc, err := c.scope(target, b, r)
			if err != nil {
				return "", err
			}
			if c.joins != nil && joinable(r, target) {
				// Joined before the objects nested in it, which may join to it.
				*c.joins = append(*c.joins, " LEFT JOIN "+from(target, b)+" ON "+relJoin(r, a, b)+sc)
				o, err := c.object(target, b, f)
				if err != nil {
					return "", err
				}
				return "CASE WHEN " + b + ".rowid IS NULL THEN NULL ELSE " + o + " END", nil
			}
			o, err := c.noJoins(func() (string, error) { return c.object(target, b, f) })
			if err != nil {
				return "", err
			}
			return "json((SELECT " + o + " FROM " + from(target, b) + " WHERE " + relJoin(r, a, b) + sc + "))", nil
		}
		inner, err := c.noJoins(func() (string, error) { return c.rows(target, from(target, b), b, args, relJoin(r, a, b), r) })
		if err != nil {
			return "", err
		}
		o, j, err := c.listObject(target, b, f)
		if err != nil {
			return "", err
		}
		return "json((SELECT json_group_array(" + o + ") FROM (" + selectColumns(c.listed(inner), b, o, j) + ") AS " + b + j + "))", nil
	}
	if base, ok := strings.CutSuffix(f.Name, "_aggregate"); ok {
		if r := t.Rel(base); r != nil && r.Array && catalog.Lookup(r.Table).HasAggregate() {
			target := catalog.Lookup(r.Table)
			b := c.alias()
			c.anyRows = c.countsOnly(target, f)
			inner, err := c.noJoins(func() (string, error) {
				return c.rows(target, from(target, b), b, c.x.args(f.Field), relJoin(r, a, b), r)
			})
			c.anyRows = false
			if err != nil {
				return "", err
			}
			o, err := c.noJoins(func() (string, error) { return c.aggregate(target, inner, b, f, "") })
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
