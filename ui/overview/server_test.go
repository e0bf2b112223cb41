package overview_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/server/servertest"
	"github.com/prefect-tui/prefect-tui/ui/agenthealth"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/overview"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/runhistory"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/theme"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	uidemo "github.com/prefect-tui/prefect-tui/ui/uitest/demo"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
)

// now is the demo's clock.
var now = uidemo.Now

func deps(c graphql.Client) screen.Deps {
	d := uidemo.Deps(c)
	d.Log = log.New(io.Discard, "", 0)
	d.Session = screen.Session{TenantSlug: "demo", Backend: "server"}
	return d
}

// demoClient is a counting client on the shared demo server.
func demoClient(t *testing.T) *runtest.Counting {
	t.Helper()
	_, c := uidemo.Server(t)
	return &runtest.Counting{Client: c}
}

// open builds the overview on c at w×h and loads it.
func open(t *testing.T, c graphql.Client, r screen.Route, w, h int, opts overview.Options) *overview.Model {
	t.Helper()
	m := overview.New(deps(c), r, opts)
	m.SetSize(w, h)
	runtest.Load(func(msg tea.Msg) { m.Update(msg) }, m.Init())
	if m.Err() != nil || !m.Loaded() {
		t.Fatalf("load: loaded %v err %v", m.Loaded(), m.Err())
	}
	return m
}

// press sends keys and loads what they start; it returns what was not the screen's.
func press(m *overview.Model, keys ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range keys {
		_, cmd := m.Update(uitest.Press(k))
		for _, msg := range runtest.Load(func(msg tea.Msg) { m.Update(msg) }, cmd) {
			switch msg.(type) {
			case screen.OpenMsg, screen.CopyMsg, screen.StatusMsg, screen.PushMsg:
				out = append(out, msg)
			}
		}
	}
	return out
}

// count asks the server how many flow runs match where.
func count(t *testing.T, c graphql.Client, w json.RawMessage) int {
	t.Helper()
	res, err := api.Run(context.Background(), c, `query C($w: flow_run_bool_exp) { flow_run_aggregate(where: $w) { aggregate { count } } }`,
		map[string]any{"w": w}, "C")
	if err != nil || len(res.Errors) > 0 {
		t.Fatalf("count: %v %v", err, res.Errors)
	}
	var out struct {
		Flow_run_aggregate struct{ Aggregate struct{ Count int } }
	}
	if err := json.Unmarshal(res.Data, &out); err != nil {
		t.Fatal(err)
	}
	return out.Flow_run_aggregate.Aggregate.Count
}

func stamp(t time.Time) string { return rundata.Stamp(t) }

// TestLoadsWithOneRequest: everything the overview shows comes from one Overview
// request, and each number matches a direct count on the server.
func TestLoadsWithOneRequest(t *testing.T) {
	c := demoClient(t)
	m := open(t, c, screen.Route{Kind: screen.RouteOverview}, 120, 40, overview.Options{})
	if ops := c.Ops(); len(ops) != 1 || ops[0] != "Overview" {
		t.Fatalf("load sent %v, want one Overview", ops)
	}
	since := now.Add(-24 * time.Hour)
	window := fmt.Sprintf(`{"scheduled_start_time": {"_gte": %q, "_lt": %q}}`, stamp(since), stamp(now))
	byState := m.ByState()
	total := 0
	for st, n := range byState {
		total += n
		w := fmt.Sprintf(`{"_and": [%s, {"state": {"_eq": %q}}]}`, window, st)
		if want := count(t, c, json.RawMessage(w)); n != want {
			t.Errorf("%s in 24h: %d, server counts %d", st, n, want)
		}
	}
	if want := count(t, c, json.RawMessage(window)); total != want || total == 0 {
		t.Errorf("runs in 24h: %d, server counts %d", total, want)
	}
	// The history buckets add up to the window.
	inBuckets := 0
	for _, b := range m.Buckets() {
		inBuckets += b.Total()
	}
	if len(m.Buckets()) != 24 || inBuckets != total {
		t.Errorf("%d buckets hold %d runs, want 24 holding %d", len(m.Buckets()), inBuckets, total)
	}
	// Each bucket's groups are the server's counts (the succeeded ones are not asked
	// for: they are the bucket's runs less the failed and the other ones).
	succeeded, failed, other := runhistory.HistoryStates()
	groups := map[components.HistoryGroup][]string{
		components.HistorySucceeded: succeeded, components.HistoryFailed: failed, components.HistoryOther: other,
	}
	seen := 0
	for i, b := range m.Buckets() {
		span := fmt.Sprintf(`"scheduled_start_time": {"_gte": %q, "_lt": %q}`, stamp(b.Start), stamp(b.Start.Add(time.Hour)))
		for g, states := range groups {
			in, _ := json.Marshal(states)
			w := fmt.Sprintf(`{%s, "state": {"_in": %s}}`, span, in)
			if want := count(t, c, json.RawMessage(w)); b.Counts[g] != want {
				t.Errorf("bucket %d (%s): %d %s, server counts %d", i, b.Start.Format(time.TimeOnly), b.Counts[g], g, want)
			}
			seen += b.Counts[g]
		}
	}
	if seen != total {
		t.Errorf("the buckets' groups hold %d runs, want %d", seen, total)
	}
	counts := m.Counts()
	late := rundata.LateWhere(now).JSON()
	if want := count(t, c, late); counts[0] != want || want == 0 {
		t.Errorf("late: %d, server counts %d (the demo has late runs)", counts[0], want)
	}
	if want := count(t, c, json.RawMessage(`{"state": {"_in": ["Running", "Submitted", "Cancelling"]}}`)); counts[2] != want || want == 0 {
		t.Errorf("in progress: %d, server counts %d", counts[2], want)
	}
	upcoming := fmt.Sprintf(`{"state": {"_eq": "Scheduled"}, "scheduled_start_time": {"_gte": %q}}`, stamp(now))
	if want := count(t, c, json.RawMessage(upcoming)); counts[3] != want || want == 0 {
		t.Errorf("upcoming: %d, server counts %d", counts[3], want)
	}
	fl, _ := json.Marshal(failed)
	if len(m.Failing()) == 0 {
		t.Fatal("no failing flows in the demo's last 24h")
	}
	for g, n := range m.Failing() {
		w := fmt.Sprintf(`{"_and": [%s, {"state": {"_in": %s}}, {"flow": {"flow_group_id": {"_eq": %q}}}]}`, window, fl, g)
		if want := count(t, c, json.RawMessage(w)); n != want {
			t.Errorf("flow group %s: %d failures, server counts %d", g, n, want)
		}
	}
	// Late runs oldest first.
	ids := m.IDs(0)
	if len(ids) == 0 {
		t.Fatal("no late runs listed")
	}
	// The agents' health, by the web UI's rule.
	if a := m.Agents(); a.Total() == 0 || a.Unhealthy == 0 || a.Healthy == 0 {
		t.Errorf("agents %+v: the demo has healthy agents and an unhealthy one", a)
	}
}

// TestView: goldens at 80×24 and 120×40, every line within the width.
func TestView(t *testing.T) {
	c := demoClient(t)
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			m := open(t, c, screen.Route{Kind: screen.RouteOverview}, sz[0], sz[1], overview.Options{})
			assertSize(t, m.View(), sz[0], sz[1])
			v := uitest.Strip(m.View())
			for _, want := range []string{"Late runs", "Failing flows", "In progress", "Upcoming", "succeeded", "agents ●", "-24h", "now"} {
				if !strings.Contains(v, want) {
					t.Errorf("view lacks %q:\n%s", want, v)
				}
			}
			uitest.Golden(t, m.View())
		})
	}
}

// TestNoColor: without colours every state, group and focus still reads by glyph.
func TestNoColor(t *testing.T) {
	c := demoClient(t)
	d := deps(c)
	d.Styles = theme.NewStyles(true, true)
	m := overview.New(d, screen.Route{Kind: screen.RouteOverview}, overview.Options{})
	m.SetSize(80, 24)
	runtest.Load(func(msg tea.Msg) { m.Update(msg) }, m.Init())
	v := m.View()
	if uitest.HasColor(v) {
		t.Errorf("colour without colours")
	}
	for _, want := range []string{"▸ 1 Late runs", "› ◷", "✗ failed", "✓ succeeded"} {
		if !strings.Contains(uitest.Strip(v), want) {
			t.Errorf("NO_COLOR view lacks %q:\n%s", want, v)
		}
	}
}

// TestWindowAndProjectScope: w and p reload with one request each, and the scope is
// applied on the server.
func TestWindowAndProjectScope(t *testing.T) {
	c := demoClient(t)
	m := open(t, c, screen.Route{Kind: screen.RouteOverview}, 120, 40, overview.Options{})
	day := m.ByState()
	c.Reset()
	press(m, "w")
	if ops := c.Ops(); len(ops) != 1 || ops[0] != "Overview" {
		t.Fatalf("w sent %v", ops)
	}
	week := m.ByState()
	if week["Success"] <= day["Success"] || len(m.Buckets()) != 28 {
		t.Errorf("7d: %d successes (24h: %d), %d buckets", week["Success"], day["Success"], len(m.Buckets()))
	}
	if v := uitest.Strip(m.View()); !strings.Contains(v, "last 7d") || !strings.Contains(v, "-7d") {
		t.Errorf("window not shown:\n%s", v)
	}
	press(m, "w", "w")
	if len(m.Buckets()) != 12 {
		t.Errorf("1h: %d buckets", len(m.Buckets()))
	}
	press(m, "w") // back to 24h
	c.Reset()
	press(m, "p")
	if ops := c.Ops(); len(ops) != 1 {
		t.Fatalf("p sent %v", ops)
	}
	title := m.Title()
	if !strings.HasPrefix(title, "overview (") {
		t.Fatalf("title %q after p", title)
	}
	_, vars := m.LastQuery()
	scope, _ := json.Marshal(vars["scope"])
	if !strings.Contains(string(scope), "project_id") {
		t.Fatalf("scope not sent: %s", scope)
	}
	scoped := 0
	for _, n := range m.ByState() {
		scoped += n
	}
	all := 0
	for _, n := range day {
		all += n
	}
	if scoped == 0 || scoped >= all {
		t.Errorf("project scope: %d runs of %d", scoped, all)
	}
	press(m, "P")
	if m.Title() != "overview" {
		t.Errorf("P back to all projects: %q", m.Title())
	}
}

// TestOpen: enter opens the selected run; on a failing flow, its last failure; tab and
// digits move between the sections; l lists the section in the runs screen.
func TestOpen(t *testing.T) {
	c := demoClient(t)
	m := open(t, c, screen.Route{Kind: screen.RouteOverview}, 120, 40, overview.Options{})
	out := press(m, "down", "enter")
	o, ok := uitest.Find[screen.OpenMsg](out)
	if !ok || o.Route.Kind != screen.RouteRun || o.Route.ID != m.IDs(0)[1] {
		t.Fatalf("enter on the second late run: %+v", out)
	}
	press(m, "tab")
	if m.Focus() != 1 {
		t.Fatalf("tab: focus %d", m.Focus())
	}
	out = press(m, "enter")
	o, _ = uitest.Find[screen.OpenMsg](out)
	if o.Route.ID == "" || o.Route.ID != m.IDs(1)[0] {
		t.Fatalf("enter on a failing flow opens its last failure: %+v", out)
	}
	out = press(m, "l")
	o, _ = uitest.Find[screen.OpenMsg](out)
	if o.Route.Kind != screen.RouteRuns || o.Route.Params["flow_group_id"] == "" || !strings.Contains(o.Route.Params["filter"], "since:24h") {
		t.Fatalf("l on a failing flow: %+v", o.Route)
	}
	press(m, "4")
	if m.Focus() != 3 {
		t.Fatalf("4: focus %d", m.Focus())
	}
	press(m, "shift+tab")
	if m.Focus() != 2 {
		t.Fatalf("shift+tab: focus %d", m.Focus())
	}
	out = press(m, "y")
	if cp, ok := uitest.Find[screen.CopyMsg](out); !ok || cp.Text != m.IDs(2)[0] {
		t.Fatalf("y copies the run in progress: %+v", out)
	}
}

// TestRestartedRunIsLate: a run that ran and was set back to Scheduled (a restart)
// keeps its start_time; it is late when its scheduled time is past, as in the web UI.
func TestRestartedRunIsLate(t *testing.T) {
	_, url := servertest.Start(t, servertest.Options{Demo: uidemo.Options})
	c := api.NewClient(api.ClientOptions{Endpoint: url + "/graphql", Log: log.New(io.Discard, "", 0)})
	ctx := context.Background()
	res, err := api.Run(ctx, c, `{ flow_run(where: {state: {_eq: "Failed"}, start_time: {_is_null: false}}, order_by: {scheduled_start_time: desc}, limit: 1) { id version } }`, nil, "")
	if err != nil || len(res.Errors) > 0 {
		t.Fatal(err, res.Errors)
	}
	var runs struct {
		Flow_run []struct {
			ID      string `json:"id"`
			Version int    `json:"version"`
		}
	}
	if err := json.Unmarshal(res.Data, &runs); err != nil || len(runs.Flow_run) != 1 {
		t.Fatalf("no failed run: %v %s", err, res.Data)
	}
	r := runs.Flow_run[0]
	state := map[string]any{"type": "Scheduled", "message": "restarted", "start_time": now.Add(-10 * time.Minute).Format(time.RFC3339)}
	in := []map[string]any{{"flow_run_id": r.ID, "version": r.Version, "state": state}}
	if _, err := api.SetFlowRunStates(ctx, c, mustJSON(in)); err != nil {
		t.Fatalf("restart: %v", err)
	}
	m := open(t, c, screen.Route{Kind: screen.RouteOverview}, 120, 40, overview.Options{})
	if !slices.Contains(m.IDs(0), r.ID) {
		t.Fatalf("the restarted run %s (Scheduled, started before, due 10m ago) is not late: %v", r.ID, m.IDs(0))
	}
}

func mustJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// TestAgentsSummaryUsesTheSharedRule: the counts are agenthealth's.
func TestAgentsSummaryUsesTheSharedRule(t *testing.T) {
	c := demoClient(t)
	m := open(t, c, screen.Route{Kind: screen.RouteOverview}, 120, 40, overview.Options{})
	res, err := api.Run(context.Background(), c, `{ agent { last_queried } }`, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	var a struct {
		Agent []struct {
			Last_queried time.Time `json:"last_queried"`
		}
	}
	if err := json.Unmarshal(res.Data, &a); err != nil {
		t.Fatal(err)
	}
	var times []time.Time
	for _, x := range a.Agent {
		times = append(times, x.Last_queried)
	}
	if want := agenthealth.Count(times, now); m.Agents() != want {
		t.Errorf("agents %+v, want %+v", m.Agents(), want)
	}
}

func assertSize(t *testing.T, v string, w, h int) {
	t.Helper()
	lines := strings.Split(uitest.Strip(v), "\n")
	if len(lines) != h {
		t.Errorf("%d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if n := len([]rune(l)); n > w {
			t.Errorf("line %d is %d wide: %q", i, n, l)
		}
	}
}
