package engine

import (
	"sort"

	"github.com/vektah/gqlparser/v2/ast"
)

// Introspection answers __schema and __type from the loaded schema. Objects are maps
// whose argument-taking or recursive fields are funcs, evaluated only when selected.

func introSchema(s *ast.Schema) map[string]any {
	return map[string]any{
		"description": nilIfEmpty(s.Description),
		"types": func(map[string]any) any {
			names := make([]string, 0, len(s.Types))
			for n := range s.Types {
				names = append(names, n)
			}
			sort.Strings(names)
			out := make([]any, 0, len(names))
			for _, n := range names {
				out = append(out, introType(s, s.Types[n]))
			}
			return out
		},
		"queryType":        func(map[string]any) any { return introDef(s, s.Query) },
		"mutationType":     func(map[string]any) any { return introDef(s, s.Mutation) },
		"subscriptionType": func(map[string]any) any { return introDef(s, s.Subscription) },
		"directives": func(map[string]any) any {
			names := make([]string, 0, len(s.Directives))
			for n := range s.Directives {
				names = append(names, n)
			}
			sort.Strings(names)
			out := make([]any, 0, len(names))
			for _, n := range names {
				d := s.Directives[n]
				locs := make([]any, len(d.Locations))
				for i, l := range d.Locations {
					locs[i] = string(l)
				}
				out = append(out, map[string]any{
					"name":         d.Name,
					"description":  nilIfEmpty(d.Description),
					"locations":    locs,
					"args":         introArgs(s, d.Arguments),
					"isRepeatable": d.IsRepeatable,
				})
			}
			return out
		},
	}
}

func introDef(s *ast.Schema, d *ast.Definition) any {
	if d == nil {
		return nil
	}
	return introType(s, d)
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func deprecation(dirs ast.DirectiveList) (bool, any) {
	d := dirs.ForName("deprecated")
	if d == nil {
		return false, nil
	}
	if a := d.Arguments.ForName("reason"); a != nil && a.Value != nil {
		return true, a.Value.Raw
	}
	return true, "No longer supported"
}

func introType(s *ast.Schema, def *ast.Definition) map[string]any {
	m := map[string]any{
		"kind":           string(def.Kind),
		"name":           def.Name,
		"description":    nilIfEmpty(def.Description),
		"specifiedByURL": nil,
		"ofType":         nil,
		"isOneOf":        def.Directives.ForName("oneOf") != nil,
		"fields": func(args map[string]any) any {
			if def.Kind != ast.Object && def.Kind != ast.Interface {
				return nil
			}
			incl, _ := args["includeDeprecated"].(bool)
			out := []any{}
			for _, f := range def.Fields {
				if isIntrospection(f.Name) {
					continue
				}
				dep, reason := deprecation(f.Directives)
				if dep && !incl {
					continue
				}
				out = append(out, map[string]any{
					"name":              f.Name,
					"description":       nilIfEmpty(f.Description),
					"args":              introArgs(s, f.Arguments),
					"type":              func(map[string]any) any { return introTypeRef(s, f.Type) },
					"isDeprecated":      dep,
					"deprecationReason": reason,
				})
			}
			return out
		},
		"interfaces": func(map[string]any) any {
			if def.Kind != ast.Object && def.Kind != ast.Interface {
				return nil
			}
			out := []any{}
			for _, n := range def.Interfaces {
				if d := s.Types[n]; d != nil {
					out = append(out, introType(s, d))
				}
			}
			return out
		},
		"possibleTypes": func(map[string]any) any {
			if def.Kind != ast.Interface && def.Kind != ast.Union {
				return nil
			}
			out := []any{}
			for _, d := range s.GetPossibleTypes(def) {
				out = append(out, introType(s, d))
			}
			return out
		},
		"enumValues": func(args map[string]any) any {
			if def.Kind != ast.Enum {
				return nil
			}
			incl, _ := args["includeDeprecated"].(bool)
			out := []any{}
			for _, v := range def.EnumValues {
				dep, reason := deprecation(v.Directives)
				if dep && !incl {
					continue
				}
				out = append(out, map[string]any{
					"name": v.Name, "description": nilIfEmpty(v.Description),
					"isDeprecated": dep, "deprecationReason": reason,
				})
			}
			return out
		},
		"inputFields": func(map[string]any) any {
			if def.Kind != ast.InputObject {
				return nil
			}
			return introArgs(s, fieldsAsArgs(def.Fields))
		},
	}
	if def.Kind == ast.Scalar {
		if d := def.Directives.ForName("specifiedBy"); d != nil {
			if a := d.Arguments.ForName("url"); a != nil && a.Value != nil {
				m["specifiedByURL"] = a.Value.Raw
			}
		}
	}
	return m
}

func fieldsAsArgs(fields ast.FieldList) ast.ArgumentDefinitionList {
	out := make(ast.ArgumentDefinitionList, 0, len(fields))
	for _, f := range fields {
		out = append(out, &ast.ArgumentDefinition{
			Name: f.Name, Description: f.Description, Type: f.Type,
			DefaultValue: f.DefaultValue, Directives: f.Directives,
		})
	}
	return out
}

func introArgs(s *ast.Schema, args ast.ArgumentDefinitionList) []any {
	out := make([]any, 0, len(args))
	for _, a := range args {
		var def any
		if a.DefaultValue != nil {
			def = a.DefaultValue.String()
		}
		dep, reason := deprecation(a.Directives)
		out = append(out, map[string]any{
			"name":              a.Name,
			"description":       nilIfEmpty(a.Description),
			"type":              func(map[string]any) any { return introTypeRef(s, a.Type) },
			"defaultValue":      def,
			"isDeprecated":      dep,
			"deprecationReason": reason,
		})
	}
	return out
}

// introTypeRef renders a type reference with its NON_NULL / LIST wrappers.
func introTypeRef(s *ast.Schema, t *ast.Type) map[string]any {
	if t.NonNull {
		inner := *t
		inner.NonNull = false
		return wrapper("NON_NULL", func(map[string]any) any { return introTypeRef(s, &inner) })
	}
	if t.Elem != nil {
		return wrapper("LIST", func(map[string]any) any { return introTypeRef(s, t.Elem) })
	}
	if d := s.Types[t.NamedType]; d != nil {
		return introType(s, d)
	}
	return map[string]any{"kind": "SCALAR", "name": t.NamedType}
}

func wrapper(kind string, of func(map[string]any) any) map[string]any {
	null := func(map[string]any) any { return nil }
	return map[string]any{
		"kind": kind, "name": nil, "description": nil, "specifiedByURL": nil, "isOneOf": false,
		"ofType": of, "fields": null, "interfaces": null, "possibleTypes": null,
		"enumValues": null, "inputFields": null,
	}
}
