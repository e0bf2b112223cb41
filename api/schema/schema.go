// Package schema is the Prefect 1.x API schema prefect-tui is built against: a copy of
// the root schema.graphql (`make generate` writes both; a test checks they are equal),
// embedded and parsed once. Client code uses it where the API's own schema is not at
// hand, e.g. the query guard when no schema is cached for the API.
package schema

import (
	_ "embed"
	"sync"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

//go:embed schema.graphql
var sdl string

// SDL is the schema's text.
func SDL() string { return sdl }

// Load returns the parsed schema (parsed on the first call; callers must not change
// it). The schema is tested to load, so an error means a broken build.
func Load() (*ast.Schema, error) { return load() }

var load = sync.OnceValues(func() (*ast.Schema, error) {
	return gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: sdl})
})
