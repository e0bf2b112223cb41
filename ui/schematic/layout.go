package schematic

import "sort"

// Node is one task of the DAG with its run.
type Node struct {
	TaskID    string
	Name      string
	Mapped    bool
	TaskRunID string
	State     string
	Message   string
	// Children counts the mapped children by state.
	Children map[string]int
	Up, Down []int // indexes of upstream / downstream nodes
	Layer    int
}

// Graph is the laid-out DAG: Layers[i] lists node indexes of layer i, in display order.
type Graph struct {
	Nodes  []Node
	Layers [][]int
	Edges  int
	// Hidden counts the tasks rundata.Shown left out.
	Hidden int
}

// layout assigns layers by longest path with sinks at the bottom (d3-dag
// layeringLongestPath().topDown(false), as the Prefect UI's schematic), then orders
// each layer by the barycenter of its upstream nodes (one sugiyama sweep), names
// breaking ties. Cycles (which a flow cannot have) are cut rather than looped on.
func layout(g *Graph) {
	n := len(g.Nodes)
	height := make([]int, n)
	state := make([]uint8, n) // 0 new, 1 visiting, 2 done
	var visit func(i int) int
	visit = func(i int) int {
		switch state[i] {
		case 1:
			return 0
		case 2:
			return height[i]
		}
		state[i] = 1
		h := 0
		for _, d := range g.Nodes[i].Down {
			h = max(h, visit(d)+1)
		}
		height[i], state[i] = h, 2
		return h
	}
	top := 0
	for i := range g.Nodes {
		top = max(top, visit(i))
	}
	g.Layers = make([][]int, top+1)
	for i := range g.Nodes {
		l := top - height[i]
		g.Nodes[i].Layer = l
		g.Layers[l] = append(g.Layers[l], i)
	}
	pos := make([]float64, n)
	for li, layer := range g.Layers {
		bary := make(map[int]float64, len(layer))
		for _, i := range layer {
			sum, cnt := 0.0, 0
			for _, u := range g.Nodes[i].Up {
				if g.Nodes[u].Layer < li {
					sum += pos[u]
					cnt++
				}
			}
			if cnt > 0 {
				bary[i] = sum / float64(cnt)
			} else {
				bary[i] = -1
			}
		}
		sort.SliceStable(layer, func(a, b int) bool {
			x, y := layer[a], layer[b]
			if li > 0 && bary[x] != bary[y] {
				return bary[x] < bary[y]
			}
			return g.Nodes[x].Name < g.Nodes[y].Name
		})
		for p, i := range layer {
			pos[i] = float64(p)
		}
	}
}
