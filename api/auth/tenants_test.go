package auth_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/auth"
	"github.com/prefect-tui/prefect-tui/server"
)

// TestTenantClients: a USER login lists every tenant of its user with the role there,
// and gets a client in each without leaving its active tenant; a client is made once
// per tenant (one switch_tenant), and each sees its own tenant's runs only.
func TestTenantClients(t *testing.T) {
	c := startCloud(t, time.Minute)
	ctx := context.Background()
	a := auth.NewAccount(c.base, c.base.Endpoint(), nil, nil, "")
	if _, err := a.Tenants(ctx); err == nil {
		t.Fatal("tenants without a login")
	}
	if _, err := a.LogIn(ctx, auth.KindToken, c.srv.DemoUserToken(), auth.KeepSession); err != nil {
		t.Fatal(err)
	}
	prod := server.CloudDemoTenants[0]
	active, err := a.Switch(ctx, auth.Tenant{ID: prod.ID, Slug: prod.Slug, Name: prod.Name, Role: prod.Role})
	if err != nil {
		t.Fatal(err)
	}
	if active.Role != prod.Role {
		t.Errorf("the switch lost the role: %q", active.Role)
	}
	ts, err := a.Tenants(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for _, tn := range ts {
		slugs = append(slugs, tn.Slug+":"+tn.Role)
	}
	if got := strings.Join(slugs, ","); got != "production:TENANT_ADMIN,sandbox:READ_ONLY_USER,staging:USER" {
		t.Fatalf("tenants %s", got)
	}
	for _, tn := range ts {
		tc, err := a.TenantClient(ctx, tn)
		if err != nil {
			t.Fatal(err)
		}
		again, err := a.TenantClient(ctx, tn)
		if err != nil || again != tc {
			t.Fatalf("%s: a second client (%v)", tn.Slug, err)
		}
		runs, err := runTenants(t, tc.(*api.Client))
		if err != nil || len(runs) != 1 || runs[tn.ID] == 0 {
			t.Fatalf("%s: runs seen %v %v", tn.Slug, runs, err)
		}
	}
	// The active tenant is still production.
	if runs, err := runTenants(t, active.Client); err != nil || len(runs) != 1 || runs[prod.ID] == 0 {
		t.Fatalf("the active client moved: %v %v", runs, err)
	}
	if _, err := a.TenantClient(ctx, auth.Tenant{ID: "7e4a0000-0000-4000-8000-0000000000ff", Name: "Elsewhere"}); err == nil ||
		!strings.Contains(err.Error(), "logging in to Elsewhere") {
		t.Fatalf("a tenant the user is not in: %v", err)
	}
}
