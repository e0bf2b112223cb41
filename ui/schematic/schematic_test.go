package schematic

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/demo"
)

func settle(m *Model, msgs ...tea.Msg) (*Model, []tea.Msg) {
	var rest []tea.Msg
	for round := 0; round < 20 && len(msgs) > 0; round++ {
		var next []tea.Msg
		for _, msg := range msgs {
			_, cmd := m.Update(msg)
			for _, o := range uitest.RunCmd(cmd) {
				if _, ok := o.(graphLoadedMsg); ok {
					next = append(next, o)
				} else {
					rest = append(rest, o)
				}
			}
		}
		msgs = next
	}
	return m, rest
}

// mappedFailedRun is a seeded flow run with a mapped task and a failed task run.
func mappedFailedRun(t *testing.T, c graphql.Client) string {
	return firstRun(t, c, `{ flow_run(where: {state: {_eq: "Failed"}, task_runs: {map_index: {_gte: 0}}}, order_by: [{logs_aggregate: {count: desc}}, {id: asc}], limit: 1) { id } }`)
}

// firstRun is the id of the first run query (a flow_run list of ids) finds.
func firstRun(t *testing.T, c graphql.Client, query string) string {
	t.Helper()
	r, err := api.Run(context.Background(), c, query, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		FlowRun []struct{ ID string } `json:"flow_run"`
	}
	if err := json.Unmarshal(r.Data, &d); err != nil || len(d.FlowRun) == 0 {
		t.Fatalf("no run for %s: %v %s", query, err, r.Data)
	}
	return d.FlowRun[0].ID
}

func openRun(t *testing.T, w, h int) (*Model, string, graphql.Client) {
	t.Helper()
	_, c := demo.Server(t)
	id := mappedFailedRun(t, c)
	m := New(demo.Deps(c), id)
	m.SetSize(w, h)
	cmd := m.Init()
	msgs := uitest.RunCmd(cmd)
	if len(msgs) != 1 {
		t.Fatalf("Init made %d requests, want 1", len(msgs))
	}
	m, _ = settle(m, msgs...)
	if m.err != nil {
		t.Fatal(m.err)
	}
	return m, id, c
}

func TestLayeringLongestPathSinksAtBottom(t *testing.T) {
	// a → b → d, a → c, e → d: d is the only sink (bottom), c and e sit right above it.
	g := Graph{Nodes: []Node{{Name: "a"}, {Name: "b"}, {Name: "c"}, {Name: "d"}, {Name: "e"}}}
	edge := func(u, d int) {
		g.Nodes[u].Down = append(g.Nodes[u].Down, d)
		g.Nodes[d].Up = append(g.Nodes[d].Up, u)
	}
	edge(0, 1)
	edge(1, 3)
	edge(0, 2)
	edge(4, 3)
	layout(&g)
	got := map[string]int{}
	for _, n := range g.Nodes {
		got[n.Name] = n.Layer
	}
	want := map[string]int{"a": 0, "b": 1, "e": 1, "c": 2, "d": 2}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("layer(%s) = %d, want %d (all %v)", k, got[k], v, got)
		}
	}
	// Every edge goes down.
	for i, n := range g.Nodes {
		for _, d := range n.Down {
			if g.Nodes[d].Layer <= g.Nodes[i].Layer {
				t.Errorf("edge %s→%s does not go down", n.Name, g.Nodes[d].Name)
			}
		}
	}
	// A cycle does not hang.
	edge(3, 0)
	layout(&g)
}

func TestSchematicMatchesServer(t *testing.T) {
	m, id, c := openRun(t, 120, 40)
	// The shown tasks (rundata.Shown: not auto-generated, or failed in this run) and
	// the edges between them. The demo's auto-generated tasks are sources (constants), so
	// no edge runs through a hidden task here (TestEdgesThroughHiddenTasks covers that).
	shown := `{_or: [{auto_generated: {_eq: false}}, {task_runs: {flow_run_id: {_eq: $id}, state: {_in: $failed}}}]}`
	r, err := api.Run(context.Background(), c, `query($id: uuid!, $failed: [String!]) { flow_run_by_pk(id: $id) { flow {
		tasks_aggregate(where: `+shown+`) { aggregate { count } }
		edges_aggregate(where: {upstream_task: `+shown+`, downstream_task: `+shown+`}) { aggregate { count } }
	} task_runs(where: {map_index: {_gte: 0}}) { task_id state } } }`,
		map[string]any{"id": id, "failed": []string{"Failed", "TimedOut", "TriggerFailed", "ValidationFailed"}}, "")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		FR struct {
			Flow struct {
				Tasks struct{ Aggregate struct{ Count int } } `json:"tasks_aggregate"`
				Edges struct{ Aggregate struct{ Count int } } `json:"edges_aggregate"`
			} `json:"flow"`
			TaskRuns []struct {
				TaskID string `json:"task_id"`
				State  string `json:"state"`
			} `json:"task_runs"`
		} `json:"flow_run_by_pk"`
	}
	if err := json.Unmarshal(r.Data, &d); err != nil {
		t.Fatal(err)
	}
	g := m.Graph()
	if g.Hidden == 0 {
		t.Fatal("the run has no hidden auto-generated task: the rule is not exercised")
	}
	if len(g.Nodes) != d.FR.Flow.Tasks.Aggregate.Count || g.Edges != d.FR.Flow.Edges.Aggregate.Count {
		t.Fatalf("graph %d nodes %d edges, server %d tasks %d edges", len(g.Nodes), g.Edges, d.FR.Flow.Tasks.Aggregate.Count, d.FR.Flow.Edges.Aggregate.Count)
	}
	want := map[string]map[string]int{}
	for _, tr := range d.FR.TaskRuns {
		if want[tr.TaskID] == nil {
			want[tr.TaskID] = map[string]int{}
		}
		want[tr.TaskID][tr.State]++
	}
	mapped := 0
	for _, n := range g.Nodes {
		if fmt.Sprint(n.Children) != fmt.Sprint(want[n.TaskID]) && len(want[n.TaskID]) > 0 {
			t.Errorf("%s children %v, server %v", n.Name, n.Children, want[n.TaskID])
		}
		if len(n.Children) > 0 {
			mapped++
		}
	}
	if mapped == 0 {
		t.Fatal("no mapped node with children")
	}
	view := uitest.Strip(m.View())
	for _, n := range g.Nodes {
		if !strings.Contains(view, n.Name) {
			t.Errorf("node %s not shown", n.Name)
		}
	}
}

func TestNextFailedAndOpen(t *testing.T) {
	m, _, _ := openRun(t, 80, 24)
	m, _ = settle(m, uitest.Press("f"))
	n, ok := m.selected()
	if !ok || !isFailed(n.State) {
		t.Fatalf("f selected %+v", n)
	}
	_, out := settle(m, uitest.Press("enter"))
	open, ok := uitest.Find[screen.OpenMsg](out)
	if !ok || open.Route.Kind != screen.RouteTaskRun || open.Route.ID != n.TaskRunID || n.TaskRunID == "" {
		t.Fatalf("enter: %+v (node %s)", out, n.TaskRunID)
	}
	// u goes upstream of the failed node when it has one.
	if len(n.Up) > 0 {
		m, _ = settle(m, uitest.Press("u"))
		if up, _ := m.selected(); up.TaskID != m.graph.Nodes[n.Up[0]].TaskID {
			t.Fatalf("u selected %s", up.Name)
		}
	}
}

func TestViewGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m, _, _ := openRun(t, size[0], size[1])
			t.Run("first", func(t *testing.T) { uitest.Golden(t, m.View()) })
			m, _ = settle(m, uitest.Press("f"))
			t.Run("failed", func(t *testing.T) { uitest.Golden(t, m.View()) })
		})
	}
}

// TestUnfinishedRunRefreshBacksOff: an unfinished run's schematic reloads live, twice
// as late after each load that changed nothing, and a key brings it back to 5 s.
func TestUnfinishedRunRefreshBacksOff(t *testing.T) {
	_, c := demo.Server(t)
	id := firstRun(t, c, `{ flow_run(where: {state: {_eq: "Running"}}, order_by: {id: asc}, limit: 1) { id } }`)
	m := New(demo.Deps(c), id)
	m.SetSize(80, 24)
	m, _ = settle(m, uitest.RunCmd(m.Init())...)
	if m.err != nil || m.refresh.Backoff.Current() != 5*time.Second {
		t.Fatalf("after the first load: %v, interval %v", m.err, m.refresh.Backoff.Current())
	}
	stale := m.refresh.Pending()
	for _, want := range []time.Duration{10, 20} {
		m, _ = settle(m, m.refresh.Pending())
		if got := m.refresh.Backoff.Current(); got != want*time.Second {
			t.Fatalf("an unchanged reload: next in %v, want %v s", got, want)
		}
	}
	if _, cmd := m.Update(stale); cmd != nil {
		t.Fatal("a replaced timer reloaded")
	}
	m, _ = settle(m, uitest.Press("down"))
	if got := m.refresh.Backoff.Current(); got != 5*time.Second {
		t.Fatalf("a key did not wake the refresh: %v", got)
	}
}
