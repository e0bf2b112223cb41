package fleet

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
)

// TestProjectsQueryValidatesOnRealPrefect: the request built per load on Prefect Server
// validates against the reference schema of real Prefect Server (beside the checkout,
// as in CI), not only against ours; and against ours.
func TestProjectsQueryValidatesOnRealPrefect(t *testing.T) {
	q, err := projectsQuery(3)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{
		filepath.Join("..", "..", "..", "shared", "reference", "prefect-server.graphql"),
		filepath.Join("..", "..", "schema.graphql"),
	} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("schema %s: %v", f, err)
		}
		schema, gerr := gqlparser.LoadSchema(&ast.Source{Name: f, Input: string(b)})
		if gerr != nil {
			t.Fatal(gerr)
		}
		doc, perr := parser.ParseQuery(&ast.Source{Name: "FleetProjects", Input: q})
		if perr != nil {
			t.Fatal(perr)
		}
		for _, e := range validator.Validate(schema, doc) {
			t.Errorf("%s: %v", f, e)
		}
		if len(doc.Operations) != 1 || len(doc.Operations[0].SelectionSet) != 15 || len(doc.Operations[0].VariableDefinitions) != 7 {
			t.Errorf("%s: not five fields and one variable per project:\n%s", f, q)
		}
	}
}
