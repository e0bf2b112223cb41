// Package schematest turns a parsed schema into the answer of the standard
// introspection query, for tests of the schema cache and the query editor that need a
// server answering introspection without the embedded server.
package schematest

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// Introspection returns the "data" of an introspection answer for s.
func Introspection(s *ast.Schema) json.RawMessage {
	names := make([]string, 0, len(s.Types))
	for n := range s.Types {
		names = append(names, n)
	}
	sort.Strings(names)
	types := make([]any, 0, len(names))
	for _, n := range names {
		types = append(types, fullType(s, s.Types[n]))
	}
	dirNames := make([]string, 0, len(s.Directives))
	for n := range s.Directives {
		dirNames = append(dirNames, n)
	}
	sort.Strings(dirNames)
	dirs := make([]any, 0, len(dirNames))
	for _, n := range dirNames {
		d := s.Directives[n]
		locs := make([]string, len(d.Locations))
		for i, l := range d.Locations {
			locs[i] = string(l)
		}
		dirs = append(dirs, map[string]any{"name": d.Name, "description": d.Description, "locations": locs, "args": inputValues(d.Arguments)})
	}
	root := func(d *ast.Definition) any {
		if d == nil {
			return nil
		}
		return map[string]any{"name": d.Name}
	}
	out, _ := json.Marshal(map[string]any{"__schema": map[string]any{
		"queryType": root(s.Query), "mutationType": root(s.Mutation), "subscriptionType": root(s.Subscription),
		"types": types, "directives": dirs,
	}})
	return out
}

func fullType(s *ast.Schema, d *ast.Definition) map[string]any {
	t := map[string]any{"kind": string(d.Kind), "name": d.Name, "description": d.Description,
		"fields": nil, "inputFields": nil, "interfaces": nil, "enumValues": nil, "possibleTypes": nil}
	switch d.Kind {
	case ast.Object, ast.Interface:
		var fields []any
		for _, f := range d.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			dep := f.Directives.ForName("deprecated")
			var reason any
			if dep != nil {
				reason = "No longer supported"
				if a := dep.Arguments.ForName("reason"); a != nil {
					reason = a.Value.Raw
				}
			}
			args := make([]any, 0, len(f.Arguments))
			for _, a := range f.Arguments {
				args = append(args, inputValue(a.Name, a.Description, a.Type, a.DefaultValue))
			}
			fields = append(fields, map[string]any{"name": f.Name, "description": f.Description, "args": args,
				"type": typeRef(f.Type), "isDeprecated": dep != nil, "deprecationReason": reason})
		}
		t["fields"] = fields
		ifs := make([]any, 0, len(d.Interfaces))
		for _, i := range d.Interfaces {
			ifs = append(ifs, map[string]any{"kind": "INTERFACE", "name": i, "ofType": nil})
		}
		t["interfaces"] = ifs
	case ast.InputObject:
		var fields []any
		for _, f := range d.Fields {
			fields = append(fields, inputValue(f.Name, f.Description, f.Type, f.DefaultValue))
		}
		t["inputFields"] = fields
	case ast.Enum:
		var vals []any
		for _, v := range d.EnumValues {
			vals = append(vals, map[string]any{"name": v.Name, "description": v.Description, "isDeprecated": false, "deprecationReason": nil})
		}
		t["enumValues"] = vals
	}
	if d.Kind == ast.Union || d.Kind == ast.Interface {
		var pts []any
		for _, p := range s.GetPossibleTypes(d) {
			pts = append(pts, map[string]any{"kind": string(p.Kind), "name": p.Name, "ofType": nil})
		}
		t["possibleTypes"] = pts
	}
	return t
}

func inputValues(args ast.ArgumentDefinitionList) []any {
	out := make([]any, 0, len(args))
	for _, a := range args {
		out = append(out, inputValue(a.Name, a.Description, a.Type, a.DefaultValue))
	}
	return out
}

func inputValue(name, desc string, t *ast.Type, def *ast.Value) map[string]any {
	var dv any
	if def != nil {
		dv = def.String()
	}
	return map[string]any{"name": name, "description": desc, "type": typeRef(t), "defaultValue": dv}
}

func typeRef(t *ast.Type) map[string]any {
	var inner map[string]any
	if t.Elem != nil {
		inner = map[string]any{"kind": "LIST", "name": nil, "ofType": typeRef(t.Elem)}
	} else {
		inner = map[string]any{"kind": "NAMED", "name": t.NamedType, "ofType": nil}
	}
	if t.NonNull {
		return map[string]any{"kind": "NON_NULL", "name": nil, "ofType": inner}
	}
	return inner
}
