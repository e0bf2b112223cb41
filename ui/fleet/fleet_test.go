package fleet_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api/auth"
	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/store"
	"github.com/prefect-tui/prefect-tui/ui/fleet"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/demo"
)

// source is fleet.Source over the demo user's account, as the explorer wires it, with
// every request of every tenant's client recorded and a tenant that can be made to fail.
type source struct {
	acct auth.Account
	base screen.Session

	mu      sync.Mutex
	ops     []string          // "slug:Operation" per request
	listed  int               // Tenants calls
	fail    map[string]error  // slug → what Client answers
	clients map[string]string // client → slug (for the record)
}

func (s *source) Tenants(ctx context.Context) ([]fleet.Tenant, error) {
	s.mu.Lock()
	s.listed++
	s.mu.Unlock()
	ts, err := s.acct.Tenants(ctx)
	out := make([]fleet.Tenant, len(ts))
	for i, t := range ts {
		out[i] = fleet.Tenant{ID: t.ID, Name: t.Name, Slug: t.Slug, Role: t.Role}
	}
	return out, err
}

func (s *source) Client(ctx context.Context, t fleet.Tenant) (graphql.Client, error) {
	s.mu.Lock()
	err := s.fail[t.Slug]
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	c, err := s.acct.TenantClient(ctx, auth.Tenant{ID: t.ID, Name: t.Name, Slug: t.Slug, Role: t.Role})
	if err != nil {
		return nil, err
	}
	return recording{c, t.Slug, s}, nil
}

func (s *source) Switch(ctx context.Context, t fleet.Tenant) (fleet.Switched, error) {
	a, err := s.acct.Switch(ctx, auth.Tenant{ID: t.ID, Name: t.Name, Slug: t.Slug, Role: t.Role})
	if err != nil {
		return fleet.Switched{}, err
	}
	sess := s.base
	sess.TenantID, sess.TenantSlug, sess.TenantName, sess.Role = a.TenantID, a.TenantSlug, a.TenantName, a.Role
	return fleet.Switched{Session: sess, Client: a.Client, Note: a.Note}, nil
}

func (s *source) takeOps() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.ops
	s.ops = nil
	sort.Strings(out)
	return out
}

type recording struct {
	graphql.Client
	slug string
	s    *source
}

func (r recording) MakeRequest(ctx context.Context, req *graphql.Request, resp *graphql.Response) error {
	r.s.mu.Lock()
	r.s.ops = append(r.s.ops, r.slug+":"+req.OpName)
	r.s.mu.Unlock()
	return r.Client.MakeRequest(ctx, req, resp)
}

// cloudFleet starts a Cloud demo server and a fleet on it, logged in to production.
func cloudFleet(t *testing.T, w, h int) (*server.Server, *source, *fleet.Model) {
	t.Helper()
	srv, base := demo.Cloud(t)
	acct, _, sess := demo.CloudLogin(t, srv, base, "production")
	sess.APIURL = "http://127.0.0.1:4200/graphql"
	src := &source{acct: acct, base: sess, fail: map[string]error{}}
	deps := demo.Deps(nil)
	deps.Session = sess
	m := fleet.New(deps, src)
	m.SetSize(w, h)
	return srv, src, m
}

// load runs cmd and delivers what it produces until the fleet is quiet, however long
// the server takes; the refresh timer a load ends with is not run (the load ended in the
// Update that returned it). It returns the messages meant for the root (screen.*).
func load(m *fleet.Model, cmd tea.Cmd) []tea.Msg {
	var rest []tea.Msg
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		for _, msg := range uitest.RunLoad(c) {
			if strings.HasPrefix(fmt.Sprintf("%T", msg), "screen.") {
				rest = append(rest, msg)
				continue
			}
			was := m.Loading()
			_, next := m.Update(msg)
			if next != nil && !(was && !m.Loading()) {
				queue = append(queue, next)
			}
		}
	}
	return rest
}

// want counts, from the database, what the fleet should show for a tenant.
func want(t *testing.T, srv *server.Server, tenant string, since, now time.Time) (failed, late, running int) {
	t.Helper()
	q := func(where string, args ...any) int {
		var n int
		if err := srv.DB.QueryRow(`SELECT count(*) FROM flow_run WHERE tenant_id = ? AND `+where, append([]any{tenant}, args...)...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	failed = q(`state IN ('Failed','TimedOut','TriggerFailed','ValidationFailed') AND state_timestamp >= ?`, store.FormatTime(since))
	late = q(`state = 'Scheduled' AND scheduled_start_time < ?`, store.FormatTime(now))
	running = q(`state = 'Running'`)
	return failed, late, running
}

// TestCloudFleet: every tenant of the demo user, each read with its own credential in
// one request per load, with the counts the database has, goldens at both sizes; a
// refresh sends one request per tenant and lists nothing again.
func TestCloudFleet(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			srv, src, m := cloudFleet(t, sz[0], sz[1])
			if v := ansi.Strip(m.View()); !strings.Contains(v, "loading") && !strings.Contains(v, "All tenants") {
				t.Fatalf("first frame:\n%s", v)
			}
			load(m, m.Init())
			gs := m.Groups()
			if len(gs) != 3 {
				t.Fatalf("%d tenants", len(gs))
			}
			since, now := demo.Now.Add(-24*time.Hour), demo.Now
			total := 0
			for _, g := range gs {
				if g.Err != nil || !g.Loaded {
					t.Fatalf("%s: %v", g.Slug, g.Err)
				}
				f, l, r := want(t, srv, g.ID, since, now)
				if g.Failed != f || g.Late != l || g.Running != r {
					t.Errorf("%s: failed %d late %d running %d, want %d %d %d", g.Slug, g.Failed, g.Late, g.Running, f, l, r)
				}
				if len(g.Failures) != min(f, fleet.FailuresFetched) || (l > 0) != (g.Oldest.ID != "") {
					t.Errorf("%s: %d failures, oldest late %q", g.Slug, len(g.Failures), g.Oldest.ID)
				}
				for i := 1; i < len(g.Failures); i++ {
					if g.Failures[i].StateTime.After(g.Failures[i-1].StateTime) {
						t.Errorf("%s: failures not newest first", g.Slug)
					}
				}
				total += f + l
			}
			if total == 0 {
				t.Fatal("no failed or late run in the demo: the test proves nothing")
			}
			if got := strings.Join(src.takeOps(), ","); got != "production:FleetTenant,sandbox:FleetTenant,staging:FleetTenant" {
				t.Errorf("first load sent %s", got)
			}
			v := m.View()
			if n := strings.Count(v, "\n") + 1; n != sz[1] {
				t.Errorf("%d lines, want %d", n, sz[1])
			}
			for i, l := range strings.Split(v, "\n") {
				if w := ansi.StringWidth(l); w > sz[0] {
					t.Errorf("line %d is %d wide: %q", i, w, ansi.Strip(l))
				}
			}
			uitest.Golden(t, v)

			// A refresh: one request per tenant, no listing, no login.
			_, cmd := m.Update(uitest.Press("w"))
			load(m, cmd)
			if got := strings.Join(src.takeOps(), ","); got != "production:FleetTenant,sandbox:FleetTenant,staging:FleetTenant" || src.listed != 1 {
				t.Errorf("refresh sent %s (listed %d times)", got, src.listed)
			}
			if m.Window() != fleet.Window7d || !strings.Contains(ansi.Strip(m.View()), "last 7d") {
				t.Errorf("w: window %s", m.Window())
			}
			for _, g := range m.Groups() {
				if f, _, _ := want(t, srv, g.ID, demo.Now.Add(-7*24*time.Hour), now); g.Failed != f {
					t.Errorf("%s: failed in 7d %d, want %d", g.Slug, g.Failed, f)
				}
			}
		})
	}
}

// TestFailingTenant: a tenant that cannot be read (its membership removed after the
// listing, so logging in to it is refused; or its client failing) shows why, and the
// other tenants still show; r lists the tenants again.
func TestFailingTenant(t *testing.T) {
	srv, src, m := cloudFleet(t, 100, 30)
	listed := uitest.RunLoad(m.Init())
	_, cmd := m.Update(listed[0])
	sandbox := server.CloudDemoTenants[2]
	if _, err := srv.DB.Exec(`DELETE FROM cloud_membership WHERE user_id = ? AND tenant_id = ?`, "5a1d3c7e-0000-4000-8000-00000000d001", sandbox.ID); err != nil {
		t.Fatal(err)
	}
	src.fail["staging"] = errors.New("staging is down for maintenance")
	load(m, cmd)
	v := ansi.Strip(m.View())
	bySlug := map[string]fleet.Group{}
	for _, g := range m.Groups() {
		bySlug[g.Slug] = g
	}
	if g := bySlug["sandbox"]; g.Err == nil || !strings.Contains(v, "couldn't read Sandbox") {
		t.Errorf("sandbox without membership: %v\n%s", g.Err, v)
	}
	if g := bySlug["staging"]; g.Err == nil || !strings.Contains(v, "staging is down for maintenance") {
		t.Errorf("failing staging: %v\n%s", g.Err, v)
	}
	if g := bySlug["production"]; g.Err != nil || !g.Loaded || g.Failed+g.Late+g.Running == 0 {
		t.Errorf("production hidden by the others: %+v", g)
	}
	uitest.Golden(t, m.View())

	// r lists the tenants again: sandbox is gone from them, staging is back.
	delete(src.fail, "staging")
	_, cmd = m.Update(uitest.Press("r"))
	load(m, cmd)
	var slugs []string
	for _, g := range m.Groups() {
		if g.Err != nil {
			t.Errorf("%s: %v", g.Slug, g.Err)
		}
		slugs = append(slugs, g.Slug)
	}
	if strings.Join(slugs, ",") != "production,staging" || src.listed != 2 {
		t.Errorf("after r: %v (listed %d)", slugs, src.listed)
	}
}

// TestEnterSwitchesThenOpens: enter on a failure of another tenant switches to it and
// then opens the run, in that order; on a failure of the session's tenant it opens the
// run at once; on the session's tenant its flows.
func TestEnterSwitchesThenOpens(t *testing.T) {
	_, _, m := cloudFleet(t, 100, 30)
	load(m, m.Init())
	var staging fleet.Group
	for _, g := range m.Groups() {
		if g.Slug == "staging" {
			staging = g
		}
	}
	if len(staging.Failures) == 0 {
		t.Fatal("staging has no failure to open")
	}
	// The cursor starts on production (the session's tenant): enter opens its flows.
	if o, ok := uitest.Find[screen.OpenMsg](load(m, pressCmd(m, "enter"))); !ok || o.Route.Kind != screen.RouteFlows {
		t.Fatalf("enter on the session's tenant: %v", o)
	}
	// Down to staging's line first: a run of another tenant may have the same name.
	for i := 0; i < 40 && !strings.Contains(cursorLine(m.View()), "Staging"); i++ {
		m.Update(uitest.Press("down"))
	}
	for i := 0; i < 40 && !strings.Contains(cursorLine(m.View()), staging.Failures[0].Name); i++ {
		m.Update(uitest.Press("down"))
	}
	if !strings.Contains(cursorLine(m.View()), staging.Failures[0].Name) {
		t.Fatalf("no row for %s:\n%s", staging.Failures[0].Name, ansi.Strip(m.View()))
	}
	if h := helpOf(m); !strings.Contains(h, "switch & open run") {
		t.Errorf("enter's help on another tenant's run: %s", h)
	}
	out := load(m, pressCmd(m, "enter"))
	var order []string
	for _, msg := range out {
		switch msg := msg.(type) {
		case screen.SessionChangedMsg:
			order = append(order, "session:"+msg.Session.TenantSlug+":"+msg.Session.Role)
			if msg.Client == nil {
				t.Error("no client for the new session")
			}
		case screen.OpenMsg:
			order = append(order, "open:"+msg.Route.ID)
		}
	}
	if got := strings.Join(order, ","); got != "session:staging:USER,open:"+staging.Failures[0].ID {
		t.Errorf("switch then open: %s", got)
	}
}

// TestStaleWindowAnswersDropped: answers of a load that another load replaced (w
// pressed while tenants were still answering) are dropped.
func TestStaleWindowAnswersDropped(t *testing.T) {
	_, _, m := cloudFleet(t, 100, 30)
	load(m, m.Init())
	_, old := m.Update(uitest.Press("w")) // 7d, not yet answered
	_, cmd := m.Update(uitest.Press("w")) // 30d
	load(m, cmd)
	after := fmt.Sprint(m.Groups())
	load(m, old) // the 7d answers arrive late
	if got := fmt.Sprint(m.Groups()); got != after {
		t.Errorf("late answers of an older window were taken:\n%s\nwas\n%s", got, after)
	}
}

func pressCmd(m *fleet.Model, k string) tea.Cmd {
	_, cmd := m.Update(uitest.Press(k))
	return cmd
}

func helpOf(m *fleet.Model) string {
	var out []string
	for _, col := range m.FullHelp() {
		for _, b := range col {
			if b.Enabled() {
				out = append(out, b.Help().Key+" "+b.Help().Desc)
			}
		}
	}
	return strings.Join(out, ",")
}

func cursorLine(v string) string {
	for _, l := range strings.Split(ansi.Strip(v), "\n") {
		if strings.HasPrefix(l, "›") {
			return l
		}
	}
	return ""
}
