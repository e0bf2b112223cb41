package runs_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/runs"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	uidemo "github.com/prefect-tui/prefect-tui/ui/uitest/demo"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest/demo"
)

func openList(t *testing.T, c *runtest.Counting, route screen.Route, w, h int) *runs.Model {
	t.Helper()
	m := runs.New(runtest.Deps(c), route, runs.Options{})
	m.SetSize(w, h)
	runtest.Load(func(msg tea.Msg) { m.Update(msg) }, m.Init())
	return m
}

func TestLoadsWithOneRequest(t *testing.T) {
	c := demo.Client(t)
	for _, sz := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x40", 120, 40}} {
		t.Run(sz.name, func(t *testing.T) {
			c.Reset()
			m := openList(t, c, screen.Route{Kind: screen.RouteRuns}, sz.w, sz.h)
			if ops := c.Ops(); len(ops) != 1 || ops[0] != "ListFlowRuns" {
				t.Fatalf("load sent %v, want one ListFlowRuns", ops)
			}
			if m.Total() < 300 || len(m.Runs()) != runs.PageSize {
				t.Fatalf("total %d, page %d", m.Total(), len(m.Runs()))
			}
			uitest.Golden(t, m.View())
		})
	}
}

func TestServerFilters(t *testing.T) {
	c := demo.Client(t)
	ctx := context.Background()
	m := openList(t, c, screen.Route{Kind: screen.RouteRuns}, 100, 30)
	all := m.Total()

	press := func(keys ...tea.Msg) {
		for _, k := range keys {
			_, cmd := m.Update(k)
			runtest.Load(func(msg tea.Msg) { m.Update(msg) }, cmd)
		}
	}
	// L shows late runs only: Scheduled for a time in the past (restarted ones too).
	c.Reset()
	press(uitest.Press("L"))
	if ops := c.Ops(); len(ops) != 1 {
		t.Fatalf("filter sent %v", ops)
	}
	if m.Total() == 0 || m.Total() >= all {
		t.Fatalf("late: %d of %d", m.Total(), all)
	}
	for _, r := range m.Runs() {
		if r.State != "Scheduled" || !r.Scheduled_start_time.Before(runtest.Now) {
			t.Fatalf("not late: %+v", r)
		}
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "◷ Late") {
		t.Fatalf("late runs say Late:\n%s", v)
	}
	press(uitest.Press("L"))

	// A typed filter: states and a label, checked against a direct count.
	msgs := []tea.Msg{uitest.Press("/")}
	msgs = append(msgs, uitest.Type("state:failed,timedout label:prod")...)
	msgs = append(msgs, uitest.Press("enter"))
	press(msgs...)
	want, err := api.ListFlowRuns(ctx, c, json.RawMessage(`{"_and":[{"labels":{"_contains":["prod"]}},{"state":{"_in":["Failed","TimedOut"]}}]}`), nil, nil, 1, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.Total() != want.Flow_run_aggregate.Aggregate.Count || m.Total() == 0 {
		t.Fatalf("filtered total %d, want %d", m.Total(), want.Flow_run_aggregate.Aggregate.Count)
	}
	// The server counts a filter's runs up to the limit asked for.
	capped, err := api.ListFlowRuns(ctx, c, json.RawMessage(`{"labels":{"_contains":["prod"]}}`), nil, nil, 1, 0, ptr(3))
	if err != nil {
		t.Fatal(err)
	}
	if n := capped.Flow_run_aggregate.Aggregate.Count; n != 3 {
		t.Fatalf("count limited to 3 gave %d", n)
	}
	for _, r := range m.Runs() {
		if r.State != "Failed" && r.State != "TimedOut" {
			t.Fatalf("state filter let %s through", r.State)
		}
	}

	// Per flow: the flow group scope from the route.
	first := m.Runs()[0]
	fg := openList(t, c, screen.Route{Kind: screen.RouteRuns, Params: map[string]string{"flow_group_id": first.Flow.Flow_group_id, "flow_name": first.Flow.Name}}, 100, 30)
	for _, r := range fg.Runs() {
		if r.Flow.Flow_group_id != first.Flow.Flow_group_id {
			t.Fatalf("flow scope let %s through", r.Flow.Name)
		}
	}
	if fg.Title() != first.Flow.Name+" › runs" {
		t.Fatalf("title %q", fg.Title())
	}

	// Paging: ] loads the next page, offset in the same single request.
	c.Reset()
	press(uitest.Press("backspace"))
	press(uitest.Press("]"))
	if ops := c.Ops(); len(ops) != 2 {
		t.Fatalf("clear + next page sent %v", ops)
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "101–200 of") {
		t.Fatalf("second page:\n%s", v)
	}
}

// TestPlainWordsMatchTheFlowAcrossFlows: on the runs of every flow, "/etl-orders"
// finds that flow's runs (run names are like "calm-bobcat": it used to find none).
func TestPlainWordsMatchTheFlowAcrossFlows(t *testing.T) {
	c := demo.Client(t)
	m := openList(t, c, screen.Route{Kind: screen.RouteRuns}, 100, 30)
	msgs := append([]tea.Msg{uitest.Press("/")}, uitest.Type("etl-orders")...)
	msgs = append(msgs, uitest.Press("enter"))
	for _, k := range msgs {
		_, cmd := m.Update(k)
		runtest.Load(func(msg tea.Msg) { m.Update(msg) }, cmd)
	}
	if m.Total() == 0 || len(m.Runs()) == 0 {
		t.Fatalf("no runs match the flow name:\n%s", ansi.Strip(m.View()))
	}
	for _, r := range m.Runs() {
		if r.Flow.Name != "etl-orders" && !strings.Contains(r.Name, "etl-orders") {
			t.Fatalf("%s of %s matched", r.Name, r.Flow.Name)
		}
	}
}

// TestTypedTextMatchesLiterally: % and _ typed in the filter match themselves (they used
// to be LIKE wildcards: "/%" listed every run, "/100_" matched "100%…").
func TestTypedTextMatchesLiterally(t *testing.T) {
	srv, c := uidemo.Server(t)
	var id, name string
	if err := srv.DB.QueryRow(`SELECT id, name FROM flow_run ORDER BY id LIMIT 1`).Scan(&id, &name); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.DB.Exec(`UPDATE flow_run SET name = '100%_done' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = srv.DB.Exec(`UPDATE flow_run SET name = ? WHERE id = ?`, name, id) })
	list := func(filter string) *runs.Model {
		m := runs.New(uidemo.Deps(c), screen.Route{Kind: screen.RouteRuns, Params: map[string]string{"filter": filter}}, runs.Options{})
		m.SetSize(100, 30)
		runtest.Load(func(msg tea.Msg) { m.Update(msg) }, m.Init())
		return m
	}
	if all := list("").Total(); all < 300 {
		t.Fatalf("%d runs in the demo", all)
	}
	for _, filter := range []string{"100%_done", "%", "0%_d", "%_"} {
		m := list(filter)
		if m.Total() != 1 || len(m.Runs()) != 1 || m.Runs()[0].Id != id {
			t.Errorf("filter %q: %d runs, want only %s", filter, m.Total(), id)
		}
	}
	for _, filter := range []string{"100_", "1_0", "100%-done"} {
		if n := list(filter).Total(); n != 0 {
			t.Errorf("filter %q matched %d runs, want none", filter, n)
		}
	}
}

// TestLateRunsSayWhy: with L, every late run of the demo says in a few words why it
// does not run, from the list's one request.
func TestLateRunsSayWhy(t *testing.T) {
	c := demo.Client(t)
	m := openList(t, c, screen.Route{Kind: screen.RouteRuns, Params: map[string]string{"state": "Late"}}, 120, 40)
	if ops := c.Ops(); len(ops) != 1 {
		t.Fatalf("load sent %v", ops)
	}
	v := ansi.Strip(m.View())
	for _, want := range []string{"missing label: a100", "agent unhealthy", "not picked up"} {
		if !strings.Contains(v, want) {
			t.Errorf("late runs lack %q:\n%s", want, v)
		}
	}
	for _, l := range strings.Split(v, "\n")[2:] {
		if strings.Contains(l, "◷ Late") && !strings.Contains(l, "missing label") && !strings.Contains(l, "agent unhealthy") &&
			!strings.Contains(l, "not picked up") {
			t.Errorf("a late run without its reason: %q", l)
		}
	}
	// At 80 columns the reason still fits where the duration and labels go.
	m.SetSize(80, 24)
	if v := ansi.Strip(m.View()); !strings.Contains(v, "missing label: a100") {
		t.Errorf("80 columns:\n%s", v)
	}
}

func ptr(n int) *int { return &n }
