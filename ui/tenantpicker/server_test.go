package tenantpicker_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/auth"
	"github.com/prefect-tui/prefect-tui/server/store"
	"github.com/prefect-tui/prefect-tui/ui/tenantpicker"
)

// TestLoadTenantsCounts: the picker against the embedded server in Cloud mode. With a
// USER token the server lists every tenant of the user with its role but refuses tenant
// data read through the tenant table (a user credential reads tenant data only in its
// current tenant), so the picker falls back to the tenants without counts. With a
// TENANT token (one tenant, whose data it reads) the one request gives the runs running
// now and failed since midnight, as the database counts them.
func TestLoadTenantsCounts(t *testing.T) {
	clock := time.Date(2026, 5, 4, 15, 0, 0, 0, time.UTC)
	s, err := server.New(server.Options{Cloud: true, Seed: "demo", Scale: 60, Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	defer func() {
		hs.Close()
		s.Close()
	}()
	c := api.NewClient(api.ClientOptions{Endpoint: hs.URL + "/graphql", Credentials: api.BearerToken(s.DemoUserToken())})
	since := time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC)
	ts, err := tenantpicker.LoadTenants(context.Background(), c, since)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 3 {
		t.Fatalf("%d tenants", len(ts))
	}
	for _, tn := range ts {
		if !tn.NoCounts || tn.Role == "" {
			t.Errorf("USER token: %+v, want the role and no counts", tn)
		}
	}
	prod := server.CloudDemoTenants[0]
	_, tok, err := s.Auth.CreateToken(context.Background(), auth.DemoUserID, prod.ID, "picker", auth.ScopeTenant, nil)
	if err != nil {
		t.Fatal(err)
	}
	c = api.NewClient(api.ClientOptions{Endpoint: hs.URL + "/graphql", Credentials: api.BearerToken(tok)})
	ts, err = tenantpicker.LoadTenants(context.Background(), c, since)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 1 || ts[0].ID != prod.ID || ts[0].NoCounts || ts[0].Role != prod.Role {
		t.Fatalf("TENANT token: %+v", ts)
	}
	var running, failed int
	_ = s.DB.QueryRow(`SELECT count(*) FROM flow_run WHERE tenant_id = ? AND state = 'Running'`, prod.ID).Scan(&running)
	_ = s.DB.QueryRow(`SELECT count(*) FROM flow_run WHERE tenant_id = ? AND state = 'Failed' AND state_timestamp >= ?`,
		prod.ID, store.FormatTime(since)).Scan(&failed)
	if ts[0].Running != running || ts[0].FailedToday != failed {
		t.Errorf("running %d failed %d, want %d %d", ts[0].Running, ts[0].FailedToday, running, failed)
	}
	if running+failed == 0 {
		t.Fatal("no running or failed-today runs in the demo: the test proves nothing")
	}
}
