package overview_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/prefect-tui/prefect-tui/ui/actions"
	"github.com/prefect-tui/prefect-tui/ui/overview"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
)

func helpLabels(bs []key.Binding) []string {
	var out []string
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b.Help().Desc)
		}
	}
	return out
}

func TestHelp(t *testing.T) {
	c := demoClient(t)
	m := open(t, c, screen.Route{Kind: screen.RouteOverview}, 120, 40, overview.Options{Actions: actions.NewOverview(deps(c))})
	want := []string{"next section", "open run", "time window", "next project", "cancel all in progress…"}
	if got := helpLabels(m.ShortHelp()); !slices.Equal(got, want) {
		t.Errorf("short help %v, want %v", got, want)
	}
	full := m.FullHelp()
	if len(full) != 3 {
		t.Fatalf("FullHelp has %d columns, want navigation | screen | actions", len(full))
	}
	n := 0
	for _, col := range full {
		n += len(helpLabels(col))
	}
	// 6 navigation + 3 sections; 7 screen keys; 1 action.
	if n != 17 {
		t.Errorf("FullHelp shows %d bindings, want 17", n)
	}
	seen := map[string]string{}
	for _, col := range full {
		for _, b := range col {
			if !b.Enabled() {
				continue
			}
			for _, k := range b.Keys() {
				if other, ok := seen[k]; ok && other != b.Help().Desc {
					t.Errorf("key %q bound to %q and %q", k, other, b.Help().Desc)
				}
				seen[k] = b.Help().Desc
			}
		}
	}
	press(m, "tab")
	if got := helpLabels(m.ShortHelp()); !slices.Contains(got, "open last failure") {
		t.Errorf("on failing flows enter opens the last failure: %v", got)
	}
}

// TestReadOnlyHidesCancelAll: in read-only mode C is neither offered nor acts.
func TestReadOnlyHidesCancelAll(t *testing.T) {
	c := demoClient(t)
	d := deps(c)
	d.ReadOnly = true
	m := overview.New(d, screen.Route{Kind: screen.RouteOverview}, overview.Options{Actions: actions.NewOverview(d)})
	m.SetSize(120, 40)
	runtest.Load(func(msg tea.Msg) { m.Update(msg) }, m.Init())
	for _, col := range m.FullHelp() {
		for _, l := range helpLabels(col) {
			if strings.Contains(l, "cancel") {
				t.Errorf("read-only help offers %q", l)
			}
		}
	}
	c.Reset()
	if out := press(m, "C"); len(out) != 0 || len(c.Ops()) != 0 {
		t.Errorf("C in read-only mode: %v, sent %v", out, c.Ops())
	}
}

// TestCancelAllConfirms: C asks to cancel every run in progress, with the mutation
// and how many runs it touches; nothing is sent before y.
func TestCancelAllConfirms(t *testing.T) {
	c := demoClient(t)
	d := deps(c)
	m := open(t, c, screen.Route{Kind: screen.RouteOverview}, 120, 40, overview.Options{Actions: actions.NewOverview(d)})
	running := m.IDs(2)
	if len(running) < 2 {
		t.Fatalf("the demo has %d runs in progress", len(running))
	}
	c.Reset()
	out := press(m, "C")
	push, ok := uitest.Find[screen.PushMsg](out)
	if !ok {
		t.Fatalf("C: %v", out)
	}
	if ops := c.Ops(); len(ops) != 1 || ops[0] != "RunsForAction" {
		t.Errorf("C read %v before asking (want the runs' current states only)", ops)
	}
	push.Screen.SetSize(100, 40)
	v := uitest.Strip(push.Screen.View())
	for _, want := range []string{"flow runs?", "cancel_flow_run", "touches"} {
		if !strings.Contains(v, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, v)
		}
	}
}

// TestStaleAndPolling: a result of an older request is dropped; the refresh timer
// reloads with one request and backs off while nothing changes; an old timer does
// nothing; a key press brings the interval back.
func TestStaleAndPolling(t *testing.T) {
	c := demoClient(t)
	m := open(t, c, screen.Route{Kind: screen.RouteOverview}, 80, 24, overview.Options{})
	before := m.IDs(0)
	old := m.ReqID()
	_, cmd := m.Update(uitest.Press("r"))
	m.Update(overview.StaleLoaded(old))
	if !slices.Equal(m.IDs(0), before) {
		t.Fatal("a stale result replaced the data")
	}
	runtest.Load(func(msg tea.Msg) { m.Update(msg) }, cmd)
	first := m.RefreshInterval()
	for range 3 {
		tick := m.RefreshTick()
		c.Reset()
		_, cmd = m.Update(tick)
		runtest.Load(func(msg tea.Msg) { m.Update(msg) }, cmd)
		if ops := c.Ops(); len(ops) != 1 || ops[0] != "Overview" {
			t.Fatalf("refresh sent %v", ops)
		}
		c.Reset()
		if _, cmd = m.Update(tick); cmd != nil || len(c.Ops()) != 0 {
			t.Fatalf("an old timer reloaded: %v", c.Ops())
		}
	}
	if m.RefreshInterval() <= first {
		t.Errorf("no backoff while nothing changes: %v then %v", first, m.RefreshInterval())
	}
	m.Update(uitest.Press("down"))
	if m.RefreshInterval() != first {
		t.Errorf("a key press did not bring the interval back: %v", m.RefreshInterval())
	}
}

type failing struct{ err error }

func (f failing) MakeRequest(context.Context, *graphql.Request, *graphql.Response) error {
	return f.err
}

// TestErrorAndPartial: a failed load says why and offers r; partial data shows the
// data and a warning line.
func TestErrorAndPartial(t *testing.T) {
	m := overview.New(deps(failing{&graphql.HTTPError{StatusCode: 502}}), screen.Route{Kind: screen.RouteOverview}, overview.Options{})
	m.SetSize(80, 24)
	runtest.Load(func(msg tea.Msg) { m.Update(msg) }, m.Init())
	if m.Err() == nil {
		t.Fatal("no error")
	}
	v := uitest.Strip(m.View())
	if !strings.Contains(v, "Couldn't load the overview") || !strings.Contains(v, "502") || !strings.Contains(v, "r retry") {
		t.Errorf("error view:\n%s", v)
	}
	assertSize(t, m.View(), 80, 24)

	c := demoClient(t)
	p := partialClient{c}
	m = overview.New(deps(p), screen.Route{Kind: screen.RouteOverview}, overview.Options{})
	m.SetSize(80, 24)
	runtest.Load(func(msg tea.Msg) { m.Update(msg) }, m.Init())
	if m.Err() != nil || !m.Loaded() || !strings.Contains(m.Warn(), "agents are gone") {
		t.Fatalf("partial: err %v warn %q", m.Err(), m.Warn())
	}
	if v := uitest.Strip(m.View()); !strings.Contains(v, "! partial result: agents are gone") || !strings.Contains(v, "Late runs") {
		t.Errorf("partial view:\n%s", v)
	}
	assertSize(t, m.View(), 80, 24)
}

// partialClient answers from the server and adds a GraphQL error, as Hasura does when a
// field fails.
type partialClient struct{ graphql.Client }

func (p partialClient) MakeRequest(ctx context.Context, req *graphql.Request, resp *graphql.Response) error {
	if err := p.Client.MakeRequest(ctx, req, resp); err != nil {
		return err
	}
	return gqlerror.List{{Message: "agents are gone"}}
}
