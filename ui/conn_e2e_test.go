package ui_test

import (
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// TestServerGoingAwayAndComingBack: when the API stops answering, the header says
// "✗ offline" and a status line says why; when it answers again (r), the header says
// "● connected" again. (The header used to say "● connected" all along: no screen
// reported its failures to the root.)
func TestServerGoingAwayAndComingBack(t *testing.T) {
	demoClient(t) // starts the demo server
	target, _ := url.Parse(strings.TrimSuffix(demoURL, "/graphql"))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	serve := func(ln net.Listener) *http.Server {
		s := &http.Server{Handler: httputil.NewSingleHostReverseProxy(target)}
		go func() { _ = s.Serve(ln) }()
		return s
	}
	proxy := serve(ln)
	client := api.NewClient(api.ClientOptions{Endpoint: "http://" + addr + "/graphql", Log: log.New(io.Discard, "", 0),
		Retry: api.RetryPolicy{MaxAttempts: 1}})
	app := ui.New(ui.Options{Client: client, Now: fixedClock,
		Session: screen.Session{APIURL: "http://" + addr + "/graphql", Backend: "server", TenantSlug: "demo", TenantName: "Demo"}})
	h := &harness{app: app}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	settleApp(h, uitest.RunLoad(app.Init())...)
	if v := h.view(); !strings.Contains(v, "● connected") || !strings.Contains(v, "etl-orders") {
		t.Fatalf("flows not loaded:\n%s", v)
	}

	_ = proxy.Close()
	settleApp(h, uitest.Press("r"))
	v := h.view()
	if !strings.Contains(v, "✗ offline") || strings.Contains(v, "● connected") {
		t.Errorf("the API went away, the header does not say so:\n%s", v)
	}
	if !strings.Contains(v, "API unreachable") {
		t.Errorf("no status line says the API is unreachable:\n%s", v)
	}

	ln, err = net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("cannot listen on %s again: %v", addr, err)
	}
	proxy = serve(ln)
	defer proxy.Close()
	settleApp(h, uitest.Press("r"))
	v = h.view()
	if !strings.Contains(v, "● connected") || !strings.Contains(v, "connected again") {
		t.Errorf("the API came back, the header does not say so:\n%s", v)
	}
}
