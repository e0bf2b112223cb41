package tenantpicker_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/store"
	"github.com/prefect-tui/prefect-tui/ui/tenantpicker"
)

// TestLoadTenantsCounts: the picker's one request, with a USER token, against the
// embedded server in Cloud mode: every tenant, the demo user's role, and per tenant the
// runs running now and failed since midnight, as the database counts them.
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
	total := 0
	for _, tn := range ts {
		var running, failed int
		_ = s.DB.QueryRow(`SELECT count(*) FROM flow_run WHERE tenant_id = ? AND state = 'Running'`, tn.ID).Scan(&running)
		_ = s.DB.QueryRow(`SELECT count(*) FROM flow_run WHERE tenant_id = ? AND state = 'Failed' AND state_timestamp >= ?`,
			tn.ID, store.FormatTime(since)).Scan(&failed)
		if tn.Running != running || tn.FailedToday != failed {
			t.Errorf("%s: running %d failed %d, want %d %d", tn.Slug, tn.Running, tn.FailedToday, running, failed)
		}
		if tn.Role == "" {
			t.Errorf("%s: no role", tn.Slug)
		}
		total += running + failed
	}
	if total == 0 {
		t.Fatal("no running or failed-today runs in the demo: the test proves nothing")
	}
}
