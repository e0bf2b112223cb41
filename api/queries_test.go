package api_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
)

// TestQueriesValidateOnRealPrefect checks that every operation the program sends
// (queries.graphql) validates against the reference schemas of real Prefect Server and
// Prefect Cloud (../shared/reference, beside the checkout), not only against our own
// schema.graphql: the explorer must work when pointed at a real server. Prefect Cloud
// serves the Server schema plus its auth surface (users, tenants, memberships, tokens),
// so the two files are loaded together. The files are required: without them the test
// fails rather than pass unchecked.
func TestQueriesValidateOnRealPrefect(t *testing.T) {
	ref := filepath.Join("..", "..", "shared", "reference")
	if _, err := os.Stat(ref); err != nil {
		t.Fatalf("reference schemas not found at %s: shared/ must be beside the checkout, as in CI (%v)", ref, err)
	}
	var sources []*ast.Source
	for _, f := range []string{"prefect-server.graphql", "prefect-cloud-auth.graphql"} {
		b, err := os.ReadFile(filepath.Join(ref, f))
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, &ast.Source{Name: f, Input: string(b)})
	}
	schema, gerr := gqlparser.LoadSchema(sources...)
	if gerr != nil {
		t.Fatal(gerr)
	}
	b, err := os.ReadFile(filepath.Join("..", "queries.graphql"))
	if err != nil {
		t.Fatal(err)
	}
	doc, perr := parser.ParseQuery(&ast.Source{Name: "queries.graphql", Input: string(b)})
	if perr != nil {
		t.Fatal(perr)
	}
	for _, e := range validator.Validate(schema, doc) {
		t.Errorf("queries.graphql does not validate against the reference Prefect schemas: %v", e)
	}
	if len(doc.Operations) < 10 {
		t.Fatalf("only %d operations in queries.graphql", len(doc.Operations))
	}
}

// TestQueriesAreDocumented checks the house rule: every operation is named in exported Go
// style and has a `#` comment right above it (genqlient turns it into GoDoc).
func TestQueriesAreDocumented(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "queries.graphql"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	op := regexp.MustCompile(`^(query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)`)
	n := 0
	for i, l := range lines {
		m := op.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		n++
		if !regexp.MustCompile(`^[A-Z]`).MatchString(m[2]) {
			t.Errorf("line %d: operation %s is not in exported Go style", i+1, m[2])
		}
		j := i - 1
		for j >= 0 && strings.HasPrefix(strings.TrimSpace(lines[j]), "# @genqlient") {
			j--
		}
		if j < 0 || !strings.HasPrefix(strings.TrimSpace(lines[j]), "#") {
			t.Errorf("line %d: operation %s has no # comment above it", i+1, m[2])
		}
	}
	if n == 0 {
		t.Fatal("no operations found")
	}
}
