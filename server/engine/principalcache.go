package engine

import (
	"strings"

	lru "github.com/hashicorp/golang-lru/v2"
)

// A principal's part of a request's shape (its tenant scope and row policies, shape.go)
// depends only on the principal, its member tenants and where its inputs start, and a
// client sends many requests as one principal: it is computed once and kept. What is
// kept is only read; a request appends a copy of its inputs to its own.

const maxCachedPrincipals = 256

type principalKey struct {
	p Principal
	// members are the member tenants' ids, joined.
	members string
	// offset is how many inputs come before the principal's (its slots count from it).
	offset int
}

type principalShape struct {
	shape    string
	inputs   []any
	sc       scopeOf
	policies map[string]policyOf
}

type principalCache struct {
	c *lru.Cache[principalKey, *principalShape]
}

func newPrincipalCache() *principalCache {
	return &principalCache{c: newLRU[principalKey, *principalShape](maxCachedPrincipals)}
}

// shape writes the principal's part of the request's shape into s and returns its
// scope and policies, kept for the next request of the same principal.
func (pc *principalCache) shape(s *shaper, x *execution, ts tenantScope, members []string) (scopeOf, map[string]policyOf) {
	key := principalKey{p: x.req.Principal, members: strings.Join(members, "\x00"), offset: len(s.inputs)}
	ps, ok := pc.c.Get(key)
	if !ok {
		own := &shaper{schema: s.schema, inputs: make([]any, len(s.inputs))}
		sc, policies := own.principalShape(x, ts, members)
		ps = &principalShape{shape: own.b.String(), inputs: own.inputs[len(s.inputs):], sc: sc, policies: policies}
		pc.c.Add(key, ps)
	}
	s.b.WriteString(ps.shape)
	s.inputs = append(s.inputs, ps.inputs...)
	return ps.sc, ps.policies
}
