package bench

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// writes are the mutations of queries.graphql: Prefect's resolvers run them (they write
// through the state machine, not through one compiled read), so they have no case and
// no plan. A new mutation must be added here, a new query must get a case.
var writes = []string{
	"CancelFlowRun", "SetFlowRunStates", "SetTaskRunStates", "WriteRunLogs", "CreateFlowRun",
	"SetScheduleActive", "SetScheduleInactive", "SwitchTenant", "RefreshToken", "LogOut",
	"CreateAPIToken", "DeleteAPIToken", "CreateAPIKey", "DeleteAPIKey", "DeleteAgent",
}

// TestEveryOperationHasACase: every query of queries.graphql is measured (and its plan
// checked by TestPlans) with the document the client sends, and every mutation is
// known; a new operation without a case fails here.
func TestEveryOperationHasACase(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "queries.graphql"))
	if err != nil {
		t.Fatal(err)
	}
	doc, gerr := parser.ParseQuery(&ast.Source{Name: "queries.graphql", Input: string(src)})
	if gerr != nil {
		t.Fatal(gerr)
	}
	cases := map[string][]*Case{}
	for _, c := range Cases(&Fixture{RunID: "00000000-0000-0000-0000-000000000001", FlowName: "f"}) {
		cases[c.OpName] = append(cases[c.OpName], c)
	}
	var queries []string
	for _, op := range doc.Operations {
		switch op.Operation {
		case ast.Mutation:
			if !slices.Contains(writes, op.Name) {
				t.Errorf("mutation %s is neither measured nor listed in writes", op.Name)
			}
			continue
		case ast.Query:
			queries = append(queries, op.Name)
		}
		cs := cases[op.Name]
		if len(cs) == 0 {
			t.Errorf("query %s has no benchmark case (internal/bench)", op.Name)
		}
		for _, c := range cs {
			if parsed, err := parser.ParseQuery(&ast.Source{Input: c.Query}); err != nil || len(parsed.Operations) != 1 || parsed.Operations[0].Name != op.Name {
				t.Errorf("case %s does not send the operation %s as the client does", c.Name, op.Name)
			}
		}
	}
	for _, w := range writes {
		if doc.Operations.ForName(w) == nil {
			t.Errorf("writes names %s, which queries.graphql no longer has", w)
		}
	}
	sort.Strings(queries)
	if len(queries) < 30 {
		t.Errorf("read %d queries from queries.graphql, expected every one: %v", len(queries), queries)
	}
}
