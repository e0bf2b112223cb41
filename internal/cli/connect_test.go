package cli

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestServerTenantInTheSession: on Prefect Server the explorer's connection check also
// reads the first tenant created (one request, sent after the first frame), so the
// header shows it and links use its slug.
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
	if f.calls() != 0 {
		t.Errorf("requests before the explorer = %d, want 0 (it checks in the background)", f.calls())
	}
	first, settled := firstFrames(t, h.programs[0])
	if !strings.Contains(first, "○ connecting") {
		t.Errorf("first frame:\n%s", first)
	}
	if !strings.Contains(settled, "● connected") || !strings.Contains(settled, "Default") {
		t.Errorf("after the check:\n%s", settled)
	}
	if n := f.opCalls("CheckServer"); n != 1 {
		t.Errorf("checks = %d, want 1 (check and tenant together)", n)
	}
	mu.Lock()
	checked := false
	for _, q := range queries {
		checked = checked || strings.Contains(q, "order_by: {created:asc}")
	}
	mu.Unlock()
	if !checked {
		t.Errorf("queries = %q", queries)
	}
	s := h.programs[0].Session()
	if s.TenantID != "11111111-1111-4111-8111-111111111111" || s.TenantSlug != "default" || s.TenantName != "Default" {
		t.Errorf("session tenant = %q %q %q", s.TenantID, s.TenantSlug, s.TenantName)
	}
}

// TestHangingAPIStillStarts: behind an API that accepts connections and never answers,
// the explorer starts at once (it used to wait for a 5 s check, then refuse), says
// "connecting", and its check gives up after --timeout, not a fixed time: the header
// says it timed out and the status line that no API answered (a retry follows).
func TestHangingAPIStillStarts(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop); _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { <-stop; _ = c.Close() }()
		}
	}()
	h := newHarness(t)
	api := "http://" + ln.Addr().String()
	if code := h.run(context.Background(), "--api", api, "--backend", "server", "--timeout", "300ms"); code != 0 || len(h.programs) != 1 {
		t.Fatalf("exit %d, programs %d, stderr %q", code, len(h.programs), h.stderr)
	}
	first, settled := firstFrames(t, h.programs[0])
	if !strings.Contains(first, "○ connecting") || !strings.Contains(first, "overview") {
		t.Errorf("first frame:\n%s", first)
	}
	want := "no Prefect API answered at " + api + "/graphql (request to " + api + "/graphql timed out after 300ms)"
	if !strings.Contains(settled, "✗ timed out") || !strings.Contains(oneLine(settled), want) {
		t.Errorf("want timed out and %q:\n%s", want, settled)
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
