package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestOneStatement: every case (every operation of queries.graphql, with the variables
// the screens send) answers the same through the one statement serving a query's
// Hasura root fields as with one statement per root field, data and errors alike,
// and the engine compiles one statement for it.
func TestOneStatement(t *testing.T) {
	ctx := context.Background()
	r, err := NewRunner(ctx, smallDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	batched := 0
	for _, c := range Cases(r.Fixture) {
		t.Run(c.Name, func(t *testing.T) {
			p, err := r.Prepare(c)
			if err != nil {
				t.Fatal(err)
			}
			one, each := r.Answer(ctx, p, false), r.Answer(ctx, p, true)
			if !bytes.Equal(one.Data, each.Data) {
				t.Errorf("data differs:\n one statement %.2000s\nfield by field %.2000s", one.Data, each.Data)
			}
			e1, _ := json.Marshal(one.Errors)
			e2, _ := json.Marshal(each.Errors)
			if !bytes.Equal(e1, e2) {
				t.Errorf("errors differ:\n one statement %s\nfield by field %s", e1, e2)
			}
			if len(one.Errors) > 0 {
				t.Errorf("errors: %s", e1)
			}
			stmts, err := r.Statements(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			if len(stmts) > 1 {
				t.Errorf("%d statements, want at most one", len(stmts))
			}
			if len(stmts) == 1 && strings.Contains(stmts[0].Field, ",") {
				batched++
			}
		})
	}
	if batched == 0 {
		t.Error("no case ran its root fields as one statement")
	}
}
