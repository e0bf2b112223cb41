package schema_test

import (
	"os"
	"testing"

	"github.com/prefect-tui/prefect-tui/api/schema"
)

// TestCopyIsTheRootSchema: the embedded copy is the committed root schema.graphql.
func TestCopyIsTheRootSchema(t *testing.T) {
	root, err := os.ReadFile("../../schema.graphql")
	if err != nil {
		t.Fatal(err)
	}
	if string(root) != schema.SDL() {
		t.Fatal("api/schema/schema.graphql differs from the root schema.graphql: run make generate")
	}
}

func TestLoad(t *testing.T) {
	s, err := schema.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"flow_run", "flow_run_aggregate", "hello", "tenant"} {
		if s.Query.Fields.ForName(name) == nil {
			t.Errorf("no query field %s", name)
		}
	}
	if s.Mutation == nil || s.Mutation.Fields.ForName("set_flow_run_states") == nil {
		t.Error("no mutation set_flow_run_states")
	}
	again, _ := schema.Load()
	if again != s {
		t.Error("the schema is parsed again on every call")
	}
}
