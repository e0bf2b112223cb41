package mutations

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/prefect-tui/prefect-tui/server/engine"
)

// ServerVersion and ReleaseTimestamp are what the api query reports for the server.
const (
	ServerVersion    = "2022.09.23"
	ReleaseTimestamp = "2022-09-23T15:24:35+00:00"
)

func resolveHello(context.Context, *engine.Request, map[string]any) (any, error) { return "👋", nil }

func resolveAPI(_ context.Context, r *engine.Request, _ map[string]any) (any, error) {
	backend := "SERVER"
	if r != nil && r.Principal.Cloud {
		backend = "CLOUD"
	}
	return map[string]any{"backend": backend, "mode": "normal", "version": ServerVersion,
		"core_version": CoreVersion, "release_timestamp": ReleaseTimestamp}, nil
}

func resolveReferenceData(context.Context, *engine.Request, map[string]any) (any, error) {
	return map[string]any{"state_hierarchy": StateHierarchy(), "state_info": StateInfo()}, nil
}

func rawJSON(s sql.NullString) any {
	if !s.Valid || s.String == "" {
		return nil
	}
	return json.RawMessage(s.String)
}

func taskRunArg(r *engine.Request, args map[string]any) (string, error) {
	if err := guard(r); err != nil {
		return "", err
	}
	s, _ := args["task_run_id"].(string)
	if _, err := uuid.Parse(s); err != nil {
		return "", &engine.Error{Message: fmt.Sprintf("invalid input syntax for type uuid: %q", s), Code: codeInput}
	}
	return s, nil
}

func resolveMappedChildren(ctx context.Context, r *engine.Request, args map[string]any) (any, error) {
	id, err := taskRunArg(r, args)
	if err != nil {
		return nil, err
	}
	var taskID, flowRunID string
	err = r.DB.QueryRowContext(ctx, `SELECT task_id, flow_run_id FROM task_run WHERE id = ? AND (? = '' OR tenant_id = ?)`,
		id, tenantOf(r), tenantOf(r)).Scan(&taskID, &flowRunID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, toGQL(notFound("Task run", id))
	}
	if err != nil {
		return nil, toGQL(sqlError{err})
	}
	rows, err := r.DB.QueryContext(ctx, `SELECT state, count(*), min(start_time), max(end_time) FROM task_run
		WHERE flow_run_id = ? AND task_id = ? AND map_index <> -1 GROUP BY state ORDER BY state`, flowRunID, taskID)
	if err != nil {
		return nil, toGQL(sqlError{err})
	}
	defer rows.Close()
	counts := map[string]any{}
	var minStart, maxEnd sql.NullString
	for rows.Next() {
		var state, lo, hi sql.NullString
		var n int64
		if err := rows.Scan(&state, &n, &lo, &hi); err != nil {
			return nil, toGQL(sqlError{err})
		}
		counts[state.String] = n
		if lo.Valid && (!minStart.Valid || lo.String < minStart.String) {
			minStart = lo
		}
		if hi.Valid && (!maxEnd.Valid || hi.String > maxEnd.String) {
			maxEnd = hi
		}
	}
	if err := rows.Err(); err != nil {
		return nil, toGQL(sqlError{err})
	}
	out := map[string]any{"min_start_time": nil, "max_end_time": nil, "state_counts": counts}
	if minStart.Valid {
		out["min_start_time"] = minStart.String
	}
	if maxEnd.Valid {
		out["max_end_time"] = maxEnd.String
	}
	return out, nil
}

func resolveTaskRunInfo(ctx context.Context, r *engine.Request, args map[string]any) (any, error) {
	id, err := taskRunArg(r, args)
	if err != nil {
		return nil, err
	}
	var version int64
	var state, ser sql.NullString
	err = r.DB.QueryRowContext(ctx, `SELECT version, state, serialized_state FROM task_run WHERE id = ? AND (? = '' OR tenant_id = ?)`,
		id, tenantOf(r), tenantOf(r)).Scan(&version, &state, &ser)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, toGQL(notFound("Task run", id))
	}
	if err != nil {
		return nil, toGQL(sqlError{err})
	}
	var st any
	if state.Valid {
		st = state.String
	}
	return map[string]any{"id": id, "version": version, "state": st, "serialized_state": rawJSON(ser)}, nil
}
