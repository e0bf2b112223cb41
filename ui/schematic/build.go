package schematic

import (
	"sort"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
)

// build turns a response into the graph. The nodes are the tasks rundata.Shown keeps
// (as the Timeline and Task runs rows); an edge through a hidden task (a constant
// between two tasks) joins its ends, so the DAG keeps its shape.
func build(resp *api.RunSchematicResponse) (Graph, int) {
	fr := resp.Flow_run_by_pk
	tasks := fr.Flow.Tasks
	sort.Slice(tasks, func(i, j int) bool { return tasks[i].Name < tasks[j].Name })
	all := make([]Node, 0, len(tasks))
	auto := make([]bool, 0, len(tasks))
	index := map[string]int{}
	for _, t := range tasks {
		index[t.Id] = len(all)
		name := t.Name
		if name == "" {
			name = t.Slug
		}
		all = append(all, Node{TaskID: t.Id, Name: name, Mapped: t.Mapped})
		auto = append(auto, t.Auto_generated)
	}
	for _, tr := range fr.Task_runs {
		if i, ok := index[tr.Task_id]; ok {
			all[i].TaskRunID, all[i].State, all[i].Message = tr.Id, tr.State, tr.State_message
		}
	}
	for _, c := range fr.Children {
		if i, ok := index[c.Task_id]; ok {
			if all[i].Children == nil {
				all[i].Children = map[string]int{}
			}
			all[i].Children[c.State]++
		}
	}
	// The flow's edges between all tasks, upstream lists by task.
	ups := make([][]int, len(all))
	for _, e := range fr.Flow.Edges {
		u, ok1 := index[e.Upstream_task_id]
		d, ok2 := index[e.Downstream_task_id]
		if ok1 && ok2 && u != d {
			ups[d] = append(ups[d], u)
		}
	}
	// The shown nodes, renumbered.
	var g Graph
	shownAt := make([]int, len(all))
	for i, n := range all {
		failed := components.Info(n.State).Failed
		for s, c := range n.Children {
			failed = failed || c > 0 && components.Info(s).Failed
		}
		if !rundata.Shown(auto[i], failed) {
			shownAt[i] = -1
			g.Hidden++
			continue
		}
		shownAt[i] = len(g.Nodes)
		g.Nodes = append(g.Nodes, n)
	}
	seen := map[[2]int]bool{}
	for d := range all {
		if shownAt[d] < 0 {
			continue
		}
		for _, u := range shownUpstream(d, ups, shownAt) {
			su, sd := shownAt[u], shownAt[d]
			if seen[[2]int{su, sd}] {
				continue
			}
			seen[[2]int{su, sd}] = true
			g.Nodes[su].Down = append(g.Nodes[su].Down, sd)
			g.Nodes[sd].Up = append(g.Nodes[sd].Up, su)
			g.Edges++
		}
	}
	layout(&g)
	return g, len(fr.Children)
}

// shownUpstream is the shown tasks upstream of d: its direct upstream tasks, and
// through each hidden one, that one's (original indexes, in edge order).
func shownUpstream(d int, ups [][]int, shownAt []int) []int {
	var out []int
	visited := map[int]bool{d: true}
	stack := append([]int(nil), ups[d]...)
	for len(stack) > 0 {
		u := stack[0]
		stack = stack[1:]
		if visited[u] {
			continue
		}
		visited[u] = true
		if shownAt[u] >= 0 {
			out = append(out, u)
			continue
		}
		stack = append(stack, ups[u]...)
	}
	return out
}
