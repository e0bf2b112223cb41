// Package agents is the agents screen (`:agents`): every agent of the tenant with its
// health (the web UI's rule, ui/agenthealth), type, labels, core version and last query;
// below, the selected agent's runs: those it could pick up now (get_runs_in_queue's
// rule and limits, ui/diagnose) and those it submitted in the last 24 hours. The screen
// loads with one GraphQL request (AgentsPage), refreshes live with a backoff, scopes the
// runs to a project (p) and offers the agent actions (remove a stale agent).
package agents

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/where"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/diagnose"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// RecentLimit is how many of its recent runs each agent's row loads; RecentWindow is
// how far back "recent" goes (the web UI's agent page: a day).
const (
	RecentLimit  = 20
	RecentWindow = 24 * time.Hour
)

// RecentCountCap is how many recent runs an agent's count goes up to: "999+" beyond
// it (the 24h column is four wide). A busy agent submits tens of thousands a day, and
// counting them all was most of the screen's request.
const RecentCountCap = 999

// RecentCountLimit is what the request counts up to: one more than RecentCountCap
// says there are more.
const RecentCountLimit = RecentCountCap + 1

const requestTimeout = 30 * time.Second

// Options are the parts the root plugs into the screen (ui/routes.go).
type Options struct {
	// Actions may be nil. They get the agent under the cursor.
	Actions screen.Actions
}

// focus is the pane that has the cursor.
type focus int

const (
	focusAgents focus = iota
	focusRuns
)

// MSG

type loadedMsg struct {
	reqID   screen.RequestID
	resp    *api.AgentsPageResponse
	err     error
	partial error // errors that came with the data
}

// MODEL

// Model is the agents screen.
type Model struct {
	deps screen.Deps
	opts Options
	keys KeyMap

	agents   []Agent
	queue    []api.AgentRun
	projects []api.AgentsPageProject
	// scope is the index of the project in projects, -1 for all; scopeID stays when
	// the project list changes.
	scope            int
	scopeID, scopeNm string

	focus   focus
	win     components.Window // agents
	runWin  components.Window // the selected agent's runs
	loading bool
	loaded  time.Time
	err     error
	partial error
	sig     string

	lastReqID screen.RequestID
	lastVars  map[string]any
	refresh   screen.Refresh

	width, height int
}

// New builds the agents screen; route params may set "project_id" (the scope).
func New(deps screen.Deps, route screen.Route, opts Options) *Model {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Ctx == nil {
		deps.Ctx = context.Background()
	}
	m := &Model{deps: deps, opts: opts, keys: DefaultKeyMap(), scope: -1, refresh: screen.NewRefresh()}
	m.scopeID = route.Params["project_id"]
	m.updateKeys()
	return m
}

// Title implements screen.Screen.
func (m *Model) Title() string {
	if m.scopeNm != "" {
		return "agents (" + m.scopeNm + ")"
	}
	return "agents"
}

// CapturesInput implements screen.Screen: the screen has no text input.
func (m *Model) CapturesInput() bool { return false }

// Agents returns the agents shown, in screen order.
func (m *Model) Agents() []Agent { return m.agents }

// Selected is the agent under the cursor (false when there is none).
func (m *Model) Selected() (Agent, bool) {
	if m.win.Cursor < len(m.agents) {
		return m.agents[m.win.Cursor], true
	}
	return Agent{}, false
}

// LastQuery implements screen.QuerySource.
func (m *Model) LastQuery() (string, map[string]any) {
	if m.lastVars == nil {
		m.lastVars = m.vars(m.deps.Now())
	}
	return api.AgentsPage_Operation, m.lastVars
}

// INIT

// Init implements screen.Screen.
func (m *Model) Init() tea.Cmd { return m.load() }

// COMMANDS

// RecentWhere selects an agent's recent runs as the web UI's agent page does: not
// Scheduled, scheduled or started within RecentWindow before now; in the project in
// scope ("" for all).
func RecentWhere(now time.Time, projectID string) json.RawMessage {
	since := rundata.Stamp(now.Add(-RecentWindow))
	var project where.Exp
	if projectID != "" {
		project = where.Eq("flow.project_id", projectID)
	}
	return where.And(
		where.Field("state", "_neq", "Scheduled"),
		where.Or(where.Field("scheduled_start_time", "_gt", since), where.Field("start_time", "_gt", since)),
		project,
	).JSON()
}

func (m *Model) vars(now time.Time) map[string]any {
	return map[string]any{
		"recentWhere": RecentWhere(now, m.scopeID), "recentLimit": RecentLimit, "recentCountLimit": RecentCountLimit,
		"now": rundata.Stamp(now), "queueWindow": diagnose.QueueWindow,
	}
}

func (m *Model) load() tea.Cmd {
	m.lastReqID = screen.NewRequestID()
	reqID, client, ctx := m.lastReqID, m.deps.Client, m.deps.Ctx
	now := m.deps.Now()
	m.lastVars = m.vars(now)
	recent := RecentWhere(now, m.scopeID)
	m.loading = true
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		resp, err := api.AgentsPage(ctx, client, recent, RecentLimit, RecentCountLimit, now, diagnose.QueueWindow)
		if err != nil {
			var list gqlerror.List
			if !errors.As(err, &list) || resp == nil || len(resp.Agent) == 0 {
				return loadedMsg{reqID: reqID, err: err}
			}
			return loadedMsg{reqID: reqID, resp: resp, partial: err}
		}
		return loadedMsg{reqID: reqID, resp: resp}
	}
}

var (
	_ screen.Screen      = (*Model)(nil)
	_ screen.QuerySource = (*Model)(nil)
)
