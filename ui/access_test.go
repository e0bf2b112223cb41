package ui_test

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/demo"
)

// helpDescs lists what the app's full help offers now.
func helpDescs(app *ui.App) string {
	var out []string
	for _, col := range app.KeyMap().FullHelp() {
		for _, b := range col {
			if b.Enabled() {
				out = append(out, b.Help().Desc)
			}
		}
	}
	return strings.Join(out, ",")
}

// sentRoleRequest reports whether msgs hold the answer of the role request.
func sentRoleRequest(msgs []tea.Msg) bool {
	for _, m := range msgs {
		if fmt.Sprintf("%T", m) == "ui.roleLearnedMsg" {
			return true
		}
	}
	return false
}

// TestReadOnlyUserRole: started in a tenant where the demo user is a READ_ONLY_USER
// (the embedded Cloud server's sandbox), the explorer learns the role once, after the
// first frame, says so in the header, and offers and takes no action: not on the flows
// (N, S), not on a run page (C, R, M, T), and a mutation in the query editor is refused.
func TestReadOnlyUserRole(t *testing.T) {
	srv, base := demo.Cloud(t)
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			acct, client, sess := demo.CloudLogin(t, srv, base, "sandbox")
			sess.APIURL = "http://127.0.0.1:4200/graphql" // the golden's, not the test server's port
			app := ui.New(ui.Options{Client: client, Session: sess, Account: acct, Now: fixedClock})
			h := &harness{app: app}
			h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			if v := h.view(); strings.Contains(v, "read-only") {
				t.Fatalf("read-only before the role is known:\n%s", v)
			}
			first := uitest.RunCmd(app.Init())
			if out := h.send(first...); !sentRoleRequest(append(first, out...)) {
				t.Fatal("the role was not asked for")
			}
			v := h.view()
			if !strings.Contains(v, "read-only user") || !strings.Contains(v, "Sandbox") || !strings.Contains(v, "etl-orders") {
				t.Fatalf("header or flows:\n%s", v)
			}
			if app.Session().Role != screen.RoleReadOnly {
				t.Fatalf("role %q", app.Session().Role)
			}
			help := helpDescs(app)
			for _, action := range []string{"run now", "schedule on/off"} {
				if strings.Contains(help, action) {
					t.Errorf("flows offer %q to a read-only user: %s", action, help)
				}
			}
			h.send(uitest.Press("N"), uitest.Press("S"))
			if app.Depth() != 1 {
				t.Fatalf("an action opened a form: depth %d\n%s", app.Depth(), h.view())
			}
			uitest.Golden(t, app.View().Content)

			// A run page: no run action either.
			h.send(uitest.Press("enter"))
			if app.Depth() != 2 {
				t.Fatalf("enter did not open the runs:\n%s", h.view())
			}
			h.send(uitest.Press("enter"))
			help = helpDescs(app)
			for _, action := range []string{"cancel run", "restart run", "mark as…", "mark task run as…"} {
				if strings.Contains(help, action) {
					t.Errorf("%s offers %q: %s", app.Top().Title(), action, help)
				}
			}
			depth := app.Depth()
			h.send(uitest.Press("C"), uitest.Press("R"), uitest.Press("M"))
			if app.Depth() != depth {
				t.Fatalf("an action opened a form on %s", app.Top().Title())
			}
		})
	}
}

// TestRoleFromTheSwitch: a switch from the tenant picker carries the role it listed, so
// no request asks for it again: switching from production (admin) to sandbox is
// read-only at once, and back to production is not.
func TestRoleFromTheSwitch(t *testing.T) {
	srv, base := demo.Cloud(t)
	acct, client, sess := demo.CloudLogin(t, srv, base, "production")
	app := ui.New(ui.Options{Client: client, Session: sess, Account: acct, Now: fixedClock})
	h := &harness{app: app}
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	first := uitest.RunCmd(app.Init())
	if out := h.send(first...); !sentRoleRequest(append(first, out...)) || app.Session().Role != "TENANT_ADMIN" || strings.Contains(h.view(), "read-only") {
		t.Fatalf("production: role %q\n%s", app.Session().Role, h.view())
	}
	if !strings.Contains(helpDescs(app), "run now") {
		t.Fatalf("an admin is not offered run now: %s", helpDescs(app))
	}
	switchTo := func(name string) []tea.Msg {
		t.Helper()
		h.send(screen.OpenMsg{Route: screen.Route{Kind: screen.RouteTenants}})
		h.send(uitest.Press("g"))
		for i := 0; i < 5 && !strings.Contains(cursorLine(h.view()), name); i++ {
			h.send(uitest.Press("down"))
		}
		if !strings.Contains(cursorLine(h.view()), name) {
			t.Fatalf("no %s in the picker:\n%s", name, h.view())
		}
		out := h.send(uitest.Press("enter"))
		if app.Session().TenantName != name {
			t.Fatalf("not switched to %s:\n%s", name, h.view())
		}
		return out
	}
	if out := switchTo("Sandbox"); sentRoleRequest(out) {
		t.Error("the role was asked for although the picker knew it")
	}
	if v := h.view(); !strings.Contains(v, "read-only user") || strings.Contains(helpDescs(app), "run now") {
		t.Fatalf("sandbox is not read-only:\n%s\n%s", v, helpDescs(app))
	}
	switchTo("Production")
	if v := h.view(); strings.Contains(v, "read-only") || !strings.Contains(helpDescs(app), "run now") {
		t.Fatalf("production is read-only:\n%s", v)
	}
}

// cursorLine is the line of a view that holds the cursor mark "›".
func cursorLine(v string) string {
	for _, l := range strings.Split(v, "\n") {
		if strings.HasPrefix(l, "›") {
			return l
		}
	}
	return ""
}
