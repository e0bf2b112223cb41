// Package taskrun is the task-run page: a header (flow › run › task, state with
// message, times, task type and retries) over tabs: States (the history) and the tabs
// the root plugs in (Mapped runs: a mapped parent's children with their state counts,
// shown only when there are children; Logs). Actions plug in too (Options.Actions: mark
// the task run as…, restart the flow run). One GraphQL request (TaskRunPage) loads it.
package taskrun

import (
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components/tabs"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// ChildLimit caps the mapped children loaded; the total is always counted.
const ChildLimit = 5000

// DetailSetter is implemented by tabs that show the page's loaded task run: SetDetail is
// called after each (re)load, on the UI goroutine; the data must be treated as
// read-only.
type DetailSetter interface {
	SetDetail(*rundata.TaskRunDetail)
}

// Options are the parts the root plugs into the page (ui/routes.go).
type Options struct {
	// Tabs follow States, in order (Mapped runs, Logs).
	Tabs []tabs.Factory
	// Actions may be nil.
	Actions screen.Actions
}

// Data is a loaded task run.
type Data = rundata.TaskRunDetail

type loadedMsg struct {
	reqID screen.RequestID
	data  *Data
	err   error
}

// Model is the task run page.
type Model struct {
	deps   screen.Deps
	id     string
	acts   screen.Actions
	data   *Data
	err    error
	tabs   *tabs.Set
	states *statesTab
	reqID  screen.RequestID
	// The live refresh: one timer, backing off while nothing changes.
	refresh screen.Refresh
	sig     string
	width   int
	height  int
	keys    struct{ reload, copy, copyLink, flowRun key.Binding }
}

// New builds the page for route.ID (a task run id).
func New(deps screen.Deps, route screen.Route, opts Options) *Model {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Ctx == nil {
		deps.Ctx = context.Background()
	}
	m := &Model{deps: deps, id: route.ID, acts: opts.Actions, refresh: screen.NewRefresh()}
	m.states = newStatesTab(deps)
	all := []tabs.Tab{m.states}
	for _, f := range opts.Tabs {
		if t := f(deps, route.ID); t != nil {
			all = append(all, t)
		}
	}
	m.tabs = tabs.NewSet(all...)
	m.tabs.EnableJump()
	m.keys.reload = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload"))
	m.keys.copy = key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy id"))
	m.keys.copyLink = key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy UI link"))
	m.keys.flowRun = key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "open flow run"))
	return m
}

// Data is the loaded task run (nil until loaded).
func (m *Model) Data() *Data { return m.data }

// Title implements screen.Screen.
func (m *Model) Title() string {
	if m.data == nil {
		return "task run " + m.id[:min(8, len(m.id))]
	}
	// Flow and flow run are in the header; the breadcrumb names the task run.
	return m.data.Run.Label(m.data.TaskName)
}

// CapturesInput implements screen.Screen.
func (m *Model) CapturesInput() bool { return m.tabs.Active().CapturesInput() }

// LastQuery implements screen.QuerySource.
func (m *Model) LastQuery() (string, map[string]any) {
	return api.TaskRunPage_Operation, map[string]any{"id": m.id, "childLimit": ChildLimit}
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	out := append([]key.Binding{m.tabs.Keys.Next, m.keys.flowRun}, m.tabs.Active().ShortHelp()...)
	if m.acts != nil {
		out = append(out, m.acts.ShortHelp()...)
	}
	return out
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k, t := m.keys, m.tabs.Active()
	page := []key.Binding{m.tabs.Keys.Next, m.tabs.Keys.Prev, m.tabs.Keys.Jump}
	for _, b := range []key.Binding{k.reload, k.copy, k.copyLink, k.flowRun} {
		if !tabs.Shadowed(t, b) {
			page = append(page, b)
		}
	}
	out := t.FullHelp()
	if m.acts != nil {
		out = append(out, m.acts.ShortHelp())
	}
	return append(out, page)
}

// Init implements screen.Screen.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.load()}
	for _, t := range m.tabs.All() {
		cmds = append(cmds, t.Init())
	}
	return tea.Batch(cmds...)
}

func (m *Model) load() tea.Cmd {
	m.reqID = screen.NewRequestID()
	reqID, ctx, c, id := m.reqID, m.deps.Ctx, m.deps.Client, m.id
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		resp, err := api.TaskRunPage(ctx, c, id, ChildLimit)
		if err != nil {
			return loadedMsg{reqID: reqID, err: err}
		}
		return loadedMsg{reqID: reqID, data: rundata.FromTaskRunPage(resp)}
	}
}

// Update implements screen.Screen.
func (m *Model) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.reqID != m.reqID {
			return m, nil
		}
		return m, m.loaded(msg)
	case screen.RefreshTickMsg:
		if !m.refresh.Due(msg) {
			return m, nil
		}
		return m, m.load()
	case screen.ChangedMsg:
		return m, m.load()
	case tea.KeyPressMsg:
		cmd := m.handleKey(msg)
		return m, tea.Batch(cmd, m.refresh.Wake(m.data != nil))
	}
	var cmds []tea.Cmd
	for _, t := range m.tabs.All() {
		cmds = append(cmds, t.Update(msg))
	}
	return m, tea.Batch(cmds...)
}

func (m *Model) loaded(msg loadedMsg) tea.Cmd {
	m.err = msg.err
	if msg.err != nil {
		if m.deps.Log != nil {
			m.deps.Log.Printf("TaskRunPage %s: %v", m.id, msg.err)
		}
		return nil
	}
	if msg.data == nil {
		m.err = errNotFound
		return nil
	}
	sig := msg.data.Signature()
	changed := sig != m.sig
	m.sig = sig
	m.data = msg.data
	m.states.set(msg.data.States)
	for _, t := range m.tabs.All() {
		if s, ok := t.(DetailSetter); ok {
			s.SetDetail(msg.data)
		}
	}
	m.tabs.Clamp()
	m.SetSize(m.width, m.height)
	return m.refresh.Schedule(changed)
}

type notFoundError struct{}

func (notFoundError) Error() string { return "no task run with this id" }

var errNotFound error = notFoundError{}

func (m *Model) handleKey(k tea.KeyPressMsg) tea.Cmd {
	t := m.tabs.Active()
	if t.CapturesInput() {
		return t.Update(k)
	}
	if m.tabs.Switch(k) {
		return nil
	}
	if m.acts != nil {
		if handled, cmd := m.acts.HandleKey(k, m.selection()); handled {
			return cmd
		}
	}
	if tabs.Claims(t, k) {
		return t.Update(k)
	}
	switch {
	case key.Matches(k, m.keys.reload):
		return m.load()
	case key.Matches(k, m.keys.copy):
		id := m.id
		if s, ok := t.(tabs.Selector); ok && s.SelectedID() != "" {
			id = s.SelectedID()
		}
		return screen.Copy(id, "task run id")
	case key.Matches(k, m.keys.copyLink):
		if m.deps.Session.UIURL == "" {
			return screen.Status(screen.LevelWarn, "no Prefect UI URL configured")
		}
		return screen.Copy(m.deps.Session.UILink("task-run", m.id), "UI link")
	case key.Matches(k, m.keys.flowRun):
		if m.data != nil {
			return screen.Open(screen.Route{Kind: screen.RouteRun, ID: m.data.FlowRunID})
		}
		return nil
	}
	return t.Update(k)
}
