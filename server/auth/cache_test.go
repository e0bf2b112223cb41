package auth_test

import (
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server/auth"
)

// The service caches verified credentials, roles and memberships (cache.go). These
// tests warm the cache with a request, change the auth tables by hand, as another
// server on the same file or an operator would (bypassing the service), and expect the
// very next request to see the change.

const sessionRoleQ = `{ auth_info { tenant_id } user { memberships { tenant_id role } } }`

func (c *cloud) exec(query string, args ...any) {
	c.t.Helper()
	if _, err := c.srv.DB.Exec(query, args...); err != nil {
		c.t.Fatal(err)
	}
}

func TestCachedCredentialsSeeRevocationAtOnce(t *testing.T) {
	c := newCloud(t, time.Hour)
	access, _ := c.login(c.user(), prodID)
	admin := cred{name: "admin", bearer: access}
	tokID, tok := c.createToken(admin, "ci", "TENANT")
	uid := getStr(c.ok(c.user(), authInfoQ, nil), "auth_info", "user_id")
	key := getStr(c.ok(c.user(), createKeyQ, map[string]any{"u": uid, "n": "k", "t": prodID}), "create_api_key", "key")

	creds := map[string]cred{
		"token":  {name: "TENANT token", bearer: tok},
		"key":    {name: "API key", bearer: key, tenant: stagingID},
		"access": admin,
	}
	for _, cr := range creds {
		c.ok(cr, runsQ, nil)
		c.ok(cr, runsQ, nil)
	}
	c.exec(`DELETE FROM cloud_api_token WHERE id = ?`, tokID)
	c.fails(creds["token"], "UNAUTHENTICATED", runsQ, nil)
	c.exec(`DELETE FROM cloud_api_key WHERE user_id = ?`, uid)
	c.fails(creds["key"], "UNAUTHENTICATED", runsQ, nil)
	c.exec(`UPDATE cloud_session SET revoked = 1 WHERE tenant_id = ?`, prodID)
	c.fails(creds["access"], "UNAUTHENTICATED", runsQ, nil)
	// The USER token was not touched.
	c.ok(c.user(), tenantsQ, nil)
}

func TestCachedRolesAndMembershipsFollowTheStore(t *testing.T) {
	c := newCloud(t, time.Hour)
	access, _ := c.login(c.user(), prodID)
	admin := cred{name: "production admin", bearer: access}
	tok := cred{name: "TENANT token"}
	_, tok.bearer = c.createToken(admin, "ci", "TENANT")
	for range 2 {
		c.createToken(admin, "runner", "RUNNER")
		c.ok(tok, runsQ, nil)
		if n := len(c.ok(c.user(), tenantsQ, nil)["tenant"].([]any)); n != 3 {
			t.Fatalf("USER token sees %d tenants, want 3", n)
		}
		c.ok(admin, sessionRoleQ, nil)
	}

	// Demoted by hand: the next mutation is refused, and every read shows the role.
	c.exec(`UPDATE cloud_membership SET role = ? WHERE tenant_id = ? AND user_id = ?`, auth.RoleReadOnly, prodID, auth.DemoUserID)
	c.fails(admin, "FORBIDDEN", createTokenQ, map[string]any{"n": "r", "s": "RUNNER"})
	c.fails(tok, "FORBIDDEN", createTokenQ, map[string]any{"n": "r", "s": "RUNNER"})
	d := c.ok(admin, sessionRoleQ, nil)
	found := false
	users, _ := d["user"].([]any)
	if len(users) != 1 {
		t.Fatalf("user = %v", d)
	}
	for _, m := range get(users[0], "memberships").([]any) {
		if getStr(m, "tenant_id") == prodID {
			found = true
			if r := getStr(m, "role"); r != auth.RoleReadOnly {
				t.Fatalf("role after demotion = %s", r)
			}
		}
	}
	if !found {
		t.Fatalf("memberships = %v", d)
	}
	perms := c.ok(admin, `{ auth_info { permissions } }`, nil)
	if p := get(perms, "auth_info", "permissions").([]any); len(p) != 1 || p[0] != "read" {
		t.Fatalf("permissions after demotion = %v", p)
	}

	// Removed by hand: the tenant's credentials stop working, and the USER token no
	// longer lists the tenant.
	c.exec(`DELETE FROM cloud_membership WHERE tenant_id = ? AND user_id = ?`, prodID, auth.DemoUserID)
	c.fails(admin, "UNAUTHENTICATED", runsQ, nil)
	c.fails(tok, "UNAUTHENTICATED", runsQ, nil)
	ts := c.ok(c.user(), tenantsQ, nil)["tenant"].([]any)
	for _, tn := range ts {
		if getStr(tn, "id") == prodID {
			t.Fatalf("USER token still lists production: %v", ts)
		}
	}
	if len(ts) != 2 {
		t.Fatalf("USER token sees %v", ts)
	}
}

func TestCachedTokenExpires(t *testing.T) {
	c := newCloud(t, time.Hour)
	access, _ := c.login(c.user(), prodID)
	exp := c.clock.Now().Add(90 * time.Second).Format(time.RFC3339)
	d := c.ok(cred{name: "admin", bearer: access}, `mutation($e: DateTime) { create_api_token(input: {name: "short", scope: TENANT, expires_at: $e}) { token } }`,
		map[string]any{"e": exp})
	tok := cred{name: "short-lived", bearer: getStr(d, "create_api_token", "token")}
	c.ok(tok, runsQ, nil)
	c.clock.Advance(80 * time.Second)
	c.ok(tok, runsQ, nil)
	c.clock.Advance(10 * time.Second)
	r := c.fails(tok, "UNAUTHENTICATED", runsQ, nil)
	if !strings.Contains(r.msg(), "expired") {
		t.Fatalf("expired token: %s", r.msg())
	}
}

// Using a token writes its last_used (at most once a minute), which must not count as
// a change of the auth tables, or every request would empty the cache.
func TestTouchingATokenKeepsTheCache(t *testing.T) {
	c := newCloud(t, time.Hour)
	version := func() (n int64) {
		t.Helper()
		if err := c.srv.DB.QueryRow(`SELECT n FROM cloud_auth_version`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	c.ok(c.user(), tenantsQ, nil)
	before := version()
	var used1, used2 string
	lastUsed := func() (s string) {
		t.Helper()
		if err := c.srv.DB.QueryRow(`SELECT coalesce(last_used, '') FROM cloud_api_token WHERE scope = 'USER' AND user_id = ? ORDER BY created LIMIT 1`, auth.DemoUserID).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	c.clock.Advance(2 * time.Minute)
	c.ok(c.user(), tenantsQ, nil)
	used1 = lastUsed()
	c.clock.Advance(2 * time.Minute)
	c.ok(c.user(), tenantsQ, nil)
	used2 = lastUsed()
	if used1 == "" || used2 <= used1 {
		t.Fatalf("last_used %q then %q: not written on use", used1, used2)
	}
	if after := version(); after != before {
		t.Fatalf("touching a token changed the auth version %d → %d", before, after)
	}
}
