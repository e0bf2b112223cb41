package schematic

import (
	"encoding/json"
	"hash/fnv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// displayRow is a layer header (node < 0) or a node.
type displayRow struct {
	layer int
	node  int
}

// Update implements screen.Screen; it returns the model itself.
func (m *Model) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case graphLoadedMsg:
		if msg.reqID != m.lastReq {
			return m, nil
		}
		return m, m.handleLoaded(msg)
	case screen.RefreshTickMsg:
		if !m.refresh.Due(msg) || m.loading {
			return m, nil
		}
		return m, m.load()
	case screen.ChangedMsg:
		if m.loading {
			return m, nil
		}
		return m, m.load()
	case tea.KeyPressMsg:
		return m, tea.Batch(m.handleKey(msg), m.refresh.Wake(!m.loading && m.loaded))
	}
	return m, nil
}

func (m *Model) handleLoaded(msg graphLoadedMsg) tea.Cmd {
	m.loading = false
	if msg.err != nil {
		m.err = msg.err
		if m.deps.Log != nil {
			m.deps.Log.Printf("RunSchematic %s: %v", m.flowRunID, msg.err)
		}
		return nil
	}
	m.err = nil
	if msg.resp == nil || msg.resp.Flow_run_by_pk.Id == "" {
		m.err = errNotFound{m.flowRunID}
		return nil
	}
	keep := ""
	if n, ok := m.selected(); ok {
		keep = n.TaskID
	}
	fr := msg.resp.Flow_run_by_pk
	m.runName, m.runState, m.flowName = fr.Name, fr.State, fr.Flow.Name
	m.graph, m.children = build(msg.resp)
	m.rows, m.order = m.rows[:0], m.order[:0]
	for li, layer := range m.graph.Layers {
		m.rows = append(m.rows, displayRow{layer: li, node: -1})
		for _, n := range layer {
			m.rows = append(m.rows, displayRow{layer: li, node: n})
			m.order = append(m.order, n)
		}
	}
	m.cursor = 0
	for i, n := range m.order {
		if m.graph.Nodes[n].TaskID == keep {
			m.cursor = i
		}
	}
	m.loaded = true
	m.clamp()
	m.updateKeys()
	if components.Info(fr.State).Finished {
		return nil
	}
	// An unfinished run's schematic reloads live, less often while nothing changes.
	sig := signature(msg.resp)
	changed := sig != m.sig
	m.sig = sig
	return m.refresh.Schedule(changed)
}

// signature is a hash of what a load returned: equal loads show the same schematic.
func signature(resp *api.RunSchematicResponse) uint64 {
	b, err := json.Marshal(resp)
	if err != nil {
		return 0
	}
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}

type errNotFound struct{ id string }

func (e errNotFound) Error() string { return "flow run " + e.id + " not found" }

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	page := max(1, m.bodyHeight()-1)
	switch {
	case key.Matches(msg, k.Up):
		m.moveTo(m.cursor - 1)
	case key.Matches(msg, k.Down):
		m.moveTo(m.cursor + 1)
	case key.Matches(msg, k.PageUp):
		m.moveTo(m.cursor - page)
	case key.Matches(msg, k.PageDown):
		m.moveTo(m.cursor + page)
	case key.Matches(msg, k.Top):
		m.moveTo(0)
	case key.Matches(msg, k.Bottom):
		m.moveTo(len(m.order) - 1)
	case key.Matches(msg, k.Upstream):
		if n, ok := m.selected(); ok && len(n.Up) > 0 {
			m.moveToNode(n.Up[0])
		}
	case key.Matches(msg, k.Downstream):
		if n, ok := m.selected(); ok && len(n.Down) > 0 {
			m.moveToNode(n.Down[0])
		}
	case key.Matches(msg, k.NextFailed):
		for step := 1; step <= len(m.order); step++ {
			i := (m.cursor + step) % len(m.order)
			if isFailed(m.graph.Nodes[m.order[i]].State) {
				m.moveTo(i)
				break
			}
		}
	case key.Matches(msg, k.Open):
		if n, ok := m.selected(); ok && n.TaskRunID != "" {
			return screen.Open(screen.Route{Kind: screen.RouteTaskRun, ID: n.TaskRunID})
		}
	case key.Matches(msg, k.Refresh):
		return m.load()
	}
	return nil
}

func isFailed(state string) bool { return components.Info(state).Failed }

func (m *Model) moveToNode(n int) {
	for i, x := range m.order {
		if x == n {
			m.moveTo(i)
			return
		}
	}
}

func (m *Model) moveTo(i int) {
	m.cursor = i
	m.clamp()
	m.updateKeys()
}

// Selected returns the selected node.
func (m *Model) selected() (Node, bool) {
	if m.cursor < 0 || m.cursor >= len(m.order) {
		return Node{}, false
	}
	return m.graph.Nodes[m.order[m.cursor]], true
}

// cursorRow is the display row of the cursor.
func (m *Model) cursorRow() int {
	if m.cursor < 0 || m.cursor >= len(m.order) {
		return 0
	}
	n := m.order[m.cursor]
	for i, r := range m.rows {
		if r.node == n {
			return i
		}
	}
	return 0
}

func (m *Model) bodyHeight() int { return max(1, m.h-3) }

func (m *Model) clamp() {
	m.cursor = max(0, min(m.cursor, len(m.order)-1))
	h := m.bodyHeight()
	r := m.cursorRow()
	// Keep the layer header above the first node of a layer visible.
	m.win.Top = components.Reveal(r, m.win.Top, len(m.rows), h, 1, 0)
}
