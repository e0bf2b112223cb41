package cli

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestServerTenantInTheSession: on Prefect Server the connection check also reads the
// first tenant created (one request), so the header shows it and links use its slug.
func TestServerTenantInTheSession(t *testing.T) {
	t.Parallel()
	var (
		mu      sync.Mutex
		queries []string
	)
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Query string }
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &body)
		mu.Lock()
		queries = append(queries, body.Query)
		mu.Unlock()
		_, _ = io.WriteString(w, `{"data":{"hello":"hi","tenant":[{"id":"11111111-1111-4111-8111-111111111111","slug":"default","name":"Default"}]}}`)
	})
	h := newHarness(t)
	if code := h.run(context.Background(), "--api", f.URL, "--backend", "server"); code != 0 || len(h.programs) != 1 {
		t.Fatalf("exit %d, programs %d, stderr %q", code, len(h.programs), h.stderr)
	}
	if f.calls() != 1 {
		t.Errorf("requests before the explorer = %d, want 1 (check and tenant together)", f.calls())
	}
	mu.Lock()
	defer mu.Unlock()
	if len(queries) != 1 || !strings.Contains(queries[0], "order_by: {created: asc}") {
		t.Errorf("queries = %q", queries)
	}
	s := h.programs[0].Session()
	if s.TenantID != "11111111-1111-4111-8111-111111111111" || s.TenantSlug != "default" || s.TenantName != "Default" {
		t.Errorf("session tenant = %q %q %q", s.TenantID, s.TenantSlug, s.TenantName)
	}
}

// TestServerWithoutTenantStillStarts: a Server without tenants (or one that cannot list
// them) still opens the explorer, without a tenant.
func TestServerWithoutTenantStillStarts(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"data":{"hello":"hi","tenant":[]}}`)
	})
	h := newHarness(t)
	if code := h.run(context.Background(), "--api", f.URL, "--backend", "server"); code != 0 || len(h.programs) != 1 {
		t.Fatalf("exit %d, programs %d, stderr %q", code, len(h.programs), h.stderr)
	}
	if s := h.programs[0].Session(); s.TenantID != "" {
		t.Errorf("tenant = %q", s.TenantID)
	}
}
