// Package open resolves `:open <id>` (and `prefect-tui open <id>`), a whole uuid or the
// start of one: one request looks it up as a flow run, task run, flow, flow group, task
// and project at once (OpenByID's *_by_pk fields, or OpenByPrefix's id ranges), then
// the screen of what it is opens. A prefix that several ids start with is an error that
// names them.
package open

import (
	"context"
	"errors"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// ErrNotFound is returned when no entity has the id.
var ErrNotFound = errors.New("no flow, flow group, flow run, task, task run or project has this id")

// Found says what an id is and where it leads.
type Found struct {
	// Kind is "flow run", "task run", "flow", "flow group", "task" or "project".
	Kind string
	ID   string
	Name string
	// Route opens it.
	Route screen.Route
}

// Resolve looks an id, or the start of one, up with one request. Flows and flow groups
// open the flow's page (a flow id that version), tasks the runs of their flow group;
// projects open the flows of the project.
func Resolve(ctx context.Context, c graphql.Client, s string) (Found, error) {
	id, err := ParseID(s)
	if err != nil {
		return Found{}, err
	}
	if id.Full == "" {
		from, to := id.Range()
		resp, err := api.OpenByPrefix(ctx, c, from, to)
		if err != nil {
			return Found{}, err
		}
		return fromPrefix(id.Prefix, resp)
	}
	resp, err := api.OpenByID(ctx, c, id.Full)
	if err != nil {
		return Found{}, err
	}
	return fromResponse(resp)
}

func fromResponse(r *api.OpenByIDResponse) (Found, error) {
	for _, f := range []Found{
		flowRun(r.Flow_run), taskRun(r.Task_run), flow(r.Flow), flowGroup(r.Flow_group), task(r.Task), project(r.Project),
	} {
		if f.ID != "" {
			return f, nil
		}
	}
	return Found{}, ErrNotFound
}

// fromPrefix is the one entity whose id starts with the prefix, or why there is none.
func fromPrefix(prefix string, r *api.OpenByPrefixResponse) (Found, error) {
	var all []Found
	for _, x := range r.Flow_run {
		all = append(all, flowRun(x))
	}
	for _, x := range r.Task_run {
		all = append(all, taskRun(x))
	}
	for _, x := range r.Flow {
		all = append(all, flow(x))
	}
	for _, x := range r.Flow_group {
		all = append(all, flowGroup(x))
	}
	for _, x := range r.Task {
		all = append(all, task(x))
	}
	for _, x := range r.Project {
		all = append(all, project(x))
	}
	switch len(all) {
	case 0:
		return Found{}, ErrNotFound
	case 1:
		return all[0], nil
	}
	return Found{}, &AmbiguousError{Prefix: prefix, Matches: all}
}

func runsOf(group, name string) screen.Route {
	return screen.Route{Kind: screen.RouteRuns, Params: map[string]string{"flow_group_id": group, "flow_name": name}}
}

func flowRun(x api.OpenFlowRun) Found {
	return Found{Kind: "flow run", ID: x.Id, Name: x.Name, Route: screen.Route{Kind: screen.RouteRun, ID: x.Id}}
}

func taskRun(x api.OpenTaskRun) Found {
	return Found{Kind: "task run", ID: x.Id, Name: x.Name, Route: screen.Route{Kind: screen.RouteTaskRun, ID: x.Id}}
}

func flow(x api.OpenFlow) Found {
	return Found{Kind: "flow", ID: x.Id, Name: x.Name, Route: screen.Route{Kind: screen.RouteFlow, ID: x.Flow_group_id,
		Params: map[string]string{"flow_id": x.Id, "flow_name": x.Name}}}
}

// flowGroup: a flow group's name is its id unless someone renamed it: its latest
// flow's name says which flow it is (the runs screen's title, as from the flows list).
func flowGroup(x api.OpenFlowGroup) Found {
	name := x.Name
	if fl := x.Flows; len(fl) > 0 && fl[0].Name != "" {
		name = fl[0].Name
	}
	return Found{Kind: "flow group", ID: x.Id, Name: name, Route: screen.Route{Kind: screen.RouteFlow, ID: x.Id,
		Params: map[string]string{"flow_name": name}}}
}

func task(x api.OpenTask) Found {
	return Found{Kind: "task", ID: x.Id, Name: x.Name, Route: runsOf(x.Flow.Flow_group_id, x.Flow.Name)}
}

func project(x api.OpenProject) Found {
	return Found{Kind: "project", ID: x.Id, Name: x.Name, Route: screen.Route{
		Kind: screen.RouteFlows, Params: map[string]string{"project_id": x.Id, "project_name": x.Name},
	}}
}

// resolvedMsg is the result of the lookup.
type resolvedMsg struct {
	reqID screen.RequestID
	found Found
	err   error
}

// Model is the open screen: it shows the lookup, then replaces itself with the found
// screen (pop, then open), or shows why nothing opened.
type Model struct {
	deps   screen.Deps
	id     string
	reqID  screen.RequestID
	err    error
	found  *Found
	width  int
	height int
	retry  key.Binding
	again  key.Binding
}

// New builds the open screen for route.ID.
func New(deps screen.Deps, route screen.Route) *Model {
	if deps.Ctx == nil {
		deps.Ctx = context.Background()
	}
	return &Model{
		deps: deps, id: route.ID,
		retry: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "retry")),
		again: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
	}
}

// Init implements screen.Screen.
func (m *Model) Init() tea.Cmd {
	m.reqID = screen.NewRequestID()
	m.err, m.found = nil, nil
	reqID, ctx, c, id := m.reqID, m.deps.Ctx, m.deps.Client, m.id
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		f, err := Resolve(ctx, c, id)
		return resolvedMsg{reqID: reqID, found: f, err: err}
	}
}

// Update implements screen.Screen.
func (m *Model) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case resolvedMsg:
		if msg.reqID != m.reqID {
			return m, nil
		}
		if msg.err != nil {
			m.err = msg.err
			if m.deps.Log != nil {
				m.deps.Log.Printf("OpenByID %s: %v", m.id, msg.err)
			}
			return m, nil
		}
		m.found = &msg.found
		return m, tea.Sequence(screen.Pop(), screen.Open(msg.found.Route))
	case tea.KeyPressMsg:
		if m.err != nil && key.Matches(msg, m.retry) {
			return m, m.Init()
		}
		if m.found != nil && key.Matches(msg, m.again) {
			return m, screen.Open(m.found.Route)
		}
	}
	return m, nil
}

// View implements screen.Screen.
func (m *Model) View() string {
	st := m.deps.Styles
	switch {
	case m.err != nil:
		return m.errorView()
	case m.found != nil:
		// Seen when this screen was the first (prefect-tui open <id>) and the user came
		// back to it.
		return st.Text.Secondary.Render(m.id+" is the "+m.found.Kind+" "+m.found.Name) + "\n" + st.Text.Faint.Render("enter open · q quit")
	}
	return st.Table.Empty.Render("Looking up " + m.id + "…")
}

// SetSize implements screen.Screen.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// Title implements screen.Screen.
func (m *Model) Title() string { return "open " + m.id }

// CapturesInput implements screen.Screen.
func (m *Model) CapturesInput() bool { return false }

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	m.retry.SetEnabled(m.err != nil)
	m.again.SetEnabled(m.found != nil)
	return []key.Binding{m.retry, m.again}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// LastQuery implements screen.QuerySource.
func (m *Model) LastQuery() (string, map[string]any) {
	if id, err := ParseID(m.id); err == nil && id.Full == "" {
		from, to := id.Range()
		return api.OpenByPrefix_Operation, map[string]any{"from": from, "to": to}
	}
	return api.OpenByID_Operation, map[string]any{"id": m.id}
}
