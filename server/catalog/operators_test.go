package catalog

import (
	"strings"
	"testing"
)

// TestOperatorTable: each operator is listed once per scalar, names a column in its
// SQL, and every scalar with a comparison expression has the basic comparisons.
func TestOperatorTable(t *testing.T) {
	seen := map[opKey]bool{}
	for _, op := range Operators {
		if !strings.HasPrefix(op.Name, "_") || len(op.On) == 0 {
			t.Errorf("%s: malformed (on %v)", op.Name, op.On)
		}
		if !strings.Contains(op.SQL, "%[1]s") {
			t.Errorf("%s: SQL %q does not use the column", op.Name, op.SQL)
		}
		for _, typ := range op.On {
			k := opKey{op.Name, typ}
			if seen[k] {
				t.Errorf("%s is listed twice for %s", op.Name, typ.GraphQL())
			}
			seen[k] = true
		}
	}
	for _, typ := range ComparisonTypes() {
		for _, name := range []string{"_eq", "_neq", "_in", "_nin", "_is_null"} {
			if Op(name, typ) == nil {
				t.Errorf("%s_comparison_exp has no %s", typ.GraphQL(), name)
			}
		}
	}
}
