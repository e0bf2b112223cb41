package engine_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/prefect-tui/prefect-tui/server/engine"
)

// TestPrincipalShapeFollowsMemberships: the part of a request's shape kept per
// principal is kept per member tenants too: when a user's memberships change, the
// next request lists the new ones; and it is bound where the request's own inputs end
// (with variables before it or none).
func TestPrincipalShapeFollowsMemberships(t *testing.T) {
	var mu sync.Mutex
	members := []string{T1}
	fx := newFixture(t, engine.WithUserTenants(func(context.Context, string) []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), members...)
	}))
	u := engine.Principal{Scope: "USER", UserID: "u1", Cloud: true}
	const plain = `{ tenant(order_by: {id: asc}) { id } }`
	const withVars = `query($n: Int, $s: String) { tenant(order_by: {id: asc}, limit: $n, where: {slug: {_neq: $s}}) { id } }`
	check := func(want string) {
		t.Helper()
		fx.check(t, u, plain, want)
		res := fx.e.Execute(context.Background(), &engine.Request{Principal: u}, engine.Params{Query: withVars, RawVariables: json.RawMessage(`{"n": 5, "s": "none"}`)})
		if len(res.Errors) > 0 || compact(t, res.Data) != want {
			t.Fatalf("with variables: %s %v, want %s", res.Data, res.Errors, want)
		}
	}
	one := `{"tenant":[{"id":"` + T1 + `"}]}`
	both := `{"tenant":[{"id":"` + T1 + `"},{"id":"` + T2 + `"}]}`
	check(one)
	check(one)
	mu.Lock()
	members = []string{T1, T2}
	mu.Unlock()
	check(both)
	mu.Lock()
	members = []string{T2}
	mu.Unlock()
	check(`{"tenant":[{"id":"` + T2 + `"}]}`)
	mu.Lock()
	members = nil
	mu.Unlock()
	check(`{"tenant":[]}`)
}
