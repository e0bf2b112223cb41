package mutations

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/prefect-tui/prefect-tui/api/schedule"
	"github.com/prefect-tui/prefect-tui/server/engine"
	"github.com/prefect-tui/prefect-tui/server/store"
)

func flowMutations() map[string]engine.ResolverFunc {
	return map[string]engine.ResolverFunc{
		"set_schedule_active":               resolver(setScheduleActive),
		"set_schedule_inactive":             resolver(setScheduleInactive),
		"archive_flow":                      resolver(archiveFlow),
		"delete_flow":                       resolver(deleteFlow),
		"update_flow_project":               resolver(updateFlowProject),
		"enable_flow_heartbeat":             flowGroupSetting(`'$.heartbeat_enabled', json('true'), '$.disable_heartbeat', json('false')`),
		"disable_flow_heartbeat":            flowGroupSetting(`'$.heartbeat_enabled', json('false'), '$.disable_heartbeat', json('true')`),
		"enable_flow_lazarus_process":       flowGroupSetting(`'$.lazarus_enabled', json('true')`),
		"disable_flow_lazarus_process":      flowGroupSetting(`'$.lazarus_enabled', json('false')`),
		"delete_flow_group":                 resolver(deleteFlowGroup),
		"set_flow_group_description":        resolver(setFlowGroupDescription),
		"set_flow_group_labels":             resolver(setFlowGroupLabels),
		"set_flow_group_run_config":         resolver(setFlowGroupRunConfig),
		"set_flow_group_default_parameters": resolver(setFlowGroupDefaultParameters),
		"set_flow_group_schedule":           resolver(setFlowGroupSchedule),
		"delete_flow_group_schedule":        resolver(deleteFlowGroupSchedule),
	}
}

// deleteScheduledRuns removes a flow's auto-scheduled runs that have not started.
func deleteScheduledRuns(ctx context.Context, q Querier, flowID string) error {
	_, err := deleteRuns(ctx, q, `flow_id = ? AND state = 'Scheduled' AND auto_scheduled = 1 AND start_time IS NULL`, flowID)
	return err
}

func flowIDOf(ctx context.Context, tx *sql.Tx, r *engine.Request, in input) (string, error) {
	id, err := in.id("flow_id")
	if err != nil {
		return "", err
	}
	return id, exists(ctx, tx, r, "flow", "Flow", id)
}

func setScheduleActive(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := flowIDOf(ctx, tx, r, in)
	if err != nil {
		return nil, err
	}
	ok, err := Machine{}.SetScheduleActive(ctx, tx, id, now)
	if err != nil {
		return nil, err
	}
	return map[string]any{"success": ok, "error": nil}, nil
}

func setScheduleInactive(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := flowIDOf(ctx, tx, r, in)
	if err != nil {
		return nil, err
	}
	if err := update(ctx, tx, r, "flow", "Flow", id, "is_schedule_active = 0"); err != nil {
		return nil, err
	}
	return success(), deleteScheduledRuns(ctx, tx, id)
}

func archiveFlow(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := flowIDOf(ctx, tx, r, in)
	if err != nil {
		return nil, err
	}
	return success(), Machine{}.ArchiveFlow(ctx, tx, id, now)
}

// deleteFlows removes flows (and their tasks, edges and runs) matching where.
func deleteFlows(ctx context.Context, q Querier, where string, args ...any) (int64, error) {
	sub := `SELECT id FROM flow WHERE ` + where
	if _, err := deleteRuns(ctx, q, `flow_id IN (`+sub+`)`, args...); err != nil {
		return 0, err
	}
	for _, s := range []string{`DELETE FROM edge WHERE flow_id IN (` + sub + `)`, `DELETE FROM task WHERE flow_id IN (` + sub + `)`} {
		if _, err := q.ExecContext(ctx, s, args...); err != nil {
			return 0, err
		}
	}
	res, err := q.ExecContext(ctx, `DELETE FROM flow WHERE `+where, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func deleteFlow(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := flowIDOf(ctx, tx, r, in)
	if err != nil {
		return nil, err
	}
	var group string
	if err := tx.QueryRowContext(ctx, `SELECT flow_group_id FROM flow WHERE id = ?`, id).Scan(&group); err != nil {
		return nil, err
	}
	if _, err := deleteFlows(ctx, tx, `id = ?`, id); err != nil {
		return nil, err
	}
	// The last version of a flow group takes the group with it.
	_, err = tx.ExecContext(ctx, `DELETE FROM flow_group WHERE id = ? AND NOT EXISTS (SELECT 1 FROM flow WHERE flow_group_id = ?)`, group, group)
	return success(), err
}

func updateFlowProject(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := flowIDOf(ctx, tx, r, in)
	if err != nil {
		return nil, err
	}
	project, err := in.id("project_id")
	if err != nil {
		return nil, err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM project p JOIN flow f ON f.id = ? WHERE p.id = ?
		AND coalesce(p.tenant_id, '') = coalesce(f.tenant_id, '')`, id, project).Scan(&n); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, notFound("Project", project)
	}
	return idPayload(id), update(ctx, tx, r, "flow", "Flow", id, "project_id = ?", project)
}

// flowGroupSetting changes keys of the settings of a flow's flow group (json_set args).
func flowGroupSetting(jsonSetArgs string) engine.ResolverFunc {
	return resolver(func(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
		id, err := flowIDOf(ctx, tx, r, in)
		if err != nil {
			return nil, err
		}
		_, err = tx.ExecContext(ctx, `UPDATE flow_group SET settings = json_set(coalesce(settings, '{}'), `+jsonSetArgs+`), updated = ?
			WHERE id = (SELECT flow_group_id FROM flow WHERE id = ?)`, store.FormatTime(now), id)
		return success(), err
	})
}

func groupIDOf(ctx context.Context, tx *sql.Tx, r *engine.Request, in input) (string, error) {
	id, err := in.id("flow_group_id")
	if err != nil {
		return "", err
	}
	return id, exists(ctx, tx, r, "flow_group", "Flow group", id)
}

func deleteFlowGroup(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := groupIDOf(ctx, tx, r, in)
	if err != nil {
		return nil, err
	}
	if _, err := deleteFlows(ctx, tx, `flow_group_id = ?`, id); err != nil {
		return nil, err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM flow_group WHERE id = ?`, id)
	return success(), err
}

func setFlowGroupDescription(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := in.id("flow_group_id")
	if err != nil {
		return nil, err
	}
	return success(), update(ctx, tx, r, "flow_group", "Flow group", id, "description = ?", nullString(in.str("description")))
}

func setFlowGroupLabels(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := in.id("flow_group_id")
	if err != nil {
		return nil, err
	}
	var labels any
	if l, ok := in.strs("labels"); ok {
		labels = jsonValue(l)
	}
	return success(), update(ctx, tx, r, "flow_group", "Flow group", id, "labels = ?", labels)
}

func setFlowGroupRunConfig(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := in.id("flow_group_id")
	if err != nil {
		return nil, err
	}
	rc, err := in.obj("run_config")
	if err != nil {
		return nil, err
	}
	if rc != nil {
		if _, ok := rc["type"].(string); !ok {
			return nil, fmt.Errorf("Invalid run_config: missing \"type\".")
		}
	}
	return success(), update(ctx, tx, r, "flow_group", "Flow group", id, "run_config = ?", jsonValue(rc))
}

func setFlowGroupDefaultParameters(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := in.id("flow_group_id")
	if err != nil {
		return nil, err
	}
	p, err := in.obj("parameters")
	if err != nil {
		return nil, err
	}
	if p == nil {
		p = map[string]any{}
	}
	return success(), update(ctx, tx, r, "flow_group", "Flow group", id, "default_parameters = ?", jsonValue(p))
}

func setFlowGroupSchedule(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := groupIDOf(ctx, tx, r, in)
	if err != nil {
		return nil, err
	}
	tz := in.str("timezone")
	if tz == "" {
		tz = "UTC"
	} else if _, err := time.LoadLocation(tz); err != nil {
		return nil, fmt.Errorf("Invalid timezone provided: %s", tz)
	}
	start := map[string]any{"dt": now.Format("2006-01-02T15:04:05.000000"), "tz": tz}
	var clocks []any
	for _, c := range in.items("cron_clocks") {
		cron := c.str("cron")
		if schedule.ValidCron(cron) != nil {
			return nil, fmt.Errorf("Invalid cron string: %s", cron)
		}
		clocks = append(clocks, map[string]any{"type": "CronClock", "cron": cron, "start_date": start, "parameter_defaults": c["parameter_defaults"], "day_or": true})
	}
	for _, c := range in.items("interval_clocks") {
		secs, _ := c["interval"].(int64)
		if secs < 60 {
			return nil, fmt.Errorf("Interval can not be less than one minute.")
		}
		clocks = append(clocks, map[string]any{"type": "IntervalClock", "interval": secs * 1_000_000, "start_date": start, "parameter_defaults": c["parameter_defaults"]})
	}
	if len(clocks) == 0 {
		return nil, fmt.Errorf("At least one clock must be provided.")
	}
	sched := map[string]any{"type": "Schedule", "__version__": CoreVersion, "clocks": clocks}
	if err := update(ctx, tx, r, "flow_group", "Flow group", id, "schedule = ?", jsonValue(sched)); err != nil {
		return nil, err
	}
	// Future auto-scheduled runs follow the new schedule.
	rows, err := tx.QueryContext(ctx, `SELECT id FROM flow WHERE flow_group_id = ? AND archived = 0 AND is_schedule_active = 1`, id)
	if err != nil {
		return nil, err
	}
	var flows []string
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			rows.Close()
			return nil, err
		}
		flows = append(flows, f)
	}
	rows.Close()
	for _, f := range flows {
		if err := deleteScheduledRuns(ctx, tx, f); err != nil {
			return nil, err
		}
		if _, err := (Machine{}).ScheduleFlowRuns(ctx, tx, f, now, MaxScheduledRuns); err != nil {
			return nil, err
		}
	}
	return success(), nil
}

func deleteFlowGroupSchedule(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := groupIDOf(ctx, tx, r, in)
	if err != nil {
		return nil, err
	}
	return success(), update(ctx, tx, r, "flow_group", "Flow group", id, "schedule = NULL")
}
