package engine

import (
	"fmt"
	"strings"

	"github.com/prefect-tui/prefect-tui/server/catalog"
)

// where compiles a T_bool_exp over rows of t (alias a) to a SQL condition. Prefect runs
// Hasura with V1 boolean null collapse: a null anywhere in a boolean expression (the
// whole where, a column's comparison, an operator's value) means "no filter".
func (c *compiler) where(t *catalog.Table, a string, v any) (string, error) {
	o, ok := v.(obj)
	if !ok {
		if v == nil {
			return "1", nil
		}
		return "", badInput("expected an object for %s_bool_exp", t.Name)
	}
	var parts []string
	for _, e := range o {
		if e.V == nil {
			continue
		}
		var s string
		var err error
		switch e.K {
		case "_and", "_or":
			s, err = c.junction(t, a, e.K, e.V)
		case "_not":
			s, err = c.where(t, a, e.V)
			s = "NOT (" + s + ")"
		default:
			if cl := t.Column(e.K); cl != nil {
				s, err = c.compare(cl.Type, col(a, cl.Name), e.V)
			} else if r := t.Rel(e.K); r != nil {
				s, err = c.relFilter(r, a, e.V)
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
	switch len(parts) {
	case 0:
		return "1", nil
	case 1:
		return parts[0], nil
	}
	return "(" + strings.Join(parts, ") AND (") + ")", nil
}

// relFilter compiles a filter through a relationship: "a related row matches". An
// object relationship is written as an uncorrelated IN so that SQLite evaluates the
// related rows once and can drive the outer query from an index on the local key
// (flow_run.flow_id for `flow: {name: ...}`); the NULL guards keep EXISTS semantics
// under _not. An array relationship is a correlated EXISTS, as Hasura writes it.
func (c *compiler) relFilter(r *catalog.Rel, a string, v any) (string, error) {
	target := catalog.Lookup(r.Table)
	b := c.alias()
	w, err := c.where(target, b, v)
	if err != nil {
		return "", err
	}
	cond := c.scope(target, b)
	if w != "1" {
		cond += " AND (" + w + ")"
	}
	if !r.Array {
		return "(" + col(a, r.Local) + " IS NOT NULL AND " + col(a, r.Local) + " IN (SELECT " + col(b, r.Remote) +
			" FROM " + q(target.Name) + " AS " + b + " WHERE " + col(b, r.Remote) + " IS NOT NULL" + cond + "))", nil
	}
	return "EXISTS (SELECT 1 FROM " + q(target.Name) + " AS " + b + " WHERE " + relJoin(r, a, b) + cond + ")", nil
}

// junction compiles _and / _or: an empty _and is true, an empty _or false (Hasura).
func (c *compiler) junction(t *catalog.Table, a, op string, v any) (string, error) {
	list, ok := v.([]any)
	if !ok {
		list = []any{v} // GraphQL list input coercion of a single value
	}
	var parts []string
	for _, e := range list {
		s, err := c.where(t, a, e)
		if err != nil {
			return "", err
		}
		parts = append(parts, s)
	}
	if op == "_and" {
		if len(parts) == 0 {
			return "1", nil
		}
		return "(" + strings.Join(parts, ") AND (") + ")", nil
	}
	if len(parts) == 0 {
		return "0", nil
	}
	return "(" + strings.Join(parts, ") OR (") + ")", nil
}

func badInput(format string, a ...any) *Error {
	return &Error{Message: fmt.Sprintf(format, a...), Code: CodeBadUserInput}
}

var simpleOps = map[string]string{"_eq": "=", "_neq": "<>", "_gt": ">", "_gte": ">=", "_lt": "<", "_lte": "<="}

// stringFuncs maps the String pattern operators to (SQL function, extra args, negated).
var stringFuncs = map[string]struct {
	fn  string
	neg bool
}{
	"_like": {"pg_like(%s, %s, 0)", false}, "_nlike": {"pg_like(%s, %s, 0)", true},
	"_ilike": {"pg_like(%s, %s, 1)", false}, "_nilike": {"pg_like(%s, %s, 1)", true},
	"_similar": {"pg_similar(%s, %s)", false}, "_nsimilar": {"pg_similar(%s, %s)", true},
	"_regex": {"pg_regex(%s, %s, 0)", false}, "_nregex": {"pg_regex(%s, %s, 0)", true},
	"_iregex": {"pg_regex(%s, %s, 1)", false}, "_niregex": {"pg_regex(%s, %s, 1)", true},
}

// compare compiles a <Type>_comparison_exp applied to the SQL expression e.
func (c *compiler) compare(typ catalog.Type, e string, v any) (string, error) {
	o, ok := v.(obj)
	if !ok {
		return "", badInput("expected a comparison object")
	}
	var parts []string
	for _, op := range o {
		if op.V == nil {
			continue // {_eq: null}: no filter
		}
		s, err := c.compareOp(typ, e, op.K, op.V)
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

func (c *compiler) compareOp(typ catalog.Type, e, op string, v any) (string, error) {
	if sqlOp, ok := simpleOps[op]; ok {
		val, err := sqlValue(typ, v)
		if err != nil {
			return "", err
		}
		if typ == catalog.JSONB {
			if op == "_eq" || op == "_neq" {
				s := "jsonb_eq(" + e + ", " + c.param(val) + ")"
				if op == "_neq" {
					s = "NOT " + s
				}
				return s, nil
			}
			return "jsonb_cmp(" + e + ", " + c.param(val) + ") " + sqlOp + " 0", nil
		}
		return e + " " + sqlOp + " " + c.param(val), nil
	}
	switch op {
	case "_is_null":
		if b, _ := v.(bool); b {
			return e + " IS NULL", nil
		}
		return e + " IS NOT NULL", nil
	case "_in", "_nin":
		list, ok := v.([]any)
		if !ok {
			list = []any{v}
		}
		if len(list) == 0 {
			if op == "_in" {
				return "0", nil
			}
			return "1", nil
		}
		ps := make([]string, 0, len(list))
		for _, item := range list {
			val, err := sqlValue(typ, item)
			if err != nil {
				return "", err
			}
			if typ == catalog.JSONB {
				ps = append(ps, "jsonb_eq("+e+", "+c.param(val)+")")
			} else {
				ps = append(ps, c.param(val))
			}
		}
		if typ == catalog.JSONB {
			s := "(" + strings.Join(ps, " OR ") + ")"
			if op == "_nin" {
				s = "NOT " + s
			}
			return s, nil
		}
		kw := " IN ("
		if op == "_nin" {
			kw = " NOT IN ("
		}
		return e + kw + strings.Join(ps, ", ") + ")", nil
	}
	if sf, ok := stringFuncs[op]; ok && typ == catalog.String {
		s, ok := v.(string)
		if !ok {
			return "", badInput("expected a String for %s", op)
		}
		expr := fmt.Sprintf(sf.fn, e, c.param(s))
		if sf.neg {
			expr = "NOT " + expr
		}
		return expr, nil
	}
	if typ == catalog.JSONB {
		switch op {
		case "_contains", "_contained_in":
			val, err := sqlValue(typ, v)
			if err != nil {
				return "", err
			}
			if op == "_contains" {
				return "jsonb_contains(" + e + ", " + c.param(val) + ")", nil
			}
			return "jsonb_contains(" + c.param(val) + ", " + e + ")", nil
		case "_has_key":
			s, _ := v.(string)
			return "jsonb_has_key(" + e + ", " + c.param(s) + ")", nil
		case "_has_keys_any", "_has_keys_all":
			val, err := sqlValue(catalog.JSONB, v)
			if err != nil {
				return "", err
			}
			all := "0"
			if op == "_has_keys_all" {
				all = "1"
			}
			return "jsonb_has_keys(" + e + ", " + c.param(val) + ", " + all + ")", nil
		case "_cast":
			o, _ := v.(obj)
			var parts []string
			for _, kv := range o {
				if kv.V == nil {
					continue
				}
				if kv.K != "String" {
					return "", badInput("unsupported jsonb cast %q", kv.K)
				}
				s, err := c.compare(catalog.String, "jsonb_text("+e+")", kv.V)
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
	}
	return "", badInput("operator %q is not defined for type %s", op, typ.GraphQL())
}
