package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/prefect-tui/prefect-tui/server/catalog"
)

// where compiles a T_bool_exp over rows of t (alias a) to a SQL condition. Prefect runs
// Hasura with V1 boolean null collapse: a null anywhere in a boolean expression (the
// whole where, a column's comparison, an operator's value) means "no filter".
func (c *compiler) where(t *catalog.Table, a string, v any) (string, error) {
	return c.whereAt(t, a, v, 1, false)
}

// whereAt is where at nesting level depth (1 at the top), under an odd number of
// _not when neg.
func (c *compiler) whereAt(t *catalog.Table, a string, v any, depth int, neg bool) (string, error) {
	o, ok := v.(obj)
	if !ok {
		if v == nil {
			return "1", nil
		}
		return "", badInput("expected an object for %s_bool_exp", t.Name)
	}
	if depth > MaxNesting {
		return "", badInput("boolean expressions may nest at most %d levels deep", MaxNesting)
	}
	var parts []string
	for _, e := range o {
		if e.V == nil {
			continue
		}
		if c.conds++; c.conds > MaxConditions {
			return "", badInput("the boolean expressions of one field may hold at most %s conditions", count(MaxConditions))
		}
		var s string
		var err error
		switch e.K {
		case "_and", "_or":
			s, err = c.junction(t, a, e.K, e.V, depth, neg)
		case "_not":
			s, err = c.notConjunct(func() (string, error) { return c.whereAt(t, a, e.V, depth+1, !neg) })
			s = "NOT (" + s + ")"
		default:
			if cl := t.Column(e.K); cl != nil {
				s, err = c.column(t, cl, a, e.V, neg)
			} else if r := t.Rel(e.K); r != nil {
				s, err = c.relFilter(t, r, a, e.V, depth)
			} else {
				err = badInput("field %q not found in type: '%s_bool_exp'", e.K, t.Name)
			}
		}
		if err != nil {
			return "", err
		}
		if s != "1" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return "1", nil
	}
	return balanced(parts, "AND"), nil
}

// balanced joins conditions with AND or OR as a balanced tree, so that a long list
// stays within SQLite's limit on expression depth.
func balanced(parts []string, op string) string {
	if len(parts) == 1 {
		return parts[0]
	}
	mid := len(parts) / 2
	return "(" + balanced(parts[:mid], op) + ") " + op + " (" + balanced(parts[mid:], op) + ")"
}

// relFilter compiles a filter through a relationship: "a related row matches". An
// object relationship is written as an uncorrelated IN so that SQLite evaluates the
// related rows once and can drive the outer query from an index on the local key
// (flow_run.flow_id for `flow: {name: ...}`). An array relationship is a correlated
// EXISTS, as Hasura writes it, unless the filter names the related rows by id.
func (c *compiler) relFilter(t *catalog.Table, r *catalog.Rel, a string, v any, depth int) (string, error) {
	target := catalog.Lookup(r.Table)
	b := c.alias()
	w, err := c.notConjunct(func() (string, error) { return c.whereAt(target, b, v, depth+1, false) })
	if err != nil {
		return "", err
	}
	cond, err := c.scope(target, b, r)
	if err != nil {
		return "", err
	}
	if w != "1" {
		cond += " AND (" + w + ")"
	}
	if !r.Array || namesRows(v) {
		// The NULL guards keep EXISTS semantics (also under _not), and only where a
		// column may be NULL: a guard on a key column that is never NULL reads as a
		// range over its whole index to SQLite.
		guard, inner := "", "1"
		if !notNull(target, r.Remote) {
			inner = col(b, r.Remote) + " IS NOT NULL"
		}
		if !notNull(t, r.Local) {
			guard = col(a, r.Local) + " IS NOT NULL AND "
		}
		rows := " FROM " + from(target, b) + " WHERE " + inner + cond
		in := col(a, r.Local) + " IN (SELECT " + col(b, r.Remote) + rows + ")"
		s := "(" + guard + in + ")"
		c.noteDriver(drive{local: r.Local, values: "SELECT DISTINCT " + col(b, r.Remote) + " AS " + q("value") + rows,
			in: s, unindexed: "(" + guard + "+" + in + ")",
			from: from(target, b), where: inner + cond, remote: col(b, r.Remote),
			unique: r.Remote == "id" && target.HasByPK() && !r.Array})
		from := c.ways()
		held := " FROM " + q(t.StoreName()) + " WHERE " + q(r.Local) + " IN (SELECT " + col(b, r.Remote) + rows + ")"
		// Walked, each row's key is looked up among the related rows' only when
		// there are any (decided once: an uncorrelated EXISTS), as for a word
		// that is in no flow's name.
		walk := "(EXISTS (SELECT 1" + rows + ") AND +" + in + ")"
		c.notePath(path{in: in, walk: walk, rows: held, list: func(string, string) string { return "SELECT rowid AS " + q("r") + held }})
		c.wholeWays(from, s)
		return s, nil
	}
	return "EXISTS (SELECT 1 FROM " + from(target, b) + " WHERE " + relJoin(r, a, b) + cond + ")", nil
}

// namesRows reports whether a boolean expression picks rows by id (id: {_eq: ...} or
// {_in: [...]}): through an array relationship, the few related rows are then found
// first (an uncorrelated IN) instead of testing every parent row (EXISTS), which
// SQLite would do, for TaskRunPage's flow_run: {task_runs: {id: {_eq: $id}}}.
func namesRows(v any) bool {
	o, _ := v.(obj)
	id, _ := o.get("id")
	cmp, _ := id.(obj)
	for _, e := range cmp {
		if (e.K == "_eq" || e.K == "_in") && e.V != nil {
			return true
		}
	}
	return false
}

// column compiles comparison v on column cl of t (alias a), with the prefilter of a
// search structure in front (search.go) where it is not under _not.
func (c *compiler) column(t *catalog.Table, cl *catalog.Column, a string, v any, neg bool) (string, error) {
	if neg {
		return c.compare(cl.Type, col(a, cl.Name), v)
	}
	from := c.ways()
	s, err := c.searched(t, cl, a, v)
	c.wholeWays(from, s)
	return s, err
}

// searched is column's comparison outside _not.
func (c *compiler) searched(t *catalog.Table, cl *catalog.Column, a string, v any) (string, error) {
	pre, exact, err := c.searchFilter(t, cl, a, v)
	if err != nil {
		return "", err
	}
	if o, ok := v.(obj); ok && len(exact) > 0 {
		rest := make(obj, 0, len(o))
		for _, e := range o {
			if !exact[e.K] {
				rest = append(rest, e)
			}
		}
		v = rest
	}
	s, err := c.compare(cl.Type, col(a, cl.Name), v)
	if o, ok := v.(obj); ok && err == nil && cl.Type == catalog.Timestamptz {
		s, err = c.emptyRange(o, s)
	}
	if err != nil || pre == "" {
		return s, err
	}
	if s == "1" {
		return pre, nil
	}
	return pre + " AND (" + s + ")", nil
}

// notNull reports whether column name of t is never NULL.
func notNull(t *catalog.Table, name string) bool {
	cl := t.Column(name)
	return cl != nil && cl.NotNull
}

// junction compiles _and / _or: an empty _and is true, an empty _or false (Hasura).
func (c *compiler) junction(t *catalog.Table, a, op string, v any, depth int, neg bool) (string, error) {
	list, ok := v.([]any)
	if !ok {
		list = []any{v} // GraphQL list input coercion of a single value
	}
	each := func(i int) (string, error) {
		if c.conds++; c.conds > MaxConditions {
			return "", badInput("the boolean expressions of one field may hold at most %s conditions", count(MaxConditions))
		}
		return c.whereAt(t, a, list[i], depth+1, neg)
	}
	if op == "_or" {
		parts, union, err := c.orBranches(len(list), each)
		if err != nil {
			return "", err
		}
		if len(parts) == 0 {
			return "0", nil
		}
		s := "(" + balanced(parts, "OR") + ")"
		if union != nil {
			union.whole = s
			c.conj.ways = append(c.conj.ways, *union)
		}
		return s, nil
	}
	var parts []string
	for i := range list {
		s, err := each(i)
		if err != nil {
			return "", err
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "1", nil
	}
	return "(" + balanced(parts, "AND") + ")", nil
}

func badInput(format string, a ...any) *Error {
	return &Error{Message: fmt.Sprintf(format, a...), Code: CodeBadUserInput}
}

// compare compiles a <Type>_comparison_exp applied to the SQL expression e.
func (c *compiler) compare(typ catalog.Type, e string, v any) (string, error) {
	o, ok := v.(obj)
	if !ok {
		return "", badInput("expected a comparison object")
	}
	return conjoin(o, func(name string, v any) (string, error) { return c.compareOp(typ, e, name, v) })
}

// emptyRange adds to cond, the comparisons of a timestamp with both a lower and an
// upper bound, the test of the bounds alone (lower < upper, <= when both include
// theirs), which every matching row needs: SQLite tests it once, before reading an
// index, and so an empty range (a run history's buckets past now, from now to now)
// reads nothing. The bounds are bound as canonical text, as the column is compared.
// Only outside _not: where the column is NULL the comparisons are NULL, and the test
// would make their negation true.
func (c *compiler) emptyRange(o obj, cond string) (string, error) {
	var lower, upper string
	closed := 0
	for _, kv := range o {
		if kv.V == nil {
			continue
		}
		switch kv.K {
		case "_gt", "_gte", "_lt", "_lte":
		default:
			continue
		}
		p, err := c.bindValue(kv.V, catalog.Timestamptz)
		if err != nil {
			return "", err
		}
		if strings.HasPrefix(kv.K, "_g") {
			lower = p
		} else {
			upper = p
		}
		if strings.HasSuffix(kv.K, "e") {
			closed++
		}
	}
	if lower == "" || upper == "" {
		return cond, nil
	}
	op := " < "
	if closed == 2 {
		op = " <= "
	}
	return cond + " AND " + lower + op + upper, nil
}

// conjoin compiles each field of o that is not null with f and ANDs the conditions:
// "1" when there are none ({_eq: null} is no filter).
func conjoin(o obj, f func(k string, v any) (string, error)) (string, error) {
	var parts []string
	for _, kv := range o {
		if kv.V == nil {
			continue
		}
		s, err := f(kv.K, kv.V)
		if err != nil {
			return "", err
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "1", nil
	}
	return strings.Join(parts, " AND "), nil
}

// compareOp compiles one comparison operator (catalog.Operators) on e, a value of typ.
func (c *compiler) compareOp(typ catalog.Type, e, name string, v any) (string, error) {
	op := catalog.Op(name, typ)
	if op == nil {
		return "", badInput("operator %q is not defined for type %s", name, typ.GraphQL())
	}
	switch op.Form {
	case catalog.Value:
		p, err := c.bindValue(v, typ)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf(op.SQL, e, p), nil
	case catalog.List, catalog.JSONList:
		list, ok := v.([]any)
		if !ok {
			list = []any{v} // GraphQL list input coercion of a single value
		}
		if len(list) > MaxListValues {
			return "", badInput("%s takes at most %s values (got %s)", name, count(MaxListValues), count(len(list)))
		}
		if len(list) == 0 && op.Empty != "" {
			return op.Empty, nil
		}
		if op.Form == catalog.JSONList {
			p, err := c.bind(list, convValue(catalog.JSONB))
			if err != nil {
				return "", err
			}
			return fmt.Sprintf(op.SQL, e, p), nil
		}
		if len(list) > inlineListValues {
			// One JSON array parameter: the statement stays the same whatever the
			// length, and SQLite's limit on parameters does not apply.
			p, err := c.bind(list, convList(typ))
			if err != nil {
				return "", err
			}
			return fmt.Sprintf(op.SQL, e, "SELECT value FROM json_each("+p+")"), nil
		}
		ps := make([]string, len(list))
		for i, item := range list {
			p, err := c.bindValue(item, typ)
			if err != nil {
				return "", err
			}
			ps[i] = p
		}
		return fmt.Sprintf(op.SQL, e, strings.Join(ps, ", ")), nil
	case catalog.Text, catalog.Pattern:
		p, err := c.bind(v, convText(name, op.Form == catalog.Pattern))
		if err != nil {
			return "", err
		}
		if sql, ok := nativeILike(name, resolve(v, c.inputs)); ok {
			return fmt.Sprintf(sql, e, p), nil
		}
		return fmt.Sprintf(op.SQL, e, p), nil
	case catalog.Flag:
		not := "NOT "
		if b, _ := v.(bool); b {
			not = ""
		}
		return fmt.Sprintf(op.SQL, e, not), nil
	case catalog.Cast:
		return c.cast(typ, op, e, v)
	}
	return "", badInput("operator %q is not defined for type %s", name, typ.GraphQL())
}

// cast compiles a _cast object: each field names a target scalar and holds that
// scalar's comparisons of the value rendered as it.
func (c *compiler) cast(typ catalog.Type, op *catalog.Operator, e string, v any) (string, error) {
	o, _ := v.(obj)
	return conjoin(o, func(target string, v any) (string, error) {
		i := slices.IndexFunc(catalog.CastTargets, func(t catalog.Type) bool { return t.GraphQL() == target })
		if i < 0 {
			return "", badInput("unsupported %s cast %q", typ.GraphQL(), target)
		}
		return c.compare(catalog.CastTargets[i], fmt.Sprintf(op.SQL, e), v)
	})
}
