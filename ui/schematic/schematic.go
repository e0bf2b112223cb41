// Package schematic is the Schematic tab of the run page: the flow's task DAG as text,
// layered by longest path like the Prefect UI (sugiyama, layeringLongestPath with sinks
// at the bottom), each node marked with its task run's state glyph and coloured by it,
// mapped nodes with their children's state counts and every node with its upstream
// edges. `enter` opens the selected node's task run. One request per load.
package schematic

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// ChildLimit bounds how many mapped children's states one load reads.
const ChildLimit = 20000

const requestTimeout = 30 * time.Second

// Model is the schematic view of one flow run. It is used through its pointer.
type Model struct {
	deps      screen.Deps
	keys      KeyMap
	flowRunID string

	w, h int

	runName  string
	runState string
	flowName string
	graph    Graph
	rows     []displayRow
	loaded   bool
	loading  bool
	err      error
	lastReq  screen.RequestID
	refresh  screen.Refresh
	sig      uint64            // what the last load showed, to back off while it stays
	cursor   int               // node index in display order (rows with a node)
	win      components.Window // Top: the first visible row (the cursor is a node, not a row)
	order    []int
	children int // mapped children counted
}

// New builds the schematic of a flow run.
func New(deps screen.Deps, flowRunID string) *Model {
	if deps.Ctx == nil {
		deps.Ctx = context.Background()
	}
	m := &Model{deps: deps, keys: DefaultKeyMap(), flowRunID: flowRunID, refresh: screen.NewRefresh()}
	m.updateKeys()
	return m
}

// graphLoadedMsg is the result of a load.
type graphLoadedMsg struct {
	reqID screen.RequestID
	resp  *api.RunSchematicResponse
	err   error
}

func loadCmd(ctx context.Context, deps screen.Deps, reqID screen.RequestID, id string) tea.Cmd {
	c := deps.Client
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		resp, err := api.RunSchematic(ctx, c, id, ChildLimit)
		return graphLoadedMsg{reqID: reqID, resp: resp, err: err}
	}
}

func (m *Model) load() tea.Cmd {
	m.lastReq = screen.NewRequestID()
	m.loading = true
	return loadCmd(m.deps.Ctx, m.deps, m.lastReq, m.flowRunID)
}

// Init implements screen.Screen.
func (m *Model) Init() tea.Cmd { return m.load() }

// Title implements screen.Screen.
func (m *Model) Title() string {
	name := m.runName
	if name == "" {
		name = m.flowRunID
		if len(name) > 8 {
			name = name[:8]
		}
	}
	return name + " › schematic"
}

// SetSize implements screen.Screen.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.clamp()
}

// CapturesInput implements screen.Screen.
func (m *Model) CapturesInput() bool { return false }

// LastQuery implements screen.QuerySource.
func (m *Model) LastQuery() (string, map[string]any) {
	return api.RunSchematic_Operation, map[string]any{"id": m.flowRunID, "childLimit": ChildLimit}
}

// Graph returns the laid-out graph (tests).
func (m *Model) Graph() Graph { return m.graph }
