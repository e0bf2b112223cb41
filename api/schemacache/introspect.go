package schemacache

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
)

// IntrospectionQuery is the standard introspection operation (as GraphiQL sends it,
// without subscriptions-only or spec-draft fields).
const IntrospectionQuery = `query IntrospectionQuery {
  __schema {
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) {
    name description
    args { ...InputValue }
    type { ...TypeRef }
    isDeprecated deprecationReason
  }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}`

type introspection struct {
	Schema struct {
		QueryType        *named     `json:"queryType"`
		MutationType     *named     `json:"mutationType"`
		SubscriptionType *named     `json:"subscriptionType"`
		Types            []fullType `json:"types"`
		Directives       []struct {
			Name        string       `json:"name"`
			Description string       `json:"description"`
			Locations   []string     `json:"locations"`
			Args        []inputValue `json:"args"`
		} `json:"directives"`
	} `json:"__schema"`
}

type named struct {
	Name string `json:"name"`
}

type typeRef struct {
	Kind   string   `json:"kind"`
	Name   string   `json:"name"`
	OfType *typeRef `json:"ofType"`
}

type inputValue struct {
	Name         string  `json:"name"`
	Description  string  `json:"description"`
	Type         typeRef `json:"type"`
	DefaultValue *string `json:"defaultValue"`
}

type fullType struct {
	Kind        string `json:"kind"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Fields      []struct {
		Name              string       `json:"name"`
		Description       string       `json:"description"`
		Args              []inputValue `json:"args"`
		Type              typeRef      `json:"type"`
		IsDeprecated      bool         `json:"isDeprecated"`
		DeprecationReason *string      `json:"deprecationReason"`
	} `json:"fields"`
	InputFields []inputValue `json:"inputFields"`
	Interfaces  []typeRef    `json:"interfaces"`
	EnumValues  []struct {
		Name              string  `json:"name"`
		Description       string  `json:"description"`
		IsDeprecated      bool    `json:"isDeprecated"`
		DeprecationReason *string `json:"deprecationReason"`
	} `json:"enumValues"`
	PossibleTypes []typeRef `json:"possibleTypes"`
}

var builtinScalars = map[string]bool{"String": true, "Int": true, "Float": true, "Boolean": true, "ID": true}

// FromIntrospection builds a schema from the "data" of an introspection answer.
func FromIntrospection(data []byte) (*ast.Schema, error) {
	var in introspection
	if err := json.Unmarshal(data, &in); err != nil {
		return nil, fmt.Errorf("introspection answer: %w", err)
	}
	if len(in.Schema.Types) == 0 {
		return nil, fmt.Errorf("introspection answer has no types (is introspection disabled?)")
	}
	prelude := validator.PreludeDocument()
	doc := &ast.SchemaDocument{}
	doc.Merge(prelude)
	preludeDirectives := map[string]bool{}
	for _, d := range prelude.Directives {
		preludeDirectives[d.Name] = true
	}
	schemaDef := &ast.SchemaDefinition{}
	for kind, n := range map[ast.Operation]*named{ast.Query: in.Schema.QueryType, ast.Mutation: in.Schema.MutationType, ast.Subscription: in.Schema.SubscriptionType} {
		if n != nil && n.Name != "" {
			schemaDef.OperationTypes = append(schemaDef.OperationTypes, &ast.OperationTypeDefinition{Operation: kind, Type: n.Name})
		}
	}
	doc.Schema = append(doc.Schema, schemaDef)
	for _, t := range in.Schema.Types {
		if strings.HasPrefix(t.Name, "__") || builtinScalars[t.Name] {
			continue
		}
		def, err := definition(t)
		if err != nil {
			return nil, err
		}
		doc.Definitions = append(doc.Definitions, def)
	}
	for _, d := range in.Schema.Directives {
		if preludeDirectives[d.Name] {
			continue
		}
		dd := &ast.DirectiveDefinition{Name: d.Name, Description: d.Description}
		for _, l := range d.Locations {
			dd.Locations = append(dd.Locations, ast.DirectiveLocation(l))
		}
		for _, a := range d.Args {
			ad, err := argument(a)
			if err != nil {
				return nil, err
			}
			dd.Arguments = append(dd.Arguments, ad)
		}
		doc.Directives = append(doc.Directives, dd)
	}
	s, gerr := validator.ValidateSchemaDocument(doc)
	if gerr != nil {
		return nil, fmt.Errorf("introspected schema: %w", gerr)
	}
	return s, nil
}

func definition(t fullType) (*ast.Definition, error) {
	def := &ast.Definition{Kind: ast.DefinitionKind(t.Kind), Name: t.Name, Description: t.Description}
	switch def.Kind {
	case ast.Scalar, ast.Object, ast.Interface, ast.Union, ast.Enum, ast.InputObject:
	default:
		return nil, fmt.Errorf("type %s: unknown kind %q", t.Name, t.Kind)
	}
	for _, f := range t.Fields {
		fd := &ast.FieldDefinition{Name: f.Name, Description: f.Description, Type: toType(f.Type)}
		for _, a := range f.Args {
			ad, err := argument(a)
			if err != nil {
				return nil, err
			}
			fd.Arguments = append(fd.Arguments, ad)
		}
		if f.IsDeprecated {
			fd.Directives = append(fd.Directives, deprecated(f.DeprecationReason))
		}
		def.Fields = append(def.Fields, fd)
	}
	for _, f := range t.InputFields {
		ad, err := argument(f)
		if err != nil {
			return nil, err
		}
		def.Fields = append(def.Fields, &ast.FieldDefinition{Name: ad.Name, Description: ad.Description, Type: ad.Type, DefaultValue: ad.DefaultValue})
	}
	for _, i := range t.Interfaces {
		def.Interfaces = append(def.Interfaces, i.Name)
	}
	if def.Kind == ast.Union {
		for _, p := range t.PossibleTypes {
			def.Types = append(def.Types, p.Name)
		}
	}
	for _, v := range t.EnumValues {
		ev := &ast.EnumValueDefinition{Name: v.Name, Description: v.Description}
		if v.IsDeprecated {
			ev.Directives = append(ev.Directives, deprecated(v.DeprecationReason))
		}
		def.EnumValues = append(def.EnumValues, ev)
	}
	return def, nil
}

func argument(a inputValue) (*ast.ArgumentDefinition, error) {
	ad := &ast.ArgumentDefinition{Name: a.Name, Description: a.Description, Type: toType(a.Type)}
	if a.DefaultValue != nil {
		v, err := parseValue(*a.DefaultValue)
		if err != nil {
			return nil, fmt.Errorf("default of %s: %w", a.Name, err)
		}
		ad.DefaultValue = v
	}
	return ad, nil
}

// parseValue parses a GraphQL literal (introspection gives default values as text).
func parseValue(lit string) (*ast.Value, error) {
	doc, err := parser.ParseQuery(&ast.Source{Input: "query($v: Int = " + lit + ") { a }"})
	if err != nil {
		return nil, err
	}
	return doc.Operations[0].VariableDefinitions[0].DefaultValue, nil
}

func toType(r typeRef) *ast.Type {
	switch r.Kind {
	case "NON_NULL":
		if r.OfType == nil {
			return ast.NamedType("String", nil)
		}
		t := toType(*r.OfType)
		t.NonNull = true
		return t
	case "LIST":
		if r.OfType == nil {
			return ast.ListType(ast.NamedType("String", nil), nil)
		}
		return ast.ListType(toType(*r.OfType), nil)
	}
	return ast.NamedType(r.Name, nil)
}

func deprecated(reason *string) *ast.Directive {
	d := &ast.Directive{Name: "deprecated"}
	if reason != nil {
		d.Arguments = ast.ArgumentList{{Name: "reason", Value: &ast.Value{Kind: ast.StringValue, Raw: *reason}}}
	}
	return d
}
