package mutations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/prefect-tui/prefect-tui/server/engine"
	"github.com/prefect-tui/prefect-tui/server/store"
)

func runMutations() map[string]engine.ResolverFunc {
	return map[string]engine.ResolverFunc{
		"set_flow_run_states":         resolver(setFlowRunStates),
		"set_task_run_states":         resolver(setTaskRunStates),
		"cancel_flow_run":             resolver(cancelFlowRun),
		"create_flow_run":             resolver(createFlowRun),
		"delete_flow_run":             resolver(deleteFlowRun),
		"set_flow_run_name":           resolver(setFlowRunName),
		"set_flow_run_labels":         resolver(setFlowRunLabels),
		"set_task_run_name":           resolver(setTaskRunName),
		"write_run_logs":              resolver(writeRunLogs),
		"update_flow_run_heartbeat":   resolver(updateFlowRunHeartbeat),
		"update_task_run_heartbeat":   resolver(updateTaskRunHeartbeat),
		"get_or_create_task_run":      resolver(getOrCreateTaskRun),
		"get_or_create_task_run_info": resolver(getOrCreateTaskRunInfo),
		"get_runs_in_queue":           resolver(getRunsInQueue),
	}
}

// items reads the list field k of objects.
func (in input) items(k string) []input {
	l, _ := in[k].([]any)
	out := make([]input, 0, len(l))
	for _, x := range l {
		if m, ok := x.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func setFlowRunStates(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	var out []any
	agent := r.Header.Get("X-Prefect-Agent-Id")
	for _, it := range in.items("states") {
		id, err := it.id("flow_run_id")
		if err != nil {
			return nil, err
		}
		st, err := ParseState(it["state"], now)
		if err != nil {
			return nil, err
		}
		// The version argument is only for Cloud API compatibility; Server ignores it.
		if err := (Machine{}).SetFlowRunState(ctx, tx, id, tenantOf(r), st, now, agent); err != nil {
			return nil, err
		}
		out = append(out, map[string]any{"id": id, "status": "SUCCESS", "message": nil})
	}
	return map[string]any{"states": out}, nil
}

func setTaskRunStates(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	var out []any
	for _, it := range in.items("states") {
		id, err := it.id("task_run_id")
		if err != nil {
			return nil, err
		}
		st, err := ParseState(it["state"], now)
		if err != nil {
			return nil, err
		}
		if err := (Machine{}).SetTaskRunState(ctx, tx, id, tenantOf(r), st, now, false); err != nil {
			return nil, err
		}
		out = append(out, map[string]any{"id": id, "status": "SUCCESS", "message": nil})
	}
	return map[string]any{"states": out}, nil
}

func cancelFlowRun(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := in.id("flow_run_id")
	if err != nil {
		return nil, err
	}
	state, err := (Machine{}).CancelFlowRun(ctx, tx, id, tenantOf(r), now)
	if err != nil {
		return nil, err
	}
	return map[string]any{"state": state}, nil
}

func createFlowRun(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	fi := FlowRunInput{Tenant: tenantOf(r), VersionGroupID: in.str("version_group_id"),
		IdempotencyKey: in.str("idempotency_key"), Name: in.str("flow_run_name")}
	var err error
	if fi.FlowID, err = in.optID("flow_id"); err != nil {
		return nil, err
	}
	if fi.Parameters, err = in.obj("parameters"); err != nil {
		return nil, err
	}
	if fi.Context, err = in.obj("context"); err != nil {
		return nil, err
	}
	if fi.RunConfig, err = in.obj("run_config"); err != nil {
		return nil, err
	}
	if l, ok := in.strs("labels"); ok {
		fi.Labels = l
	}
	if s := in.str("scheduled_start_time"); s != "" {
		t, err := store.ParseTime(s)
		if err != nil {
			return nil, &engine.Error{Message: err.Error(), Code: codeInput}
		}
		fi.ScheduledStart = &t
	}
	id, err := (Machine{}).CreateFlowRun(ctx, tx, fi, now)
	if err != nil {
		return nil, err
	}
	return idPayload(id), nil
}

// deleteRuns removes flow runs and everything that hangs off them (the foreign keys
// cascade in Prefect's database).
func deleteRuns(ctx context.Context, q Querier, where string, args ...any) (int64, error) {
	sub := `SELECT id FROM flow_run WHERE ` + where
	trSub := `SELECT id FROM task_run WHERE flow_run_id IN (` + sub + `)`
	stmts := []string{
		`DELETE FROM task_run_state WHERE task_run_id IN (` + trSub + `)`,
		`DELETE FROM task_run_artifact WHERE task_run_id IN (` + trSub + `)`,
		`DELETE FROM log WHERE flow_run_id IN (` + sub + `)`,
		`DELETE FROM task_run WHERE flow_run_id IN (` + sub + `)`,
		`DELETE FROM flow_run_state WHERE flow_run_id IN (` + sub + `)`,
	}
	for _, s := range stmts {
		if _, err := q.ExecContext(ctx, s, args...); err != nil {
			return 0, err
		}
	}
	res, err := q.ExecContext(ctx, `DELETE FROM flow_run WHERE `+where, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func deleteFlowRun(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := in.id("flow_run_id")
	if err != nil {
		return nil, err
	}
	n, err := deleteRuns(ctx, tx, `id = ? AND (? = '' OR tenant_id = ?)`, id, tenantOf(r), tenantOf(r))
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return map[string]any{"success": false, "error": "Flow run " + id + " not found"}, nil
	}
	return success(), nil
}

func setFlowRunName(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := in.id("flow_run_id")
	if err != nil {
		return nil, err
	}
	if in.str("name") == "" {
		return nil, &engine.Error{Message: "A name must be provided.", Code: codeInput}
	}
	return success(), update(ctx, tx, r, "flow_run", "Flow run", id, "name = ?", in.str("name"))
}

func setFlowRunLabels(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := in.id("flow_run_id")
	if err != nil {
		return nil, err
	}
	labels, ok := in.strs("labels")
	if !ok {
		return nil, &engine.Error{Message: "Labels must be provided.", Code: codeInput}
	}
	return success(), update(ctx, tx, r, "flow_run", "Flow run", id, "labels = ?", jsonValue(labels))
}

func setTaskRunName(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := in.id("task_run_id")
	if err != nil {
		return nil, err
	}
	if in.str("name") == "" {
		return nil, &engine.Error{Message: "A name must be provided.", Code: codeInput}
	}
	return success(), update(ctx, tx, r, "task_run", "Task run", id, "name = ?", in.str("name"))
}

var logLevels = map[string]bool{"DEBUG": true, "INFO": true, "WARNING": true, "ERROR": true, "CRITICAL": true}

func writeRunLogs(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	tenants := map[string]string{}
	ts := store.FormatTime(now)
	for _, l := range in.items("logs") {
		fr, err := l.id("flow_run_id")
		if err != nil {
			return nil, err
		}
		tenant, ok := tenants[fr]
		if !ok {
			run, err := loadRun(ctx, tx, "flow_run", fr, tenantOf(r))
			if err != nil {
				return nil, err
			}
			tenant, tenants[fr] = run.TenantID, run.TenantID
		}
		tr, err := l.optID("task_run_id")
		if err != nil {
			return nil, err
		}
		at := ts
		if s := l.str("timestamp"); s != "" {
			if at, err = store.NormalizeTime(s); err != nil {
				return nil, &engine.Error{Message: err.Error(), Code: codeInput}
			}
		}
		level := l.str("level")
		if level == "" {
			level = "INFO"
		}
		if !logLevels[level] {
			return nil, &engine.Error{Message: fmt.Sprintf("Invalid log level %q.", level), Code: codeInput}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO log (id, tenant_id, flow_run_id, task_run_id, timestamp, name, level, message, info, created, updated, is_loaded_from_archive)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
			Machine{}.id(), nullString(tenant), fr, nullString(tr), at, nullString(l.str("name")), level, l.str("message"), jsonValue(l["info"]), ts, ts); err != nil {
			return nil, err
		}
	}
	return success(), nil
}

func updateFlowRunHeartbeat(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := in.id("flow_run_id")
	if err != nil {
		return nil, err
	}
	return success(), update(ctx, tx, r, "flow_run", "Flow run", id, "heartbeat = ?", store.FormatTime(now))
}

func updateTaskRunHeartbeat(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := in.id("task_run_id")
	if err != nil {
		return nil, err
	}
	return success(), update(ctx, tx, r, "task_run", "Task run", id, "heartbeat = ?", store.FormatTime(now))
}

// getOrCreate finds the task run of (flow run, task, map index), creating it (Pending)
// when it does not exist yet, as for mapped children.
func getOrCreate(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (map[string]any, error) {
	fr, err := in.id("flow_run_id")
	if err != nil {
		return nil, err
	}
	taskID, err := in.id("task_id")
	if err != nil {
		return nil, err
	}
	idx := -1
	if v, ok := in["map_index"].(int64); ok {
		idx = int(v)
	}
	run, err := loadRun(ctx, tx, "flow_run", fr, tenantOf(r))
	if err != nil {
		return nil, err
	}
	var cacheKey sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT cache_key FROM task WHERE id = ? AND flow_id = (SELECT flow_id FROM flow_run WHERE id = ?)`, taskID, fr).Scan(&cacheKey); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, notFound("Task", taskID)
		}
		return nil, err
	}
	var id, state string
	var version int64
	var ser sql.NullString
	err = tx.QueryRowContext(ctx, `SELECT id, version, state, serialized_state FROM task_run WHERE flow_run_id = ? AND task_id = ? AND map_index = ?`,
		fr, taskID, idx).Scan(&id, &version, &state, &ser)
	if errors.Is(err, sql.ErrNoRows) {
		if id, err = (Machine{}).InsertTaskRun(ctx, tx, fr, taskID, run.TenantID, idx, cacheKey, now); err != nil {
			return nil, err
		}
		version, state, ser = 0, "Pending", sql.NullString{String: pendingSerialized, Valid: true}
	} else if err != nil {
		return nil, err
	}
	return map[string]any{"id": id, "version": version, "state": state, "serialized_state": rawJSON(ser)}, nil
}

func getOrCreateTaskRun(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	m, err := getOrCreate(ctx, tx, r, in, now)
	if err != nil {
		return nil, err
	}
	return idPayload(m["id"].(string)), nil
}

func getOrCreateTaskRunInfo(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	return getOrCreate(ctx, tx, r, in, now)
}
