package engine_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/prefect-tui/prefect-tui/server/engine"
)

// TestStatementCache: a request of a shape already seen reuses its compiled
// statement, bound to this request's values: other values give other rows, other
// shapes (keys, list lengths, nulls, enum and Boolean values, tenants) compile anew,
// and a bad value still fails.
func TestStatementCache(t *testing.T) {
	fx := newFixture(t)
	const q = `query($s: String, $n: Int, $dir: order_by = asc, $tn: Boolean = false) {
  flow_run(where: {state: {_eq: $s}}, order_by: {name: $dir}, limit: $n) { name }
  flow_run_aggregate(where: {state: {_eq: $s}}) @include(if: $tn) { aggregate { count } } }`
	run := func(vars map[string]any, want string) {
		t.Helper()
		if got := fx.data(t, q, vars); got != want {
			t.Errorf("%v:\n got %s\nwant %s", vars, got, want)
		}
	}
	run(map[string]any{"s": "Failed", "n": 10}, `{"flow_run":[{"name":"Beta-run"},{"name":"delta.run"}]}`)
	compiled := engine.CachedStatements(fx.e)
	run(map[string]any{"s": "Success", "n": 10}, `{"flow_run":[{"name":"alpha-run"},{"name":"other-run"}]}`)
	run(map[string]any{"s": "Failed", "n": 1}, `{"flow_run":[{"name":"Beta-run"}]}`)
	if n := engine.CachedStatements(fx.e); n != compiled {
		t.Errorf("same shape, other values: %d statements, want %d", n, compiled)
	}
	// Other shapes: an enum value, a null, a Boolean that includes a field.
	run(map[string]any{"s": "Failed", "n": 10, "dir": "desc"}, `{"flow_run":[{"name":"delta.run"},{"name":"Beta-run"}]}`)
	run(map[string]any{"s": nil, "n": 2}, `{"flow_run":[{"name":"Beta-run"},{"name":"alpha-run"}]}`)
	run(map[string]any{"s": "Running", "n": 5, "tn": true}, `{"flow_run":[{"name":"gamma_run"}],"flow_run_aggregate":{"aggregate":{"count":1}}}`)
	if n := engine.CachedStatements(fx.e); n <= compiled {
		t.Errorf("other shapes compiled no statement (%d)", n)
	}
	// A cached statement still checks its values.
	if got := fx.errs(t, noPrincipal, q, map[string]any{"s": "Failed", "n": -1}); len(got) != 1 || !strings.Contains(got[0], `"limit" must not be negative`) {
		t.Errorf("negative limit: %v", got)
	}
	const byID = `query($id: uuid!) { flow_run_by_pk(id: $id) { name } }`
	if got := fx.data(t, byID, map[string]any{"id": R2}); got != `{"flow_run_by_pk":{"name":"Beta-run"}}` {
		t.Errorf("by pk: %s", got)
	}
	if got := fx.errs(t, noPrincipal, byID, map[string]any{"id": "nope"}); len(got) != 1 || !strings.HasPrefix(got[0], "data-exception: invalid input syntax for type uuid") {
		t.Errorf("bad uuid: %v", got)
	}
	if got := fx.data(t, byID, map[string]any{"id": strings.ToUpper(R5)}); got != `{"flow_run_by_pk":{"name":"delta.run"}}` {
		t.Errorf("upper-case uuid: %s", got)
	}
}

// TestStatementCacheLists: _in lists of any length, short ones inline and long ones
// as one JSON parameter, and jsonb values, each bound per request.
func TestStatementCacheLists(t *testing.T) {
	fx := newFixture(t)
	const q = `query($ids: [uuid!], $l: jsonb) { flow_run(where: {id: {_in: $ids}, labels: {_contains: $l}}, order_by: {id: asc}) { id } }`
	ids := func(list ...string) []any {
		out := make([]any, len(list))
		for i, s := range list {
			out[i] = s
		}
		return out
	}
	long := ids(R3)
	for i := 0; i < 100; i++ {
		long = append(long, fmt.Sprintf("e0000000-0000-0000-0000-1%011d", i))
	}
	for _, c := range []struct {
		ids    []any
		labels any
		want   string
	}{
		{ids(R1, R4, R6), []any{"prod"}, `[{"id":"` + R1 + `"},{"id":"` + R4 + `"}]`},
		{ids(R1, R4, R6), []any{"dev"}, `[]`},
		{ids(R2, R4, R5), []any{"dev"}, `[{"id":"` + R2 + `"}]`},
		{ids(R1, R5), []any{"prod", "us"}, `[{"id":"` + R5 + `"}]`},
		{ids(R1, R5), map[string]any{}, `[]`},
		{ids(R1, R5), []any{}, `[{"id":"` + R1 + `"},{"id":"` + R5 + `"}]`},
		{long, []any{}, `[{"id":"` + R3 + `"}]`},
		{append(long, R1), []any{"eu"}, `[{"id":"` + R1 + `"}]`},
	} {
		got := fx.data(t, q, map[string]any{"ids": c.ids, "l": c.labels})
		if want := `{"flow_run":` + c.want + `}`; got != want {
			t.Errorf("%d ids, labels %v:\n got %s\nwant %s", len(c.ids), c.labels, got, want)
		}
	}
	bad := append(ids(R1), "x")
	if got := fx.errs(t, noPrincipal, q, map[string]any{"ids": bad, "l": []any{}}); len(got) != 1 || !strings.Contains(got[0], "uuid") {
		t.Errorf("bad uuid in a list: %v", got)
	}
}

// TestStatementCachePrincipals: the same request for principals of the same kind
// reads each one's own rows: tenant ids and row policy values are bound per request.
func TestStatementCachePrincipals(t *testing.T) {
	fx := cloudFixture(t, func(p engine.Principal, table string) (map[string]any, bool) {
		return map[string]any{"user_id": map[string]any{"_eq": p.UserID}}, table == "api_token" || table == "membership"
	})
	const q = `{ flow_run(order_by: {name: asc}) { name } api_token(order_by: {name: asc}) { name } membership { tenant_id } }`
	ann := engine.Principal{Cloud: true, UserID: U1, TenantID: T1, Scope: "ACCESS"}
	bob := engine.Principal{Cloud: true, UserID: U2, TenantID: T2, Scope: "ACCESS"}
	fx.check(t, ann, q, `{"flow_run":[{"name":"Beta-run"},{"name":"alpha-run"},{"name":"delta.run"},{"name":"gamma_run"},{"name":null}],"api_token":[{"name":"ann-ci"}],"membership":[{"tenant_id":"`+T1+`"},{"tenant_id":"`+T2+`"}]}`)
	fx.check(t, bob, q, `{"flow_run":[{"name":"other-run"}],"api_token":[{"name":"bob-ci"},{"name":"bob-other"}],"membership":[{"tenant_id":"`+T1+`"}]}`)
	fx.check(t, ann, q, `{"flow_run":[{"name":"Beta-run"},{"name":"alpha-run"},{"name":"delta.run"},{"name":"gamma_run"},{"name":null}],"api_token":[{"name":"ann-ci"}],"membership":[{"tenant_id":"`+T1+`"},{"tenant_id":"`+T2+`"}]}`)
}

// TestStatementCacheConcurrent: requests of one shape running at once each get their
// own rows.
func TestStatementCacheConcurrent(t *testing.T) {
	fx := newFixture(t)
	const q = `query($id: uuid!) { flow_run_by_pk(id: $id) { id } }`
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				id := []string{R1, R2, R3, R4, R5, R6}[(i+j)%6]
				res := fx.exec(t, noPrincipal, q, map[string]any{"id": id})
				if want := `{"flow_run_by_pk":{"id":"` + id + `"}}`; len(res.Errors) > 0 || compact(t, res.Data) != want {
					t.Errorf("got %s %v, want %s", res.Data, res.Errors, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestStatementCacheMembers: principals whose tenant rows are their user's memberships
// share the statement of one shape, each bound to its own memberships and its own
// current tenant: a cached statement never shows one user another's tenants or data.
func TestStatementCacheMembers(t *testing.T) {
	fx := newFixture(t, engine.WithUserTenants(func(_ context.Context, userID string) []string {
		switch userID {
		case "u1":
			return []string{T1}
		case "u2":
			return []string{T2}
		}
		return nil
	}))
	const tenants = `{ tenant { id } tenant_aggregate { aggregate { count } nodes { id } } }`
	const flows = `{ tenant { id } flow_aggregate { aggregate { count } } }`
	u1 := engine.Principal{Scope: "USER", UserID: "u1", Cloud: true}
	u2 := engine.Principal{Scope: "USER", UserID: "u2", Cloud: true}
	a1 := engine.Principal{Scope: "ACCESS", UserID: "u1", TenantID: T1, Role: "USER", Cloud: true}
	a2 := engine.Principal{Scope: "ACCESS", UserID: "u2", TenantID: T2, Role: "USER", Cloud: true}
	n1, n2 := flowCount(t, fx, T1), flowCount(t, fx, T2)
	var compiled int
	if n1 == n2 {
		t.Fatalf("both tenants have %d flows: the test would prove little", n1)
	}
	for i := range 2 {
		if i == 1 {
			compiled = engine.CachedStatements(fx.e)
		}
		fx.check(t, u1, tenants, `{"tenant":[{"id":"`+T1+`"}],"tenant_aggregate":{"aggregate":{"count":1},"nodes":[{"id":"`+T1+`"}]}}`)
		fx.check(t, u2, tenants, `{"tenant":[{"id":"`+T2+`"}],"tenant_aggregate":{"aggregate":{"count":1},"nodes":[{"id":"`+T2+`"}]}}`)
		fx.check(t, a1, flows, fmt.Sprintf(`{"tenant":[{"id":"%s"}],"flow_aggregate":{"aggregate":{"count":%d}}}`, T1, n1))
		fx.check(t, a2, flows, fmt.Sprintf(`{"tenant":[{"id":"%s"}],"flow_aggregate":{"aggregate":{"count":%d}}}`, T2, n2))
	}
	// u1 and u2, a1 and a2 have one shape: the second round compiled nothing.
	if n := engine.CachedStatements(fx.e); n != compiled {
		t.Errorf("same shapes: %d statements, want %d", n, compiled)
	}
	if compiled != 2 {
		t.Errorf("%d statements for two shapes of two root fields (one statement each), want 2", compiled)
	}
}

func flowCount(t *testing.T, fx *fixture, tenant string) int {
	t.Helper()
	var n int
	if err := fx.db.QueryRow(`SELECT count(*) FROM flow WHERE tenant_id = ?`, tenant).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestPatternEscapeIsShape: SQLite's LIKE is written with ESCAPE only for a pattern
// holding a backslash, so whether it holds one is shape: the same document with a
// pattern of each kind in turn answers as each pattern written in the document.
func TestPatternEscapeIsShape(t *testing.T) {
	fx := newFixture(t)
	addNamedRuns(t, fx)
	const q = `query($p: String) { flow_run(where: {name: {_ilike: $p}}, order_by: {name: asc}) { name } }`
	const lit = `{ flow_run(where: {name: {_ilike: %q}}, order_by: {name: asc}) { name } }`
	for _, p := range []string{`%bobcat%`, `%50\%\_off%`, `%b\obcat%`, `%run%`, `%a\_run%`, `%gamma_run%`, `%bobcat%`} {
		got := fx.data(t, q, map[string]any{"p": p})
		want := fx.data(t, fmt.Sprintf(lit, p), nil)
		if got != want || want == `{"flow_run":[]}` {
			t.Errorf("%q: got %s, want %s (not empty)", p, got, want)
		}
	}
}
