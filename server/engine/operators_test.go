package engine_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/prefect-tui/prefect-tui/server/catalog"
)

// sampleValue returns an argument of GraphQL type typ, as a literal and as the JSON a
// client sends in a variable; flag picks the Boolean's value.
func sampleValue(t *testing.T, s *ast.Schema, typ *ast.Type, flag bool) (string, string) {
	t.Helper()
	if typ.Elem != nil {
		lit, js := sampleValue(t, s, typ.Elem, flag)
		return "[" + lit + "]", "[" + js + "]"
	}
	def := s.Types[typ.Name()]
	if def.Kind == ast.InputObject {
		// A cast: each target scalar compared with _eq.
		var lits, jss []string
		for _, f := range def.Fields {
			eq := s.Types[f.Type.Name()].Fields.ForName("_eq")
			lit, js := sampleValue(t, s, eq.Type, flag)
			lits = append(lits, fmt.Sprintf("%s: {_eq: %s}", f.Name, lit))
			jss = append(jss, fmt.Sprintf(`%q: {"_eq": %s}`, f.Name, js))
		}
		return "{" + strings.Join(lits, ", ") + "}", "{" + strings.Join(jss, ", ") + "}"
	}
	quoted := func(v string) (string, string) { return fmt.Sprintf("%q", v), fmt.Sprintf("%q", v) }
	switch typ.Name() {
	case "uuid":
		return quoted(R1)
	case "timestamptz":
		return quoted("2026-01-02T10:00:00Z")
	case "interval":
		return quoted("00:01:00")
	case "String":
		return quoted("%a%")
	case "Int":
		return "3", "3"
	case "Float":
		return "1.5", "1.5"
	case "Boolean":
		return fmt.Sprint(flag), fmt.Sprint(flag)
	case "jsonb":
		return `{x: 1}`, `{"x": 1}`
	}
	t.Fatalf("no sample value for %s", typ.Name())
	return "", ""
}

// sampleColumn returns a fixture table and a column of it with the given scalar.
func sampleColumn(scalar string) (table, column string) {
	for _, name := range []string{"flow_run", "task", "flow"} {
		for _, c := range catalog.Lookup(name).Columns {
			if c.Type.GraphQL() == scalar {
				return name, c.Name
			}
		}
	}
	return "", ""
}

// TestEveryOperatorRuns: every field of every <scalar>_comparison_exp of the schema
// (generated from catalog.Operators) compiles and runs against SQLite, with its
// argument written in the query and sent as a variable, and both give the same rows.
func TestEveryOperatorRuns(t *testing.T) {
	fx := newFixture(t)
	s := loadSchema(t)
	ran := map[string]int{}
	for _, def := range s.Types {
		scalar, ok := strings.CutSuffix(def.Name, "_comparison_exp")
		if !ok || def.Kind != ast.InputObject {
			continue
		}
		table, column := sampleColumn(scalar)
		if table == "" {
			t.Errorf("%s: no fixture column of type %s", def.Name, scalar)
			continue
		}
		for _, f := range def.Fields {
			for _, flag := range []bool{true, false} {
				lit, js := sampleValue(t, s, f.Type, flag)
				where := fmt.Sprintf("{%s: {%s: %s}}", column, f.Name, lit)
				byLiteral := fx.data(t, fmt.Sprintf("{ %s(where: %s, order_by: {id: asc}) { id } }", table, where), nil)
				var vars map[string]any
				if err := json.Unmarshal([]byte(`{"v": `+js+`}`), &vars); err != nil {
					t.Fatal(err)
				}
				q := fmt.Sprintf("query($v: %s) { %s(where: {%s: {%s: $v}}, order_by: {id: asc}) { id } }", f.Type, table, column, f.Name)
				if byVar := fx.data(t, q, vars); byVar != byLiteral {
					t.Errorf("%s.%s: %s by variable, %s by literal", def.Name, f.Name, byVar, byLiteral)
				}
				ran[scalar]++
				if f.Type.Name() != "Boolean" {
					break
				}
			}
		}
	}
	for _, typ := range catalog.ComparisonTypes() {
		if want := len(catalog.OperatorsOn(typ)); ran[typ.GraphQL()] < want {
			t.Errorf("%s: %d operators ran, the catalog has %d", typ.GraphQL(), ran[typ.GraphQL()], want)
		}
	}
	if len(ran) < 7 {
		t.Fatalf("only %d comparison types in the schema: %v", len(ran), ran)
	}
}
