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
	cond, err := c.scope(target, b, r)
	if err != nil {
		return "", err
	}
	if w != "1" {
		cond += " AND (" + w + ")"
	}
	if !r.Array {
		return "(" + col(a, r.Local) + " IS NOT NULL AND " + col(a, r.Local) + " IN (SELECT " + col(b, r.Remote) +
			" FROM " + from(target, b) + " WHERE " + col(b, r.Remote) + " IS NOT NULL" + cond + "))", nil
	}
	return "EXISTS (SELECT 1 FROM " + from(target, b) + " WHERE " + relJoin(r, a, b) + cond + ")", nil
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

// compare compiles a <Type>_comparison_exp applied to the SQL expression e.
func (c *compiler) compare(typ catalog.Type, e string, v any) (string, error) {
	o, ok := v.(obj)
	if !ok {
		return "", badInput("expected a comparison object")
	}
	return conjoin(o, func(name string, v any) (string, error) { return c.compareOp(typ, e, name, v) })
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
		val, err := sqlValue(typ, v)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf(op.SQL, e, c.param(val)), nil
	case catalog.List, catalog.JSONList:
		list, ok := v.([]any)
		if !ok {
			list = []any{v} // GraphQL list input coercion of a single value
		}
		if len(list) == 0 && op.Empty != "" {
			return op.Empty, nil
		}
		if op.Form == catalog.JSONList {
			val, err := sqlValue(catalog.JSONB, list)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf(op.SQL, e, c.param(val)), nil
		}
		ps := make([]string, len(list))
		for i, item := range list {
			val, err := sqlValue(typ, item)
			if err != nil {
				return "", err
			}
			ps[i] = c.param(val)
		}
		return fmt.Sprintf(op.SQL, e, strings.Join(ps, ", ")), nil
	case catalog.Text:
		s, ok := v.(string)
		if !ok {
			return "", badInput("expected a String for %s", name)
		}
		return fmt.Sprintf(op.SQL, e, c.param(s)), nil
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
