// Command gensdl writes the root schema.graphql from the catalog (run by `make generate`).
package main

import (
	"fmt"
	"os"

	"github.com/prefect-tui/prefect-tui/server/catalog"
)

func main() {
	out := "schema.graphql"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	if err := os.WriteFile(out, []byte(catalog.SDL()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gensdl:", err)
		os.Exit(1)
	}
}
