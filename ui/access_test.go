package ui_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

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
			first := uitest.RunLoad(app.Init())
			if out := h.send(first...); !sentRoleRequest(append(first, out...)) {
				t.Fatal("the role was not asked for")
			}
			await(t, h, "etl-orders")
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
			await(t, h, "Success")
			h.send(uitest.Press("enter"))
			await(t, h, "Timeline")
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
	first := uitest.RunLoad(app.Init())
	if out := h.send(first...); !sentRoleRequest(append(first, out...)) || app.Session().Role != "TENANT_ADMIN" || strings.Contains(h.view(), "read-only") {
		t.Fatalf("production: role %q\n%s", app.Session().Role, h.view())
	}
	await(t, h, "etl-orders")
	if !strings.Contains(helpDescs(app), "run now") {
		t.Fatalf("an admin is not offered run now: %s", helpDescs(app))
	}
	switchTo := func(name string) []tea.Msg {
		t.Helper()
		h.send(screen.OpenMsg{Route: screen.Route{Kind: screen.RouteTenants}})
		await(t, h, "Staging")
		h.send(uitest.Press("g"))
		for i := 0; i < 5 && !strings.Contains(cursorLine(h.view()), name); i++ {
			h.send(uitest.Press("down"))
		}
		if !strings.Contains(cursorLine(h.view()), name) {
			t.Fatalf("no %s in the picker:\n%s", name, h.view())
		}
		// The switch is a request: run it however long the server takes.
		_, cmd := app.Update(uitest.Press("enter"))
		switched := uitest.RunLoad(cmd)
		out := append(switched, h.send(switched...)...)
		if app.Session().TenantName != name {
			t.Fatalf("not switched to %s:\n%s", name, h.view())
		}
		await(t, h, "etl-orders")
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

// roleClient answers SessionRole with role in tenant t1 (counting them) and fails the
// rest.
type roleClient struct {
	role string
	n    int
}

func (c *roleClient) MakeRequest(_ context.Context, req *graphql.Request, resp *graphql.Response) error {
	if req.OpName != "SessionRole" {
		return errors.New("offline")
	}
	c.n++
	return json.Unmarshal([]byte(`{"auth_info":{"tenant_id":"t1"},"user":[{"memberships":[
		{"tenant_id":"t0","role":"TENANT_ADMIN"},{"tenant_id":"t1","role":"`+c.role+`"}]}]}`), resp.Data)
}

// switchCloud switches the app to a Cloud session in tenant t1 and returns the role
// answer held back (the rest is delivered).
func switchCloud(t *testing.T, h *harness) tea.Msg {
	t.Helper()
	_, cmd := h.app.Update(screen.SessionChangedMsg{Session: screen.Session{Backend: "cloud", TenantID: "t1", TenantName: "One"}})
	var role tea.Msg
	var rest []tea.Msg
	for _, m := range uitest.RunCmd(cmd) {
		if sentRoleRequest([]tea.Msg{m}) {
			role = m
		} else {
			rest = append(rest, m)
		}
	}
	h.send(rest...)
	if role == nil {
		t.Fatal("the role was not asked for")
	}
	return role
}

// TestRoleRebuildsTheStack: when the role arrives and makes the session read-only,
// every screen is built again from its route with read-only Deps, in order (a form an
// action pushed is dropped); a role that changes nothing rebuilds nothing; an answer
// for a session that was switched away is dropped.
func TestRoleRebuildsTheStack(t *testing.T) {
	for _, role := range []string{"READ_ONLY_USER", "USER"} {
		t.Run(role, func(t *testing.T) {
			c := &roleClient{role: role}
			h := newHarness(t, ui.Options{Client: c})
			app := h.app
			answer := switchCloud(t, h)
			runs := screen.Route{Kind: screen.RouteRuns, Params: map[string]string{"state": "Failed"}}
			h.send(screen.OpenMsg{Route: runs})
			h.send(screen.PushMsg{Screen: &fake{title: "form"}})
			built := len(h.built)
			if app.Depth() != 3 || built < 2 || h.built[built-1].deps.ReadOnly {
				t.Fatalf("depth %d, built %d", app.Depth(), built)
			}
			h.send(answer)
			if app.Session().Role != role || c.n != 1 {
				t.Fatalf("role %q after %d requests", app.Session().Role, c.n)
			}
			if role == "USER" {
				if len(h.built) != built || app.Depth() != 3 || strings.Contains(h.view(), "read-only") {
					t.Fatalf("a USER role changed the stack: depth %d, built %d", app.Depth(), len(h.built))
				}
				return
			}
			if app.Depth() != 2 || len(h.built) != built+2 {
				t.Fatalf("rebuilt: depth %d, built %d more", app.Depth(), len(h.built)-built)
			}
			flows, again := h.built[built], h.built[built+1]
			if flows.title != "flows" || again.title != "runs" || again.route.Params["state"] != "Failed" ||
				!flows.deps.ReadOnly || !again.deps.ReadOnly || again.inits != 1 || flows.inits != 0 {
				t.Fatalf("rebuilt %s (%v, ro %v) and %s (%v, ro %v, inits %d)", flows.title, flows.route, flows.deps.ReadOnly,
					again.title, again.route, again.deps.ReadOnly, again.inits)
			}
			if v := h.view(); !strings.Contains(v, "read-only user") || !strings.Contains(v, "flows › runs") {
				t.Fatalf("view:\n%s", v)
			}

			// A role answer of a session that is gone changes nothing.
			stale := switchCloud(t, h)
			h.send(screen.SessionChangedMsg{Session: screen.Session{Backend: "cloud", TenantID: "t1", TenantName: "One", Role: "USER"}})
			built = len(h.built)
			h.send(stale)
			if app.Session().Role != "USER" || len(h.built) != built || strings.Contains(h.view(), "read-only") {
				t.Fatalf("a stale role was taken: %q", app.Session().Role)
			}
		})
	}
}

// await loads the top screen again until the view holds text: RunCmd (behind h.send)
// gives up on a load that a busy machine answers after uitest.Timeout.
func await(t *testing.T, h *harness, text string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(h.view(), text) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q on the screen:\n%s", text, h.view())
		}
		h.send(uitest.RunLoad(h.app.Top().Init())...)
	}
}
