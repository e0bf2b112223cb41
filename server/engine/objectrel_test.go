package engine_test

import (
	"testing"

	"github.com/prefect-tui/prefect-tui/server/engine"
)

// TestObjectRelationships: object relationships read in lists (LEFT JOINs of their
// targets, compile.go) answer as one subquery per row would: null when the row is
// missing or out of the principal's scope, nested ones inside each other, inside array
// relationships and aggregate nodes, in the list's order.
func TestObjectRelationships(t *testing.T) {
	fx := newFixture(t)
	// A run of T1 whose flow is T2's: out of scope for T1.
	insert(t, fx.db, "flow_run", row{"id": "e0000000-0000-0000-0000-000000000007", "tenant_id": T1, "flow_id": F4, "name": "crossed", "state": "Failed", "version": 1,
		"scheduled_start_time": ts("6T10:00:00.000000"), "labels": `[]`})
	const q = `{ flow_run(order_by: {name: desc}, where: {name: {_is_null: false}}) { name agent { name } flow { name project { name tenant { slug } }
  flow_runs(order_by: {name: asc}, limit: 2) { name flow { version project { name } } }
  flow_runs_aggregate(order_by: {name: asc}) { nodes { name flow { version } } } } } }`
	for _, c := range []struct {
		p    engine.Principal
		want string
	}{
		{noPrincipal, `{"flow_run":[{"name":"other-run","agent":null,"flow":{"name":"other-flow","project":{"name":"Gamma","tenant":{"slug":"other"}},"flow_runs":[{"name":"crossed","flow":{"version":1,"project":{"name":"Gamma"}}},{"name":"other-run","flow":{"version":1,"project":{"name":"Gamma"}}}],"flow_runs_aggregate":{"nodes":[{"name":"crossed","flow":{"version":1}},{"name":"other-run","flow":{"version":1}}]}}},{"name":"gamma_run","agent":null,"flow":{"name":"Report_job","project":{"name":"beta","tenant":{"slug":"acme"}},"flow_runs":[{"name":"delta.run","flow":{"version":1,"project":{"name":"beta"}}},{"name":"gamma_run","flow":{"version":1,"project":{"name":"beta"}}}],"flow_runs_aggregate":{"nodes":[{"name":"delta.run","flow":{"version":1}},{"name":"gamma_run","flow":{"version":1}}]}}},{"name":"delta.run","agent":null,"flow":{"name":"Report_job","project":{"name":"beta","tenant":{"slug":"acme"}},"flow_runs":[{"name":"delta.run","flow":{"version":1,"project":{"name":"beta"}}},{"name":"gamma_run","flow":{"version":1,"project":{"name":"beta"}}}],"flow_runs_aggregate":{"nodes":[{"name":"delta.run","flow":{"version":1}},{"name":"gamma_run","flow":{"version":1}}]}}},{"name":"crossed","agent":null,"flow":{"name":"other-flow","project":{"name":"Gamma","tenant":{"slug":"other"}},"flow_runs":[{"name":"crossed","flow":{"version":1,"project":{"name":"Gamma"}}},{"name":"other-run","flow":{"version":1,"project":{"name":"Gamma"}}}],"flow_runs_aggregate":{"nodes":[{"name":"crossed","flow":{"version":1}},{"name":"other-run","flow":{"version":1}}]}}},{"name":"alpha-run","agent":null,"flow":{"name":"etl","project":{"name":"Alpha","tenant":{"slug":"acme"}},"flow_runs":[{"name":"Beta-run","flow":{"version":2,"project":{"name":"Alpha"}}},{"name":"alpha-run","flow":{"version":2,"project":{"name":"Alpha"}}}],"flow_runs_aggregate":{"nodes":[{"name":"Beta-run","flow":{"version":2}},{"name":"alpha-run","flow":{"version":2}},{"name":null,"flow":{"version":2}}]}}},{"name":"Beta-run","agent":null,"flow":{"name":"etl","project":{"name":"Alpha","tenant":{"slug":"acme"}},"flow_runs":[{"name":"Beta-run","flow":{"version":2,"project":{"name":"Alpha"}}},{"name":"alpha-run","flow":{"version":2,"project":{"name":"Alpha"}}}],"flow_runs_aggregate":{"nodes":[{"name":"Beta-run","flow":{"version":2}},{"name":"alpha-run","flow":{"version":2}},{"name":null,"flow":{"version":2}}]}}}]}`},
		{engine.Principal{TenantID: T1}, `{"flow_run":[{"name":"gamma_run","agent":null,"flow":{"name":"Report_job","project":{"name":"beta","tenant":{"slug":"acme"}},"flow_runs":[{"name":"delta.run","flow":{"version":1,"project":{"name":"beta"}}},{"name":"gamma_run","flow":{"version":1,"project":{"name":"beta"}}}],"flow_runs_aggregate":{"nodes":[{"name":"delta.run","flow":{"version":1}},{"name":"gamma_run","flow":{"version":1}}]}}},{"name":"delta.run","agent":null,"flow":{"name":"Report_job","project":{"name":"beta","tenant":{"slug":"acme"}},"flow_runs":[{"name":"delta.run","flow":{"version":1,"project":{"name":"beta"}}},{"name":"gamma_run","flow":{"version":1,"project":{"name":"beta"}}}],"flow_runs_aggregate":{"nodes":[{"name":"delta.run","flow":{"version":1}},{"name":"gamma_run","flow":{"version":1}}]}}},{"name":"crossed","agent":null,"flow":null},{"name":"alpha-run","agent":null,"flow":{"name":"etl","project":{"name":"Alpha","tenant":{"slug":"acme"}},"flow_runs":[{"name":"Beta-run","flow":{"version":2,"project":{"name":"Alpha"}}},{"name":"alpha-run","flow":{"version":2,"project":{"name":"Alpha"}}}],"flow_runs_aggregate":{"nodes":[{"name":"Beta-run","flow":{"version":2}},{"name":"alpha-run","flow":{"version":2}},{"name":null,"flow":{"version":2}}]}}},{"name":"Beta-run","agent":null,"flow":{"name":"etl","project":{"name":"Alpha","tenant":{"slug":"acme"}},"flow_runs":[{"name":"Beta-run","flow":{"version":2,"project":{"name":"Alpha"}}},{"name":"alpha-run","flow":{"version":2,"project":{"name":"Alpha"}}}],"flow_runs_aggregate":{"nodes":[{"name":"Beta-run","flow":{"version":2}},{"name":"alpha-run","flow":{"version":2}},{"name":null,"flow":{"version":2}}]}}}]}`},
	} {
		if got := compactOf(t, fx.exec(t, c.p, q, nil)); got != c.want {
			t.Errorf("%+v:\n got %s\nwant %s", c.p, got, c.want)
		}
	}
}

func compactOf(t *testing.T, res *engine.Response) string {
	t.Helper()
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %s", res.Errors[0].Message)
	}
	return compact(t, res.Data)
}
