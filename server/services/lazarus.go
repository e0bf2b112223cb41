package services

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/prefect-tui/prefect-tui/server/mutations"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// ResurrectionLimit is how often Lazarus reschedules a flow run before failing it
// (services.lazarus.resurrection_attempt_limit).
const ResurrectionLimit = 3

// lazarusExclude are the task-run states (Scheduled and Running and their subclasses)
// that show a flow run still has work under way.
var lazarusExclude = `'Scheduled', 'Paused', 'Resume', 'Retrying', 'Running', 'Cancelling'`

// Lazarus is Prefect Server's Lazarus process (services/towel/lazarus.py): a flow run
// Submitted or Running whose heartbeat is stale and that has no task run scheduled or
// running is rescheduled, up to three times, then failed. Flow groups with heartbeats
// or Lazarus disabled are left alone.
type Lazarus struct {
	db *store.DB
	M  mutations.Machine
}

// NewLazarus returns the Lazarus process over db.
func NewLazarus(db *store.DB) *Lazarus { return &Lazarus{db: db} }

// Name implements Service.
func (l *Lazarus) Name() string { return "Lazarus" }

// Every implements Service: Prefect's Lazarus loops every 600 seconds.
func (l *Lazarus) Every() time.Duration { return 600 * time.Second }

// RunOnce implements Service: it returns the number of flow runs rescheduled or failed.
func (l *Lazarus) RunOnce(ctx context.Context, now time.Time) (int, error) {
	now = now.UTC()
	runs, err := ids(ctx, l.db, `SELECT fr.id FROM flow_run fr JOIN flow f ON f.id = fr.flow_id LEFT JOIN flow_group g ON g.id = f.flow_group_id
		WHERE fr.state IN ('Running', 'Submitted') AND fr.heartbeat <= ?
		AND NOT EXISTS (SELECT 1 FROM task_run tr WHERE tr.flow_run_id = fr.id AND tr.state IN (`+lazarusExclude+`))
		AND `+heartbeatOn+` AND coalesce(json_extract(g.settings, '$.lazarus_enabled'), 1) <> 0
		ORDER BY fr.updated ASC LIMIT 500`, store.FormatTime(now.Add(-HeartbeatTimeout)))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range runs {
		if err := inTx(ctx, l.db, func(tx *sql.Tx) error { return l.revive(ctx, tx, id, now) }); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func (l *Lazarus) revive(ctx context.Context, tx *sql.Tx, id string, now time.Time) error {
	var times int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(times_resurrected, 0) FROM flow_run WHERE id = ?`, id).Scan(&times); err != nil {
		return err
	}
	if times >= ResurrectionLimit {
		msg := fmt.Sprintf("A Lazarus process attempted to reschedule this run %d times without success. Marking as failed.", ResurrectionLimit)
		if err := l.M.SetFlowRunState(ctx, tx, id, "", mutations.NewState("Failed", msg), now, ""); err != nil {
			return err
		}
		return writeLog(ctx, tx, now, id, "", "Lazarus.FlowRun", "ERROR", msg)
	}
	st := mutations.NewState("Scheduled", "Rescheduled by a Lazarus process.").WithStartTime(now)
	if err := l.M.SetFlowRunState(ctx, tx, id, "", st, now, ""); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE flow_run SET times_resurrected = ? WHERE id = ?`, times+1, id); err != nil {
		return err
	}
	return writeLog(ctx, tx, now, id, "", "Lazarus.FlowRun", "INFO", fmt.Sprintf("Rescheduled by a Lazarus process. This is attempt %d.", times+1))
}
