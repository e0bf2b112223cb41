package ui_test

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// Fault modes of faultyAPI.
const (
	faultNone = iota
	faultDown
	fault500
	fault429
	faultBadJSON
	faultCut
	faultRejected
)

// faultyAPI is the demo server behind a proxy that injects one fault at a time.
type faultyAPI struct {
	url  string
	mode atomic.Int32
}

func newFaultyAPI(t *testing.T) *faultyAPI {
	t.Helper()
	demoClient(t) // starts the demo server
	target, _ := url.Parse(strings.TrimSuffix(demoURL, "/graphql"))
	proxy := httputil.NewSingleHostReverseProxy(target)
	f := &faultyAPI{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch f.mode.Load() {
		case faultDown:
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				_ = conn.Close()
			}
		case fault500:
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = io.WriteString(w, `{"errors":[{"message":"database is locked"}]}`)
		case fault429:
			w.Header().Set("Retry-After", "2")
			w.WriteHeader(http.StatusTooManyRequests)
		case faultBadJSON:
			w.Header().Set("Content-Type", "text/html")
			_, _ = io.WriteString(w, "<html>maintenance</html>")
		case faultCut:
			if conn, buf, err := w.(http.Hijacker).Hijack(); err == nil {
				_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{\"data\":{\"flow\":[")
				_ = buf.Flush()
				_ = conn.Close()
			}
		case faultRejected:
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"errors":[{"message":"Unauthenticated: invalid API token","extensions":{"code":"UNAUTHENTICATED"}}]}`)
		default:
			proxy.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	f.url = srv.URL + "/graphql"
	return f
}

// driver runs app as tea.Program does: every command in its own goroutine with real
// timers, every message back through Update on the test goroutine. Commands outlive
// one pump: a timer started in one is delivered in the next.
type driver struct {
	app  *ui.App
	msgs chan tea.Msg
	done chan struct{}
}

func newDriver(t *testing.T, app *ui.App) *driver {
	d := &driver{app: app, msgs: make(chan tea.Msg, 1024), done: make(chan struct{})}
	t.Cleanup(func() { close(d.done) })
	return d
}

func (d *driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		switch m := msg.(type) {
		case nil:
			return
		case tea.BatchMsg:
			for _, c := range m {
				d.run(c)
			}
			return
		}
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
			for i := range v.Len() {
				c, _ := v.Index(i).Interface().(tea.Cmd)
				d.run(c)
			}
			return
		}
		select {
		case d.msgs <- msg:
		case <-d.done:
		}
	}()
}

// pump runs start, delivers first, then every message the commands produce until
// cond holds for the view or wait passed; it returns whether cond held.
func (d *driver) pump(wait time.Duration, cond func(view string) bool, start tea.Cmd, first ...tea.Msg) bool {
	d.run(start)
	for _, m := range first {
		_, cmd := d.app.Update(m)
		d.run(cmd)
	}
	deadline := time.After(wait)
	for {
		if cond(uitest.Strip(d.app.View().Content)) {
			return true
		}
		select {
		case m := <-d.msgs:
			if _, quit := m.(tea.QuitMsg); quit {
				continue
			}
			_, cmd := d.app.Update(m)
			d.run(cmd)
		case <-deadline:
			return false
		}
	}
}

func contains(parts ...string) func(string) bool {
	return func(v string) bool {
		for _, p := range parts {
			if !strings.Contains(v, p) {
				return false
			}
		}
		return true
	}
}

func faultyApp(t *testing.T, f *faultyAPI, start screen.Route) *ui.App {
	t.Helper()
	client := api.NewClient(api.ClientOptions{Endpoint: f.url, Log: log.New(io.Discard, "", 0), Timeout: 5 * time.Second,
		Retry: api.RetryPolicy{MaxAttempts: 1}})
	app := ui.New(ui.Options{Client: client, Now: fixedClock, Start: start,
		Session: screen.Session{APIURL: f.url, Backend: "server", TenantSlug: "demo", TenantName: "Demo"}})
	app.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	return app
}

// TestEveryFailedRefreshSaysWhy: when a refresh of the flows fails, the screen and the
// header say why: the HTTP status, rate limiting and when the retry comes, an answer
// that is not JSON, an answer cut off, a rejected token. (The header used to stay
// "● connected" and the screen to say only "✗ refresh failed (r)".)
func TestEveryFailedRefreshSaysWhy(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mode   int32
		screen string
		header []string
	}{
		{"HTTP 500", fault500, "refresh failed: HTTP 500", []string{"✗ HTTP 500"}},
		{"429", fault429, "refresh failed: rate limited", []string{"! rate limited", "retry in 2s"}},
		{"not JSON", faultBadJSON, "refresh failed: bad answer", []string{"✗ bad answer"}},
		{"cut", faultCut, "refresh failed: answer cut off", []string{"✗ answer cut off"}},
		{"token rejected", faultRejected, "refresh failed: token rejected", []string{"✗ token rejected"}},
		{"offline", faultDown, "refresh failed: offline", []string{"✗ offline"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFaultyAPI(t)
			app := faultyApp(t, f, screen.Route{})
			d := newDriver(t, app)
			if !d.pump(10*time.Second, contains("● connected", "etl-orders"), app.Init()) {
				t.Fatalf("flows not loaded:\n%s", uitest.Strip(app.View().Content))
			}
			f.mode.Store(tc.mode)
			want := append([]string{tc.screen}, tc.header...)
			if !d.pump(10*time.Second, contains(want...), nil, uitest.Press("r")) {
				t.Fatalf("after the failed refresh, want %q:\n%s", want, uitest.Strip(app.View().Content))
			}
			if v := uitest.Strip(app.View().Content); strings.Contains(v, "● connected") {
				t.Fatalf("the header still says connected:\n%s", v)
			}
		})
	}
}

// TestScreensRecoverByThemselves: a run page whose load failed while the API was down
// loads by itself once the API is back, without `r` (it used to stay "offline" until
// a key was pressed); so does a refresh that failed with HTTP 500.
func TestScreensRecoverByThemselves(t *testing.T) {
	f := newFaultyAPI(t)
	id := firstRunID(t)
	f.mode.Store(faultDown)
	app := faultyApp(t, f, screen.Route{Kind: screen.RouteRun, ID: id})
	d := newDriver(t, app)
	if !d.pump(10*time.Second, contains("✗ offline", "Couldn't load the flow run"), app.Init()) {
		t.Fatalf("the run page did not fail while the API is down:\n%s", uitest.Strip(app.View().Content))
	}
	f.mode.Store(faultNone)
	if !d.pump(20*time.Second, func(v string) bool {
		return strings.Contains(v, "● connected") && !strings.Contains(v, "Couldn't load")
	}, nil) {
		t.Fatalf("the run page did not recover by itself:\n%s", uitest.Strip(app.View().Content))
	}

	// HTTP 500s on a refresh: the page says so, and refreshes by itself once the API
	// answers again.
	f.mode.Store(fault500)
	if !d.pump(10*time.Second, contains("✗ HTTP 500", "refresh failed: HTTP 500"), nil, uitest.Press("r")) {
		t.Fatalf("the failed refresh is not shown:\n%s", uitest.Strip(app.View().Content))
	}
	f.mode.Store(faultNone)
	if !d.pump(20*time.Second, func(v string) bool {
		return strings.Contains(v, "● connected") && !strings.Contains(v, "refresh failed")
	}, nil) {
		t.Fatalf("the run page did not refresh by itself:\n%s", uitest.Strip(app.View().Content))
	}
}

// firstRunID is the id of a flow run of the demo server.
func firstRunID(t *testing.T) string {
	t.Helper()
	res, err := api.Run(context.Background(), demoClient(t), `{ flow_run(limit: 1, order_by: {start_time: desc_nulls_last}) { id } }`, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		FlowRun []struct{ ID string } `json:"flow_run"`
	}
	if err := json.Unmarshal(res.Data, &d); err != nil || len(d.FlowRun) == 0 {
		t.Fatalf("no flow run: %v %s", err, res.Data)
	}
	return d.FlowRun[0].ID
}
