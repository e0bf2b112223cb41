package engine

import (
	"encoding/json"
	"strings"

	"github.com/prefect-tui/prefect-tui/server/catalog"
)

// orderTerm is one ORDER BY key.
type orderTerm struct {
	expr string
	dir  string // "ASC NULLS LAST", ... or just "ASC"/"DESC" when the key is never NULL
	// column is the ordered table's column the key is, if it is one.
	column string
}

func joinTerms(ts []orderTerm) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = t.expr + " " + t.dir
	}
	return strings.Join(parts, ", ")
}

// orderDirs gives Postgres's null placement for each order_by enum value: asc puts
// NULLs last, desc first.
var orderDirs = map[string][2]string{
	"asc":              {"ASC", "NULLS LAST"},
	"asc_nulls_last":   {"ASC", "NULLS LAST"},
	"asc_nulls_first":  {"ASC", "NULLS FIRST"},
	"desc":             {"DESC", "NULLS FIRST"},
	"desc_nulls_first": {"DESC", "NULLS FIRST"},
	"desc_nulls_last":  {"DESC", "NULLS LAST"},
}

func direction(v any, notNull bool) (string, error) {
	s, _ := v.(string)
	d, ok := orderDirs[s]
	if !ok {
		return "", badInput("unexpected value %v for enum order_by", v)
	}
	if notNull {
		// Without a NULLS clause SQLite can walk an index in order.
		return d[0], nil
	}
	return d[0] + " " + d[1], nil
}

// orderBy compiles order_by (an object or a list of objects) for rows of t (alias a).
func (c *compiler) orderBy(t *catalog.Table, a string, v any) ([]orderTerm, error) {
	var list []any
	switch v := v.(type) {
	case nil:
		return nil, nil
	case []any:
		list = v
	default:
		list = []any{v}
	}
	var out []orderTerm
	for _, item := range list {
		o, ok := item.(obj)
		if !ok {
			if item == nil {
				continue
			}
			return nil, badInput("expected an object for %s_order_by", t.Name)
		}
		terms, err := c.orderTerms(t, a, o, func(e string) string { return e }, true)
		if err != nil {
			return nil, err
		}
		out = append(out, terms...)
	}
	return out, nil
}

// orderTerms compiles one T_order_by object; wrap embeds an expression over t's alias
// a into the enclosing query (identity at the top, a scalar subquery through object
// relationships). direct is true while a is the ordered table itself.
func (c *compiler) orderTerms(t *catalog.Table, a string, o obj, wrap func(string) string, direct bool) ([]orderTerm, error) {
	var out []orderTerm
	for _, e := range o {
		if e.V == nil {
			continue
		}
		if cl := t.Column(e.K); cl != nil {
			expr := col(a, cl.Name)
			dir, err := direction(e.V, cl.NotNull && direct)
			if err != nil {
				return nil, err
			}
			term := orderTerm{expr: wrap(expr), dir: dir}
			if direct {
				term.column = cl.Name
			}
			out = append(out, term)
			continue
		}
		if r := t.Rel(e.K); r != nil && !r.Array {
			sub, ok := e.V.(obj)
			if !ok {
				return nil, badInput("expected an object for %s_order_by", r.Table)
			}
			target := catalog.Lookup(r.Table)
			b := c.alias()
			sc, err := c.scope(target, b, r)
			if err != nil {
				return nil, err
			}
			rows := " FROM " + from(target, b) + " WHERE " + relJoin(r, a, b) + sc
			terms, err := c.orderTerms(target, b, sub, func(inner string) string {
				return wrap("(SELECT " + inner + rows + ")")
			}, false)
			if err != nil {
				return nil, err
			}
			out = append(out, terms...)
			continue
		}
		if base, ok := strings.CutSuffix(e.K, "_aggregate"); ok {
			if r := t.Rel(base); r != nil && r.Array && catalog.Lookup(r.Table).HasAggregate() {
				terms, err := c.aggregateOrder(t, a, r, e.V, wrap)
				if err != nil {
					return nil, err
				}
				out = append(out, terms...)
				continue
			}
		}
		return nil, badInput("field %q not found in type: '%s_order_by'", e.K, t.Name)
	}
	return out, nil
}

// aggregateOrder compiles <rel>_aggregate: {count: dir, max: {col: dir}, ...}.
func (c *compiler) aggregateOrder(t *catalog.Table, a string, r *catalog.Rel, v any, wrap func(string) string) ([]orderTerm, error) {
	o, ok := v.(obj)
	if !ok {
		return nil, badInput("expected an object for %s_aggregate_order_by", r.Table)
	}
	target := catalog.Lookup(r.Table)
	var out []orderTerm
	for _, e := range o {
		if e.V == nil {
			continue
		}
		b := c.alias()
		sc, err := c.scope(target, b, r)
		if err != nil {
			return nil, err
		}
		rows := " FROM " + from(target, b) + " WHERE " + relJoin(r, a, b) + sc
		if e.K == "count" {
			dir, err := direction(e.V, true)
			if err != nil {
				return nil, err
			}
			out = append(out, orderTerm{expr: wrap("(SELECT count(*)" + rows + ")"), dir: dir})
			continue
		}
		fn, ok := aggFunc[e.K]
		sub, isObj := e.V.(obj)
		if !ok || !isObj {
			return nil, badInput("field %q not found in type: '%s_aggregate_order_by'", e.K, r.Table)
		}
		for _, ce := range sub {
			if ce.V == nil {
				continue
			}
			if target.Column(ce.K) == nil {
				return nil, badInput("field %q not found in type: '%s_%s_order_by'", ce.K, r.Table, e.K)
			}
			dir, err := direction(ce.V, false)
			if err != nil {
				return nil, err
			}
			out = append(out, orderTerm{expr: wrap("(SELECT " + fn + "(" + col(b, ce.K) + ")" + rows + ")"), dir: dir})
		}
	}
	return out, nil
}

// traversal compiles utility_downstream_tasks / utility_upstream_tasks as Prefect's
// SQL functions do: a recursive walk over edge from the start tasks (depth 0), up to
// depth_limit (default 50), one row per task with its greatest depth.
func (c *compiler) traversal(fn string, v any, a string) (string, error) {
	o, _ := v.(obj)
	startV, _ := o.get("start_task_ids")
	ids, err := c.bind(startV, func(v any) (any, error) {
		ids, err := parseUUIDArray(v)
		if err != nil {
			return nil, err
		}
		b, _ := json.Marshal(append([]string{}, ids...))
		return string(b), nil
	})
	if err != nil {
		return "", err
	}
	depth := c.param(int64(50))
	if dv, ok := o.get("depth_limit"); ok && dv != nil {
		if depth, err = c.bind(dv, func(v any) (any, error) { return toInt(v) }); err != nil {
			return "", err
		}
	}
	from, to := "upstream_task_id", "downstream_task_id"
	if fn == "utility_upstream_tasks" {
		from, to = to, from
	}
	task := catalog.Lookup("task")
	edge := catalog.Lookup("edge")
	s := "(WITH RECURSIVE " + q("trav") + "(" + q("task_id") + ", " + q("depth") + ") AS (" +
		"SELECT tk." + q("id") + ", 0 FROM " + q("task") + " AS tk WHERE tk." + q("id") + " IN (SELECT value FROM json_each(" + ids + "))" + c.rootScope(task, "tk") +
		" UNION SELECT ed." + q(to) + ", tr." + q("depth") + " + 1 FROM " + q("trav") + " AS tr JOIN " + q("edge") + " AS ed ON ed." + q(from) + " = tr." + q("task_id") +
		" WHERE tr." + q("depth") + " < " + depth + c.rootScope(edge, "ed") +
		") SELECT tk." + q("tenant_id") + " AS " + q("tenant_id") + ", tr." + q("task_id") + " AS " + q("task_id") + ", max(tr." + q("depth") + ") AS " + q("depth") +
		" FROM " + q("trav") + " AS tr JOIN " + q("task") + " AS tk ON tk." + q("id") + " = tr." + q("task_id") + " GROUP BY tr." + q("task_id") + ") AS " + a
	return s, nil
}
