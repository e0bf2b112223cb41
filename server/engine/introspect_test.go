package engine_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// introspectionQuery is GraphiQL's standard query (graphql-js getIntrospectionQuery
// with descriptions, specifiedByURL and directive repeatability).
const introspectionQuery = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description isRepeatable locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description specifiedByURL
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
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

type iTypeRef struct {
	Kind   string
	Name   *string
	OfType *iTypeRef
}

func (r *iTypeRef) String() string {
	switch r.Kind {
	case "NON_NULL":
		return r.OfType.String() + "!"
	case "LIST":
		return "[" + r.OfType.String() + "]"
	}
	return *r.Name
}

type iValue struct {
	Name         string
	Description  *string
	Type         iTypeRef
	DefaultValue *string
}

type iType struct {
	Kind        string
	Name        string
	Description *string
	Fields      []struct {
		Name        string
		Description *string
		Args        []iValue
		Type        iTypeRef
	}
	InputFields []iValue
	Interfaces  []iTypeRef
	EnumValues  []struct {
		Name        string
		Description *string
	}
}

func desc(d *string) string {
	if d == nil || *d == "" {
		return ""
	}
	return fmt.Sprintf("%q\n", *d)
}

func args(vs []iValue) string {
	if len(vs) == 0 {
		return ""
	}
	var parts []string
	for _, v := range vs {
		s := desc(v.Description) + v.Name + ": " + v.Type.String()
		if v.DefaultValue != nil {
			s += " = " + *v.DefaultValue
		}
		parts = append(parts, s)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// sdlFromIntrospection rebuilds SDL from an introspection answer, as clients do.
func sdlFromIntrospection(types []iType) string {
	var b strings.Builder
	builtin := map[string]bool{"String": true, "Int": true, "Float": true, "Boolean": true, "ID": true}
	for _, t := range types {
		if strings.HasPrefix(t.Name, "__") || builtin[t.Name] {
			continue
		}
		b.WriteString(desc(t.Description))
		switch t.Kind {
		case "SCALAR":
			fmt.Fprintf(&b, "scalar %s\n", t.Name)
		case "ENUM":
			fmt.Fprintf(&b, "enum %s {\n", t.Name)
			for _, v := range t.EnumValues {
				b.WriteString(desc(v.Description) + v.Name + "\n")
			}
			b.WriteString("}\n")
		case "INPUT_OBJECT":
			fmt.Fprintf(&b, "input %s {\n", t.Name)
			for _, f := range t.InputFields {
				s := desc(f.Description) + f.Name + ": " + f.Type.String()
				if f.DefaultValue != nil {
					s += " = " + *f.DefaultValue
				}
				b.WriteString(s + "\n")
			}
			b.WriteString("}\n")
		case "OBJECT", "INTERFACE":
			kw := "type"
			if t.Kind == "INTERFACE" {
				kw = "interface"
			}
			fmt.Fprintf(&b, "%s %s", kw, t.Name)
			if len(t.Interfaces) > 0 {
				var names []string
				for _, i := range t.Interfaces {
					names = append(names, *i.Name)
				}
				b.WriteString(" implements " + strings.Join(names, " & "))
			}
			b.WriteString(" {\n")
			for _, f := range t.Fields {
				b.WriteString(desc(f.Description) + f.Name + args(f.Args) + ": " + f.Type.String() + "\n")
			}
			b.WriteString("}\n")
		}
	}
	return b.String()
}

func fieldSig(f *ast.FieldDefinition) string {
	var as []string
	for _, a := range f.Arguments {
		d := ""
		if a.DefaultValue != nil {
			d = "=" + a.DefaultValue.String()
		}
		as = append(as, a.Name+":"+a.Type.String()+d)
	}
	return f.Name + "(" + strings.Join(as, ",") + "):" + f.Type.String() + " " + f.Description
}

func typeSig(d *ast.Definition) string {
	var parts []string
	for _, f := range d.Fields {
		if !strings.HasPrefix(f.Name, "__") {
			parts = append(parts, fieldSig(f))
		}
	}
	for _, v := range d.EnumValues {
		parts = append(parts, v.Name+" "+v.Description)
	}
	ifs := append([]string(nil), d.Interfaces...)
	sort.Strings(ifs)
	return string(d.Kind) + " " + d.Description + " " + strings.Join(ifs, ",") + "\n" + strings.Join(parts, "\n")
}

func TestIntrospectionRebuildsSchema(t *testing.T) {
	fx := newFixture(t)
	var out struct {
		Schema struct {
			QueryType        struct{ Name string }
			MutationType     struct{ Name string }
			SubscriptionType *struct{ Name string }
			Types            []iType
			Directives       []struct {
				Name      string
				Locations []string
			}
		} `json:"__schema"`
	}
	if err := json.Unmarshal([]byte(fx.data(t, introspectionQuery, nil)), &out); err != nil {
		t.Fatal(err)
	}
	s := out.Schema
	if s.QueryType.Name != "Query" || s.MutationType.Name != "Mutation" || s.SubscriptionType != nil {
		t.Errorf("root types: %+v", s)
	}
	orig := loadSchema(t)
	if len(s.Types) != len(orig.Types) {
		t.Errorf("%d types, want %d", len(s.Types), len(orig.Types))
	}
	var dirs []string
	for _, d := range s.Directives {
		dirs = append(dirs, d.Name)
	}
	if all := " " + strings.Join(dirs, " ") + " "; !strings.Contains(all, " deprecated ") || !strings.Contains(all, " include ") || !strings.Contains(all, " skip ") {
		t.Errorf("directives: %v", dirs)
	}
	rebuilt, err := gqlparser.LoadSchema(&ast.Source{Name: "introspected", Input: sdlFromIntrospection(s.Types)})
	if err != nil {
		t.Fatalf("rebuilding the schema from introspection: %v", err)
	}
	for name, def := range orig.Types {
		if strings.HasPrefix(name, "__") {
			continue
		}
		got := rebuilt.Types[name]
		if got == nil {
			t.Errorf("type %s missing after introspection", name)
			continue
		}
		if typeSig(got) != typeSig(def) {
			t.Errorf("type %s differs:\n got: %s\nwant: %s", name, typeSig(got), typeSig(def))
		}
		if def.Kind == ast.InputObject {
			for _, f := range def.Fields {
				g := got.Fields.ForName(f.Name)
				if g == nil || g.Type.String() != f.Type.String() {
					t.Errorf("input %s.%s differs", name, f.Name)
				}
			}
		}
	}
	// __type answers one type, with ofType chains
	got := fx.data(t, `{ __type(name: "flow_run") { name kind fields { name type { kind name ofType { kind name ofType { kind name ofType { name } } } } } } }`, nil)
	if !strings.Contains(got, `{"name":"task_runs","type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"LIST","name":null,"ofType":{"kind":"NON_NULL","name":null,"ofType":{"name":"task_run"}}}}}`) {
		t.Errorf("__type ofType chain: %s", got)
	}
	if got := fx.data(t, `{ __type(name: "nope") { name } }`, nil); got != `{"__type":null}` {
		t.Errorf("unknown __type: %s", got)
	}
}
