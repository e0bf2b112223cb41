package flow_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/schedule"
	"github.com/prefect-tui/prefect-tui/ui/actions"
	"github.com/prefect-tui/prefect-tui/ui/flow"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	uidemo "github.com/prefect-tui/prefect-tui/ui/uitest/demo"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
)

func deps(c graphql.Client) screen.Deps {
	d := uidemo.Deps(c)
	d.Log = log.New(io.Discard, "", 0)
	d.Session = screen.Session{TenantSlug: "demo", Backend: "server", UIURL: "http://localhost:8080"}
	return d
}

func demoClient(t *testing.T) *runtest.Counting {
	t.Helper()
	_, c := uidemo.Server(t)
	return &runtest.Counting{Client: c}
}

// demoFlow is a flow of the demo by name: its id, flow group, schedule and versions.
type demoFlow struct {
	ID, Group string
	Schedule  json.RawMessage
	Active    bool
	Versions  int
}

func findFlow(t testing.TB, c graphql.Client, name string) demoFlow {
	t.Helper()
	res, err := api.Run(context.Background(), c, `query F($n: String!) { flow(where: {name: {_eq: $n}, archived: {_eq: false}}) {
		id flow_group_id schedule is_schedule_active flow_group { schedule flows_aggregate { aggregate { count } } } } }`,
		map[string]any{"n": name}, "F")
	if err != nil || len(res.Errors) > 0 {
		t.Fatal(err, res.Errors)
	}
	var out struct {
		Flow []struct {
			ID        string          `json:"id"`
			Group     string          `json:"flow_group_id"`
			Schedule  json.RawMessage `json:"schedule"`
			Active    bool            `json:"is_schedule_active"`
			FlowGroup struct {
				Schedule json.RawMessage `json:"schedule"`
				Flows    struct {
					Aggregate struct{ Count int }
				} `json:"flows_aggregate"`
			} `json:"flow_group"`
		}
	}
	if err := json.Unmarshal(res.Data, &out); err != nil || len(out.Flow) != 1 {
		t.Fatalf("flow %s: %v %s", name, err, res.Data)
	}
	f := out.Flow[0]
	sched := f.Schedule
	if s := string(f.FlowGroup.Schedule); s != "" && s != "null" {
		sched = f.FlowGroup.Schedule
	}
	return demoFlow{ID: f.ID, Group: f.Group, Schedule: sched, Active: f.Active, Versions: f.FlowGroup.Flows.Aggregate.Count}
}

func open(t *testing.T, c graphql.Client, r screen.Route, w, h int, opts flow.Options) *flow.Model {
	t.Helper()
	m := flow.New(deps(c), r, opts)
	m.SetSize(w, h)
	runtest.Load(func(msg tea.Msg) { m.Update(msg) }, m.Init())
	if m.Err() != nil || !m.Loaded() {
		t.Fatalf("load: loaded %v err %v", m.Loaded(), m.Err())
	}
	return m
}

func press(m *flow.Model, keys ...string) []tea.Msg {
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

// TestLoadsWithOneRequest: the page of etl-orders (3 versions, hourly schedule, two
// parameters, a Kubernetes run config on GitHub storage) from one FlowPage request, at
// 80×24 and 120×40.
func TestLoadsWithOneRequest(t *testing.T) {
	c := demoClient(t)
	f := findFlow(t, c, "etl-orders")
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			c.Reset()
			m := open(t, c, screen.Route{Kind: screen.RouteFlow, ID: f.Group}, sz[0], sz[1], flow.Options{})
			if ops := c.Ops(); len(ops) != 1 || ops[0] != "FlowPage" {
				t.Fatalf("load sent %v, want one FlowPage", ops)
			}
			if m.FlowID() != f.ID || m.Version() != f.Versions {
				t.Fatalf("shows %s v%d, want the latest %s v%d", m.FlowID(), m.Version(), f.ID, f.Versions)
			}
			v := uitest.Strip(m.View())
			for _, want := range []string{
				"etl-orders v3", "project data-warehouse", "3 versions", "Hourly load of the orders table",
				"● on every hour", "date=null · full_refresh=false", "KubernetesRun", "labels prod,k8s",
				"image ghcr.io/acme/flows:2026.11", "GitHub acme/prefect-flows@main flows/etl-orders.py",
				"✓ succeeded", "-24h (w)", "state", "scheduled", "◷ Late",
			} {
				if !strings.Contains(v, want) {
					t.Errorf("page lacks %q:\n%s", want, v)
				}
			}
			assertSize(t, m.View(), sz[0], sz[1])
			uitest.Golden(t, m.View())
		})
	}
}

// TestNextTimesFromTheSchedule: the next 10 times come from the schedule itself (the
// shared api/schedule package), so they show even when the scheduler made no runs:
// for a flow whose schedule is off, as "would run".
func TestNextTimesFromTheSchedule(t *testing.T) {
	c := demoClient(t)
	for _, name := range []string{"etl-orders", "legacy-import"} {
		f := findFlow(t, c, name)
		s, err := schedule.Parse(f.Schedule)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var want []string
		for _, e := range s.Next(10, uidemo.Now) {
			want = append(want, e.Start.UTC().Format("15:04"))
		}
		m := open(t, c, screen.Route{Kind: screen.RouteFlow, ID: f.Group}, 120, 40, flow.Options{})
		var got []string
		for _, n := range m.Next() {
			got = append(got, n.UTC().Format("15:04"))
		}
		if len(got) != 10 || !slices.Equal(got, want) {
			t.Errorf("%s: next %v, want %v", name, got, want)
		}
		v := uitest.Strip(m.View())
		if f.Active != strings.Contains(v, "● on") || !f.Active && !strings.Contains(v, "○ off") {
			t.Errorf("%s (active %v): schedule state not shown:\n%s", name, f.Active, v)
		}
		if !f.Active && !strings.Contains(v, "would run") {
			t.Errorf("%s: an inactive schedule's times say what would run:\n%s", name, v)
		}
		press(m, "d")
		d := uitest.Strip(m.View())
		for _, w := range want {
			if !strings.Contains(d, w) {
				t.Errorf("%s: details lack the next time %s:\n%s", name, w, d)
			}
		}
	}
}

// TestVersions: v shows the older version (one request); its page says it is archived
// and which is the latest; V comes back. A version can be opened by id.
func TestVersions(t *testing.T) {
	c := demoClient(t)
	f := findFlow(t, c, "etl-orders")
	m := open(t, c, screen.Route{Kind: screen.RouteFlow, ID: f.Group}, 120, 40, flow.Options{})
	c.Reset()
	press(m, "v")
	if ops := c.Ops(); len(ops) != 1 || ops[0] != "FlowPage" {
		t.Fatalf("v sent %v", ops)
	}
	if m.Version() != 2 {
		t.Fatalf("v shows v%d", m.Version())
	}
	if v := uitest.Strip(m.View()); !strings.Contains(v, "etl-orders v2") || !strings.Contains(v, "archived · latest v3 (V)") {
		t.Errorf("older version:\n%s", v)
	}
	old := m.FlowID()
	press(m, "V")
	if m.Version() != 3 {
		t.Fatalf("V shows v%d", m.Version())
	}
	m = open(t, c, screen.Route{Kind: screen.RouteFlow, ID: f.Group, Params: map[string]string{"flow_id": old}}, 80, 24, flow.Options{})
	if m.FlowID() != old || m.Title() != "etl-orders v2" {
		t.Errorf("by id: %s %q", m.FlowID(), m.Title())
	}
}

// TestOpenRunsAndCopy: enter opens the selected run, l the runs screen of the flow
// group, y and Y copy the flow's id and link; d toggles the details.
func TestOpenRunsAndCopy(t *testing.T) {
	c := demoClient(t)
	f := findFlow(t, c, "etl-orders")
	m := open(t, c, screen.Route{Kind: screen.RouteFlow, ID: f.Group}, 80, 24, flow.Options{})
	if len(m.RunIDs()) == 0 {
		t.Fatal("no runs listed")
	}
	out := press(m, "down", "enter")
	if o, ok := uitest.Find[screen.OpenMsg](out); !ok || o.Route.Kind != screen.RouteRun || o.Route.ID != m.RunIDs()[1] {
		t.Fatalf("enter: %+v", out)
	}
	out = press(m, "l")
	if o, _ := uitest.Find[screen.OpenMsg](out); o.Route.Kind != screen.RouteRuns || o.Route.Params["flow_group_id"] != f.Group || o.Route.Params["flow_name"] != "etl-orders" {
		t.Fatalf("l: %+v", out)
	}
	out = press(m, "y")
	if cp, _ := uitest.Find[screen.CopyMsg](out); cp.Text != f.ID {
		t.Fatalf("y: %+v", out)
	}
	out = press(m, "Y")
	if cp, _ := uitest.Find[screen.CopyMsg](out); cp.Text != "http://localhost:8080/demo/flow/"+f.Group {
		t.Fatalf("Y: %+v", out)
	}
	press(m, "d")
	v := uitest.Strip(m.View())
	if !m.Details() || !strings.Contains(v, "flow id      "+f.ID) || !strings.Contains(v, "d back to runs") {
		t.Fatalf("d:\n%s", v)
	}
	assertSize(t, m.View(), 80, 24)
	press(m, "G")
	if v := uitest.Strip(m.View()); !strings.Contains(v, "repo") {
		t.Errorf("details scrolled to the end lack the storage:\n%s", v)
	}
	press(m, "d")
	if m.Details() {
		t.Fatal("d did not come back to the runs")
	}
}

// TestActions: N opens the run form for the version shown, S the schedule dialog; in
// read-only mode neither is offered nor acts.
func TestActions(t *testing.T) {
	c := demoClient(t)
	f := findFlow(t, c, "etl-orders")
	d := deps(c)
	m := open(t, c, screen.Route{Kind: screen.RouteFlow, ID: f.Group}, 120, 40, flow.Options{Actions: actions.NewFlows(d)})
	if got := helpDescs(m.ShortHelp()); !slices.Contains(got, "run now…") || !slices.Contains(got, "schedule on/off") {
		t.Fatalf("help %v", got)
	}
	out := press(m, "N")
	if p, ok := uitest.Find[screen.PushMsg](out); !ok || !strings.Contains(uitest.Strip(p.Screen.View()), "etl-orders") {
		t.Fatalf("N: %+v", out)
	}
	out = press(m, "S")
	p, ok := uitest.Find[screen.PushMsg](out)
	if !ok {
		t.Fatalf("S: %+v", out)
	}
	p.Screen.SetSize(100, 30)
	if v := uitest.Strip(p.Screen.View()); !strings.Contains(v, "set_schedule_inactive") {
		t.Fatalf("S on an active schedule turns it off:\n%s", v)
	}

	ro := deps(c)
	ro.ReadOnly = true
	m = open(t, c, screen.Route{Kind: screen.RouteFlow, ID: f.Group}, 120, 40, flow.Options{Actions: actions.NewFlows(ro)})
	if got := helpDescs(m.ShortHelp()); slices.Contains(got, "run now…") {
		t.Fatalf("read-only help %v", got)
	}
	c.Reset()
	if out := press(m, "N", "S"); len(out) != 0 || len(c.Ops()) != 0 {
		t.Fatalf("read-only N S: %v %v", out, c.Ops())
	}
}

func helpDescs(bs []key.Binding) []string {
	var out []string
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b.Help().Desc)
		}
	}
	return out
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

func actionsFor(c graphql.Client) screen.Actions { return actions.NewFlows(deps(c)) }
