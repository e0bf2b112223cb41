// Package overview is the screen the explorer opens on (`:overview`): what is wrong
// right now. Over a window (`w`: 1h, 24h, 7d, 30d) it shows the runs by state with the
// success rate and a run-history chart (runs per bucket stacked by state glyph); then
// four sections: late runs (oldest first), failing flows (failures in the window, the
// last one and its message), runs in progress (with their durations; `C` cancels them
// all) and the next scheduled runs; and the agents' health. Everything comes from one
// GraphQL request (api.Overview: aliases, aggregates, nested selections), refreshed
// live with a backoff, scoped to a project with `p`. `tab` moves between the sections,
// `enter` opens the selected run.
package overview

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

// Options are the parts the root plugs into the screen (ui/routes.go).
type Options struct {
	// Actions may be nil. They get the run under the cursor and, as Marked, every run
	// in progress that is loaded (cancel all).
	Actions screen.Actions
}

// section is one of the screen's lists.
type section int

const (
	secLate section = iota
	secFailing
	secInProgress
	secUpcoming
	sectionCount
)

// String implements fmt.Stringer: the section's title.
func (s section) String() string {
	return [...]string{"Late runs", "Failing flows", "In progress", "Upcoming"}[s]
}

// Model is the overview screen. It implements screen.Screen and screen.QuerySource.
type Model struct {
	deps    screen.Deps
	keys    KeyMap
	actions screen.Actions

	width, height int

	window    int // index in runhistory.Windows
	projectID string
	// projectName names the scope ("" for all projects).
	projectName string

	data   *data
	loaded query // what data was loaded with
	focus  section
	wins   [sectionCount]components.Window

	loading     bool
	showSpinner bool
	lastReqID   screen.RequestID
	err         error
	warn        string
	lastVars    map[string]any

	refresh screen.Refresh
	sig     uint64
}

// New builds the overview. Params may set "project_id" (scope) and "window" ("1h",
// "24h", "7d", "30d").
func New(deps screen.Deps, r screen.Route, opts Options) *Model {
	if deps.Ctx == nil {
		deps.Ctx = context.Background()
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	m := &Model{deps: deps, keys: DefaultKeyMap(), actions: opts.Actions, window: runhistory.DefaultWindow, refresh: screen.NewRefresh()}
	m.projectID = r.Params["project_id"]
	for i, w := range runhistory.Windows {
		if w.Name == r.Params["window"] {
			m.window = i
		}
	}
	m.updateKeys()
	return m
}

// Init implements screen.Screen: (re)load, keeping the cursors.
func (m *Model) Init() tea.Cmd { return m.load() }

// Title implements screen.Screen.
func (m *Model) Title() string {
	if m.projectName != "" {
		return "overview (" + m.projectName + ")"
	}
	return "overview"
}

// CapturesInput implements screen.Screen: the overview has no text input.
func (m *Model) CapturesInput() bool { return false }

// SetSize implements screen.Screen.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.fit()
}

// LastQuery implements screen.QuerySource: the operation and variables of the last load.
func (m *Model) LastQuery() (string, map[string]any) {
	if m.lastVars == nil {
		return api.Overview_Operation, m.query().build().Map()
	}
	return api.Overview_Operation, m.lastVars
}

func (m *Model) query() query {
	return query{projectID: m.projectID, window: runhistory.Windows[m.window], now: m.deps.Now()}
}

// load starts a request for what the screen shows now.
func (m *Model) load() tea.Cmd {
	q := m.query()
	m.lastReqID = screen.NewRequestID()
	m.loading, m.showSpinner = true, false
	v := q.build()
	m.lastVars = v.Map()
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
	if msg.err != nil && !partial {
		m.err = msg.err
		if m.deps.Log != nil {
			m.deps.Log.Printf("overview: Overview tenant=%s: %v", m.deps.Session.TenantSlug, msg.err)
		}
		return m.refresh.Schedule(false)
	}
	if partial {
		m.warn = api.Describe(msg.err)
		if m.deps.Log != nil {
			m.deps.Log.Printf("overview: Overview partial tenant=%s: %v", m.deps.Session.TenantSlug, msg.err)
		}
	}
	m.err = nil
	d := newData(msg.resp, msg.q)
	keep := m.selectedRun().id
	m.data, m.loaded = &d, msg.q
	m.setScope()
	m.keepCursor(keep)
	m.fit()
	m.updateKeys()
	sig := d.signature()
	changed := sig != m.sig
	m.sig = sig
	return m.refresh.Schedule(changed)
}

// setScope names the project scope from the loaded projects.
func (m *Model) setScope() {
	m.projectName = ""
	if m.projectID == "" {
		return
	}
	for _, p := range m.data.projects {
		if p.id == m.projectID {
			m.projectName = p.name
			return
		}
	}
	m.projectName = m.projectID[:min(8, len(m.projectID))]
}

// cycleProject moves the scope by step: all → first → … → last → all.
func (m *Model) cycleProject(step int) tea.Cmd {
	if m.data == nil || len(m.data.projects) == 0 {
		return nil
	}
	ps := m.data.projects
	cur := -1
	for i, p := range ps {
		if p.id == m.projectID {
			cur = i
		}
	}
	n := len(ps) + 1
	next := (cur+1+step+n)%n - 1
	if next < 0 {
		m.projectID, m.projectName = "", ""
	} else {
		m.projectID, m.projectName = ps[next].id, ps[next].name
	}
	m.resetCursors()
	return m.load()
}

// cycleWindow moves to the next window.
func (m *Model) cycleWindow(step int) tea.Cmd {
	n := len(runhistory.Windows)
	m.window = (m.window + step + n) % n
	return m.load()
}

func (m *Model) resetCursors() {
	for i := range m.wins {
		m.wins[i] = components.Window{}
	}
}

// keepCursor puts the focused section's cursor back on the run it was on.
func (m *Model) keepCursor(id string) {
	if id == "" {
		return
	}
	for i, r := range m.runs(m.focus) {
		if r.id == id {
			m.wins[m.focus].Cursor = i
		}
	}
}

// runs are the runs a section lists (a failing flow by its last failure).
func (m *Model) runs(s section) []run {
	if m.data == nil {
		return nil
	}
	switch s {
	case secLate:
		return m.data.late
	case secFailing:
		out := make([]run, len(m.data.failing))
		for i, f := range m.data.failing {
			out[i] = f.last
		}
		return out
	case secInProgress:
		return m.data.inProgress
	}
	return m.data.upcoming
}

// selectedRun is the run under the focused section's cursor (zero when none).
func (m *Model) selectedRun() run {
	rs := m.runs(m.focus)
	c := m.wins[m.focus].Cursor
	if c < 0 || c >= len(rs) {
		return run{}
	}
	return rs[c]
}

// selection is what the actions get: the selected run and every run in progress.
func (m *Model) selection() screen.Selection {
	r := m.selectedRun()
	sel := screen.Selection{FlowRun: screen.RunRef{ID: r.id, Name: r.name, State: r.state}}
	if m.data != nil {
		for _, x := range m.data.inProgress {
			sel.Marked = append(sel.Marked, x.id)
		}
	}
	return sel
}

// signature hashes what the screen shows, so a refresh can tell whether it changed.
func (d data) signature() uint64 {
	h := fnv.New64a()
	w := func(s string) { h.Write([]byte(s)); h.Write([]byte{0}) }
	for _, s := range d.states {
		w(s.state + strconv.Itoa(s.n))
	}
	for _, b := range d.buckets {
		for _, n := range b.Counts {
			w(strconv.Itoa(n))
		}
	}
	for _, rs := range [][]run{d.late, d.inProgress, d.upcoming} {
		w(strconv.Itoa(len(rs)))
		for _, r := range rs {
			w(r.id + r.state)
		}
	}
	for _, f := range d.failing {
		w(f.groupID + strconv.Itoa(f.failures) + f.last.id)
	}
	w(strconv.Itoa(d.lateCount) + "," + strconv.Itoa(d.inProgCnt) + "," + strconv.Itoa(d.upcomingN))
	w(strconv.Itoa(d.agents.Healthy) + "," + strconv.Itoa(d.agents.Stale) + "," + strconv.Itoa(d.agents.Unhealthy))
	return h.Sum64()
}

var (
	_ screen.Screen      = (*Model)(nil)
	_ screen.QuerySource = (*Model)(nil)
)
