package flow_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/ui/flow"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
)

// TestNotFound: an id that is no flow group says so, with a way back.
func TestNotFound(t *testing.T) {
	c := demoClient(t)
	m := open(t, c, screen.Route{Kind: screen.RouteFlow, ID: "00000000-0000-4000-8000-000000000000"}, 80, 24, flow.Options{})
	if m.Found() {
		t.Fatal("found a flow for a made-up id")
	}
	if v := uitest.Strip(m.View()); !strings.Contains(v, "No flow group 00000000-0000-4000-8000-000000000000") || !strings.Contains(v, "esc back") {
		t.Errorf("not found:\n%s", v)
	}
	if got := helpDescs(m.ShortHelp()); slices.Contains(got, "all details") || slices.Contains(got, "open run") {
		t.Errorf("help offers what cannot be done: %v", got)
	}
}

type failing struct{ err error }

func (f failing) MakeRequest(context.Context, *graphql.Request, *graphql.Response) error {
	return f.err
}

// TestErrorStaleAndPolling: a failed load says why; a stale result is dropped; the
// refresh timer reloads with one request, an old timer does nothing.
func TestErrorStaleAndPolling(t *testing.T) {
	m := flow.New(deps(failing{&graphql.HTTPError{StatusCode: 502}}), screen.Route{Kind: screen.RouteFlow, ID: "g"}, flow.Options{})
	m.SetSize(80, 24)
	runtest.Load(func(msg tea.Msg) { m.Update(msg) }, m.Init())
	if v := uitest.Strip(m.View()); m.Err() == nil || !strings.Contains(v, "Couldn't load the flow") || !strings.Contains(v, "502") {
		t.Errorf("error view:\n%s", v)
	}
	assertSize(t, m.View(), 80, 24)

	c := demoClient(t)
	f := findFlow(t, c, "s3-ingest")
	m = open(t, c, screen.Route{Kind: screen.RouteFlow, ID: f.Group}, 80, 24, flow.Options{})
	before := m.RunIDs()
	old := m.ReqID()
	_, cmd := m.Update(uitest.Press("r"))
	m.Update(flow.StaleLoaded(old))
	if !slices.Equal(m.RunIDs(), before) {
		t.Fatal("a stale result replaced the page")
	}
	runtest.Load(func(msg tea.Msg) { m.Update(msg) }, cmd)
	tick := m.RefreshTick()
	c.Reset()
	_, cmd = m.Update(tick)
	runtest.Load(func(msg tea.Msg) { m.Update(msg) }, cmd)
	if ops := c.Ops(); len(ops) != 1 || ops[0] != "FlowPage" {
		t.Fatalf("refresh sent %v", ops)
	}
	c.Reset()
	if _, cmd = m.Update(tick); cmd != nil || len(c.Ops()) != 0 {
		t.Fatalf("an old timer reloaded: %v", c.Ops())
	}
}

// TestHelpPinned: the page's help, its count, and no key bound twice.
func TestHelpPinned(t *testing.T) {
	c := demoClient(t)
	f := findFlow(t, c, "etl-orders")
	m := open(t, c, screen.Route{Kind: screen.RouteFlow, ID: f.Group}, 120, 40, flow.Options{Actions: actionsFor(c)})
	if got := helpDescs(m.ShortHelp()); !slices.Equal(got, []string{"open run", "runs list", "all details", "older version", "run now…", "schedule on/off"}) {
		t.Errorf("short help %v", got)
	}
	n := 0
	seen := map[string]string{}
	for _, col := range m.FullHelp() {
		for _, b := range col {
			if !b.Enabled() {
				continue
			}
			n++
			for _, k := range b.Keys() {
				if other, ok := seen[k]; ok && other != b.Help().Desc {
					t.Errorf("key %q bound to %q and %q", k, other, b.Help().Desc)
				}
				seen[k] = b.Help().Desc
			}
		}
	}
	// 6 navigation + 9 page keys + 2 actions.
	if len(m.FullHelp()) != 3 || n != 17 {
		t.Errorf("FullHelp: %d columns, %d bindings; want 3 and 17", len(m.FullHelp()), n)
	}
}

// TestScheduleOnAFlowWithout: S on a flow without a schedule says so instead of asking
// to turn on what does not exist.
func TestScheduleOnAFlowWithout(t *testing.T) {
	c := demoClient(t)
	f := findFlow(t, c, "feature-backfill")
	m := open(t, c, screen.Route{Kind: screen.RouteFlow, ID: f.Group}, 80, 24, flow.Options{Actions: actionsFor(c)})
	out := press(m, "S")
	st, ok := uitest.Find[screen.StatusMsg](out)
	if _, pushed := uitest.Find[screen.PushMsg](out); pushed || !ok || !strings.Contains(st.Text, "has no schedule") {
		t.Fatalf("S on a flow without a schedule: %+v", out)
	}
}
