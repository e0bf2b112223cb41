package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/auth"
	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/servertest"
)

type cloudAPI struct {
	srv   *server.Server
	base  *api.Client
	clock *servertest.Clock
}

func startCloud(t *testing.T, ttl time.Duration) *cloudAPI {
	t.Helper()
	clk := servertest.NewClock(time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC))
	s, url := servertest.Start(t, servertest.Options{
		Demo:   seed.DemoOptions{Runs: 20},
		Server: server.Options{Cloud: true, AccessTokenTTL: ttl, Now: clk.Now},
	})
	base := api.NewClient(api.ClientOptions{Endpoint: url + "/graphql", Retry: api.RetryPolicy{MaxAttempts: 1}})
	return &cloudAPI{srv: s, base: base, clock: clk}
}

// runTenants returns the tenant ids of the flow runs a client sees.
func runTenants(t *testing.T, c *api.Client) (map[string]int, error) {
	t.Helper()
	res, err := api.Run(context.Background(), c, `{ flow_run(limit: 200) { tenant_id } }`, nil, "")
	if err != nil {
		return nil, err
	}
	if len(res.Errors) > 0 {
		return nil, res.Errors
	}
	s := string(res.Data)
	out := map[string]int{}
	for _, id := range []string{server.CloudDemoTenants[0].ID, server.CloudDemoTenants[1].ID, server.CloudDemoTenants[2].ID} {
		if n := strings.Count(s, id); n > 0 {
			out[id] = n
		}
	}
	return out, nil
}

func TestUserTokenFlow(t *testing.T) {
	ttl := 2 * time.Minute
	c := startCloud(t, ttl)
	ctx := context.Background()
	l, err := auth.Connect(ctx, c.base, auth.Credential{Kind: auth.KindToken, Secret: c.srv.DemoUserToken(), Source: "test"}, c.clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	if l.Scope != "USER" || l.TenantID != "" || !l.CanSwitch() {
		t.Fatalf("login = %+v", l)
	}
	if !strings.HasPrefix(l.Identity(), "USER token …") || strings.Contains(l.Identity(), c.srv.DemoUserToken()) {
		t.Fatalf("identity = %q", l.Identity())
	}
	ts, err := l.Tenants(ctx)
	if err != nil || len(ts) != 3 {
		t.Fatalf("tenants = %v, %v", ts, err)
	}
	roles := map[string]string{}
	for _, x := range ts {
		roles[x.Slug] = x.Role
	}
	if roles["production"] != "TENANT_ADMIN" || roles["sandbox"] != "READ_ONLY_USER" {
		t.Fatalf("roles = %v", roles)
	}
	// Without a tenant, no data.
	if _, err := runTenants(t, l.Client()); !api.IsUnauthenticated(err) {
		t.Fatalf("tenant-less USER token read runs: %v", err)
	}
	prod, err := l.FindTenant(ctx, "production", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Switch(ctx, prod); err != nil {
		t.Fatal(err)
	}
	client := l.Client()
	got, err := runTenants(t, client)
	if err != nil || len(got) != 1 || got[prod.ID] == 0 {
		t.Fatalf("production runs: %v %v", got, err)
	}
	ut := l.UserToken()
	n := ut.Renewals()

	// 30 s before expiry the next request refreshes first.
	c.clock.Advance(ttl - 20*time.Second)
	if _, err := runTenants(t, client); err != nil {
		t.Fatal(err)
	}
	if ut.Renewals() != n+1 {
		t.Fatalf("no refresh before expiry: %d renewals", ut.Renewals()-n)
	}
	if !ut.ExpiresAt().After(c.clock.Now().Add(time.Minute)) {
		t.Fatalf("refreshed token expires at %v", ut.ExpiresAt())
	}

	// The server alone moves past the expiry (clock skew): the answer is UNAUTHENTICATED,
	// the client refreshes once and retries.
	skewed := servertest.NewClock(c.clock.Now())
	l2, err := auth.Connect(ctx, c.base, auth.Credential{Kind: auth.KindToken, Secret: c.srv.DemoUserToken(), TenantID: prod.ID}, skewed.Now)
	if err != nil {
		t.Fatal(err)
	}
	client2 := l2.Client()
	c.clock.Advance(ttl + time.Second)
	before := l2.UserToken().Renewals()
	if _, err := runTenants(t, client2); err != nil {
		t.Fatalf("request after server-side expiry: %v", err)
	}
	if l2.UserToken().Renewals() != before+1 {
		t.Fatal("no refresh after UNAUTHENTICATED")
	}

	// Switching tenant: the old client stops, the new one sees only staging.
	staging, _ := l.FindTenant(ctx, "", server.CloudDemoTenants[1].ID)
	if err := l.Switch(ctx, staging); err != nil {
		t.Fatal(err)
	}
	if _, err := runTenants(t, client); !errors.Is(err, auth.ErrLoggedOut) {
		t.Fatalf("old client after switch: %v", err)
	}
	got, err = runTenants(t, l.Client())
	if err != nil || len(got) != 1 || got[staging.ID] == 0 {
		t.Fatalf("staging runs: %v %v", got, err)
	}
	// Logging out ends the session on the server too.
	if err := l.LogOut(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := runTenants(t, l.Client()); !errors.Is(err, auth.ErrLoggedOut) {
		t.Fatalf("after logout: %v", err)
	}
}

func TestAPIKeyAndTenantTokenLogins(t *testing.T) {
	c := startCloud(t, time.Minute)
	ctx := context.Background()
	user, _ := auth.Connect(ctx, c.base, auth.Credential{Kind: auth.KindToken, Secret: c.srv.DemoUserToken()}, c.clock.Now)
	sandbox := server.CloudDemoTenants[2].ID
	_, key, err := c.srv.Auth.CreateKey(ctx, user.UserID, "k", sandbox, nil)
	if err != nil {
		t.Fatal(err)
	}
	kl, err := auth.Connect(ctx, c.base, auth.Credential{Kind: auth.KindAPIKey, Secret: key}, c.clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	if kl.TenantID != sandbox || kl.TenantSlug != "sandbox" || kl.Scope != "API_KEY" {
		t.Fatalf("key login = %+v", kl)
	}
	if got, err := runTenants(t, kl.Client()); err != nil || len(got) != 1 || got[sandbox] == 0 {
		t.Fatalf("key runs: %v %v", got, err)
	}
	prod, err := kl.FindTenant(ctx, "production", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := kl.Switch(ctx, prod); err != nil {
		t.Fatal(err)
	}
	if got, _ := runTenants(t, kl.Client()); len(got) != 1 || got[prod.ID] == 0 {
		t.Fatalf("key runs after switch: %v", got)
	}

	_, tok, err := c.srv.Auth.CreateToken(ctx, user.UserID, prod.ID, "ci", "TENANT", nil)
	if err != nil {
		t.Fatal(err)
	}
	tl, err := auth.Connect(ctx, c.base, auth.Credential{Kind: auth.KindToken, Secret: tok}, c.clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	if tl.Scope != "TENANT" || tl.TenantSlug != "production" || tl.CanSwitch() {
		t.Fatalf("TENANT login = %+v", tl)
	}
	if err := tl.Switch(ctx, auth.Tenant{ID: sandbox}); err == nil {
		t.Fatal("a TENANT token switched tenant")
	}
}

func TestBadCredentialsSayWhyWithoutTheSecret(t *testing.T) {
	c := startCloud(t, time.Minute)
	for _, cr := range []auth.Credential{
		{Kind: auth.KindToken, Secret: "pct_thisisnotarealtokenXYZW"},
		{Kind: auth.KindAPIKey, Secret: "pck_thisisnotarealkeyXYZW"},
	} {
		_, err := auth.Connect(context.Background(), c.base, cr, c.clock.Now)
		if err == nil {
			t.Fatalf("%s accepted", cr.Kind)
		}
		msg := api.Describe(err)
		if strings.Contains(msg, cr.Secret) || !api.IsUnauthenticated(err) || !strings.Contains(msg, "rejected") {
			t.Fatalf("%s: %q", cr.Kind, msg)
		}
	}
	// A saved tenant the user no longer belongs to is a clear error.
	ops, tok, _ := c.srv.Auth.CreateToken(context.Background(), "5a1d3c7e-0000-4000-8000-00000000d002", "", "ops", "USER", nil)
	_ = ops
	_, err := auth.Connect(context.Background(), c.base, auth.Credential{Kind: auth.KindToken, Secret: tok, TenantID: server.CloudDemoTenants[0].ID}, c.clock.Now)
	if err == nil || !strings.Contains(api.Describe(err), "not a member") {
		t.Fatalf("foreign saved tenant: %v", err)
	}
}
