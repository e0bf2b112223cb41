// Package flows is the Flows screen: the tenant's flows (latest unarchived version of
// each flow group), with project, version, schedule, labels and the last ten runs as
// state glyphs; filtered as you type on the server, scoped to a project, sortable,
// paged with limit/offset, loaded with one GraphQL request per page (api.ListFlows).
// `enter` opens the flow's page, `l` the flow group's runs.
package flows

import (
	"errors"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Options are the parts the root plugs into the screen (ui/routes.go).
type Options struct {
	// Actions (run now, schedule on/off) may be nil. They get the flow under the cursor;
	// the list reloads on their screen.ChangedMsg.
	Actions screen.Actions
}

// Model is the Flows screen. It implements screen.Screen and screen.QuerySource.
type Model struct {
	deps    screen.Deps
	keys    KeyMap
	actions screen.Actions

	width, height int

	rows     []row
	total    int
	projects []api.ListFlowsProject
	// scope is the index of the project in projects, -1 for all projects.
	scope        int
	scopeID      string
	scopeName    string
	showArchived bool
	sort         sortKey
	desc         bool

	filter    textinput.Model
	filtering bool
	applied   string // the filter text of the rows shown / being loaded
	typedReq  screen.RequestID

	win components.Window // the cursor and the first visible row

	loading     bool
	showSpinner bool
	lastReqID   screen.RequestID
	loaded      bool
	err         error
	warn        string

	last     query
	pageSize int
	debounce time.Duration
}

// New builds the Flows screen. Params may set "project_id" (scope) and "filter".
func New(deps screen.Deps, r screen.Route, opts Options) *Model {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "name, project or id"
	in.CharLimit = 120
	if deps.Styles != nil {
		in.SetStyles(deps.Styles.TextInput)
	}
	m := &Model{deps: deps, keys: DefaultKeyMap(), actions: opts.Actions, filter: in, scope: -1, pageSize: PageSize, debounce: debounce}
	if r.Params != nil {
		m.scopeID = r.Params["project_id"]
		m.applied = r.Params["filter"]
		m.filter.SetValue(m.applied)
	}
	m.updateKeys()
	return m
}

func (m *Model) now() time.Time {
	if m.deps.Now == nil {
		return time.Now()
	}
	return m.deps.Now()
}

// SetPageSize changes how many flows one request reads (tests page with small pages).
func (m *Model) SetPageSize(n int) { m.pageSize = max(1, n) }

// SetDebounce changes how long typing must pause before the filter is sent.
func (m *Model) SetDebounce(d time.Duration) { m.debounce = d }

// Open builds the screen for a route without actions.
func Open(deps screen.Deps, r screen.Route) (screen.Screen, error) {
	return New(deps, r, Options{}), nil
}

// Init implements screen.Screen: (re)load what is shown, keeping the cursor.
func (m *Model) Init() tea.Cmd { return m.refresh() }

// Title implements screen.Screen.
func (m *Model) Title() string {
	if m.scopeName != "" {
		return "flows (" + m.scopeName + ")"
	}
	return "flows"
}

// CapturesInput implements screen.Screen: true while the filter has focus.
func (m *Model) CapturesInput() bool { return m.filtering }

// SetSize implements screen.Screen.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.filter.SetWidth(max(10, w/2))
	m.fit()
}

// LastQuery implements screen.QuerySource: the operation and variables of the last load.
func (m *Model) LastQuery() (string, map[string]any) {
	q := m.last
	if q.limit == 0 {
		q = m.query(0, m.pageSize)
	}
	return api.ListFlows_Operation, q.variables()
}

// query captures the current filter, scope and sort.
func (m *Model) query(offset, limit int) query {
	return query{
		text: m.applied, projectID: m.scopeID, showArchived: m.showArchived,
		sort: m.sort, desc: m.desc, limit: limit, offset: offset, now: m.now(),
	}
}

// load starts a request; appendPage loads the next page after the rows shown.
func (m *Model) load(q query, appendPage bool) tea.Cmd {
	m.lastReqID = screen.NewRequestID()
	m.loading, m.showSpinner = true, false
	m.last = q
	return tea.Batch(
		loadCmd(m.deps.Ctx, m.deps.Client, m.lastReqID, q, appendPage),
		screen.SpinnerAfterDelay(m.lastReqID),
	)
}

// reload starts over at the first page (filter, scope or sort changed).
func (m *Model) reload() tea.Cmd {
	m.win.Cursor, m.win.Top = 0, 0
	return m.load(m.query(0, m.pageSize), false)
}

// refresh reloads the rows shown, keeping the cursor.
func (m *Model) refresh() tea.Cmd {
	return m.load(m.query(0, max(m.pageSize, len(m.rows))), false)
}

// nextPage loads the page after the last row, when there is one and nothing loads.
func (m *Model) nextPage() tea.Cmd {
	if m.loading || len(m.rows) >= m.total || m.err != nil {
		return nil
	}
	return m.load(m.query(len(m.rows), m.pageSize), true)
}

// loaded applies a result of the current request; others are stale and dropped.
func (m *Model) applyLoaded(msg flowsLoadedMsg) tea.Cmd {
	if msg.reqID != m.lastReqID {
		return nil
	}
	m.loading, m.showSpinner = false, false
	m.warn = ""
	var list gqlerror.List
	partial := msg.err != nil && errors.As(msg.err, &list) && msg.resp != nil && msg.resp.Flow != nil
	if msg.err != nil && !partial {
		m.err = msg.err
		m.deps.Log.Printf("flows: ListFlows tenant=%s: %v", m.deps.Session.TenantSlug, msg.err)
		return nil
	}
	if partial {
		m.warn = api.Describe(msg.err)
		m.deps.Log.Printf("flows: ListFlows partial tenant=%s: %v", m.deps.Session.TenantSlug, msg.err)
	}
	m.err = nil
	m.loaded = true
	rows := make([]row, 0, len(msg.resp.Flow))
	for _, f := range msg.resp.Flow {
		rows = append(rows, newRow(f))
	}
	if msg.appendPage && msg.offset == len(m.rows) {
		m.rows = append(m.rows, rows...)
	} else {
		m.rows = rows
	}
	m.total = max(msg.resp.Flow_aggregate.Aggregate.Count, len(m.rows))
	m.setProjects(msg.resp.Project)
	m.fit()
	m.updateKeys()
	return nil
}

// setProjects keeps the scope pointing at the same project id.
func (m *Model) setProjects(ps []api.ListFlowsProject) {
	m.projects = ps
	m.scope = -1
	m.scopeName = ""
	for i, p := range ps {
		if p.Id == m.scopeID {
			m.scope, m.scopeName = i, p.Name
		}
	}
	if m.scope < 0 && m.scopeID != "" && len(ps) > 0 {
		// The project is gone: keep filtering by its id, name it by id.
		m.scopeName = m.scopeID[:min(8, len(m.scopeID))]
	}
}

// cycleProject moves the project scope by step (all → first → ... → last → all).
func (m *Model) cycleProject(step int) tea.Cmd {
	n := len(m.projects) + 1 // + "all"
	if n == 1 {
		return nil
	}
	i := (m.scope + 1 + step + n) % n // position in [all, p0, p1, ...]
	m.scope = i - 1
	if m.scope < 0 {
		m.scopeID, m.scopeName = "", ""
	} else {
		m.scopeID, m.scopeName = m.projects[m.scope].Id, m.projects[m.scope].Name
	}
	return m.reload()
}

func (m *Model) selected() (row, bool) {
	if m.win.Cursor < 0 || m.win.Cursor >= len(m.rows) {
		return row{}, false
	}
	return m.rows[m.win.Cursor], true
}

// openSelected opens the selected flow's page: its flow group at that version when
// it is an archived one (shown with `a`), else at the latest.
func (m *Model) openSelected() tea.Cmd {
	r, ok := m.selected()
	if !ok {
		return nil
	}
	p := map[string]string{"flow_name": r.name}
	if r.archived {
		p["flow_id"] = r.id
	}
	return screen.Open(screen.Route{Kind: screen.RouteFlow, ID: r.groupID, Params: p})
}

// openRuns opens the selected flow group's runs.
func (m *Model) openRuns() tea.Cmd {
	r, ok := m.selected()
	if !ok {
		return nil
	}
	return screen.Open(screen.Route{Kind: screen.RouteRuns, Params: map[string]string{
		"flow_group_id": r.groupID, "flow_name": r.name,
	}})
}

var _ screen.Screen = (*Model)(nil)
var _ screen.QuerySource = (*Model)(nil)

// enabled is key.Matches for one binding (disabled bindings never match).
func enabled(k tea.KeyPressMsg, b key.Binding) bool { return key.Matches(k, b) }
