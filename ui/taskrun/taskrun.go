// Package taskrun is the task-run page: a header (flow › run › task, state with
// message, times, task type and retries) over tabs: States (the history), Mapped runs
// (a mapped parent's children, with their state counts) and the tabs other packages
// plug in (Logs). Actions plug in too (Options.Actions: mark the task run as…, restart
// the flow run). One GraphQL request (TaskRunPage) loads it.
package taskrun

import (
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/run"
	"github.com/prefect-tui/prefect-tui/ui/run/rundata"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/taskruns"
)

// ChildLimit caps the mapped children loaded; the total is always counted.
const ChildLimit = 5000

// TabFactory builds a plug-in tab (Logs) for the task run taskRunID.
type TabFactory func(deps screen.Deps, taskRunID string) run.Tab

// Options are the parts other packages plug into the page.
type Options struct {
	Tabs []TabFactory
	// Actions may be nil.
	Actions Actions
}

// Data is a loaded task run.
type Data struct {
	Run                rundata.TaskRun
	Version            int
	TaskName, TaskType string
	TaskSlug           string
	Mapped             bool
	MaxRetries         int
	RetryDelay         string
	FlowRunID          string
	FlowRunName        string
	FlowRunState       string
	FlowName           string
	States             []rundata.State
	Children           []rundata.TaskRun
	ChildCount         int
	ChildCounts        map[string]int
}

type loadedMsg struct {
	reqID int
	data  *Data
	err   error
}

type refreshTickMsg struct{ gen int }

// Model is the task run page.
type Model struct {
	deps   screen.Deps
	id     string
	acts   Actions
	data   *Data
	err    error
	tabs   []run.Tab
	states *statesTab
	kids   *taskruns.Model
	extra  []run.Tab
	cur    int
	reqID  int
	// The live refresh: one timer, backing off while nothing changes.
	tickGen int
	backoff rundata.Backoff
	sig     string
	width   int
	height  int
	keys    struct{ next, prev, reload, copy, copyLink, flowRun key.Binding }
}

// New builds the page for route.ID (a task run id).
func New(deps screen.Deps, route screen.Route, opts Options) *Model {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Ctx == nil {
		deps.Ctx = context.Background()
	}
	m := &Model{deps: deps, id: route.ID, acts: opts.Actions, backoff: rundata.DefaultBackoff()}
	m.states = newStatesTab(deps)
	m.kids = taskruns.New(deps, "Mapped runs")
	for _, f := range opts.Tabs {
		if t := f(deps, route.ID); t != nil {
			m.extra = append(m.extra, t)
		}
	}
	m.keys.next = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next tab"))
	m.keys.prev = key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "prev tab"))
	m.keys.reload = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload"))
	m.keys.copy = key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy id"))
	m.keys.copyLink = key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy UI link"))
	m.keys.flowRun = key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "open flow run"))
	m.buildTabs()
	return m
}

// buildTabs lists the tabs: States, Mapped runs when there are children, then plug-ins.
func (m *Model) buildTabs() {
	m.tabs = []run.Tab{m.states}
	if m.data != nil && m.data.ChildCount > 0 {
		m.tabs = append(m.tabs, m.kids)
	}
	m.tabs = append(m.tabs, m.extra...)
	m.cur = min(m.cur, len(m.tabs)-1)
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
func (m *Model) CapturesInput() bool { return m.tabs[m.cur].CapturesInput() }

// LastQuery implements screen.QuerySource.
func (m *Model) LastQuery() (string, map[string]any) {
	return api.TaskRunPage_Operation, map[string]any{"id": m.id, "childLimit": ChildLimit}
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	out := append([]key.Binding{m.keys.next, m.keys.flowRun}, m.tabs[m.cur].ShortHelp()...)
	if m.acts != nil {
		out = append(out, m.acts.ShortHelp()...)
	}
	return out
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.keys
	page := []key.Binding{k.next, k.prev}
	for _, b := range []key.Binding{k.reload, k.copy, k.copyLink, k.flowRun} {
		if !run.Shadowed(m.tabs[m.cur], b) {
			page = append(page, b)
		}
	}
	out := m.tabs[m.cur].FullHelp()
	if m.acts != nil {
		out = append(out, m.acts.ShortHelp())
	}
	return append(out, page)
}

// Init implements screen.Screen.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.load()}
	for _, t := range m.extra {
		cmds = append(cmds, t.Init())
	}
	return tea.Batch(cmds...)
}

func (m *Model) load() tea.Cmd {
	m.reqID = rundata.NextID()
	reqID, ctx, c, id := m.reqID, m.deps.Ctx, m.deps.Client, m.id
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		resp, err := api.TaskRunPage(ctx, c, id, ChildLimit)
		if err != nil {
			return loadedMsg{reqID: reqID, err: err}
		}
		return loadedMsg{reqID: reqID, data: fromResponse(resp)}
	}
}

func fromResponse(r *api.TaskRunPageResponse) *Data {
	t := r.Task_run_by_pk
	if t.Id == "" {
		return nil
	}
	d := &Data{
		Run: rundata.TaskRun{ID: t.Id, TaskID: t.Task_id, MapIndex: t.Map_index, Name: t.Name, State: t.State,
			Message: t.State_message, StateTime: t.State_timestamp, Start: t.Start_time, End: t.End_time},
		Version: t.Version, TaskName: t.Task.Name, TaskType: t.Task.Type, TaskSlug: t.Task.Slug,
		Mapped: t.Task.Mapped, MaxRetries: t.Task.Max_retries, RetryDelay: t.Task.Retry_delay,
		FlowRunID: t.Flow_run.Id, FlowRunName: t.Flow_run.Name, FlowRunState: t.Flow_run.State, FlowName: t.Flow_run.Flow.Name,
		ChildCount: r.Children_count.Aggregate.Count,
	}
	for _, s := range t.States {
		d.States = append(d.States, rundata.State{State: s.State, Message: s.Message, Timestamp: s.Timestamp, Start: s.Start_time})
	}
	if t.Map_index < 0 {
		// The children query matches the runs of the same task and flow run: only a
		// parent (map_index -1) has children.
		for _, c := range r.Children {
			d.Children = append(d.Children, rundata.TaskRun{ID: c.Id, TaskID: c.Task_id, MapIndex: c.Map_index, Name: c.Name,
				State: c.State, Message: c.State_message, StateTime: c.State_timestamp, Start: c.Start_time, End: c.End_time})
		}
	} else {
		d.ChildCount = 0
	}
	d.ChildCounts = rundata.CountStates(d.Children)
	return d
}

// Update implements screen.Screen.
func (m *Model) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.reqID != m.reqID {
			return m, nil
		}
		m.err = msg.err
		if msg.err != nil {
			if m.deps.Log != nil {
				m.deps.Log.Printf("TaskRunPage %s: %v", m.id, msg.err)
			}
			return m, nil
		}
		if msg.data == nil {
			m.err = errNotFound
			return m, nil
		}
		sig := msg.data.signature()
		changed := sig != m.sig
		m.sig = sig
		m.data = msg.data
		m.states.set(msg.data.States)
		m.kids.SetChildren(msg.data.TaskName, msg.data.Children)
		m.buildTabs()
		m.SetSize(m.width, m.height)
		return m, m.scheduleRefresh(changed)
	case refreshTickMsg:
		if msg.gen != m.tickGen {
			return m, nil
		}
		return m, m.load()
	case rundata.ChangedMsg:
		return m, m.load()
	case tea.KeyPressMsg:
		cmd := m.handleKey(msg)
		if m.data != nil && m.backoff.Current() > m.backoff.Min {
			cmd = tea.Batch(cmd, m.scheduleRefresh(true))
		}
		return m, cmd
	}
	var cmds []tea.Cmd
	for _, t := range m.extra {
		cmds = append(cmds, t.Update(msg))
	}
	return m, tea.Batch(cmds...)
}

type notFoundError struct{}

func (notFoundError) Error() string { return "no task run with this id" }

var errNotFound error = notFoundError{}

func (m *Model) handleKey(k tea.KeyPressMsg) tea.Cmd {
	t := m.tabs[m.cur]
	if t.CapturesInput() {
		return t.Update(k)
	}
	switch {
	case key.Matches(k, m.keys.next):
		m.cur = (m.cur + 1) % len(m.tabs)
		return nil
	case key.Matches(k, m.keys.prev):
		m.cur = (m.cur + len(m.tabs) - 1) % len(m.tabs)
		return nil
	}
	if m.acts != nil {
		if handled, cmd := m.acts.HandleKey(k, m.selection()); handled {
			return cmd
		}
	}
	if run.Claims(t, k) {
		return t.Update(k)
	}
	switch {
	case key.Matches(k, m.keys.reload):
		return m.load()
	case key.Matches(k, m.keys.copy):
		id := m.id
		if s, ok := t.(run.Selector); ok && s.SelectedID() != "" {
			id = s.SelectedID()
		}
		return screen.Copy(id, "task run id")
	case key.Matches(k, m.keys.copyLink):
		if m.deps.Session.UIURL == "" {
			return screen.Status(screen.LevelWarn, "no Prefect UI URL configured")
		}
		return screen.Copy(rundata.UILink(m.deps.Session, "task-run", m.id), "UI link")
	case key.Matches(k, m.keys.flowRun):
		if m.data != nil {
			return screen.Open(screen.Route{Kind: screen.RouteRun, ID: m.data.FlowRunID})
		}
		return nil
	}
	return t.Update(k)
}
