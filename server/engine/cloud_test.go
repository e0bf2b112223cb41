package engine_test

import (
	"context"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/server/engine"
)

const (
	U1 = "90000000-0000-0000-0000-000000000001"
	U2 = "90000000-0000-0000-0000-000000000002"
)

// cloudFixture is the fixture with two users, their memberships and tokens, read
// under policy.
func cloudFixture(t *testing.T, policy engine.RowPolicy) *fixture {
	t.Helper()
	// The users' tenants are their memberships, read when a request needs them.
	var fx *fixture
	opts := []engine.Option{engine.WithUserTenants(func(_ context.Context, userID string) []string {
		var ids []string
		rows, err := fx.db.Query(`SELECT tenant_id FROM cloud_membership WHERE user_id = ? ORDER BY tenant_id`, userID)
		if err != nil {
			t.Error(err)
			return nil
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			_ = rows.Scan(&id)
			ids = append(ids, id)
		}
		return ids
	})}
	if policy != nil {
		opts = append(opts, engine.WithRowPolicy(policy))
	}
	fx = newFixture(t, opts...)
	for _, stmt := range []string{
		`INSERT INTO cloud_user (id, username, created) VALUES ('` + U1 + `', 'ann', '2026'), ('` + U2 + `', 'bob', '2026')`,
		`INSERT INTO cloud_membership (id, tenant_id, user_id, role, created) VALUES
			('m1', '` + T1 + `', '` + U1 + `', 'USER', '2026'), ('m2', '` + T2 + `', '` + U1 + `', 'TENANT_ADMIN', '2026'),
			('m3', '` + T1 + `', '` + U2 + `', 'TENANT_ADMIN', '2026')`,
		`INSERT INTO cloud_api_token (id, name, scope, created, updated, tenant_id, user_id, token_hash) VALUES
			('k1', 'ann-ci', 'TENANT', '2026', '2026', '` + T1 + `', '` + U1 + `', 'h1'),
			('k2', 'bob-ci', 'TENANT', '2026', '2026', '` + T1 + `', '` + U2 + `', 'h2'),
			('k3', 'bob-other', 'TENANT', '2026', '2026', '` + T2 + `', '` + U2 + `', 'h3')`,
	} {
		if _, err := fx.db.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	return fx
}

// TestCloudTables: the Cloud tables are served by the compiler only to Cloud
// principals, under the row policy at every level, except through an Owner
// relationship (a token's creator); a policy with a null is refused, not widened.
func TestCloudTables(t *testing.T) {
	policy := func(p engine.Principal, table string) (map[string]any, bool) {
		switch table {
		case "user":
			return map[string]any{"id": map[string]any{"_eq": p.UserID}}, true
		case "membership":
			return map[string]any{"user_id": map[string]any{"_eq": p.UserID}, "tenant_id": map[string]any{"_eq": p.TenantID}}, true
		case "api_token":
			if p.Scope == "NULL" {
				return map[string]any{"tenant_id": map[string]any{"_eq": nil}}, true
			}
			return map[string]any{"tenant_id": map[string]any{"_eq": p.TenantID}}, true
		}
		return nil, false
	}
	fx := cloudFixture(t, policy)
	ann := engine.Principal{Cloud: true, UserID: U1, TenantID: T1, Scope: "ACCESS"}
	check := func(p engine.Principal, query, want string) { t.Helper(); fx.check(t, p, query, want) }
	check(ann, `{ user { username memberships { role tenant { slug } user { username } } } }`,
		`{"user":[{"username":"ann","memberships":[{"role":"USER","tenant":{"slug":"acme"},"user":{"username":"ann"}}]}]}`)
	check(ann, `{ api_token(order_by: {name: asc}) { name created_by { username memberships { role } } } }`,
		`{"api_token":[{"name":"ann-ci","created_by":{"username":"ann","memberships":[{"role":"USER"}]}},{"name":"bob-ci","created_by":{"username":"bob","memberships":[]}}]}`)
	check(ann, `{ api_token(where: {created_by: {username: {_eq: "bob"}}}, order_by: {created_by: {username: desc}}) { name } }`,
		`{"api_token":[{"name":"bob-ci"}]}`)
	check(ann, `{ user(where: {username: {_eq: "bob"}}) { id } membership(where: {user_id: {_eq: "`+U2+`"}}) { id } }`,
		`{"user":[],"membership":[]}`)
	check(engine.Principal{Cloud: true, UserID: U1, TenantID: T1, Scope: "OTHER"}, `{ auth_api_key { id } }`, `{"auth_api_key":[]}`)

	// Outside Cloud mode the Cloud tables answer that Cloud auth is off.
	if got := fx.errs(t, noPrincipal, `{ user { id } }`, nil); len(got) != 1 || got[0] != "API_ERROR: "+engine.CloudOnlyMessage {
		t.Errorf("Server mode: %v", got)
	}
	// A null in a policy would mean "no condition": it is an error instead.
	res := fx.exec(t, engine.Principal{Cloud: true, UserID: U1, TenantID: T1, Scope: "NULL"}, `{ api_token { name } }`, nil)
	if len(res.Errors) != 1 || res.Errors[0].Code() != engine.CodeInternal || strings.Contains(string(res.Data), "ci") {
		t.Errorf("null policy: %s %v", res.Data, res.Errors)
	}
	// Only list fields: no aggregate or by-pk root, no aggregate relationship.
	for _, q := range []string{`{ api_token_aggregate { aggregate { count } } }`, `{ user_by_pk(id: "` + U1 + `") { id } }`,
		`{ user { memberships_aggregate { aggregate { count } } } }`} {
		if got := fx.errs(t, ann, q, nil); len(got) != 1 || !strings.HasPrefix(got[0], "GRAPHQL_VALIDATION_FAILED") {
			t.Errorf("%s: %v", q, got)
		}
	}
	// Without a row policy a Cloud principal reads no row.
	bare := cloudFixture(t, nil)
	if got := compact(t, bare.exec(t, ann, `{ user { id } api_token { id } }`, nil).Data); got != `{"user":[],"api_token":[]}` {
		t.Errorf("no policy: %s", got)
	}
}
