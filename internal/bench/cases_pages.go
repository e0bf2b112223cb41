package bench

import (
	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/flow"
	"github.com/prefect-tui/prefect-tui/ui/overview"
	"github.com/prefect-tui/prefect-tui/ui/runhistory"
)

// overviewRun is the OverviewRun fragment in plain SQL over (... AS r): the runs and
// their flows.
const overviewRun = `SELECT r.id, r.name, r.state, r.state_message, r.state_timestamp, r.scheduled_start_time, r.start_time, r.labels, f.id, f.name, f.flow_group_id FROM (SELECT * FROM flow_run AS r WHERE `

// historyStmts is the RunHistory fragment in plain SQL: per bucket of the window, the
// runs scheduled in it, the failed ones and the others neither succeeded nor failed
// (three counts, as the fragment's three aggregates). scope is a condition on flow_run AS r ("" for all)
// with its arguments.
func historyStmts(w runhistory.Window, scope string, scopeArgs []any) []Stmt {
	_, failed, other := runhistory.HistoryStates()
	edges := runhistory.HistoryEdges(w, Now)
	if scope != "" {
		scope += " AND "
	}
	var out []Stmt
	for i := range runhistory.HistorySlots {
		from, to := edges[i].Format(timeLayout), edges[i+1].Format(timeLayout)
		args := append(append([]any{}, scopeArgs...), from, to)
		in := scope + `r.scheduled_start_time >= ? AND r.scheduled_start_time < ?`
		out = append(out,
			Stmt{`SELECT count(*) FROM flow_run AS r WHERE ` + in, args},
			Stmt{`SELECT count(*) FROM flow_run AS r WHERE ` + in + ` AND r.state IN ` + sqlList(failed), args},
			Stmt{`SELECT count(*) FROM flow_run AS r WHERE ` + in + ` AND r.state IN ` + sqlList(other), args})
	}
	return out
}

// pageCases: the overview (the start screen, every project, the default 24h window)
// and a flow's page (the fixture's flow group, its latest version).
func pageCases(f *Fixture) []*Case {
	w := runhistory.Windows[runhistory.DefaultWindow]
	nowTS := Now.UTC().Format(timeLayout)
	sinceTS := w.Since(Now).UTC().Format(timeLayout)
	_, failed, _ := runhistory.HistoryStates()

	// The overview: a count per state in the window but Success (the window's runs,
	// which the history counts, less the others), the history, the late runs, the
	// failing flows with their failure count and last failure, the runs in progress,
	// the upcoming runs, the agents and the projects.
	window := `r.scheduled_start_time >= ? AND r.scheduled_start_time < ?`
	var ov []Stmt
	for _, s := range components.StateNames() {
		if s == "Success" {
			continue
		}
		ov = append(ov, Stmt{`SELECT count(*) FROM flow_run AS r WHERE ` + window + ` AND r.state = ?`, []any{sinceTS, nowTS, s}})
	}
	ov = append(ov, historyStmts(w, "", nil)...)
	late := `r.state = 'Scheduled' AND r.scheduled_start_time < ?`
	running := `r.state IN ` + sqlList(overview.InProgressStates)
	upcoming := `r.state = 'Scheduled' AND r.scheduled_start_time >= ?`
	join := `) AS r JOIN flow AS f ON f.id = r.flow_id`
	failedIn := `r.flow_id = f.id AND r.scheduled_start_time >= ?1 AND r.scheduled_start_time < ?2 AND r.state IN ` + sqlList(failed)
	ov = append(ov,
		Stmt{overviewRun + late + ` ORDER BY r.scheduled_start_time, r.id LIMIT 50` + join + ` ORDER BY r.scheduled_start_time, r.id`, []any{nowTS}},
		Stmt{`SELECT count(*) FROM flow_run AS r WHERE ` + late, []any{nowTS}},
		Stmt{`SELECT f.id, f.name, f.version, f.flow_group_id, p.id, p.name,
  (SELECT count(*) FROM flow_run AS r WHERE ` + failedIn + `),
  (SELECT json_object('id', r.id, 'name', r.name, 'state', r.state, 'message', r.state_message, 'ts', r.state_timestamp)
   FROM flow_run AS r WHERE r.rowid = (SELECT r.rowid FROM flow_run AS r WHERE ` + failedIn + ` ORDER BY r.state_timestamp DESC, r.id LIMIT 1))
FROM flow AS f LEFT JOIN project AS p ON p.id = f.project_id
WHERE EXISTS (SELECT 1 FROM flow_run AS r WHERE ` + failedIn + `)
ORDER BY f.name, f.version DESC LIMIT 50`, []any{sinceTS, nowTS}},
		Stmt{overviewRun + running + ` ORDER BY r.start_time ASC NULLS LAST, r.id LIMIT 50` + join + ` ORDER BY r.start_time ASC NULLS LAST, r.id`, nil},
		Stmt{`SELECT count(*) FROM flow_run AS r WHERE ` + running, nil},
		Stmt{overviewRun + upcoming + ` ORDER BY r.scheduled_start_time, r.id LIMIT 50` + join + ` ORDER BY r.scheduled_start_time, r.id`, []any{nowTS}},
		Stmt{`SELECT count(*) FROM flow_run AS r WHERE ` + upcoming, []any{nowTS}},
		Stmt{`SELECT id, name, last_queried FROM agent ORDER BY last_queried DESC NULLS LAST, id`, nil},
		Stmt{`SELECT id, name FROM project ORDER BY name`, nil})

	// The flow page: the group and its versions, the version shown, the group's recent
	// runs and their count up to its cap, and the group's history.
	inGroup := `r.flow_id IN (SELECT id FROM flow WHERE flow_group_id = ?)`
	recent := inGroup + ` AND r.scheduled_start_time <= ?`
	recentOrder := ` ORDER BY r.scheduled_start_time DESC, r.id`
	fp := []Stmt{
		{`SELECT g.id, g.name, g.labels, g.schedule, g.run_config, g.default_parameters, g.description,
  (SELECT json_group_array(json_array(f.id, f.version, f.archived, f.created)) FROM (SELECT * FROM flow AS f WHERE f.flow_group_id = g.id ORDER BY f.version DESC) AS f)
FROM flow_group AS g WHERE g.id = ?`, []any{f.FlowGroupID}},
		{`SELECT f.id, f.name, f.version, f.archived, f.description, f.core_version, f.created, f.is_schedule_active, f.schedule, f.parameters, f.run_config, f.environment, f.storage, p.id, p.name
FROM flow AS f LEFT JOIN project AS p ON p.id = f.project_id WHERE f.flow_group_id = ? ORDER BY f.archived, f.version DESC LIMIT 1`, []any{f.FlowGroupID}},
		{`SELECT r.id, r.name, r.state, r.state_message, r.scheduled_start_time, r.start_time, r.end_time, r.labels, f.version
FROM (SELECT * FROM flow_run AS r WHERE r.rowid IN (` + perFlow(`SELECT id FROM flow WHERE flow_group_id = ?`, `r.scheduled_start_time <= ?`, recentOrder, "50") + `)) AS r JOIN flow AS f ON f.id = r.flow_id` + recentOrder, []any{f.FlowGroupID, nowTS}},
		{`SELECT count(*) FROM (SELECT 1 FROM flow_run AS r WHERE ` + recent + ` LIMIT ?)`, []any{f.FlowGroupID, nowTS, flow.CountCap + 1}},
	}
	fp = append(fp, historyStmts(w, inGroup, []any{f.FlowGroupID})...)

	return []*Case{
		newCase("Overview/default", api.Overview_Operation, overview.Variables("", w, Now), AsServer, ov...),
		newCase("FlowPage/default", api.FlowPage_Operation, flow.Variables(f.FlowGroupID, "", w, Now), AsServer, fp...),
	}
}
