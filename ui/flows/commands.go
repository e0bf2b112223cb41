package flows

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"
	"github.com/google/uuid"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/where"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// PageSize is how many flows one request reads.
const PageSize = 50

// requestTimeout bounds one load.
const requestTimeout = 30 * time.Second

// debounce is how long typing must pause before the filter is sent to the server.
const debounce = 250 * time.Millisecond

// sortKey is a sortable column.
type sortKey int

const (
	sortName sortKey = iota
	sortProject
	sortVersion
	sortSchedule
	sortRuns
	sortKeys // count
)

// String implements fmt.Stringer.
func (k sortKey) String() string {
	return [...]string{"name", "project", "version", "schedule", "runs"}[k]
}

// query is everything a load depends on, captured before the command runs.
type query struct {
	text         string
	projectID    string
	showArchived bool
	sort         sortKey
	desc         bool
	limit        int
	offset       int
	// now bounds the recent-runs strip (runs scheduled up to now).
	now time.Time
}

// where builds the flow_bool_exp of q: only what the user asked for goes out; typed text
// matches literally (% and _ too).
func (q query) where() where.Exp {
	var archived, project, text where.Exp
	if !q.showArchived {
		archived = where.Eq("archived", false)
	}
	if q.projectID != "" {
		project = where.Eq("project_id", q.projectID)
	}
	switch t := strings.TrimSpace(q.text); {
	case t == "":
	case isUUID(t):
		id := strings.ToLower(t)
		text = where.Or(where.Eq("id", id), where.Eq("flow_group_id", id))
	default:
		text = where.Or(where.Contains("name", t), where.Contains("project.name", t))
	}
	return where.And(archived, project, text)
}

// orderBy builds the flow_order_by list: the sorted column, then name, version and id
// so that offset paging is stable.
func (q query) orderBy() []any {
	dir := "asc"
	if q.desc {
		dir = "desc"
	}
	var first map[string]any
	switch q.sort {
	case sortProject:
		first = map[string]any{"project": map[string]any{"name": dir}}
	case sortVersion:
		first = map[string]any{"version": dir}
	case sortSchedule:
		first = map[string]any{"is_schedule_active": dir}
	case sortRuns:
		first = map[string]any{"flow_runs_aggregate": map[string]any{"count": dir}}
	default:
		first = map[string]any{"name": dir}
	}
	out := []any{first}
	if q.sort != sortName {
		out = append(out, map[string]any{"name": "asc"})
	}
	if q.sort != sortVersion {
		out = append(out, map[string]any{"version": "desc"})
	}
	return append(out, map[string]any{"id": "asc"})
}

// variables are the request's variables, as sent (and as the query editor shows them).
func (q query) variables() map[string]any {
	return map[string]any{
		"where": q.where(), "orderBy": q.orderBy(), "limit": q.limit, "offset": q.offset,
		"now": q.now.UTC().Format(time.RFC3339Nano),
	}
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}

// flowsLoadedMsg is the result of one ListFlows request.
type flowsLoadedMsg struct {
	reqID screen.RequestID
	// appendPage is true for a next-page load (rows are appended).
	appendPage bool
	offset     int
	resp       *api.ListFlowsResponse
	err        error
}

// filterSettledMsg fires when typing paused for the debounce time.
type filterSettledMsg struct{ typed screen.RequestID }

// loadCmd runs ListFlows with everything captured before the closure: the command runs
// on another goroutine while the model changes.
func loadCmd(ctx context.Context, client graphql.Client, reqID screen.RequestID, q query, appendPage bool) tea.Cmd {
	w := q.where().JSON()
	order, _ := json.Marshal(q.orderBy())
	limit, offset, now := q.limit, q.offset, q.now
	return func() tea.Msg {
		if client == nil {
			return flowsLoadedMsg{reqID: reqID, appendPage: appendPage, offset: offset, err: errNoClient}
		}
		rctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		resp, err := api.ListFlows(rctx, client, w, order, limit, offset, now)
		return flowsLoadedMsg{reqID: reqID, appendPage: appendPage, offset: offset, resp: resp, err: err}
	}
}

type constErr string

func (e constErr) Error() string { return string(e) }

const errNoClient = constErr("no API client")

func settleCmd(typed screen.RequestID, d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return filterSettledMsg{typed: typed} })
}
