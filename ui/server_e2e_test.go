package ui_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/ui"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
)

var (
	demoOnce sync.Once
	demoURL  string
	demoErr  error
)

// demoClient is a client on one embedded server seeded with the demo tenant at fixedNow.
func demoClient(t *testing.T) graphql.Client {
	t.Helper()
	demoOnce.Do(func() {
		s, err := server.New(server.Options{Now: fixedClock})
		if err != nil {
			demoErr = err
			return
		}
		if _, err := seed.Demo(context.Background(), s.DB, seed.DemoOptions{Now: fixedNow, Runs: 200, Seed: 1}); err != nil {
			demoErr = err
			return
		}
		demoURL = httptest.NewServer(s.Handler()).URL + "/graphql"
	})
	if demoErr != nil {
		t.Fatalf("embedded server: %v", demoErr)
	}
	return api.NewClient(api.ClientOptions{Endpoint: demoURL, Log: log.New(io.Discard, "", 0)})
}

// settleApp delivers messages until the app is quiet (quit excluded).
func settleApp(h *harness, msgs ...tea.Msg) {
	for i := 0; i < 30 && len(msgs) > 0; i++ {
		var out []tea.Msg
		_, out = uitest.Send[tea.Model](h.app, msgs...)
		msgs = msgs[:0:0]
		for _, o := range out {
			if _, quit := o.(tea.QuitMsg); !quit {
				msgs = append(msgs, o)
			}
		}
	}
}

// TestFlowsToRunsOnTheEmbeddedServer drives the whole explorer against the demo
// server: the flows load in the shell (golden at both sizes), enter opens the flow's
// page, l its runs, esc comes back.
func TestFlowsToRunsOnTheEmbeddedServer(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			app := ui.New(ui.Options{Client: demoClient(t), Now: fixedClock,
				Session: screen.Session{APIURL: "http://127.0.0.1:4200/graphql", Backend: "server", TenantSlug: "demo", TenantName: "Demo"}})
			h := &harness{app: app}
			h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			settleApp(h, uitest.RunCmd(app.Init())...)
			v := h.view()
			if !strings.Contains(v, "● connected") || !strings.Contains(v, "etl-orders") {
				t.Fatalf("flows not loaded:\n%s", v)
			}
			uitest.Golden(t, app.View().Content)

			// Filter to one flow, open its page, then its runs.
			keys := append([]tea.Msg{uitest.Press("/")}, uitest.Type("etl-orders")...)
			settleApp(h, append(keys, uitest.Press("enter"))...)
			settleApp(h, uitest.Press("enter"))
			if app.Depth() != 2 {
				t.Fatalf("enter did not open the flow's page (depth %d):\n%s", app.Depth(), h.view())
			}
			// The page's load may take longer than the harness waits for a command (the
			// race detector slows the server down): load it to the end.
			deadline := time.Now().Add(30 * time.Second)
			for !strings.Contains(h.view(), "schedule") && time.Now().Before(deadline) {
				runtest.Load(func(msg tea.Msg) { app.Update(msg) }, app.Top().Init())
			}
			if v := h.view(); !strings.Contains(v, "flows › etl-orders v3") || !strings.Contains(v, "schedule") || !strings.Contains(v, "Success") {
				t.Errorf("flow page:\n%s", v)
			}
			settleApp(h, uitest.Press("l"))
			if app.Depth() != 3 {
				t.Fatalf("l did not open the runs (depth %d):\n%s", app.Depth(), h.view())
			}
			deadline = time.Now().Add(30 * time.Second)
			for !strings.Contains(h.view(), "Success") && time.Now().Before(deadline) {
				runtest.Load(func(msg tea.Msg) { app.Update(msg) }, app.Top().Init())
			}
			if v := h.view(); !strings.Contains(v, "› etl-orders › runs") || !strings.Contains(v, "Success") {
				t.Errorf("runs screen:\n%s", v)
			}
			settleApp(h, uitest.Press("esc"))
			settleApp(h, uitest.Press("esc"))
			if app.Depth() != 1 || !strings.Contains(h.view(), "/ etl-orders") {
				t.Errorf("esc did not come back to the filtered flows:\n%s", h.view())
			}
		})
	}
}

// TestAgentsToWhyOnTheEmbeddedServer: `:agents` lists the demo's agents in the shell;
// the unhealthy agent's late run opens on a run page that says why it does not run.
func TestAgentsToWhyOnTheEmbeddedServer(t *testing.T) {
	app := ui.New(ui.Options{Client: demoClient(t), Now: fixedClock,
		Session: screen.Session{APIURL: "http://127.0.0.1:4200/graphql", Backend: "server", TenantSlug: "demo", TenantName: "Demo"}})
	h := &harness{app: app}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	settleApp(h, uitest.RunCmd(app.Init())...)
	keys := append([]tea.Msg{uitest.Press(":")}, uitest.Type("agents")...)
	settleApp(h, append(keys, uitest.Press("enter"))...)
	// Under load a request may outlast RunCmd's wait: load again until it shows.
	waitFor := func(text string) string {
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(h.view(), text) && time.Now().Before(deadline) {
			settleApp(h, uitest.RunCmd(app.Top().Init())...)
		}
		return h.view()
	}
	if v := waitFor("○ unhealthy old-vm-agent"); !strings.Contains(v, "flows › agents") || !strings.Contains(v, "○ unhealthy old-vm-agent") {
		t.Fatalf(":agents:\n%s", v)
	}
	// The unhealthy agent is last; its one run is the late legacy-import run.
	settleApp(h, uitest.Press("G"), uitest.Press("tab"), uitest.Press("enter"))
	if v := waitFor("Why isn't it running?"); !strings.Contains(v, "Why isn't it running?") || !strings.Contains(v, "Only old-vm-agent has its labels") {
		t.Fatalf("the late run's page:\n%s", v)
	}
}
