package flow

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

// RunsLimit is how many recent runs the page lists.
const RunsLimit = 50

// CountCap is how many of the group's runs the page counts: "10000+ runs" beyond it
// (as the runs list counts a filtered list). A busy flow has hundreds of thousands,
// and counting them all was most of the page's request.
const CountCap = 10000

// countLimit is what the request counts up to: one more than CountCap says there
// are more.
const countLimit = CountCap + 1

const requestTimeout = 30 * time.Second

// query is everything a load depends on, captured before the command runs.
type query struct {
	groupID, flowID string
	window          runhistory.Window
	now             time.Time
}

// variables are the FlowPage variables, built from a query.
type variables struct {
	flowWhere, runs, scope where.Exp
	failed, other          []string
	edges                  [runhistory.HistorySlots + 1]time.Time
}

func (q query) build() variables {
	scope := where.Eq("flow.flow_group_id", q.groupID)
	flowWhere := where.Eq("flow_group_id", q.groupID)
	if q.flowID != "" {
		flowWhere = where.And(flowWhere, where.Eq("id", q.flowID))
	}
	_, failed, other := runhistory.HistoryStates()
	return variables{
		flowWhere: flowWhere,
		// Recent runs: scheduled up to now (future scheduled runs are the schedule's
		// next times, above).
		runs:   where.And(scope, where.Field("scheduled_start_time", "_lte", rundata.Stamp(q.now))),
		scope:  scope,
		failed: failed, other: other,
		edges: runhistory.HistoryEdges(q.window, q.now),
	}
}

// Map is the variables as sent (LastQuery).
func (v variables) Map(groupID string) map[string]any {
	m := map[string]any{
		"groupId": groupID, "flowWhere": v.flowWhere, "runs": v.runs, "runsLimit": RunsLimit,
		"countLimit": countLimit, "scope": v.scope, "failed": v.failed, "other": v.other,
	}
	for i, t := range v.edges {
		m["t"+string(rune('0'+i/10))+string(rune('0'+i%10))] = t.Format(time.RFC3339Nano)
	}
	return m
}

// loadedMsg is the result of one FlowPage request.
type loadedMsg struct {
	reqID screen.RequestID
	q     query
	resp  *api.FlowPageResponse
	err   error
}

// loadCmd runs FlowPage with q and its variables v (built once by the caller, which
// also keeps them for the query editor), everything captured before the closure.
func loadCmd(ctx context.Context, client graphql.Client, reqID screen.RequestID, q query, v variables) tea.Cmd {
	return func() tea.Msg {
		if client == nil {
			return loadedMsg{reqID: reqID, q: q, err: errNoClient}
		}
		rctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		e := v.edges
		resp, err := api.FlowPage(rctx, client, q.groupID,
			v.flowWhere.JSON(), v.runs.JSON(), RunsLimit, countLimit, v.scope.JSON(), v.failed, v.other,
			e[0], e[1], e[2], e[3], e[4], e[5], e[6], e[7], e[8], e[9], e[10],
			e[11], e[12], e[13], e[14], e[15], e[16], e[17], e[18], e[19], e[20],
			e[21], e[22], e[23], e[24], e[25], e[26], e[27], e[28], e[29], e[30])
		return loadedMsg{reqID: reqID, q: q, resp: resp, err: err}
	}
}

type constErr string

func (e constErr) Error() string { return string(e) }

const errNoClient = constErr("no API client")

// Variables are the FlowPage variables the page sends for a flow group (and a version
// id, "" for the latest), a window and a clock (the benchmarks send them).
func Variables(groupID, flowID string, w runhistory.Window, now time.Time) map[string]any {
	return query{groupID: groupID, flowID: flowID, window: w, now: now}.build().Map(groupID)
}
