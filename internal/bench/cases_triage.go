package bench

import (
	"context"
	"strconv"
	"time"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/agents"
	"github.com/prefect-tui/prefect-tui/ui/diagnose"
	"github.com/prefect-tui/prefect-tui/ui/fleet"
	"github.com/prefect-tui/prefect-tui/ui/run"
)

// stamp is how genqlient sends a timestamptz (time.Time).
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// queueSQL is get_runs_in_queue's read of the due runs, as ui/diagnose asks for it: the
// runs in a scheduled state whose state started by now, and the running runs with such
// a task run, the oldest first.
const queueSQL = `SELECT r.id, r.labels, r.name, r.state, r.state_timestamp, r.scheduled_start_time, r.start_time, r.end_time, r.flow_id FROM flow_run AS r
WHERE r.id IN (
  SELECT id FROM flow_run WHERE state IN ('Scheduled', 'Paused', 'Resume', 'Retrying', 'Queued') AND state_start_time <= ?1
  UNION ALL
  SELECT r.id FROM flow_run AS r WHERE r.state = 'Running' AND EXISTS (SELECT 1 FROM task_run AS tr WHERE tr.flow_run_id = r.id
    AND tr.state IN ('Scheduled', 'Paused', 'Resume', 'Retrying', 'Queued') AND tr.state_start_time <= ?1))
ORDER BY r.state_start_time, r.id LIMIT ?2`

// agentCols is the AgentBrief fragment in plain SQL; agentSQL reads every agent.
const (
	agentCols = `SELECT id, name, type, labels, last_queried FROM agent`
	agentSQL  = agentCols + ` ORDER BY name, id`
)

// triageCases: the triage screens' one request each: the run page of a late run with
// the diagnosis of why it does not run (and of a finished run without it), the agents
// screen, and the fleet (one tenant's line on Cloud, the project list on Server).
func triageCases(f *Fixture) []*Case {
	now := stamp(Now)
	nowTS := Now.UTC().Format(timeLayout)
	page := func(name, id string, diag bool) *Case {
		base := []Stmt{
			{`SELECT r.id, r.name, r.state, r.state_message, r.state_timestamp, r.state_start_time, r.scheduled_start_time, r.start_time, r.end_time, r.version, r.labels, r.parameters, r.created,
  f.id, f.name, f.version, f.flow_group_id, f.archived, p.id, p.name, a.id, a.name, a.type
FROM flow_run AS r JOIN flow AS f ON f.id = r.flow_id LEFT JOIN project AS p ON p.id = f.project_id LEFT JOIN agent AS a ON a.id = r.agent_id
WHERE r.id = ?`, []any{id}},
			{`SELECT id, state, message, timestamp, start_time FROM flow_run_state WHERE flow_run_id = ? ORDER BY timestamp`, []any{id}},
			{`SELECT ` + trRow + `, t.id, t.name, t.slug, t.mapped, t.auto_generated FROM task_run AS tr JOIN task AS t ON t.id = tr.task_id
WHERE tr.flow_run_id = ? AND tr.map_index = -1 ORDER BY tr.start_time ASC NULLS LAST, tr.id`, []any{id}},
			{`SELECT ` + trRow + ` FROM task_run AS tr WHERE tr.flow_run_id = ? AND tr.map_index >= 0 ORDER BY tr.task_id, tr.map_index LIMIT 5000`, []any{id}},
			{`SELECT count(*) FROM task_run WHERE flow_run_id = ? AND map_index >= 0`, []any{id}},
		}
		if diag {
			base = append(base,
				Stmt{`SELECT id, timestamp, level, name, message FROM log WHERE flow_run_id = ? AND task_run_id IS NULL ORDER BY timestamp DESC, id DESC LIMIT 5`, []any{id}},
				Stmt{agentSQL, nil},
				Stmt{queueSQL, []any{nowTS, diagnose.QueueWindow}})
		}
		return newCase("FlowRunPage/"+name, api.FlowRunPage_Operation, m{
			"id": id, "childLimit": run.ChildLimit, "diagnose": diag, "now": now, "queueWindow": diagnose.QueueWindow,
		}, AsServer, base...)
	}
	since := Now.Add(-agents.RecentWindow).UTC().Format(timeLayout)
	recent := `SELECT r.id, r.name, r.state, r.labels, r.state_timestamp, r.scheduled_start_time, r.start_time, r.end_time, f.id, f.name, f.project_id
FROM flow_run AS r JOIN flow AS f ON f.id = r.flow_id
WHERE r.agent_id = ? AND r.state <> 'Scheduled' AND (r.scheduled_start_time > ? OR r.start_time > ?)
ORDER BY r.start_time DESC NULLS LAST, r.scheduled_start_time DESC, r.id LIMIT 20`
	recentCount := `SELECT count(*) FROM (SELECT 1 FROM flow_run AS r WHERE r.agent_id = ? AND r.state <> 'Scheduled' AND (r.scheduled_start_time > ? OR r.start_time > ?) LIMIT ` + strconv.Itoa(agents.RecentCountLimit) + `)`
	agentsCase := newCase("AgentsPage/default", api.AgentsPage_Operation, m{
		"recentWhere": agents.RecentWhere(Now, ""), "recentLimit": agents.RecentLimit, "recentCountLimit": agents.RecentCountLimit, "now": now, "queueWindow": diagnose.QueueWindow,
	}, AsServer)
	agentsCase.Base = perAgent(recent, recentCount, since,
		Stmt{queueSQL, []any{nowTS, diagnose.QueueWindow}},
		Stmt{`SELECT id, name FROM project ORDER BY name, id`, nil})
	agentsCase.baseStmts = []Stmt{
		{recent, []any{"x", since, since}}, {recentCount, []any{"x", since, since}}, {queueSQL, []any{nowTS, diagnose.QueueWindow}},
	}

	fleetSince := Now.Add(-fleet.Window24h.Duration())
	sinceTS := fleetSince.UTC().Format(timeLayout)
	failed := ` FROM flow_run AS r WHERE r.tenant_id = ?1 AND r.state IN ` + sqlList(fleet.FailedStates) + ` AND r.state_timestamp >= ?2`
	late := ` FROM flow_run AS r WHERE r.tenant_id = ?1 AND r.state = 'Scheduled' AND r.scheduled_start_time < ?3`
	// fleetRun reads the runs a subquery picks (their rowids, from the index alone) with
	// their flows and projects.
	fleetRun := `SELECT r.id, r.name, r.state, r.state_message, r.state_timestamp, r.scheduled_start_time, f.id, f.name, p.id, p.name FROM flow_run AS r JOIN flow AS f ON f.id = r.flow_id LEFT JOIN project AS p ON p.id = f.project_id
WHERE r.rowid IN (SELECT r.rowid`
	tenantArgs := []any{f.TenantID, sinceTS, nowTS}
	return []*Case{
		page("late-diagnosed", f.LateRunID, true),
		page("default", f.RunID, false),
		agentsCase,
		newCase("FleetTenant/default", api.FleetTenant_Operation, m{
			"since": stamp(fleetSince), "now": now, "failedStates": fleet.FailedStates, "failures": fleet.FailuresFetched,
		}, AsTenant,
			Stmt{`SELECT count(*)` + failed, tenantArgs[:2]},
			Stmt{`SELECT count(*)` + late, tenantArgs},
			Stmt{`SELECT count(*) FROM flow_run AS r WHERE r.tenant_id = ?1 AND r.state = 'Running'`, tenantArgs[:1]},
			Stmt{fleetRun + failed + ` ORDER BY r.state_timestamp DESC, r.id LIMIT 5) ORDER BY r.state_timestamp DESC, r.id`, tenantArgs[:2]},
			Stmt{fleetRun + late + ` ORDER BY r.scheduled_start_time, r.id LIMIT 1)`, tenantArgs}),
		newCase("FleetProjectList/default", api.FleetProjectList_Operation, m{}, AsServer,
			Stmt{`SELECT id, name FROM project ORDER BY name, id`, nil}),
	}
}

// perAgent is the agents screen's baseline: the agents, then each one's recent runs and
// their count (two prepared statements, one read each per agent), then rest.
func perAgent(recent, count, since string, rest ...Stmt) Baseline {
	return func(ctx context.Context, env *Env) (int, error) {
		db := env.DB
		rows, err := db.QueryContext(ctx, `SELECT id, name, type, labels, core_version, last_queried, created FROM agent ORDER BY name, id`)
		if err != nil {
			return 0, err
		}
		var ids []string
		for rows.Next() {
			var v [7]any
			if err := rows.Scan(&v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6]); err != nil {
				rows.Close()
				return 0, err
			}
			ids = append(ids, v[0].(string))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
		total := len(ids)
		for _, q := range []string{recent, count} {
			st, err := db.PrepareContext(ctx, q)
			if err != nil {
				return total, err
			}
			for _, id := range ids {
				n, err := readStmt(ctx, st, id, since, since)
				total += n
				if err != nil {
					st.Close()
					return total, err
				}
			}
			st.Close()
		}
		n, err := stmts(rest...)(ctx, env)
		return total + n, err
	}
}
