// Package flow is a flow's page (`enter` on a flow, `:open <flow id>`): the header
// (name, project, version and the flow group's other versions, archived, description,
// the schedule in words with on/off and its next 10 times computed from the schedule
// itself (api/schedule), the parameters with their defaults, the run config, the
// storage, the labels agents match), the run-history chart, and the flow group's
// recent runs. `enter` opens a run, `l` the runs screen filtered to the flow (its
// filters, paging and bulk actions), `d` every detail in full. Run now and schedule
// on/off are the root's actions (screen.Actions). One GraphQL request per load
// (api.FlowPage), refreshed live with a backoff.
package flow

import (
	"context"
	"errors"
	"hash/fnv"
	"strconv"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/runhistory"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Options are the parts the root plugs into the page (ui/routes.go).
type Options struct {
	// Actions (run now, schedule on/off) may be nil. They get the flow version shown.
	Actions screen.Actions
}

// Model is the flow page. It implements screen.Screen and screen.QuerySource.
type Model struct {
	deps    screen.Deps
	keys    KeyMap
	actions screen.Actions

	width, height int

	groupID string
	flowID  string // the version asked for ("" for the latest)
	window  int
	// name is known before the page loads when the route says it (flows list).
	name string

	page    *page
	win     components.Window // the runs list
	details bool
	detWin  components.Window // the details' scroll

	loading     bool
	showSpinner bool
	lastReqID   screen.RequestID
	err         error
	warn        string
	lastVars    map[string]any

	refresh screen.Refresh
	sig     uint64
}

// New builds the page of the flow group r.ID; Params may name a version
// ("flow_id") and the flow ("flow_name", for the title while it loads).
func New(deps screen.Deps, r screen.Route, opts Options) *Model {
	if deps.Ctx == nil {
		deps.Ctx = context.Background()
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	m := &Model{
		deps: deps, keys: DefaultKeyMap(), actions: opts.Actions, groupID: r.ID,
		flowID: r.Params["flow_id"], name: r.Params["flow_name"],
		window: runhistory.DefaultWindow, refresh: screen.NewRefresh(),
	}
	m.updateKeys()
	return m
}

// Init implements screen.Screen: (re)load, keeping the cursor.
func (m *Model) Init() tea.Cmd { return m.load() }

// Title implements screen.Screen.
func (m *Model) Title() string {
	name := m.name
	if m.page != nil && m.page.found() {
		name = m.page.name + " v" + strconv.Itoa(m.page.version)
	}
	if name == "" {
		name = "flow " + m.groupID[:min(8, len(m.groupID))]
	}
	return name
}

// CapturesInput implements screen.Screen: the page has no text input.
func (m *Model) CapturesInput() bool { return false }

// SetSize implements screen.Screen.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.fit()
}

// LastQuery implements screen.QuerySource.
func (m *Model) LastQuery() (string, map[string]any) {
	if m.lastVars == nil {
		return api.FlowPage_Operation, m.query().build().Map(m.groupID)
	}
	return api.FlowPage_Operation, m.lastVars
}

func (m *Model) query() query {
	return query{groupID: m.groupID, flowID: m.flowID, window: runhistory.Windows[m.window], now: m.deps.Now()}
}

func (m *Model) load() tea.Cmd {
	q := m.query()
	m.lastReqID = screen.NewRequestID()
	m.loading, m.showSpinner = true, false
	v := q.build()
	m.lastVars = v.Map(q.groupID)
	return tea.Batch(loadCmd(m.deps.Ctx, m.deps.Client, m.lastReqID, q, v), screen.SpinnerAfterDelay(m.lastReqID))
}

// applyLoaded takes a result of the current request; others are stale and dropped.
func (m *Model) applyLoaded(msg loadedMsg) tea.Cmd {
	if msg.reqID != m.lastReqID {
		return nil
	}
	m.loading, m.showSpinner = false, false
	m.warn = ""
	var list gqlerror.List
	partial := msg.err != nil && errors.As(msg.err, &list) && msg.resp != nil
	// A partial answer without the flow (a rejected token answers errors and nulls) is
	// a failed load, not "no such flow".
	if partial && !newPage(msg.resp, msg.q).found() {
		partial = false
	}
	if msg.err != nil && !partial {
		m.err = msg.err
		if m.deps.Log != nil {
			m.deps.Log.Printf("flow: FlowPage %s: %v", m.groupID, msg.err)
		}
		return m.refresh.Schedule(false)
	}
	if partial {
		m.warn = api.Describe(msg.err)
	}
	m.err = nil
	keep := ""
	if r, ok := m.selectedRun(); ok {
		keep = r.id
	}
	m.page = newPage(msg.resp, msg.q)
	for i, r := range m.page.runs {
		if r.id == keep {
			m.win.Cursor = i
		}
	}
	m.fit()
	m.updateKeys()
	sig := m.page.signature()
	changed := sig != m.sig
	m.sig = sig
	return m.refresh.Schedule(changed)
}

func (m *Model) selectedRun() (run, bool) {
	if m.page == nil || m.win.Cursor < 0 || m.win.Cursor >= len(m.page.runs) {
		return run{}, false
	}
	return m.page.runs[m.win.Cursor], true
}

// selection is what the actions get: the version shown.
func (m *Model) selection() screen.Selection {
	if m.page == nil || !m.page.found() {
		return screen.Selection{}
	}
	p := m.page
	return screen.Selection{Flow: screen.FlowRef{ID: p.flowID, Name: p.name, ScheduleActive: p.scheduleActive, NoSchedule: !p.hasSchedule}}
}

// cycleVersion shows the next older (step 1) or newer (-1) version of the group.
func (m *Model) cycleVersion(step int) tea.Cmd {
	if m.page == nil || len(m.page.versions) < 2 {
		return nil
	}
	vs := m.page.versions
	cur := 0
	for i, v := range vs {
		if v.id == m.page.flowID {
			cur = i
		}
	}
	next := (cur + step + len(vs)) % len(vs)
	m.flowID = vs[next].id
	return m.load()
}

func (p *page) signature() uint64 {
	h := fnv.New64a()
	w := func(s string) { h.Write([]byte(s)); h.Write([]byte{0}) }
	w(p.flowID + strconv.FormatBool(p.scheduleActive) + strconv.Itoa(len(p.versions)) + p.runsText())
	for _, r := range p.runs {
		w(r.id + r.state + r.end.String())
	}
	for _, b := range p.buckets {
		for _, n := range b.Counts {
			w(strconv.Itoa(n))
		}
	}
	return h.Sum64()
}

var (
	_ screen.Screen      = (*Model)(nil)
	_ screen.QuerySource = (*Model)(nil)
)
