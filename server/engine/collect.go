package engine

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// cfield is one response key of a selection set after fragments are expanded,
// @skip/@include applied and same-key fields merged (GraphQL CollectFields).
type cfield struct {
	Alias string
	Name  string
	Field *ast.Field // the first occurrence: arguments and definition
	Sels  ast.SelectionSet
}

// collect expands sel for an object of type typeName.
func (x *execution) collect(sel ast.SelectionSet, typeName string) []*cfield {
	var out []*cfield
	index := map[string]*cfield{}
	visited := map[string]bool{}
	var walk func(ast.SelectionSet)
	walk = func(ss ast.SelectionSet) {
		for _, s := range ss {
			switch s := s.(type) {
			case *ast.Field:
				if !x.included(s.Directives) {
					continue
				}
				alias := s.Alias
				if alias == "" {
					alias = s.Name
				}
				if f := index[alias]; f != nil {
					f.Sels = append(f.Sels, s.SelectionSet...)
					continue
				}
				f := &cfield{Alias: alias, Name: s.Name, Field: s, Sels: append(ast.SelectionSet(nil), s.SelectionSet...)}
				index[alias] = f
				out = append(out, f)
			case *ast.InlineFragment:
				if !x.included(s.Directives) || !x.typeMatches(s.TypeCondition, typeName) {
					continue
				}
				walk(s.SelectionSet)
			case *ast.FragmentSpread:
				if !x.included(s.Directives) || visited[s.Name] {
					continue
				}
				visited[s.Name] = true
				def := x.doc.Fragments.ForName(s.Name)
				if def == nil || !x.typeMatches(def.TypeCondition, typeName) {
					continue
				}
				walk(def.SelectionSet)
			}
		}
	}
	walk(sel)
	return out
}

func (x *execution) typeMatches(cond, typeName string) bool {
	if cond == "" || cond == typeName {
		return true
	}
	def := x.e.schema.Types[cond]
	if def == nil {
		return false
	}
	for _, t := range x.e.schema.GetPossibleTypes(def) {
		if t.Name == typeName {
			return true
		}
	}
	return false
}

func (x *execution) included(dirs ast.DirectiveList) bool {
	if d := dirs.ForName("skip"); d != nil {
		if v, _ := d.ArgumentMap(x.vars)["if"].(bool); v {
			return false
		}
	}
	if d := dirs.ForName("include"); d != nil {
		if v, _ := d.ArgumentMap(x.vars)["if"].(bool); !v {
			return false
		}
	}
	return true
}

// obj is an input object with its keys in document order (order_by needs it).
type obj []kv

type kv struct {
	K string
	V any
}

// get returns the value of key k and whether it is present.
func (o obj) get(k string) (any, bool) {
	for _, e := range o {
		if e.K == k {
			return e.V, true
		}
	}
	return nil, false
}

// args resolves f's arguments (variables substituted, defaults applied) to values
// where input objects are obj, lists []any, and scalars as gqlparser/JSON gives them.
func (x *execution) args(f *ast.Field) map[string]any {
	out := map[string]any{}
	if f.Definition == nil {
		return out
	}
	for _, def := range f.Definition.Arguments {
		if a := f.Arguments.ForName(def.Name); a != nil {
			if _, ok := x.vars[a.Value.Raw]; a.Value.Kind == ast.Variable && !ok {
				if def.DefaultValue != nil {
					out[def.Name] = x.value(def.DefaultValue)
				}
				continue
			}
			out[def.Name] = x.value(a.Value)
		} else if def.DefaultValue != nil {
			out[def.Name] = x.value(def.DefaultValue)
		}
	}
	return out
}

// value resolves one AST value.
func (x *execution) value(v *ast.Value) any {
	if v == nil {
		return nil
	}
	switch v.Kind {
	case ast.Variable:
		return fromJSON(x.vars[v.Raw])
	case ast.ListValue:
		out := make([]any, 0, len(v.Children))
		for _, c := range v.Children {
			out = append(out, x.value(c.Value))
		}
		return out
	case ast.ObjectValue:
		out := obj{}
		for _, c := range v.Children {
			if c.Value.Kind == ast.Variable {
				if _, ok := x.vars[c.Value.Raw]; !ok {
					continue // an absent variable leaves the field out
				}
			}
			out = append(out, kv{c.Name, x.value(c.Value)})
		}
		return out
	case ast.NullValue:
		return nil
	}
	val, err := v.Value(nil)
	if err != nil {
		return v.Raw
	}
	return val
}

// fromJSON converts a variable's decoded JSON into engine values (maps become obj
// with sorted keys: JSON objects carry no reliable order).
func fromJSON(v any) any {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make(obj, 0, len(v))
		for _, k := range keys {
			out = append(out, kv{k, fromJSON(v[k])})
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = fromJSON(e)
		}
		return out
	}
	if l, ok := typedList(v); ok {
		return fromJSON(l)
	}
	return v
}

// plain converts engine values back to map[string]any / []any for resolvers.
func plain(v any) any {
	switch v := v.(type) {
	case obj:
		out := make(map[string]any, len(v))
		for _, e := range v {
			out[e.K] = plain(e.V)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = plain(e)
		}
		return out
	}
	return v
}

// checkDepth applies graphql-depth-limit as Prefect's gateway runs it: root fields
// are depth 0, fragments count at the depth they are spread, any selection deeper than
// max is an error (so leaves may sit at depth max), and fields starting with "__" are
// not descended into.
func checkDepth(doc *ast.QueryDocument, max int) []*GQLError {
	var errs []*GQLError
	for _, op := range doc.Operations {
		name := op.Name
		var walk func(ss ast.SelectionSet, depth int, seen map[string]bool) bool
		walk = func(ss ast.SelectionSet, depth int, seen map[string]bool) bool {
			for _, s := range ss {
				if depth > max {
					g := newErr(fmt.Sprintf("'%s' exceeds maximum operation depth of %d", name, max), CodeValidationFailed)
					if p := s.GetPosition(); p != nil {
						g.Locations = []Location{{Line: p.Line, Column: p.Column}}
					}
					errs = append(errs, g)
					return false
				}
				switch s := s.(type) {
				case *ast.Field:
					if strings.HasPrefix(s.Name, "__") || len(s.SelectionSet) == 0 {
						continue
					}
					if !walk(s.SelectionSet, depth+1, seen) {
						return false
					}
				case *ast.InlineFragment:
					if !walk(s.SelectionSet, depth, seen) {
						return false
					}
				case *ast.FragmentSpread:
					def := doc.Fragments.ForName(s.Name)
					if def == nil || seen[s.Name] {
						continue
					}
					seen[s.Name] = true
					ok := walk(def.SelectionSet, depth, seen)
					delete(seen, s.Name)
					if !ok {
						return false
					}
				}
			}
			return true
		}
		walk(op.SelectionSet, 0, map[string]bool{})
	}
	return errs
}
