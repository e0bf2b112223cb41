// Package runs is the runs list (`:runs`, and a flow's runs): name, flow, state (glyph
// and word, late runs marked "Late" with the short reason they do not run, from
// ui/diagnose), scheduled start, start, duration and labels;
// filtered, sorted and paged on the server with the total counted in the same request;
// refreshed live with a backoff; multi-select for bulk actions.
package runs

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/diagnose"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// PageSize is how many runs one request loads.
const PageSize = 100

const requestTimeout = 30 * time.Second

// Run is one row of the list.
type Run = api.ListFlowRunsFlow_run

// Options are the parts the root plugs into the list (ui/routes.go).
type Options struct {
	// Actions may be nil. They are offered each key first, with the marked runs and the
	// run under the cursor.
	Actions screen.Actions
}

// MSG

type loadedMsg struct {
	reqID screen.RequestID
	runs  []Run
	total int
	// capped: more than total runs match (the count stopped at Filter.CountLimit).
	capped bool
	late   int
	offset int
	agents []diagnose.Agent
	// agentsOK: the agents came whole (no GraphQL error), so a late run's reason
	// can be told.
	agentsOK bool
	err      error
	partial  error // errors that came with the data
}

// MODEL

// Model is the runs list screen.
type Model struct {
	deps screen.Deps
	opts Options
	keys KeyMap
	// rows caches the styled rows (view.go).
	rows rowCache

	flowGroupID, flowName string
	filter                Filter
	filterText            string
	sort                  SortMode

	input     textinput.Model
	filtering bool
	picker    *picker // the state multi-select, nil when closed

	runs      []Run
	total     int
	capped    bool // more than total runs match
	late      int
	offset    int
	agents    []diagnose.Agent // for the reason a late run does not run
	agentsOK  bool
	marked    map[string]bool
	markOrder []string
	win       components.Window // the cursor and the first visible run
	loading   bool
	loadedAt  time.Time
	err       error
	partial   error // GraphQL errors that came with the data
	sig       string

	lastReqID screen.RequestID
	lastVars  map[string]any
	// wantLast: the last page was asked for (G, End): the cursor goes to its last run.
	wantLast bool
	// ago keeps "updated Ns ago" current.
	ago     screen.AgoTicker
	refresh screen.Refresh

	width, height int
}

// New builds the runs list. Route params: "flow_group_id" scopes it to one flow,
// "flow_name" names it in the title, "filter" pre-fills the filter text
// ("state:Failed since:24h").
func New(deps screen.Deps, route screen.Route, opts Options) *Model {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Ctx == nil {
		deps.Ctx = context.Background()
	}
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "name flow:x label:x state:Failed,Late since:24h"
	if deps.Styles != nil {
		in.SetStyles(deps.Styles.TextInput)
	}
	m := &Model{
		deps: deps, opts: opts, keys: DefaultKeyMap(), input: in,
		flowGroupID: route.Params["flow_group_id"], flowName: route.Params["flow_name"],
		marked: map[string]bool{}, refresh: screen.NewRefresh(),
	}
	m.setFilter(route.Params["filter"])
	if s := route.Params["state"]; s != "" && m.filterText == "" {
		m.setFilter("state:" + s)
	}
	m.updateKeys()
	return m
}

func (m *Model) setFilter(text string) []string {
	f, bad := ParseFilter(text, m.flowGroupID)
	m.filter = f
	m.filterText = f.String()
	return bad
}

// Title implements screen.Screen.
func (m *Model) Title() string {
	if m.flowName != "" {
		return m.flowName + " › runs"
	}
	if m.flowGroupID != "" {
		return "flow " + m.flowGroupID[:min(8, len(m.flowGroupID))] + " › runs"
	}
	return "runs"
}

// CapturesInput implements screen.Screen.
func (m *Model) CapturesInput() bool { return m.filtering || m.picker != nil }

// Selected returns the marked run ids (on any page, in the order they were marked), or
// the run under the cursor when none is marked: what a bulk action acts on.
func (m *Model) Selected() []string {
	if out := m.Marked(); len(out) > 0 {
		return out
	}
	if m.win.Cursor < len(m.runs) {
		return []string{m.runs[m.win.Cursor].Id}
	}
	return nil
}

// Marked returns only the marked run ids, on any page, in the order they were marked.
func (m *Model) Marked() []string {
	out := make([]string, 0, len(m.marked))
	for _, id := range m.markOrder {
		if m.marked[id] {
			out = append(out, id)
		}
	}
	return out
}

// toggleMark marks or unmarks a run.
func (m *Model) toggleMark(id string) {
	if m.marked[id] {
		delete(m.marked, id)
		m.markOrder = slices.DeleteFunc(m.markOrder, func(x string) bool { return x == id })
		return
	}
	m.marked[id] = true
	m.markOrder = append(m.markOrder, id)
}

// clearMarks forgets the selection (a new filter selects other runs).
func (m *Model) clearMarks() {
	m.marked = map[string]bool{}
	m.markOrder = nil
}

// Runs returns the loaded page, Total the number of runs matching the filter.
func (m *Model) Runs() []Run { return m.runs }

// Total is the number of runs matching the filter (from the same request); when
// Capped, at least that many.
func (m *Model) Total() int { return m.total }

// Capped says that more than Total runs match: the count stopped there.
func (m *Model) Capped() bool { return m.capped }

// LastQuery implements screen.QuerySource.
func (m *Model) LastQuery() (string, map[string]any) {
	return api.ListFlowRuns_Operation, m.lastVars
}

// INIT

// Init implements screen.Screen.
func (m *Model) Init() tea.Cmd { return m.load(m.offset) }

// COMMANDS

func (m *Model) load(offset int) tea.Cmd {
	m.lastReqID = screen.NewRequestID()
	reqID, client, ctx := m.lastReqID, m.deps.Client, m.deps.Ctx
	now := m.deps.Now()
	where, late, order := m.filter.Where(now), m.filter.LateWhere(now), m.sort.OrderBy()
	countLimit := m.filter.CountLimit(offset)
	m.lastVars = map[string]any{
		"where": json.RawMessage(where), "lateWhere": json.RawMessage(late), "orderBy": json.RawMessage(order),
		"limit": PageSize, "offset": offset, "countLimit": countLimit,
	}
	m.loading = true
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		resp, err := api.ListFlowRuns(ctx, client, where, late, order, PageSize, offset, countLimit)
		var partial error
		if err != nil {
			// GraphQL errors that came with data: show the data and a warning.
			var list gqlerror.List
			if !errors.As(err, &list) || resp == nil || len(resp.Flow_run) == 0 {
				return loadedMsg{reqID: reqID, offset: offset, err: err}
			}
			partial = err
		}
		total, capped := resp.Flow_run_aggregate.Aggregate.Count, false
		if countLimit != nil && total >= *countLimit {
			total, capped = *countLimit-1, true
		}
		return loadedMsg{reqID: reqID, runs: resp.Flow_run, total: total, capped: capped,
			late: resp.Late.Aggregate.Count, agents: rundata.Agents(resp.Agents), agentsOK: partial == nil,
			offset: offset, partial: partial}
	}
}
