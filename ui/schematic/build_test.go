package schematic

import (
	"testing"

	"github.com/prefect-tui/prefect-tui/api"
)

// TestEdgesThroughHiddenTasks: a hidden auto-generated task between two tasks (a
// collection) leaves an edge between them; a failed one stays a node.
func TestEdgesThroughHiddenTasks(t *testing.T) {
	type task = api.RunSchematicFlow_run_by_pkFlow_runFlowTasksTask
	type edge = api.RunSchematicFlow_run_by_pkFlow_runFlowEdgesEdge
	type run = api.RunSchematicFlow_run_by_pkFlow_runTask_runsTask_run
	resp := &api.RunSchematicResponse{}
	fr := &resp.Flow_run_by_pk
	fr.Flow.Tasks = []task{
		{Id: "a", Name: "a"}, {Id: "b", Name: "b"}, {Id: "list", Name: "List", Auto_generated: true},
		{Id: "c", Name: "c"}, {Id: "k", Name: "constant", Auto_generated: true},
		{Id: "g", Name: "GetItem", Auto_generated: true}, {Id: "d", Name: "d"},
	}
	// a, b → List → c ← constant; c → GetItem (failed) → d
	fr.Flow.Edges = []edge{
		{Upstream_task_id: "a", Downstream_task_id: "list"}, {Upstream_task_id: "b", Downstream_task_id: "list"},
		{Upstream_task_id: "list", Downstream_task_id: "c"}, {Upstream_task_id: "k", Downstream_task_id: "c"},
		{Upstream_task_id: "c", Downstream_task_id: "g"}, {Upstream_task_id: "g", Downstream_task_id: "d"},
	}
	fr.Task_runs = []run{{Id: "tr-g", Task_id: "g", State: "Failed"}, {Id: "tr-d", Task_id: "d", State: "TriggerFailed"}}
	g, _ := build(resp)
	names := map[string]Node{}
	for _, n := range g.Nodes {
		names[n.Name] = n
	}
	if _, ok := names["List"]; ok || g.Hidden != 2 {
		t.Fatalf("hidden %d, nodes %v", g.Hidden, names)
	}
	if _, ok := names["GetItem"]; !ok {
		t.Fatal("a failed auto-generated task is hidden: the cause of the failure would be")
	}
	up := func(n string) (out []string) {
		for _, u := range names[n].Up {
			out = append(out, g.Nodes[u].Name)
		}
		return out
	}
	if got := up("c"); len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Errorf("c's upstream through List: %v", got)
	}
	if got := up("d"); len(got) != 1 || got[0] != "GetItem" {
		t.Errorf("d's upstream: %v", got)
	}
	if g.Edges != 4 {
		t.Errorf("%d edges, want a→c b→c c→GetItem GetItem→d", g.Edges)
	}
}
