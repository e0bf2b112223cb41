package ui_test

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/auth"
	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/servertest"
	"github.com/prefect-tui/prefect-tui/ui"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/demo"
)

// fastRetry is the root's retry back-off in these tests: the retries come within a
// fraction of a second instead of 1 s doubling to 8 s.
var fastRetry = screen.Backoff{Min: 20 * time.Millisecond, Max: 200 * time.Millisecond}

// restartable is the embedded server's HTTP side, which can be stopped and started
// again on the same address (its data stays: the same server behind it).
type restartable struct {
	t    *testing.T
	addr string
	srv  *server.Server
	http *http.Server
}

func startRestartable(t *testing.T, srv *server.Server) *restartable {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &restartable{t: t, addr: ln.Addr().String(), srv: srv}
	r.serve(ln)
	t.Cleanup(func() { r.stop() })
	return r
}

func (r *restartable) url() string { return "http://" + r.addr + "/graphql" }

func (r *restartable) serve(ln net.Listener) {
	r.http = &http.Server{Handler: r.srv.Handler()}
	go func(h *http.Server) { _ = h.Serve(ln) }(r.http)
}

// stop closes the listener and every connection: requests fail as when the server's
// process is gone.
func (r *restartable) stop() {
	if r.http != nil {
		_ = r.http.Close()
		r.http = nil
	}
}

// restart listens on the same address again.
func (r *restartable) restart() {
	r.t.Helper()
	ln, err := net.Listen("tcp", r.addr)
	if err != nil {
		r.t.Fatalf("listening on %s again: %v", r.addr, err)
	}
	r.serve(ln)
}

// runOf is a flow run of the server at url: its id, name and flow's name.
func runOf(t *testing.T, url string) (id, name, flow string) {
	t.Helper()
	c := api.NewClient(api.ClientOptions{Endpoint: url, Log: log.New(io.Discard, "", 0)})
	res, err := api.Run(context.Background(), c, `{ flow_run(limit: 1, order_by: {start_time: desc_nulls_last}) { id name flow { name } } }`, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		FlowRun []struct {
			ID, Name string
			Flow     struct{ Name string }
		} `json:"flow_run"`
	}
	if err := json.Unmarshal(res.Data, &d); err != nil || len(d.FlowRun) == 0 {
		t.Fatalf("no flow run: %v %s", err, res.Data)
	}
	r := d.FlowRun[0]
	return r.ID, r.Name, r.Flow.Name
}

// TestRunPageRecoversWhenTheServerRestarts: the explorer opens a run page while the
// embedded server is stopped; the load fails and says the API is offline. The server
// starts again on the same address: the page loads by itself, no key pressed, and
// the header says connected again. (It used to stay "offline" until `r`.)
func TestRunPageRecoversWhenTheServerRestarts(t *testing.T) {
	r := startRestartable(t, servertest.New(t, servertest.Options{}))
	id, name, flow := runOf(t, r.url())
	r.stop()

	client := api.NewClient(api.ClientOptions{Endpoint: r.url(), Log: log.New(io.Discard, "", 0), Timeout: 5 * time.Second,
		Retry: api.RetryPolicy{MaxAttempts: 1}})
	app := ui.New(ui.Options{Client: client, Now: fixedClock, Start: screen.Route{Kind: screen.RouteRun, ID: id}, Retry: fastRetry,
		Session: screen.Session{APIURL: r.url(), Backend: "server", TenantSlug: "demo", TenantName: "Demo"}})
	app.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	d := newDriver(t, app)
	if !d.pump(30*time.Second, contains("✗ offline", "Couldn't load the flow run"), app.Init()) {
		t.Fatalf("the run page did not fail while the server is stopped:\n%s", uitest.Strip(app.View().Content))
	}
	// A few retries fail while the server stays down: the page keeps saying why.
	if !d.pump(30*time.Second, contains("✗ offline", "retry in"), nil) {
		t.Fatalf("no retry is pending while the server is down:\n%s", uitest.Strip(app.View().Content))
	}

	r.restart()
	recovered := func(v string) bool {
		return strings.Contains(v, "● connected") && strings.Contains(v, flow+" › "+name) &&
			!strings.Contains(v, "Couldn't load") && !strings.Contains(v, "offline")
	}
	if !d.pump(30*time.Second, recovered, nil) {
		t.Fatalf("the run page did not recover by itself after the server came back:\n%s", uitest.Strip(app.View().Content))
	}
}

// TestRevokedTokenSaysSo: the explorer is logged in to the embedded Cloud server with
// a TENANT token; the token is revoked. A refresh of the flows fails: the header
// stops saying "● connected" and says the token was rejected, the flows say why their
// refresh failed, the status line says how to log in again, and the runs screen
// opened next says the token was rejected instead of showing no runs. No retry is
// scheduled: retrying a rejected token does not help.
func TestRevokedTokenSaysSo(t *testing.T) {
	srv, base := demo.Cloud(t)
	_, admin, _ := demo.CloudLogin(t, srv, base, "production")
	ctx := context.Background()
	tok, err := api.CreateAPIToken(ctx, admin, "explorer", api.Api_token_scopeTenant, nil)
	if err != nil {
		t.Fatal(err)
	}
	l, err := auth.Connect(ctx, base, auth.Credential{Kind: auth.KindToken, Secret: tok.Create_api_token.Token, Source: "test"},
		func() time.Time { return demo.Now })
	if err != nil {
		t.Fatal(err)
	}
	sess := screen.Session{APIURL: base.Endpoint(), Backend: "cloud", TenantID: l.TenantID, TenantSlug: l.TenantSlug,
		TenantName: l.TenantName, Identity: l.Identity()}
	app := ui.New(ui.Options{Client: l.Client(), Session: sess, Now: fixedClock, Retry: fastRetry})
	app.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	d := newDriver(t, app)
	if !d.pump(30*time.Second, contains("● connected", "etl-orders"), app.Init()) {
		t.Fatalf("flows not loaded:\n%s", uitest.Strip(app.View().Content))
	}

	if _, err := api.DeleteAPIToken(ctx, admin, tok.Create_api_token.Id); err != nil {
		t.Fatal(err)
	}
	if !d.pump(30*time.Second, contains("✗ token rejected", "refresh failed: token rejected"), nil, uitest.Press("r")) {
		t.Fatalf("after the token was revoked, a refresh does not say so:\n%s", uitest.Strip(app.View().Content))
	}
	v := uitest.Strip(app.View().Content)
	if strings.Contains(v, "● connected") || strings.Contains(v, "retry in") {
		t.Fatalf("the header says connected, or retries a rejected token:\n%s", v)
	}
	if !strings.Contains(v, "auth login") {
		t.Errorf("the status line does not say how to log in again:\n%s", v)
	}

	// The runs of the selected flow: the screen says the token was rejected, not "no
	// runs".
	if !d.pump(30*time.Second, contains("Couldn't load runs", "token"), nil, uitest.Press("l")) {
		t.Fatalf("the runs screen does not say the token was rejected:\n%s", uitest.Strip(app.View().Content))
	}
	if v := uitest.Strip(app.View().Content); strings.Contains(v, "● connected") || strings.Contains(v, "No runs") {
		t.Fatalf("the runs screen shows stale state or empty data:\n%s", v)
	}
}
