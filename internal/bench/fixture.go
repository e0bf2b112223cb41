package bench

import (
	"context"
	"database/sql"
	"fmt"
)

// Fixture holds the ids the cases read: the rows a user would open, picked from the
// generated data the same way on every run.
type Fixture struct {
	// RunID is a finished flow run of a mapped flow with failed task runs: the run page,
	// its schematic, its logs and a restart all open it.
	RunID string
	// FlowID and FlowGroupID are the run's flow and flow group.
	FlowID, FlowGroupID string
	// MappedTaskRunID is the run's mapped parent task run (map_index -1 of a mapped task).
	MappedTaskRunID string
	// FailedTaskIDs are the tasks of the run's failed task runs (a restart's start).
	FailedTaskIDs []string
	// LogCursor is the (timestamp, id) of the run's middle log line (follow mode).
	LogCursorTS, LogCursorID string
	// TenantID is the generated tenant.
	TenantID string
	// LateRunID is a late run (Scheduled, due before Now): its run page asks why it
	// does not run.
	LateRunID string
	// FlowName and ProjectName name the run's flow and its project.
	FlowName, ProjectName string
	// LogCursorCreated is when the log line at the cursor was stored (`get logs
	// --follow`).
	LogCursorCreated string
	// Runs is how many flow runs the database holds.
	Runs int
}

// PickFixture chooses the fixture's rows: among the failed runs of mapped flows with
// failed task runs, the middle one in time.
func PickFixture(ctx context.Context, db *sql.DB) (*Fixture, error) {
	var f Fixture
	// A failed run of a flow with a mapped task, the middle one in time.
	const candidates = `FROM flow_run AS r JOIN flow AS f ON f.id = r.flow_id
WHERE r.state = 'Failed' AND EXISTS (SELECT 1 FROM task AS t WHERE t.flow_id = r.flow_id AND t.mapped = 1)
  AND EXISTS (SELECT 1 FROM task_run AS tr WHERE tr.flow_run_id = r.id AND tr.state IN ('Failed', 'TriggerFailed', 'TimedOut'))`
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) `+candidates).Scan(&n); err != nil {
		return nil, err
	}
	err := db.QueryRowContext(ctx, `SELECT r.id, r.flow_id, f.flow_group_id, r.tenant_id `+candidates+`
ORDER BY r.scheduled_start_time, r.id LIMIT 1 OFFSET ?`, n/2).Scan(&f.RunID, &f.FlowID, &f.FlowGroupID, &f.TenantID)
	if err != nil {
		return nil, fmt.Errorf("pick a failed mapped run: %w", err)
	}
	err = db.QueryRowContext(ctx, `
SELECT tr.id FROM task_run AS tr JOIN task AS t ON t.id = tr.task_id
WHERE tr.flow_run_id = ? AND tr.map_index = -1 AND t.mapped = 1 ORDER BY t.name LIMIT 1`, f.RunID).Scan(&f.MappedTaskRunID)
	if err != nil {
		return nil, fmt.Errorf("pick the mapped task run of %s: %w", f.RunID, err)
	}
	rows, err := db.QueryContext(ctx, `SELECT DISTINCT task_id FROM task_run WHERE flow_run_id = ? AND state IN ('Failed', 'TriggerFailed', 'TimedOut', 'Cancelled') ORDER BY task_id`, f.RunID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		f.FailedTaskIDs = append(f.FailedTaskIDs, id)
	}
	rows.Close()
	if len(f.FailedTaskIDs) == 0 {
		return nil, fmt.Errorf("run %s has no failed task runs", f.RunID)
	}
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM log WHERE flow_run_id = ?`, f.RunID).Scan(&n); err != nil {
		return nil, err
	}
	err = db.QueryRowContext(ctx, `SELECT timestamp, id FROM log WHERE flow_run_id = ? ORDER BY timestamp, id LIMIT 1 OFFSET ?`, f.RunID, n/2).
		Scan(&f.LogCursorTS, &f.LogCursorID)
	if err != nil {
		return nil, fmt.Errorf("pick a log cursor of %s: %w", f.RunID, err)
	}
	err = db.QueryRowContext(ctx, `SELECT id FROM flow_run WHERE state = 'Scheduled' AND scheduled_start_time < ? ORDER BY scheduled_start_time, id LIMIT 1`,
		Now.UTC().Format(timeLayout)).Scan(&f.LateRunID)
	if err != nil {
		return nil, fmt.Errorf("pick a late run: %w", err)
	}
	err = db.QueryRowContext(ctx, `SELECT f.name, p.name FROM flow AS f JOIN project AS p ON p.id = f.project_id WHERE f.id = ?`, f.FlowID).Scan(&f.FlowName, &f.ProjectName)
	if err != nil {
		return nil, fmt.Errorf("pick the project of %s: %w", f.FlowID, err)
	}
	err = db.QueryRowContext(ctx, `SELECT created FROM log WHERE id = ?`, f.LogCursorID).Scan(&f.LogCursorCreated)
	if err != nil {
		return nil, fmt.Errorf("pick the project of %s: %w", f.FlowID, err)
	}
	if err := db.QueryRowContext(ctx, `SELECT coalesce(sum(n), 0) FROM row_count WHERE "table" = 'flow_run'`).Scan(&f.Runs); err != nil {
		return nil, err
	}
	return &f, nil
}
