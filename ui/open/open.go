// Package open resolves `:open <uuid>` (and `prefect-tui open <uuid>`): one request
// looks the id up as a flow run, task run, flow, flow group, task and project at once
// (aliased *_by_pk fields of OpenByID), then the screen of what it is opens.
package open

import (
	"context"
	"errors"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"
	"github.com/google/uuid"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// ErrNotFound is returned when no entity has the id.
var ErrNotFound = errors.New("no flow, flow group, flow run, task, task run or project has this id")

// Found says what an id is and where it leads.
type Found struct {
	// Kind is "flow run", "task run", "flow", "flow group", "task" or "project".
	Kind  string
	Name  string
	Route screen.Route
}

// Resolve looks id up with one OpenByID request. Flows, flow groups and tasks open the
// runs of their flow group; projects open the flows of the project.
func Resolve(ctx context.Context, c graphql.Client, id string) (Found, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	if _, err := uuid.Parse(id); err != nil {
		return Found{}, errors.New("not a uuid: " + id)
	}
	resp, err := api.OpenByID(ctx, c, id)
	if err != nil {
		return Found{}, err
	}
	return fromResponse(resp)
}

func fromResponse(r *api.OpenByIDResponse) (Found, error) {
	runs := func(group, name string) screen.Route {
		return screen.Route{Kind: screen.RouteRuns, Params: map[string]string{"flow_group_id": group, "flow_name": name}}
	}
	switch {
	case r.Flow_run.Id != "":
		return Found{Kind: "flow run", Name: r.Flow_run.Name, Route: screen.Route{Kind: screen.RouteRun, ID: r.Flow_run.Id}}, nil
	case r.Task_run.Id != "":
		return Found{Kind: "task run", Name: r.Task_run.Name, Route: screen.Route{Kind: screen.RouteTaskRun, ID: r.Task_run.Id}}, nil
	case r.Flow.Id != "":
		return Found{Kind: "flow", Name: r.Flow.Name, Route: runs(r.Flow.Flow_group_id, r.Flow.Name)}, nil
	case r.Flow_group.Id != "":
		// A flow group's name is its id unless someone renamed it: its latest flow's
		// name says which flow it is (the runs screen's title, as from the flows list).
		name := r.Flow_group.Name
		if fl := r.Flow_group.Flows; len(fl) > 0 && fl[0].Name != "" {
			name = fl[0].Name
		}
		return Found{Kind: "flow group", Name: name, Route: runs(r.Flow_group.Id, name)}, nil
	case r.Task.Id != "":
		return Found{Kind: "task", Name: r.Task.Name, Route: runs(r.Task.Flow.Flow_group_id, r.Task.Flow.Name)}, nil
	case r.Project.Id != "":
		return Found{Kind: "project", Name: r.Project.Name, Route: screen.Route{
			Kind: screen.RouteFlows, Params: map[string]string{"project_id": r.Project.Id, "project_name": r.Project.Name},
		}}, nil
	}
	return Found{}, ErrNotFound
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
		return st.Text.Error.Render("Couldn't open "+m.id+": "+api.Describe(m.err)) + "\n" + st.Text.Faint.Render("r retry · esc back")
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
	return api.OpenByID_Operation, map[string]any{"id": m.id}
}
