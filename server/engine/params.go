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
		p, _ := c.bind(c.sc.data, asIs)
		s += " AND " + q("tenant_id") + " = " + p
	}
	return s + ")"
}
