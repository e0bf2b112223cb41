package bench

import (
	"encoding/json"
	"strings"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/open"
)

// summaryCols is the FlowRunSummary fragment in plain SQL, over flow_run AS r with
// its flow f, project p and agent a.
const summaryCols = `r.id, r.name, r.state, r.state_message, r.state_timestamp, r.scheduled_start_time, r.start_time, r.end_time, r.labels, r.version, r.created,
  f.id, f.name, f.version, p.id, p.name, a.id, a.name`

const summaryJoins = ` JOIN flow AS f ON f.id = r.flow_id LEFT JOIN project AS p ON p.id = f.project_id LEFT JOIN agent AS a ON a.id = r.agent_id`

// flowSummaryCols is the FlowSummary fragment, over flow AS f and its project p.
const flowSummaryCols = `f.id, f.name, f.version, f.created, f.archived, f.is_schedule_active, f.flow_group_id, f.core_version, p.id, p.name`

func exp(e api.Exp) json.RawMessage { return e.JSON() }

// refExp is the expression a command line reference (an id here) selects runs by.
func refExp(ref string) api.Exp {
	e, err := api.RefExp(ref)
	if err != nil {
		panic(err) // the fixture's ids are references
	}
	return e
}

// cliCases: what the command line and the Go client send (`get`, `describe`, `get
// logs --follow`, `auth`), the connection checks, `:open` with an id's start and the
// start of "restart from this task".
func cliCases(f *Fixture) []*Case {
	id := f.RunID
	runRef := refExp(id)
	byRef := ` WHERE r.id = ?1 OR r.name = ?1 ORDER BY r.id LIMIT 2`
	// getRuns' baseline reads the runs of flows (cond "flows:" and the SELECT of their
	// ids) one flow at a time, as one would (perFlow), or (cond "walk:") when the flows
	// hold most runs (a project's 13 flows hold two thirds of them) walks the order,
	// which one would find 15 times faster.
	getRuns := func(name string, filter api.FlowRunFilter, cond string, args ...any) *Case {
		order := ` ORDER BY r.scheduled_start_time DESC, r.id DESC`
		rows := `SELECT * FROM flow_run AS r`
		if flows, ok := strings.CutPrefix(cond, "flows:"); ok {
			rows += ` WHERE r.rowid IN (` + perFlow(flows, "", order, "100") + `)`
		} else if flows, ok := strings.CutPrefix(cond, "walk:"); ok {
			// Flows holding most runs: walking the order and testing each run's
			// flow (no index for the test) finds the page first.
			rows += ` WHERE +r.flow_id IN (` + flows + `)`
		} else if cond != "" {
			rows += ` WHERE ` + cond
		}
		return newCase("GetFlowRuns/"+name, api.GetFlowRuns_Operation, m{"where": exp(filter.Exp()), "limit": api.PageSize}, AsServer,
			Stmt{`SELECT ` + summaryCols + ` FROM (` + rows + order + ` LIMIT 100) AS r` + summaryJoins + order, args})
	}
	flowExp := api.Exp{"_or": []any{api.Exp{"id": api.Exp{"_eq": id}}, api.Exp{"name": api.Exp{"_eq": id}, "archived": api.Exp{"_eq": false}}}}
	describeFlow := func(cond string) Stmt {
		return Stmt{`SELECT ` + flowSummaryCols + `, f.description, f.parameters, f.schedule, f.run_config, f.storage, g.id, g.labels,
  (SELECT count(*) FROM task WHERE flow_id = f.id)
FROM flow AS f LEFT JOIN project AS p ON p.id = f.project_id JOIN flow_group AS g ON g.id = f.flow_group_id WHERE ` + cond + ` ORDER BY f.created DESC, f.id LIMIT 2`, []any{id, f.FlowName}}
	}
	describeRun := []Stmt{
		{`SELECT ` + summaryCols + `, r.parameters, r.run_config, r.idempotency_key FROM flow_run AS r` + summaryJoins + byRef, []any{id}},
		{`SELECT state, message, timestamp FROM flow_run_state WHERE flow_run_id = ? ORDER BY timestamp, version`, []any{id}},
		{`SELECT tr.state, t.name FROM task_run AS tr JOIN task AS t ON t.id = tr.task_id WHERE tr.flow_run_id = ? AND tr.map_index = -1 ORDER BY tr.created, tr.id LIMIT 500`, []any{id}},
		{`SELECT count(*) FROM task_run WHERE flow_run_id = ?`, []any{id}},
	}
	prefix, _ := open.ParseID(id[:8])
	from, to := prefix.Range()
	byRange := func(table, cols string) Stmt {
		return Stmt{`SELECT ` + cols + ` FROM ` + table + ` WHERE id BETWEEN ? AND ? ORDER BY id LIMIT 2`, []any{from, to}}
	}
	return []*Case{
		noTable(newCase("Hello/default", api.Hello_Operation, m{}, AsServer, Stmt{`SELECT 1`, nil})),
		// The explorer's connection check on Prefect Server: hello and the default tenant.
		newCase("CheckServer/default", api.CheckServer_Operation, m{}, AsServer,
			Stmt{`SELECT id, slug, name FROM tenant ORDER BY created LIMIT 1`, nil}),
		noTable(newCase("ApiInfo/default", api.ApiInfo_Operation, m{}, AsServer, Stmt{`SELECT 1`, nil})),
		newCase("OpenByPrefix/run", api.OpenByPrefix_Operation, m{"from": from, "to": to}, AsServer,
			byRange("flow", "id, name, flow_group_id"),
			Stmt{`SELECT g.id, g.name, (SELECT name FROM flow WHERE flow_group_id = g.id ORDER BY version DESC LIMIT 1) FROM flow_group AS g WHERE g.id BETWEEN ? AND ? ORDER BY g.id LIMIT 2`, []any{from, to}},
			byRange("flow_run", "id, name"), byRange("task", "id, name"), byRange("task_run", "id, name, flow_run_id"), byRange("project", "id, name")),
		newCase("RestartFromTarget/default", api.RestartFromTarget_Operation, m{"id": f.MappedTaskRunID}, AsServer,
			Stmt{`SELECT tr.id, tr.task_id, t.name, r.id, r.name, r.state, r.version FROM task_run AS tr JOIN task AS t ON t.id = tr.task_id JOIN flow_run AS r ON r.id = tr.flow_run_id WHERE tr.id = ?`, []any{f.MappedTaskRunID}}),
		getRuns("default", api.FlowRunFilter{}, ""),
		getRuns("state", api.FlowRunFilter{States: []string{"Failed"}}, `r.state IN ('Failed')`),
		getRuns("flow", api.FlowRunFilter{Flow: f.FlowName}, `flows:SELECT id FROM flow WHERE name = ?`, f.FlowName),
		getRuns("project", api.FlowRunFilter{Project: f.ProjectName},
			`walk:SELECT f.id FROM flow AS f JOIN project AS p ON p.id = f.project_id WHERE p.name = ?`, f.ProjectName),
		newCase("GetFlows/default", api.GetFlows_Operation, m{"where": exp(api.FlowFilter{}.Exp()), "limit": api.PageSize}, AsServer,
			Stmt{`SELECT ` + flowSummaryCols + ` FROM flow AS f LEFT JOIN project AS p ON p.id = f.project_id WHERE f.archived = 0 ORDER BY f.name, f.created DESC, f.id LIMIT 100`, nil}),
		newCase("GetRunTaskRuns/id", api.GetRunTaskRuns_Operation, m{"run": exp(runRef), "where": exp(nil), "limit": api.PageSize}, AsServer,
			Stmt{`SELECT r.id, r.name, r.state FROM flow_run AS r` + byRef, []any{id}},
			Stmt{`SELECT tr.id, tr.name, tr.map_index, tr.state, tr.state_message, tr.start_time, tr.end_time, tr.created, tr.version, t.id, t.name, t.slug, t.mapped
FROM task_run AS tr JOIN task AS t ON t.id = tr.task_id WHERE tr.flow_run_id = ? ORDER BY tr.created, tr.id LIMIT 100`, []any{id}}),
		newCase("GetRunLogs/id", api.GetRunLogs_Operation, m{"run": exp(runRef), "where": exp(nil), "limit": api.PageSize}, AsServer,
			Stmt{`SELECT r.id, r.name, r.state FROM flow_run AS r` + byRef, []any{id}},
			Stmt{`SELECT id, flow_run_id, task_run_id, timestamp, level, name, message, created FROM log WHERE flow_run_id = ? ORDER BY timestamp, id LIMIT 100`, []any{id}}),
		newCase("GetNewRunLogs/follow", api.GetNewRunLogs_Operation, m{
			"id": id, "where": exp(api.Exp{"created": api.Exp{"_gte": f.LogCursorCreated}, "id": api.Exp{"_nin": []string{f.LogCursorID}}}), "limit": api.PageSize,
		}, AsServer,
			Stmt{`SELECT id, name, state FROM flow_run WHERE id = ?`, []any{id}},
			Stmt{`SELECT id, flow_run_id, task_run_id, timestamp, level, name, message, created FROM log WHERE flow_run_id = ? AND created >= ? AND id NOT IN (?) ORDER BY created, id LIMIT 100`,
				[]any{id, f.LogCursorCreated, f.LogCursorID}}),
		newCase("GetAgents/default", api.GetAgents_Operation, m{"where": exp(nil), "limit": api.PageSize}, AsServer,
			Stmt{`SELECT a.id, a.name, a.type, a.core_version, a.labels, a.last_queried, a.created,
  (SELECT count(*) FROM flow_run AS r WHERE r.agent_id = a.id AND r.state = 'Running') FROM agent AS a ORDER BY a.created DESC, a.id DESC LIMIT 100`, nil}),
		newCase("GetProjects/default", api.GetProjects_Operation, m{"where": exp(nil), "limit": api.PageSize}, AsServer,
			Stmt{`SELECT p.id, p.name, p.description, p.created, (SELECT count(*) FROM flow WHERE project_id = p.id AND archived = 0)
FROM project AS p ORDER BY p.name, p.id LIMIT 100`, nil}),
		newCase("DescribeRunOrFlow/run-id", api.DescribeRunOrFlow_Operation, m{"run": exp(runRef), "flow": exp(flowExp)}, AsServer,
			append(describeRun, describeFlow(`f.id = ?1 OR (f.name = ?1 AND f.archived = 0)`))...),
		newCase("DescribeRunOrFlow/flow-name", api.DescribeRunOrFlow_Operation, m{
			"run": exp(refExp(f.FlowName)), "flow": exp(api.Exp{"name": api.Exp{"_eq": f.FlowName}, "archived": api.Exp{"_eq": false}}),
		}, AsServer,
			Stmt{`SELECT ` + summaryCols + `, r.parameters, r.run_config, r.idempotency_key FROM flow_run AS r` + summaryJoins + ` WHERE r.name = ?2 ORDER BY r.id LIMIT 2`, []any{id, f.FlowName}},
			describeFlow(`f.name = ?2 AND f.archived = 0`),
			Stmt{`SELECT id, name, state, scheduled_start_time FROM flow_run WHERE flow_id = ? ORDER BY scheduled_start_time DESC, id DESC LIMIT 10`, []any{f.FlowID}}),
		// auth_info answers from the credential the request was authenticated with.
		noTable(newCase("AuthInfo/user", api.AuthInfo_Operation, m{}, AsUser, Stmt{`SELECT 1`, nil})),
		newCase("SessionRole/tenant", api.SessionRole_Operation, m{}, AsTenant,
			Stmt{`SELECT tenant_id, role FROM cloud_membership WHERE user_id = ?`, []any{userParam}}),
		newCase("ListAPIKeys/user", api.ListAPIKeys_Operation, m{}, AsUser,
			Stmt{`SELECT k.id, k.name, k.created, k.expires_at, k.default_tenant_id, u.id, u.username
FROM cloud_api_key AS k LEFT JOIN cloud_user AS u ON u.id = k.user_id WHERE k.user_id = ? ORDER BY k.created DESC`, []any{userParam}}),
	}
}

func noTable(c *Case) *Case {
	c.NoTable = true
	return c
}
