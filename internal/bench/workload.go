// Package bench measures the requests the explorer and the CLI really send to the
// embedded server: every read operation of queries.graphql, with the variables each
// screen sends by default and with its common filters, through the engine in-process
// and over HTTP, next to plain SQL reading the same rows from the same database.
// cmd/benchtable turns the benchmark output into one table.
package bench

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/runs"
)

// As is the principal a case runs as.
type As int

const (
	// AsServer is Prefect Server: no auth, every tenant's rows.
	AsServer As = iota
	// AsUser is a Prefect Cloud USER token (the tenant picker, tokens, login).
	AsUser
	// AsTenant is a Prefect Cloud tenant login (switch_tenant access token).
	AsTenant
	// AsTenantToken is a Prefect Cloud TENANT API token: bound to one tenant, the only
	// credential the tenant picker's counts are answered for.
	AsTenantToken
)

// Case is one request as the client sends it, and its plain SQL baseline.
type Case struct {
	// Name is "<operation>/<variant>".
	Name   string
	Query  string
	OpName string
	// Vars are the variables as the client marshals them.
	Vars map[string]any
	As   As
	// Base reads the same rows in plain SQL.
	Base      Baseline
	baseStmts []Stmt
	// NoTable marks a request that reads no table: the floor (the cost of a request
	// itself) and the connection checks.
	NoTable bool
}

func newCase(name, query string, vars map[string]any, as As, base ...Stmt) *Case {
	op, _, _ := strings.Cut(name, "/")
	return &Case{Name: name, Query: query, OpName: op, Vars: vars, As: as, Base: stmts(base...), baseStmts: base}
}

// timeLayout is how the screens send times in filters.
const timeLayout = "2006-01-02T15:04:05.000000+00:00"

func raw(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only maps, slices and strings
	}
	return b
}

type m = map[string]any

// Cases returns every case for the rows of f, at the clock Now.
func Cases(f *Fixture) []*Case {
	var out []*Case
	// The floor: a request that reads nothing, against a statement that reads nothing.
	floor := newCase("Floor/typename", `query Floor { __typename }`, m{}, AsServer, Stmt{`SELECT 1`, nil})
	floor.NoTable = true
	out = append(out, floor)
	out = append(out, runsCases(f)...)
	out = append(out, runPageCases(f)...)
	out = append(out, logCases(f)...)
	out = append(out, actionCases(f)...)
	out = append(out, flowsCases()...)
	out = append(out, cloudCases(f)...)
	out = append(out, triageCases(f)...)
	out = append(out, pageCases(f)...)
	out = append(out, cliCases(f)...)
	return out
}

// runPage is what ListFlowRuns reads of a page of runs and their flows, in plain SQL:
// the page's rows picked by rowid first (the sort reads only what the filter and the
// order need, often an index alone), then their columns and flows.
func runPage(where, order string) string {
	return runPageOf(`SELECT r.rowid FROM flow_run AS r`+where+order+` LIMIT 100 OFFSET 0`, order)
}

// runPageOf is runPage with the page's rowids picked by pick.
func runPageOf(pick, order string) string {
	return `SELECT r.id, r.name, r.state, r.state_message, r.state_timestamp, r.state_start_time, r.scheduled_start_time, r.start_time, r.end_time, r.labels,
  f.id, f.name, f.flow_group_id, f.archived, f.version
FROM flow_run AS r JOIN flow AS f ON f.id = r.flow_id
WHERE r.rowid IN (` + pick + `)` + order
}

// perFlow picks the rowids of the first n runs in order (an ORDER BY over flow_run AS
// r) of the flows SELECT flows (their ids, as "id") that meet cond (a condition on r,
// or ""): as one would for a few flows, the first n of each flow, walking an index led
// by the flow and the order, then the first n of those.
func perFlow(flows, cond, order, n string) string {
	if cond != "" {
		cond = " AND " + cond
	}
	return `SELECT r.rowid FROM (` + flows + `) AS fl CROSS JOIN flow_run AS r WHERE r.rowid IN (SELECT r.rowid FROM flow_run AS r WHERE r.flow_id = fl.id` + cond + order + ` LIMIT ` + n + `)` + order + ` LIMIT ` + n
}

// runsCases: the runs list (ui/runs) by default (every run, started newest first, 100
// a page), with each filter of its filter line, and scoped to one flow group (the runs
// of a flow opened from the flows screen).
func runsCases(f *Fixture) []*Case {
	now := Now
	late := `SELECT count(*) FROM flow_run AS r WHERE r.state = 'Scheduled' AND r.scheduled_start_time < ? AND r.start_time IS NULL`
	lateTS := now.UTC().Format(timeLayout)
	startOrder := ` ORDER BY r.start_time DESC NULLS LAST, r.scheduled_start_time DESC, r.id ASC`
	type variant struct {
		name   string
		filter runs.Filter
		cond   string // the plain SQL condition on flow_run AS r
		args   []any
		// flows, when the filter is the runs of some flows, selects their ids
		// (taking args): the page reads the first runs of each flow, or, when walk,
		// walks the order testing each run's flow (faster when the flows hold many
		// runs: measured both ways at each scale, the faster is the baseline).
		flows string
		walk  bool
		// countFrom, when set, is what the count reads (FROM ...) instead of cond.
		countFrom string
	}
	since := now.Add(-24 * time.Hour).UTC().Format(timeLayout)
	variants := []variant{
		{name: "default"},
		{name: "state", filter: runs.Filter{States: []string{"Failed"}}, cond: `r.state IN ('Failed')`},
		// The "train" flows hold many runs: walking takes 0.68 ms where one stream a
		// flow takes 2.0 ms, at 100k and 1M alike.
		{name: "flow", filter: runs.Filter{Flow: "train"}, cond: `r.flow_id IN (SELECT id FROM flow WHERE name LIKE '%train%')`,
			flows: `SELECT id FROM flow WHERE name LIKE '%train%'`, walk: true},
		// The baselines use the store's label and name indexes and its row counts,
		// as one would (SQLite's LIKE is ILIKE for these ASCII words without k or s).
		// A label many runs hold: the page walks the runs in order testing each,
		// the count reads the label's holders from its index alone (it lists
		// each run holding the label once, and only runs).
		{name: "label", filter: runs.Filter{Labels: []string{"gpu"}}, cond: `EXISTS (SELECT 1 FROM flow_run_label WHERE element = 'gpu' AND id = r.id)`,
			countFrom: `flow_run_label WHERE element = 'gpu'`},
		{name: "since", filter: runs.Filter{Since: 24 * time.Hour, SinceText: "24h"}, cond: `r.scheduled_start_time >= ?`, args: []any{since}},
		// A word in many run names: the page walks the runs in order testing the
		// name in the index that holds it; the count reads the name index's matches
		// (exact for the names without a character beyond ASCII, which are tested
		// when there are any),
		// then the runs of the matching flows not matched by name.
		{name: "text", filter: runs.Filter{Name: "bobcat"}, cond: `(r.name LIKE '%bobcat%' OR r.flow_id IN (SELECT id FROM flow WHERE name LIKE '%bobcat%'))`,
			countFrom: `(SELECT rowid FROM flow_run_name_search WHERE flow_run_name_search MATCH '"bobcat"'
    AND (NOT EXISTS (SELECT 1 FROM flow_run WHERE length(CAST(name AS BLOB)) <> length(name))
      OR rowid NOT IN (SELECT rowid FROM flow_run WHERE length(CAST(name AS BLOB)) <> length(name))
      OR rowid IN (SELECT rowid FROM flow_run WHERE length(CAST(name AS BLOB)) <> length(name) AND name LIKE '%bobcat%'))
  UNION ALL SELECT rowid FROM flow_run WHERE flow_id IN (SELECT id FROM flow WHERE name LIKE '%bobcat%') AND NOT coalesce(name LIKE '%bobcat%', 0))`},
		// The fixture's group: streams take 0.77 ms and a walk 1.0 ms at 100k; at 1M
		// streams 1.47 ms and a walk 0.58 ms.
		{name: "flow-group", filter: runs.Filter{FlowGroupID: f.FlowGroupID}, cond: `r.flow_id IN (SELECT id FROM flow WHERE flow_group_id = ?)`, args: []any{f.FlowGroupID},
			flows: `SELECT id FROM flow WHERE flow_group_id = ?`, walk: f.Runs >= 500000},
	}
	var out []*Case
	for _, v := range variants {
		countLimit := v.filter.CountLimit(0)
		vars := m{
			"where": v.filter.Where(now), "lateWhere": v.filter.LateWhere(now), "orderBy": runs.SortStartDesc.OrderBy(),
			"limit": runs.PageSize, "offset": 0, "countLimit": countLimit,
		}
		where, lateSQL, lateArgs := "", late, []any{lateTS}
		if v.cond != "" {
			where = " WHERE " + v.cond
		}
		if v.filter.FlowGroupID != "" {
			// The group's late runs through its flows' runs by state and schedule: left
			// to itself SQLite reads every unstarted Scheduled run (7.7 ms at 1M
			// against 0.04 ms), which one checking the plan would not let it do.
			lateSQL = `SELECT count(*) FROM flow AS f CROSS JOIN flow_run AS r INDEXED BY flow_run_flow_state_sched_ts ON r.flow_id = f.id
  WHERE f.flow_group_id = ? AND r.state = 'Scheduled' AND r.scheduled_start_time < ? AND r.start_time IS NULL`
			lateArgs = []any{v.filter.FlowGroupID, lateTS}
		}
		// A filtered list counts its runs up to the list's cap (runs.CountCap).
		total := Stmt{`SELECT coalesce(sum(n), 0) FROM row_count WHERE "table" = 'flow_run'`, nil}
		if countLimit != nil {
			from := `flow_run AS r` + where
			if v.countFrom != "" {
				from = v.countFrom
			}
			total = Stmt{`SELECT count(*) FROM (SELECT 1 FROM ` + from + ` LIMIT ?)`, append(append([]any{}, v.args...), *countLimit)}
		}
		page := runPage(where, startOrder)
		switch {
		case v.flows != "" && v.walk:
			page = runPage(` WHERE +r.flow_id IN (`+v.flows+`)`, startOrder)
		case v.flows != "":
			page = runPageOf(perFlow(v.flows, "", startOrder, "100"), startOrder)
		}
		out = append(out, newCase("ListFlowRuns/"+v.name, api.ListFlowRuns_Operation, vars, AsServer,
			Stmt{page, v.args}, total, Stmt{lateSQL, lateArgs}, Stmt{agentSQL, nil}))
	}
	// The same default list for a Cloud tenant login: every read is scoped to the tenant.
	tw := ` WHERE r.tenant_id = ?`
	out = append(out, newCase("ListFlowRuns/tenant", api.ListFlowRuns_Operation, m{
		"where": runs.Filter{}.Where(now), "lateWhere": runs.Filter{}.LateWhere(now), "orderBy": runs.SortStartDesc.OrderBy(),
		"limit": runs.PageSize, "offset": 0, "countLimit": nil,
	}, AsTenant,
		Stmt{runPage(tw, startOrder), []any{f.TenantID}},
		Stmt{`SELECT coalesce(sum(n), 0) FROM row_count WHERE "table" = 'flow_run' AND tenant_id = ?`, []any{f.TenantID}},
		Stmt{late + ` AND r.tenant_id = ?`, []any{lateTS, f.TenantID}},
		Stmt{agentCols + ` WHERE tenant_id = ? ORDER BY name, id`, []any{f.TenantID}}))
	return out
}

// trRow is the TaskRunRow fragment in plain SQL, over task_run AS tr.
const trRow = `tr.id, tr.task_id, tr.map_index, tr.name, tr.state, tr.state_message, tr.state_timestamp, tr.start_time, tr.end_time`

// runPageCases: the task run page (ui/taskrun), the schematic
// and `:open <id>`.
func runPageCases(f *Fixture) []*Case {
	id, tr := f.RunID, f.MappedTaskRunID
	return []*Case{
		newCase("TaskRunPage/default", api.TaskRunPage_Operation, m{"id": tr, "childLimit": 5000}, AsServer,
			Stmt{`SELECT ` + trRow + `, tr.version, t.id, t.name, t.slug, t.type, t.mapped, t.max_retries, t.retry_delay, r.id, r.name, r.state, f.id, f.name
FROM task_run AS tr JOIN task AS t ON t.id = tr.task_id JOIN flow_run AS r ON r.id = tr.flow_run_id JOIN flow AS f ON f.id = r.flow_id WHERE tr.id = ?`, []any{tr}},
			Stmt{`SELECT id, state, message, timestamp, start_time FROM task_run_state WHERE task_run_id = ? ORDER BY timestamp`, []any{tr}},
			Stmt{`SELECT ` + trRow + ` FROM task_run AS p JOIN task_run AS tr ON tr.task_id = p.task_id AND tr.flow_run_id = p.flow_run_id
WHERE p.id = ? AND tr.map_index >= 0 ORDER BY tr.map_index LIMIT 5000`, []any{tr}},
			Stmt{`SELECT count(*) FROM task_run AS p JOIN task_run AS tr ON tr.task_id = p.task_id AND tr.flow_run_id = p.flow_run_id WHERE p.id = ? AND tr.map_index >= 0`, []any{tr}}),
		newCase("RunSchematic/default", api.RunSchematic_Operation, m{"id": id, "childLimit": 20000}, AsServer,
			Stmt{`SELECT r.id, r.name, r.state, f.id, f.name FROM flow_run AS r JOIN flow AS f ON f.id = r.flow_id WHERE r.id = ?`, []any{id}},
			Stmt{`SELECT id, name, slug, mapped FROM task WHERE flow_id = (SELECT flow_id FROM flow_run WHERE id = ?)`, []any{id}},
			Stmt{`SELECT upstream_task_id, downstream_task_id, mapped FROM edge WHERE flow_id = (SELECT flow_id FROM flow_run WHERE id = ?)`, []any{id}},
			Stmt{`SELECT id, task_id, state, state_message FROM task_run WHERE flow_run_id = ? AND map_index = -1`, []any{id}},
			Stmt{`SELECT task_id, state FROM task_run WHERE flow_run_id = ? AND map_index >= 0 LIMIT 20000`, []any{id}}),
		newCase("OpenByID/default", api.OpenByID_Operation, m{"id": id}, AsServer,
			Stmt{`SELECT id, name, flow_group_id FROM flow WHERE id = ?`, []any{id}},
			Stmt{`SELECT g.id, g.name, (SELECT name FROM flow WHERE flow_group_id = g.id ORDER BY version DESC LIMIT 1) FROM flow_group AS g WHERE g.id = ?`, []any{id}},
			Stmt{`SELECT id, name FROM flow_run WHERE id = ?`, []any{id}},
			Stmt{`SELECT t.id, t.name, f.id, f.name, f.flow_group_id FROM task AS t JOIN flow AS f ON f.id = t.flow_id WHERE t.id = ?`, []any{id}},
			Stmt{`SELECT id, name, flow_run_id FROM task_run WHERE id = ?`, []any{id}},
			Stmt{`SELECT id, name FROM project WHERE id = ?`, []any{id}}),
	}
}

// logRow is the LogLine fragment in plain SQL.
const logRow = `SELECT id, flow_run_id, task_run_id, timestamp, level, name, message FROM log`

// logCases: the logs view (ui/logs) of a flow run: the newest page of 500 with the
// total, with its level, text and time-window filters, and follow mode (LogTail after a
// cursor).
func logCases(f *Fixture) []*Case {
	id := f.RunID
	scope := m{"flow_run_id": m{"_eq": id}}
	page := func(name string, extra m, cond string, args ...any) *Case {
		w := m{}
		for k, v := range scope {
			w[k] = v
		}
		for k, v := range extra {
			w[k] = v
		}
		all := append([]any{id}, args...)
		return newCase("LogPage/"+name, api.LogPage_Operation, m{
			"where": raw(w), "countWhere": raw(w), "orderBy": raw([]m{{"timestamp": "desc"}, {"id": "desc"}}), "limit": 500,
		}, AsServer,
			Stmt{logRow + ` WHERE flow_run_id = ?` + cond + ` ORDER BY timestamp DESC, id DESC LIMIT 500`, all},
			Stmt{`SELECT count(*) FROM log WHERE flow_run_id = ?` + cond, all})
	}
	window := Now.Add(-40 * 24 * time.Hour).UTC().Format(timeLayout)
	cursor := m{"_or": []m{
		{"timestamp": m{"_gt": f.LogCursorTS}},
		{"timestamp": m{"_eq": f.LogCursorTS}, "id": m{"_gt": f.LogCursorID}},
	}}
	tail := m{"flow_run_id": m{"_eq": id}, "_and": []m{cursor}}
	return []*Case{
		page("default", nil, ""),
		page("level", m{"level": m{"_in": []string{"WARNING", "ERROR", "CRITICAL"}}}, ` AND level IN ('WARNING', 'ERROR', 'CRITICAL')`),
		page("text", m{"message": m{"_ilike": "%retry%"}}, ` AND message LIKE '%retry%'`),
		page("window", m{"timestamp": m{"_gte": window}}, ` AND timestamp >= ?`, window),
		newCase("LogTail/follow", api.LogTail_Operation, m{"where": raw(tail), "limit": 500}, AsServer,
			Stmt{logRow + ` WHERE flow_run_id = ? AND (timestamp > ? OR (timestamp = ? AND id > ?)) ORDER BY timestamp, id LIMIT 500`,
				[]any{id, f.LogCursorTS, f.LogCursorTS, f.LogCursorID}}),
	}
}

// failedStates is ui/actions.FailedStates; finishedStates its finishedStates.
var (
	failedStates   = []string{"Cancelled", "Failed", "TimedOut", "TriggerFailed"}
	finishedStates = []string{"Finished", "Looped", "Success", "Cancelled", "Failed", "TriggerFailed", "ValidationFailed", "TimedOut", "Cached", "Mapped", "Skipped"}
)

func sqlList(vals []string) string {
	return "('" + strings.Join(vals, "', '") + "')"
}

// actionCases: what the actions read before they act (ui/actions): restart (its two
// reads), "mark as" with cascade, the selection's runs, a task run, "run now".
func actionCases(f *Fixture) []*Case {
	id := f.RunID
	taskIDs, _ := json.Marshal(f.FailedTaskIDs)
	return []*Case{
		newCase("RestartTarget/default", api.RestartTarget_Operation, m{"id": id, "failedStates": failedStates}, AsServer,
			Stmt{`SELECT id, name, state, version FROM flow_run WHERE id = ?`, []any{id}},
			Stmt{`SELECT id, task_id, map_index, version, state FROM task_run WHERE flow_run_id = ? AND state IN ` + sqlList(failedStates), []any{id}}),
		newCase("DownstreamTaskRuns/default", api.DownstreamTaskRuns_Operation, m{"flowRunId": id, "taskIds": "{" + strings.Join(f.FailedTaskIDs, ",") + "}"}, AsServer,
			Stmt{`WITH RECURSIVE d(task_id, depth) AS (SELECT value, 0 FROM json_each(?)
  UNION SELECT e.downstream_task_id, d.depth + 1 FROM d JOIN edge AS e ON e.upstream_task_id = d.task_id WHERE d.depth < 50)
SELECT d.task_id, max(d.depth), tr.id, tr.task_id, tr.map_index, tr.version, tr.state
FROM d LEFT JOIN task_run AS tr ON tr.task_id = d.task_id AND tr.flow_run_id = ? GROUP BY d.task_id, tr.id`, []any{string(taskIDs), id}}),
		newCase("CascadeTaskRuns/run", api.CascadeTaskRuns_Operation, m{"where": raw(m{
			"flow_run_id": m{"_eq": id}, "state": m{"_nin": finishedStates},
		})}, AsServer,
			Stmt{`SELECT id, map_index, version, state FROM task_run WHERE flow_run_id = ? AND state NOT IN ` + sqlList(finishedStates) + ` ORDER BY map_index`, []any{id}}),
		newCase("RunsForAction/one", api.RunsForAction_Operation, m{"ids": []string{id}}, AsServer,
			Stmt{`SELECT id, name, state, version FROM flow_run WHERE id IN (?) ORDER BY scheduled_start_time DESC, id`, []any{id}}),
		newCase("TaskRunForAction/default", api.TaskRunForAction_Operation, m{"id": f.MappedTaskRunID}, AsServer,
			Stmt{`SELECT tr.id, tr.name, tr.state, tr.version, tr.map_index, tr.flow_run_id, tr.task_id, t.name FROM task_run AS tr JOIN task AS t ON t.id = tr.task_id WHERE tr.id = ?`, []any{f.MappedTaskRunID}}),
		newCase("RunNowDefaults/default", api.RunNowDefaults_Operation, m{"flowId": f.FlowID}, AsServer,
			Stmt{`SELECT f.id, f.name, f.version, f.archived, f.parameters, g.id, g.labels, g.default_parameters FROM flow AS f JOIN flow_group AS g ON g.id = f.flow_group_id WHERE f.id = ?`, []any{f.FlowID}}),
	}
}
