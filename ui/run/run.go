// Package run is the flow-run page: a header (flow, run, state with message, labels,
// parameters, agent, times, state history) over tabs: those the root plugs in
// (Timeline, Task runs, Logs, Schematic: see Options and ui/components/tabs) and
// Details. The page loads with one GraphQL request (FlowRunPage) and refreshes live with
// a backoff.
package run

import (
	"context"
	"errors"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components/tabs"
	"github.com/prefect-tui/prefect-tui/ui/diagnose"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// ChildLimit caps the mapped children loaded with the page; the total is always known.
const ChildLimit = 5000

const requestTimeout = 30 * time.Second

// MSG

type loadedMsg struct {
	reqID   screen.RequestID
	run     *rundata.Run
	found   bool
	err     error
	partial error // errors that came with the data
}

// MODEL

// Model is the run page.
type Model struct {
	deps screen.Deps
	opts Options
	id   string
	keys KeyMap
	tabs *tabs.Set

	run      *rundata.Run
	notFound bool
	err      error
	partial  error // GraphQL errors that came with the run
	loading  bool
	updated  time.Time
	sig      uint64
	whyN     int    // the panel's lines when the tabs were last sized
	why      string // the reasons of the last load, to tell a change

	lastReqID screen.RequestID
	refresh   screen.Refresh
	// ago keeps "updated Ns ago" current.
	ago screen.AgoTicker

	width, height int

	// header and bar are the styled header and tab bar (cache.go).
	header cachedHeader
	bar    cachedTabBar
}

// New builds the run page for a flow run id; route params may carry "tab" (a tab
// title, case-insensitive, e.g. "logs").
func New(deps screen.Deps, route screen.Route, opts Options) *Model {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Ctx == nil {
		deps.Ctx = context.Background()
	}
	m := &Model{deps: deps, opts: opts, id: route.ID, keys: DefaultKeyMap(), refresh: screen.NewRefresh()}
	var all []tabs.Tab
	for _, f := range opts.Tabs {
		if t := f(deps, route.ID); t != nil {
			all = append(all, t)
		}
	}
	m.tabs = tabs.NewSet(append(all, newDetails(deps))...)
	m.tabs.EnableJump()
	if want := route.Params["tab"]; want != "" {
		m.tabs.SelectTitle(want)
	}
	return m
}

func (m *Model) active() tabs.Tab { return m.tabs.Active() }

// Run is the loaded run (nil until loaded).
func (m *Model) Run() *rundata.Run { return m.run }

// ActiveTab is the title of the active tab.
func (m *Model) ActiveTab() string { return m.active().Title() }

// Title implements screen.Screen.
func (m *Model) Title() string {
	if m.run == nil {
		return "run " + short(m.id)
	}
	// The flow is in the header; the breadcrumb names the run.
	return m.run.Name
}

func short(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// CapturesInput implements screen.Screen.
func (m *Model) CapturesInput() bool { return m.active().CapturesInput() }

// LastQuery implements screen.QuerySource.
func (m *Model) LastQuery() (string, map[string]any) {
	now := m.deps.Now()
	return api.FlowRunPage_Operation, map[string]any{
		"id": m.id, "childLimit": ChildLimit, "diagnose": m.wantsDiagnosis(now),
		"now": rundata.Stamp(now), "queueWindow": diagnose.QueueWindow,
	}
}

// INIT

// Init implements screen.Screen: load the page and start the tabs.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.load()}
	for _, t := range m.tabs.All() {
		cmds = append(cmds, t.Init())
	}
	return tea.Batch(cmds...)
}

// UPDATE

// Update implements screen.Screen. The "Why isn't it running?" panel's sentences
// follow the clock ("in 14m"): when they take another number of lines, the tabs are
// resized.
func (m *Model) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	cmd := m.update(msg)
	if m.run != nil && len(m.whyLines()) != m.whyN {
		m.resizeTabs()
	}
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.reqID != m.lastReqID {
			return nil
		}
		return m.loaded(msg)
	case screen.RefreshTickMsg:
		if !m.refresh.Due(msg) || m.loading {
			return nil
		}
		return m.load()
	case screen.ChangedMsg:
		m.refresh.Reset()
		return m.load()
	case screen.AgoTickMsg:
		if !m.ago.Handle(msg) {
			return nil
		}
		return m.ago.Arm(m.updated, m.deps.Now())
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	}
	var cmds []tea.Cmd
	for _, t := range m.tabs.All() {
		cmds = append(cmds, t.Update(msg))
	}
	return tea.Batch(cmds...)
}

func (m *Model) loaded(msg loadedMsg) tea.Cmd {
	m.loading = false
	m.err, m.partial = msg.err, msg.partial
	if msg.partial != nil && m.deps.Log != nil {
		m.deps.Log.Printf("FlowRunPage %s (partial): %v", m.id, msg.partial)
	}
	if msg.err != nil {
		if m.deps.Log != nil {
			m.deps.Log.Printf("FlowRunPage %s: %v", m.id, msg.err)
		}
		if m.run == nil {
			return nil
		}
		return m.refresh.Schedule(false)
	}
	if !msg.found {
		m.notFound = true
		return nil
	}
	m.updated = m.deps.Now()
	sig := msg.run.Signature()
	why := whyKey(msg.run.WhyNotRunning(m.updated))
	changed := sig != m.sig || why != m.why
	m.sig, m.why = sig, why
	m.run = msg.run
	m.resizeTabs() // the header exists now
	for _, t := range m.tabs.All() {
		if s, ok := t.(RunSetter); ok {
			s.SetRun(msg.run)
		}
	}
	return tea.Batch(m.refresh.Schedule(changed), m.ago.Arm(m.updated, m.deps.Now()))
}

func (m *Model) handleKey(k tea.KeyPressMsg) tea.Cmd {
	if m.active().CapturesInput() {
		return m.active().Update(k)
	}
	cmd := m.routeKey(k)
	// A key press means someone is watching: a backed-off timer is replaced by one at
	// the shortest interval (the old tick is then ignored).
	return tea.Batch(cmd, m.refresh.Wake(!m.loading && m.run != nil))
}

func (m *Model) routeKey(k tea.KeyPressMsg) tea.Cmd {
	if m.tabs.Switch(k) {
		m.resizeTabs()
		return nil
	}
	if m.opts.Actions != nil {
		if handled, cmd := m.opts.Actions.HandleKey(k, m.selection()); handled {
			return cmd
		}
	}
	// A key the active tab binds itself (the Logs tab's y copies a line, its r reloads
	// the logs) is the tab's; the page's r / y / Y apply elsewhere.
	if m.run != nil && tabs.Claims(m.active(), k) {
		return m.active().Update(k)
	}
	switch {
	case key.Matches(k, m.keys.Reload):
		if m.loading {
			return nil
		}
		m.refresh.Reset()
		return m.load()
	case key.Matches(k, m.keys.Copy):
		if id := m.selectedTaskRun(); id != "" {
			return screen.Copy(id, "task run id")
		}
		return screen.Copy(m.id, "flow run id")
	case key.Matches(k, m.keys.CopyLink):
		if id := m.selectedTaskRun(); id != "" {
			return copyLink(m.deps.Session, "task-run", id)
		}
		return copyLink(m.deps.Session, "flow-run", m.id)
	}
	if m.run == nil {
		return nil
	}
	return m.active().Update(k)
}

// selection is what the page tells its actions: the loaded run and the selected task
// run of the active tab.
func (m *Model) selection() screen.Selection {
	sel := screen.Selection{TaskRunID: m.selectedTaskRun()}
	if r := m.run; r != nil {
		sel.FlowRun = screen.RunRef{ID: r.ID, Name: r.Name, State: r.State, Version: r.Version}
	}
	return sel
}

func (m *Model) selectedTaskRun() string {
	if s, ok := m.active().(tabs.Selector); ok {
		return s.SelectedID()
	}
	return ""
}

// copyLink copies the Prefect UI link of an entity.
func copyLink(s screen.Session, kind, id string) tea.Cmd {
	if s.UIURL == "" {
		return screen.Status(screen.LevelWarn, "no Prefect UI URL configured")
	}
	return screen.Copy(s.UILink(kind, id), "UI link")
}

// COMMANDS

func (m *Model) load() tea.Cmd {
	m.lastReqID = screen.NewRequestID()
	reqID, id, client, ctx := m.lastReqID, m.id, m.deps.Client, m.deps.Ctx
	now := m.deps.Now()
	diag := m.wantsDiagnosis(now)
	m.loading = true
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		resp, err := api.FlowRunPage(ctx, client, id, ChildLimit, diag, now, diagnose.QueueWindow)
		var partial error
		if err != nil {
			// GraphQL errors that came with the run: show it and a warning.
			var list gqlerror.List
			if !errors.As(err, &list) || resp == nil || resp.Flow_run_by_pk.Id == "" {
				return loadedMsg{reqID: reqID, err: err}
			}
			partial = err
		}
		run, found := rundata.FromFlowRunPage(resp.Flow_run_by_pk)
		if found && diag {
			run.Waiting = rundata.WaitingFrom(resp)
		}
		return loadedMsg{reqID: reqID, run: run, found: found, partial: partial}
	}
}

// wantsDiagnosis is whether a load asks for what says why the run does not run: on
// the first load (the state is not known yet) and while the run waits.
func (m *Model) wantsDiagnosis(now time.Time) bool { return m.run == nil || m.run.Waits(now) }
