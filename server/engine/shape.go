package engine

import (
	"sort"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/prefect-tui/prefect-tui/server/catalog"
)

// A compiled statement depends on a request's structure, not on its values: which
// variables are present, the keys of their input objects, the length of their lists,
// which values are null, their enum and Boolean values, the structure of the principal's
// tenant scope (how many tenants it reads) and of its row policies. That is the request's shape.
// Every other value (a scalar leaf of a variable, a tenant id, a row policy value) is
// an input: the compiler sees it as a *slot and binds a parameter to it, so that the
// same statement serves every request of the same shape with that request's inputs.

// slot stands for the request input inputs[i] while a statement is compiled.
type slot struct{ i int }

// shaper writes a request's shape and collects its inputs.
type shaper struct {
	schema *ast.Schema
	b      strings.Builder
	inputs []any
}

func (s *shaper) leaf(v any) *slot {
	s.inputs = append(s.inputs, v)
	return &slot{i: len(s.inputs) - 1}
}

// variables writes the shape of an operation's variables (as coerced) and returns
// them with their input leaves replaced by slots.
func (s *shaper) variables(doc *ast.QueryDocument, op *ast.OperationDefinition, vars map[string]any) map[string]any {
	patterns := patternVariables(doc, op)
	out := make(map[string]any, len(vars))
	for _, def := range op.VariableDefinitions {
		s.b.WriteString(def.Variable)
		v, ok := vars[def.Variable]
		if !ok {
			s.b.WriteString("-;")
			continue
		}
		s.b.WriteByte('=')
		out[def.Variable] = s.typed(def.Type, v, patterns[def.Variable])
		s.b.WriteByte(';')
	}
	return out
}

// typed walks v as a value of GraphQL input type t; pattern says it is the argument
// of a pattern operator (_like, _ilike, ...).
func (s *shaper) typed(t *ast.Type, v any, pattern bool) any {
	if v == nil {
		s.b.WriteByte('n')
		return nil
	}
	if t.Elem != nil {
		list, ok := v.([]any)
		if !ok {
			// gqlparser coerces a single value for a list type to a typed slice.
			list, ok = typedList(v)
		}
		if !ok {
			// A single value where a list is expected (GraphQL input coercion).
			s.b.WriteByte('1')
			return s.typed(t.Elem, v, pattern)
		}
		s.b.WriteByte('[')
		out := make([]any, len(list))
		for i, e := range list {
			out[i] = s.typed(t.Elem, e, pattern)
		}
		s.b.WriteByte(']')
		return out
	}
	def := s.schema.Types[t.NamedType]
	switch {
	case def == nil:
	case def.Kind == ast.InputObject:
		m, ok := v.(map[string]any)
		if !ok {
			break
		}
		keys := sortedKeys(m)
		out := make(map[string]any, len(m))
		s.b.WriteByte('{')
		for _, k := range keys {
			s.b.WriteString(k)
			s.b.WriteByte(':')
			if f := def.Fields.ForName(k); f != nil {
				out[k] = s.typed(f.Type, m[k], isPatternOp(k))
			} else {
				out[k] = s.opaque(m[k], false)
			}
			s.b.WriteByte(',')
		}
		s.b.WriteByte('}')
		return out
	case def.Kind == ast.Enum:
		// Enum values are names the compiler writes into SQL (order_by, columns).
		s.b.WriteByte('e')
		s.b.WriteString(strconv.Quote(scalarText(v)))
		return v
	case def.Name == "Boolean":
		// Booleans decide SQL too (_is_null, distinct, @include) and have two values.
		s.b.WriteString(strconv.Quote(scalarText(v)))
		return v
	}
	return s.opaque(v, pattern)
}

// opaque makes v one input, noting in the shape its Go kind and the classes of value
// the compiler chooses SQL by: the length of a list of strings (an element index
// narrows _contains by each, search.go), and for a pattern, how many literal runs a
// text index can search for, whether SQLite's LIKE decides it (nativeILike) and with
// an escape, and whether it is an ASCII substring the text index decides
// (asciiSubstring).
func (s *shaper) opaque(v any, pattern bool) any {
	s.b.WriteByte('$')
	s.b.WriteByte(kindOf(v))
	if n := len(stringElements(v)); n > 0 {
		s.b.WriteString(strconv.Itoa(n))
	}
	if _, ok := v.(string); ok && pattern {
		s.b.WriteString(strconv.Itoa(len(searchTerms(v))))
		if _, native := nativeILike("_ilike", v); native {
			s.b.WriteByte('n')
			if escapes(v) {
				s.b.WriteByte('e')
			}
		}
		if _, sub := asciiSubstring(v); sub {
			s.b.WriteByte('x')
		}
	}
	return s.leaf(v)
}

func kindOf(v any) byte {
	switch v.(type) {
	case string:
		return 's'
	case map[string]any:
		return 'o'
	case []any:
		return 'l'
	case bool:
		return 'b'
	}
	return 'v'
}

func scalarText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	}
	return "?"
}

// untyped walks a row policy filter (a plain Hasura boolean expression): objects and
// lists are structure, Booleans and nulls are shape, other scalars are inputs.
func (s *shaper) untyped(v any, pattern bool) any {
	switch v := v.(type) {
	case nil:
		s.b.WriteByte('n')
		return nil
	case bool:
		s.b.WriteString(strconv.FormatBool(v))
		return v
	case map[string]any:
		out := make(map[string]any, len(v))
		s.b.WriteByte('{')
		for _, k := range sortedKeys(v) {
			s.b.WriteString(k)
			s.b.WriteByte(':')
			out[k] = s.untyped(v[k], isPatternOp(k))
			s.b.WriteByte(',')
		}
		s.b.WriteByte('}')
		return out
	case []any:
		out := make([]any, len(v))
		s.b.WriteByte('[')
		for i, e := range v {
			out[i] = s.untyped(e, pattern)
		}
		s.b.WriteByte(']')
		return out
	}
	return s.opaque(v, pattern)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// policyOf is the row policy of one Cloud table for a request's principal.
type policyOf struct {
	filter any  // with slots; an obj once read by fromJSON
	ok     bool // false: no row
	null   bool // the policy holds a null (an error, see RowPolicy)
}

// principal writes the shape of the request's principal: the structure of its tenant
// scope (unlimited, whether it reads a tenant's data, whether its tenant rows are its
// user's memberships and how many) and for a Cloud principal the structure of each
// Cloud table's row policy. The tenant ids and policy values become inputs.
func (s *shaper) principal(x *execution) (sc scopeOf, policies map[string]policyOf) {
	ts := x.scope()
	var members []string
	if !ts.all && ts.members {
		members = x.memberTenants(ts.user)
	}
	return x.e.principals.shape(s, x, ts, members)
}

// principalShape is principal, computed.
func (s *shaper) principalShape(x *execution, ts tenantScope, members []string) (sc scopeOf, policies map[string]policyOf) {
	switch {
	case ts.all:
		s.b.WriteString("T*")
		sc.all = true
	default:
		s.b.WriteString("T")
		if ts.data != "" {
			s.b.WriteString("d")
			sc.data = s.leaf(ts.data)
		}
		if ts.members {
			sc.members = true
			sc.tenants = []any{}
			for _, id := range members {
				if id != "" { // no tenant has an empty id
					sc.tenants = append(sc.tenants, s.leaf(id))
				}
			}
			s.b.WriteString("m" + strconv.Itoa(len(sc.tenants)))
		}
	}
	p := x.req.Principal
	if !p.Cloud || x.e.opts.RowPolicy == nil {
		s.b.WriteString(";P-")
		return sc, nil
	}
	policies = map[string]policyOf{}
	for _, t := range catalog.Tables {
		if !t.Cloud {
			continue
		}
		s.b.WriteString(";" + t.Name + ":")
		f, ok := x.e.opts.RowPolicy(p, t.Name)
		switch {
		case !ok:
			s.b.WriteByte('-')
			policies[t.Name] = policyOf{}
		case hasNull(f):
			s.b.WriteByte('!')
			policies[t.Name] = policyOf{ok: true, null: true}
		default:
			policies[t.Name] = policyOf{ok: true, filter: s.untyped(f, false)}
		}
	}
	return sc, policies
}

// resolve returns v with every slot replaced by its input.
func resolve(v any, inputs []any) any {
	switch v := v.(type) {
	case *slot:
		return inputs[v.i]
	case obj:
		out := make(obj, len(v))
		for i, e := range v {
			out[i] = kv{e.K, resolve(e.V, inputs)}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = resolve(e, inputs)
		}
		return out
	}
	return v
}

// hasSlot reports whether v holds a slot anywhere.
func hasSlot(v any) bool {
	switch v := v.(type) {
	case *slot:
		return true
	case obj:
		for _, e := range v {
			if hasSlot(e.V) {
				return true
			}
		}
	case []any:
		for _, e := range v {
			if hasSlot(e) {
				return true
			}
		}
	}
	return false
}

func isPatternOp(name string) bool {
	op := catalog.Op(name, catalog.String)
	return op != nil && op.Form == catalog.Pattern
}

// patternVariables returns the variables op uses directly as the argument of a pattern
// operator ({name: {_ilike: $p}}), anywhere in its arguments or its fragments'.
func patternVariables(doc *ast.QueryDocument, op *ast.OperationDefinition) map[string]bool {
	out := map[string]bool{}
	var value func(v *ast.Value)
	value = func(v *ast.Value) {
		if v == nil {
			return
		}
		for _, c := range v.Children {
			if c.Value != nil && c.Value.Kind == ast.Variable && v.Kind == ast.ObjectValue && isPatternOp(c.Name) {
				out[c.Value.Raw] = true
			}
			value(c.Value)
		}
	}
	seen := map[string]bool{}
	var walk func(ss ast.SelectionSet)
	walk = func(ss ast.SelectionSet) {
		for _, sel := range ss {
			switch sel := sel.(type) {
			case *ast.Field:
				for _, a := range sel.Arguments {
					value(a.Value)
				}
				walk(sel.SelectionSet)
			case *ast.InlineFragment:
				walk(sel.SelectionSet)
			case *ast.FragmentSpread:
				if def := doc.Fragments.ForName(sel.Name); def != nil && !seen[sel.Name] {
					seen[sel.Name] = true
					walk(def.SelectionSet)
				}
			}
		}
	}
	walk(op.SelectionSet)
	return out
}
