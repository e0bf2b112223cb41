package engine

import (
	"encoding/json"
	"sync"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator"
)

// A client sends the same few operations with the same variables again and again (a
// screen polls its page), so a query's variables, as sent (Params.RawVariables), are
// decoded, coerced and shaped (shape.go) once and kept, by operation and text. What is
// kept is only ever read: arguments are copied out of it (fromJSON), and a request
// appends its own inputs to a copy of the kept ones.

// maxCachedVars bounds the cache of variables; maxCachedVarsBytes the text of one.
const (
	maxCachedVars      = 512
	maxCachedVarsBytes = 16 << 10
)

type varsKey struct {
	op  *ast.OperationDefinition
	raw string
}

// preparedVars are an operation's variables coerced, and (once a request shapes them)
// shaped: the shape they write, their inputs, and the variables with slots for them.
type preparedVars struct {
	vars map[string]any

	once   sync.Once
	svars  map[string]any
	shape  string
	inputs []any
}

type varsCache struct {
	c *lru.Cache[varsKey, *preparedVars]
}

func newVarsCache() *varsCache {
	return &varsCache{c: newLRU[varsKey, *preparedVars](maxCachedVars)}
}

// variables returns op's variables coerced by the schema, and when they came as text of
// a query, kept for the next request sending the same (nil otherwise).
func (e *Engine) variables(op *ast.OperationDefinition, p Params) (map[string]any, *preparedVars, error) {
	vars := p.Variables
	cacheable := vars == nil && len(p.RawVariables) > 0 && len(p.RawVariables) <= maxCachedVarsBytes && op.Operation == ast.Query
	var key varsKey
	if cacheable {
		key = varsKey{op, string(p.RawVariables)}
		if pv, ok := e.vars.c.Get(key); ok {
			return pv.vars, pv, nil
		}
	}
	if vars == nil && len(p.RawVariables) > 0 {
		if err := json.Unmarshal(p.RawVariables, &vars); err != nil {
			return nil, nil, err
		}
	}
	coerced, err := validator.VariableValues(e.schema, op, vars)
	if err != nil || !cacheable {
		return coerced, nil, err
	}
	pv := &preparedVars{vars: coerced}
	if old, ok, _ := e.vars.c.PeekOrAdd(key, pv); ok {
		pv = old // another request kept them first
	}
	return pv.vars, pv, nil
}

// shapeVariables writes the request's variables into s (shape and inputs) and returns
// them with slots, from pv when the variables were kept.
func (x *execution) shapeVariables(s *shaper) map[string]any {
	pv := x.pvars
	if pv == nil {
		return s.variables(x.doc, x.op, x.vars)
	}
	pv.once.Do(func() {
		own := &shaper{schema: s.schema}
		pv.svars = own.variables(x.doc, x.op, pv.vars)
		pv.shape, pv.inputs = own.b.String(), own.inputs
	})
	s.b.WriteString(pv.shape)
	s.inputs = append(make([]any, 0, len(pv.inputs)+8), pv.inputs...)
	return pv.svars
}
