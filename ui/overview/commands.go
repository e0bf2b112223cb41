package overview

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/where"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/runhistory"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// listLimit is how many runs (and flows) each section loads.
const listLimit = 50

// requestTimeout bounds one load.
const requestTimeout = 30 * time.Second

// InProgressStates are the states of the "in progress" section (the web UI's
// in-progress tile).
var InProgressStates = []string{"Running", "Submitted", "Cancelling"}

// query is everything a load depends on, captured before the command runs.
type query struct {
	projectID string
	window    runhistory.Window
	now       time.Time
}

// variables are the Overview operation's variables, as sent (and as the query editor
// shows them).
type variables struct {
	scope, window, late, failedRuns, running, upcoming where.Exp
	failed, other                                      []string
	edges                                              [runhistory.HistorySlots + 1]time.Time
}

func (q query) build() variables {
	var scope where.Exp
	if q.projectID != "" {
		scope = where.Eq("flow.project_id", q.projectID)
	}
	inWindow := where.And(
		where.Field("scheduled_start_time", "_gte", rundata.Stamp(q.window.Since(q.now))),
		where.Field("scheduled_start_time", "_lt", rundata.Stamp(q.now)),
	)
	_, failed, other := runhistory.HistoryStates()
	v := variables{
		scope:      orAll(scope),
		window:     where.And(scope, inWindow),
		late:       where.And(scope, rundata.LateWhere(q.now)),
		failedRuns: where.And(scope, inWindow, where.In("state", failed)),
		running:    where.And(scope, where.In("state", InProgressStates)),
		upcoming: where.And(scope, where.Eq("state", "Scheduled"),
			where.Field("scheduled_start_time", "_gte", rundata.Stamp(q.now))),
		failed: failed,
		other:  other,
		edges:  runhistory.HistoryEdges(q.window, q.now),
	}
	v.window = orAll(v.window)
	return v
}

// orAll is e, or {} (every row) when e is empty: the operation's bool_exp variables
// are non-null.
func orAll(e where.Exp) where.Exp {
	if e == nil {
		return where.Exp{}
	}
	return e
}

// Map is the variables as a JSON object (LastQuery).
func (v variables) Map() map[string]any {
	m := map[string]any{
		"scope": v.scope, "window": v.window, "late": v.late, "failedRuns": v.failedRuns,
		"running": v.running, "upcoming": v.upcoming, "failed": v.failed,
		"other": v.other, "limit": listLimit,
	}
	for i, t := range v.edges {
		m[edgeName(i)] = t.Format(time.RFC3339Nano)
	}
	return m
}

func edgeName(i int) string {
	return "t" + string(rune('0'+i/10)) + string(rune('0'+i%10))
}

// loadedMsg is the result of one Overview request.
type loadedMsg struct {
	reqID screen.RequestID
	q     query
	resp  *api.OverviewResponse
	err   error
}

// loadCmd runs Overview with q and its variables v (built once by the caller, which
// also keeps them for the query editor), everything captured before the closure.
func loadCmd(ctx context.Context, client graphql.Client, reqID screen.RequestID, q query, v variables) tea.Cmd {
	return func() tea.Msg {
		if client == nil {
			return loadedMsg{reqID: reqID, q: q, err: errNoClient}
		}
		rctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		e := v.edges
		resp, err := api.Overview(rctx, client,
			v.scope.JSON(), v.window.JSON(), v.late.JSON(), v.failedRuns.JSON(), v.running.JSON(), v.upcoming.JSON(),
			v.failed, v.other, listLimit,
			e[0], e[1], e[2], e[3], e[4], e[5], e[6], e[7], e[8], e[9], e[10],
			e[11], e[12], e[13], e[14], e[15], e[16], e[17], e[18], e[19], e[20],
			e[21], e[22], e[23], e[24], e[25], e[26], e[27], e[28], e[29], e[30])
		return loadedMsg{reqID: reqID, q: q, resp: resp, err: err}
	}
}

type constErr string

func (e constErr) Error() string { return string(e) }

const errNoClient = constErr("no API client")

// Variables are the Overview variables the screen sends for a project scope ("" for
// every project), a window and a clock, as a JSON object (the benchmarks send them).
func Variables(projectID string, w runhistory.Window, now time.Time) map[string]any {
	return query{projectID: projectID, window: w, now: now}.build().Map()
}
