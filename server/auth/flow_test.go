package auth_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server"
)

const tenantsQ = `{ tenant(order_by: {slug: asc}) { id slug } }`
const runsQ = `{ flow_run(limit: 500) { id tenant_id } flow_run_aggregate { aggregate { count } } }`
const authInfoQ = `{ auth_info { tenant_id user_id api_token_scope } }`

func TestUserTokenLoginAndTenantSwitch(t *testing.T) {
	c := newCloud(t, time.Minute)
	user := c.user()
	if user.bearer == "" {
		t.Fatal("no demo USER token")
	}
	info := c.ok(user, authInfoQ, nil)
	if get(info, "auth_info", "tenant_id") != nil || getStr(info, "auth_info", "api_token_scope") != "USER" {
		t.Fatalf("USER token auth_info = %v", info)
	}
	ts := c.ok(user, tenantsQ, nil)["tenant"].([]any)
	var slugs []string
	for _, x := range ts {
		slugs = append(slugs, getStr(x, "slug"))
	}
	if strings.Join(slugs, ",") != "production,sandbox,staging" {
		t.Fatalf("USER token tenants = %v", slugs)
	}
	// A USER token alone sees no tenant data.
	c.fails(user, "UNAUTHENTICATED", runsQ, nil)

	for _, tenant := range []string{prodID, stagingID} {
		access, _ := c.login(user, tenant)
		a := cred{name: "access", bearer: access}
		d := c.ok(a, runsQ, nil)
		runs := d["flow_run"].([]any)
		if len(runs) == 0 {
			t.Fatalf("tenant %s: no runs", tenant)
		}
		for _, r := range runs {
			if getStr(r, "tenant_id") != tenant {
				t.Fatalf("access token for %s saw a run of %s", tenant, getStr(r, "tenant_id"))
			}
		}
		info := c.ok(a, authInfoQ, nil)
		if getStr(info, "auth_info", "tenant_id") != tenant {
			t.Fatalf("auth_info tenant = %v", info)
		}
		// The tenant list is the user's, whatever tenant is current (Prefect's
		// list-tenants marks the current one in it).
		if ts := c.ok(a, tenantsQ, nil)["tenant"].([]any); len(ts) != 3 {
			t.Fatalf("access token sees tenants %v", ts)
		}
	}
	// The ops user is not a member of production.
	_, opsTok, err := c.srv.Auth.CreateToken(t.Context(), "5a1d3c7e-0000-4000-8000-00000000d002", "", "ops", "USER", nil)
	if err != nil {
		t.Fatal(err)
	}
	r := c.fails(cred{name: "ops", bearer: opsTok}, "FORBIDDEN", switchQ, map[string]any{"t": prodID})
	if !strings.Contains(r.msg(), "not a member") {
		t.Fatalf("switch to a foreign tenant: %s", r.msg())
	}
	if ts := c.ok(cred{name: "ops", bearer: opsTok}, tenantsQ, nil)["tenant"].([]any); len(ts) != 1 || getStr(ts[0], "id") != sandboxID {
		t.Fatalf("ops sees tenants %v", ts)
	}
}

const refreshQ = `mutation($a: String!) { refresh_token(input: {access_token: $a}) { access_token expires_at refresh_token } }`

func TestAccessTokenExpiryAndRefresh(t *testing.T) {
	ttl := 2 * time.Minute
	c := newCloud(t, ttl)
	access, refresh := c.login(c.user(), prodID)
	c.ok(cred{name: "fresh access", bearer: access}, runsQ, nil)

	c.clock.Advance(ttl + time.Second)
	r := c.fails(cred{name: "expired access", bearer: access}, "UNAUTHENTICATED", runsQ, nil)
	if !strings.Contains(r.msg(), "expired") {
		t.Fatalf("expired access token: %q", r.msg())
	}
	if strings.Contains(r.raw, access) {
		t.Fatal("error echoes the token")
	}
	// The refresh token is not an access token.
	c.fails(cred{name: "refresh as access", bearer: refresh}, "UNAUTHENTICATED", runsQ, nil)

	d := c.ok(cred{name: "refresh", bearer: refresh}, refreshQ, map[string]any{"a": access})
	access2, refresh2 := getStr(d, "refresh_token", "access_token"), getStr(d, "refresh_token", "refresh_token")
	if access2 == "" || access2 == access || refresh2 == refresh {
		t.Fatal("refresh did not rotate the tokens")
	}
	exp, err := time.Parse(time.RFC3339, getStr(d, "refresh_token", "expires_at"))
	if err != nil || exp.Sub(c.clock.Now()) != ttl {
		t.Fatalf("expires_at = %v (%v), want now + %s", exp, err, ttl)
	}
	c.ok(cred{name: "refreshed access", bearer: access2}, runsQ, nil)

	// Replaying the rotated-out refresh token ends the session.
	c.fails(cred{name: "replayed refresh", bearer: refresh}, "UNAUTHENTICATED", refreshQ, map[string]any{"a": access2})
	c.fails(cred{name: "access after replay", bearer: access2}, "UNAUTHENTICATED", runsQ, nil)
}

const logOutQ = `mutation($a: String) { log_out(input: {access_token: $a}) { success } }`

func TestLogOutEndsTheSession(t *testing.T) {
	c := newCloud(t, time.Minute)
	access, refresh := c.login(c.user(), stagingID)
	c.ok(cred{name: "access", bearer: access}, runsQ, nil)
	d := c.ok(cred{name: "refresh", bearer: refresh}, logOutQ, map[string]any{"a": access})
	if get(d, "log_out", "success") != true {
		t.Fatalf("log_out = %v", d)
	}
	c.fails(cred{name: "access after log_out", bearer: access}, "UNAUTHENTICATED", runsQ, nil)
	c.fails(cred{name: "refresh after log_out", bearer: refresh}, "UNAUTHENTICATED", refreshQ, map[string]any{"a": access})
	// The USER token itself stays valid.
	c.login(c.user(), stagingID)
}

func TestTenantAndRunnerTokens(t *testing.T) {
	c := newCloud(t, time.Minute)
	prodAccess, _ := c.login(c.user(), prodID)
	admin := cred{name: "production admin", bearer: prodAccess}
	_, tenantTok := c.createToken(admin, "ci", "TENANT")
	_, runnerTok := c.createToken(admin, "agent", "RUNNER")
	for _, tok := range []struct{ name, secret, scope string }{{"TENANT", tenantTok, "TENANT"}, {"RUNNER", runnerTok, "RUNNER"}} {
		cr := cred{name: tok.name, bearer: tok.secret}
		info := c.ok(cr, authInfoQ, nil)
		if getStr(info, "auth_info", "tenant_id") != prodID || getStr(info, "auth_info", "api_token_scope") != tok.scope {
			t.Fatalf("%s auth_info = %v", tok.name, info)
		}
		for _, r := range c.ok(cr, runsQ, nil)["flow_run"].([]any) {
			if getStr(r, "tenant_id") != prodID {
				t.Fatalf("%s token saw another tenant", tok.name)
			}
		}
		// Tenant tokens cannot mint credentials or log in elsewhere.
		c.fails(cr, "FORBIDDEN", createTokenQ, map[string]any{"n": "x", "s": "USER"})
		c.fails(cr, "UNAUTHENTICATED", switchQ, map[string]any{"t": stagingID})
	}
	// The token list shows them without secrets.
	d := c.ok(admin, `{ api_token(where: {scope: {_in: ["TENANT", "RUNNER"]}}, order_by: {name: asc}) { id name scope tenant_id created_by { username } } }`, nil)
	list := d["api_token"].([]any)
	if len(list) != 2 || getStr(list[0], "name") != "agent" || getStr(list[1], "name") != "ci" ||
		getStr(list[0], "created_by", "username") != "demo" {
		t.Fatalf("api_token = %v", list)
	}
	raw := c.do(admin, `{ api_token { id name } }`, nil).raw
	if strings.Contains(raw, tenantTok) || strings.Contains(raw, runnerTok) {
		t.Fatal("api_token listing leaks a secret")
	}
	// RUNNER tokens only by admins; read-only members create no tenant tokens.
	stAccess, _ := c.login(c.user(), stagingID)
	r := c.fails(cred{name: "staging member", bearer: stAccess}, "FORBIDDEN", createTokenQ, map[string]any{"n": "r", "s": "RUNNER"})
	if !strings.Contains(r.msg(), "admins") {
		t.Fatalf("RUNNER by a member: %s", r.msg())
	}
	c.createToken(cred{name: "staging member", bearer: stAccess}, "t", "TENANT")
	sbAccess, _ := c.login(c.user(), sandboxID)
	c.fails(cred{name: "sandbox read-only", bearer: sbAccess}, "FORBIDDEN", createTokenQ, map[string]any{"n": "t", "s": "TENANT"})
	// A USER token has no tenant to give a TENANT token.
	c.fails(c.user(), "FORBIDDEN", createTokenQ, map[string]any{"n": "t", "s": "TENANT"})

	// Revoking: the token stops working at once.
	id := getStr(list[1], "id")
	c.ok(admin, `mutation($id: UUID!) { delete_api_token(input: {token_id: $id}) { success } }`, map[string]any{"id": id})
	c.fails(cred{name: "revoked", bearer: tenantTok}, "UNAUTHENTICATED", runsQ, nil)
	// Another tenant's admin cannot revoke production's tokens.
	runnerID := getStr(list[0], "id")
	c.fails(cred{name: "staging", bearer: stAccess}, "NOT_FOUND", `mutation($id: UUID!) { delete_api_token(input: {token_id: $id}) { success } }`, map[string]any{"id": runnerID})
	c.ok(cred{name: "RUNNER still", bearer: runnerTok}, runsQ, nil)
}

func TestUserTokensRevokeEndsTheirLogins(t *testing.T) {
	c := newCloud(t, time.Minute)
	id, tok := c.createToken(c.user(), "laptop", "USER")
	access, _ := c.login(cred{name: "laptop", bearer: tok}, prodID)
	c.ok(cred{name: "laptop access", bearer: access}, runsQ, nil)
	c.ok(c.user(), `mutation($id: UUID!) { delete_api_token(input: {token_id: $id}) { success } }`, map[string]any{"id": id})
	c.fails(cred{name: "deleted token", bearer: tok}, "UNAUTHENTICATED", tenantsQ, nil)
	c.fails(cred{name: "its access token", bearer: access}, "UNAUTHENTICATED", runsQ, nil)
}

const createKeyQ = `mutation($u: UUID!, $n: String!, $t: UUID) { create_api_key(input: {user_id: $u, name: $n, default_tenant_id: $t}) { id key } }`

func TestAPIKeyWithTenantHeader(t *testing.T) {
	c := newCloud(t, time.Minute)
	uid := getStr(c.ok(c.user(), authInfoQ, nil), "auth_info", "user_id")
	d := c.ok(c.user(), createKeyQ, map[string]any{"u": uid, "n": "laptop", "t": stagingID})
	key := getStr(d, "create_api_key", "key")
	if key == "" {
		t.Fatal("no key")
	}
	bare := cred{name: "key without header", bearer: key}
	if got := getStr(c.ok(bare, authInfoQ, nil), "auth_info", "tenant_id"); got != stagingID {
		t.Fatalf("key default tenant = %q", got)
	}
	// Without the header a key acts in its default tenant (Prefect's client sends
	// none until it knows the tenant); it lists all of its user's tenants.
	if ts := c.ok(bare, tenantsQ, nil)["tenant"].([]any); len(ts) != 3 {
		t.Fatalf("key sees %d tenants", len(ts))
	}
	for _, r := range c.ok(bare, runsQ, nil)["flow_run"].([]any) {
		if getStr(r, "tenant_id") != stagingID {
			t.Fatal("key without header saw a run outside its default tenant")
		}
	}
	for _, tenant := range []string{stagingID, prodID} {
		k := cred{name: "key+" + tenant, bearer: key, tenant: tenant}
		for _, r := range c.ok(k, runsQ, nil)["flow_run"].([]any) {
			if getStr(r, "tenant_id") != tenant {
				t.Fatal("key saw another tenant's run")
			}
		}
	}
	// The ops user's key is refused for production.
	opsKeyID, opsKey, err := c.srv.Auth.CreateKey(t.Context(), "5a1d3c7e-0000-4000-8000-00000000d002", "ops", "", nil)
	if err != nil || opsKeyID == "" {
		t.Fatal(err)
	}
	c.fails(cred{name: "ops key in production", bearer: opsKey, tenant: prodID}, "UNAUTHENTICATED", runsQ, nil)
	c.fails(cred{name: "bad header", bearer: key, tenant: "not-a-uuid"}, "UNAUTHENTICATED", runsQ, nil)
	// Keys cannot be made for someone else; listing and deleting.
	c.fails(c.user(), "FORBIDDEN", createKeyQ, map[string]any{"u": "5a1d3c7e-0000-4000-8000-00000000d002", "n": "x"})
	keys := c.ok(c.user(), `{ auth_api_key(order_by: {created: desc}) { id name default_tenant_id } }`, nil)["auth_api_key"].([]any)
	if len(keys) != 1 || getStr(keys[0], "name") != "laptop" {
		t.Fatalf("auth_api_key = %v", keys)
	}
	c.ok(c.user(), `mutation($id: UUID!) { delete_api_key(input: {key_id: $id}) { success } }`, map[string]any{"id": getStr(keys[0], "id")})
	c.fails(bare, "UNAUTHENTICATED", authInfoQ, nil)
}

func TestBadAndExpiredCredentials(t *testing.T) {
	c := newCloud(t, time.Minute)
	for _, cr := range []cred{
		{name: "none"},
		{name: "not bearer", header: "Basic abc"},
		{name: "empty bearer", header: "Bearer "},
		{name: "garbage", bearer: "garbage"},
		{name: "unknown token", bearer: "pct_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
		{name: "unknown key", bearer: "pck_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
		{name: "forged jwt", bearer: "eyJhbGciOiJIUzI1NiJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIn0.c2lnbmF0dXJl"},
	} {
		r := c.fails(cr, "UNAUTHENTICATED", tenantsQ, nil)
		if cr.bearer != "" && strings.Contains(r.raw, cr.bearer) {
			t.Fatalf("%s: error echoes the credential", cr.name)
		}
	}
	// An API token past its expires_at.
	exp := c.clock.Now().Add(time.Hour)
	_, tok, err := c.srv.Auth.CreateToken(t.Context(), "5a1d3c7e-0000-4000-8000-00000000d001", "", "short", "USER", &exp)
	if err != nil {
		t.Fatal(err)
	}
	c.ok(cred{name: "valid", bearer: tok}, tenantsQ, nil)
	c.clock.Advance(2 * time.Hour)
	r := c.fails(cred{name: "expired token", bearer: tok}, "UNAUTHENTICATED", tenantsQ, nil)
	if !strings.Contains(r.msg(), "expired") {
		t.Fatalf("expired token: %s", r.msg())
	}
	// SSO log_in is refused clearly.
	r = c.fails(c.user(), "NOT_SUPPORTED", `mutation { log_in(input: {id_token: "x"}) { access_token } }`, nil)
	if !strings.Contains(r.msg(), "not available") {
		t.Fatalf("log_in: %s", r.msg())
	}
}

func TestServerModeHasNoAuth(t *testing.T) {
	s, err := server.New(server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := &cloud{t: t, srv: s}
	hs := newHTTP(t, s)
	c.url = hs + "/graphql"
	c.ok(cred{name: "anonymous"}, tenantsQ, nil)
	r := c.fails(cred{name: "anonymous"}, "API_ERROR", authInfoQ, nil)
	if !strings.Contains(r.msg(), "Server mode") {
		t.Fatalf("auth_info in Server mode: %s", r.msg())
	}
	c.fails(cred{name: "anonymous"}, "API_ERROR", createTokenQ, map[string]any{"n": "x", "s": "USER"})
}

func TestTokenFileIs0600(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "token")
	s, err := server.New(server.Options{Cloud: true, Seed: "demo", Scale: 5, TokenFile: path})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("token file mode %o", fi.Mode().Perm())
	}
	b, _ := os.ReadFile(path)
	if strings.TrimSpace(string(b)) != s.DemoUserToken() {
		t.Fatal("token file does not hold the demo token")
	}
	var hash string
	if err := s.DB.QueryRow(`SELECT token_hash FROM cloud_api_token WHERE name = 'demo login'`).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(hash, s.DemoUserToken()) || len(hash) != 64 {
		t.Fatal("token not stored as a sha256 hash")
	}
}
