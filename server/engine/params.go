package engine

import (
	"strconv"

	"github.com/prefect-tui/prefect-tui/server/catalog"
)

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

// valueKey names a value bound to a parameter: a request input (its slot) or a
// constant, compared with a column of typ (convValue) or bound as it is (asIs: a
// tenant id of the principal's scope).
type valueKey struct {
	typ      catalog.Type
	asIs     bool
	slot     int // the input's slot, -1 for a constant
	constant any
}

// bindValue binds v, compared with a column of typ, as bind(v, convValue(typ)) does,
// but once per statement: a value compared again (a page's one statement names the
// same variables in many root fields: a run history's scope, states and bucket edges
// in every bucket) reuses its parameter. Each parameter costs at every run (the
// driver converts and binds it, looking its name up among all of them), and a page
// of counts held about 800 for 60 distinct values.
func (c *compiler) bindValue(v any, typ catalog.Type) (string, error) {
	k, ok := sharedKey(v, typ)
	return c.bindOnce(v, k, ok, convValue(typ))
}

// bindAsIs binds v as it is (a tenant id), once per statement as bindValue does.
func (c *compiler) bindAsIs(v any) string {
	k, ok := sharedKey(v, 0)
	k.asIs, k.typ = true, 0
	p, _ := c.bindOnce(v, k, ok, asIs)
	return p
}

// bindOnce binds v with conv, or returns the parameter v was bound to before under
// key k (shared: v may be shared at all).
func (c *compiler) bindOnce(v any, k valueKey, shared bool, conv func(any) (any, error)) (string, error) {
	if p, seen := c.shared[k]; shared && seen {
		return p, nil
	}
	p, err := c.bind(v, conv)
	if err == nil && shared {
		if c.shared == nil {
			c.shared = map[valueKey]string{}
		}
		c.shared[k] = p
	}
	return p, err
}

// sharedKey is the key of v, a value of typ, in compiler.shared; false when v is not
// shared: a jsonb value (a handle decoded once per parameter), a list or object, or a
// constant of a type that is not a plain scalar.
func sharedKey(v any, typ catalog.Type) (valueKey, bool) {
	if typ == catalog.JSONB {
		return valueKey{}, false
	}
	switch v := v.(type) {
	case *slot:
		return valueKey{typ: typ, slot: v.i}, true
	case string, bool, int, int64, float64:
		return valueKey{typ: typ, slot: -1, constant: v}, true
	}
	return valueKey{}, false
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

// storedCount is the number of rows of counted table t the principal may read, from
// the store's row counts (store.CountedTables): every row, or its data tenant's.
func (c *compiler) storedCount(t *catalog.Table) string {
	s := "(SELECT coalesce(sum(" + q("n") + "), 0) FROM " + q("row_count") + " WHERE " + q("table") + " = " + lit(t.StoreName())
	if !c.sc.all {
		if c.sc.data == nil {
			return "0"
		}
		p := c.bindAsIs(c.sc.data)
		s += " AND " + q("tenant_id") + " = " + p
	}
	return s + ")"
}
