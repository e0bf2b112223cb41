package ui_test

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui"
	"github.com/prefect-tui/prefect-tui/ui/fleet"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/demo"
)

// command types a `:` command and runs it.
func command(h *harness, text string) {
	msgs := append([]tea.Msg{uitest.Press(":")}, uitest.Type(text)...)
	settleApp(h, append(msgs, uitest.Press("enter"))...)
}

// TestFleetSwitchesAndOpensTheRun drives `:fleet` in the whole explorer on the
// embedded Cloud server: logged in to production, enter on a failure of staging
// switches the session to staging (its role with it) and then opens that run, which
// loads with staging's credential; esc goes to staging's home.
func TestFleetSwitchesAndOpensTheRun(t *testing.T) {
	srv, base := demo.Cloud(t)
	acct, client, sess := demo.CloudLogin(t, srv, base, "production")
	app := ui.New(ui.Options{Client: client, Session: sess, Account: acct, Now: fixedClock})
	h := &harness{app: app}
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	settleApp(h, uitest.RunLoad(app.Init())...)
	command(h, "fleet")
	f, ok := app.Top().(*fleet.Model)
	if !ok || app.Depth() != 2 {
		t.Fatalf("`:fleet` did not open the fleet:\n%s", h.view())
	}
	loadFleet(f)
	var run fleet.Run
	for _, g := range f.Groups() {
		if g.Slug == "staging" && len(g.Failures) > 0 {
			run = g.Failures[0]
		}
	}
	if run.ID == "" {
		t.Fatalf("no failure of staging to open:\n%s", h.view())
	}
	// Down to staging's line first: a run of another tenant may have the same name.
	for i := 0; i < 40 && !strings.Contains(cursorLine(h.view()), "Staging"); i++ {
		h.send(uitest.Press("down"))
	}
	for i := 0; i < 40 && !strings.Contains(cursorLine(h.view()), run.Name); i++ {
		h.send(uitest.Press("down"))
	}
	// The switch is a request: run it however long the server takes.
	_, cmd := app.Update(uitest.Press("enter"))
	settleApp(h, uitest.RunLoad(cmd)...)
	if s := app.Session(); s.TenantSlug != "staging" || s.Role != "USER" {
		t.Fatalf("session after enter: %+v", s)
	}
	await(t, h, run.Flow+" › "+run.Name)
	if app.Depth() != 2 || app.Top().Title() != run.Name {
		t.Fatalf("the run did not open on staging's home (depth %d, top %q):\n%s", app.Depth(), app.Top().Title(), h.view())
	}
	v := h.view()
	for _, want := range []string{"Staging", run.Flow, run.State} {
		if !strings.Contains(v, want) {
			t.Errorf("run page lacks %q:\n%s", want, v)
		}
	}
	settleApp(h, uitest.Press("esc"))
	if app.Depth() != 1 || app.Top().Title() != "flows" {
		t.Errorf("esc: depth %d, top %q", app.Depth(), app.Top().Title())
	}
}

// TestFleetOnServer: on Prefect Server `:fleet` shows the projects of the one tenant.
func TestFleetOnServer(t *testing.T) {
	app := ui.New(ui.Options{Client: demoClient(t), Now: fixedClock,
		Session: screen.Session{APIURL: "http://127.0.0.1:4200/graphql", Backend: "server", TenantSlug: "demo", TenantName: "Demo"}})
	h := &harness{app: app}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	settleApp(h, uitest.RunLoad(app.Init())...)
	command(h, "fleet")
	f, ok := app.Top().(*fleet.Model)
	if !ok {
		t.Fatalf("`:fleet` did not open the fleet:\n%s", h.view())
	}
	loadFleet(f)
	v := h.view()
	for _, want := range []string{"flows › fleet", "Projects of Demo", "data-warehouse", "ml-platform", "operations"} {
		if !strings.Contains(v, want) {
			t.Errorf("fleet on Server lacks %q:\n%s", want, v)
		}
	}
}

// loadFleet loads the fleet again and waits for every answer, however long the server
// takes (RunCmd, behind the harness, gives up after uitest.Timeout); the refresh timer
// the load ends with is not run.
func loadFleet(f *fleet.Model) {
	queue := []tea.Cmd{f.Init()}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		for _, msg := range uitest.RunLoad(c) {
			was := f.Loading()
			if _, next := f.Update(msg); next != nil && !(was && !f.Loading()) {
				queue = append(queue, next)
			}
		}
	}
}
