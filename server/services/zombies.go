package services

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/prefect-tui/prefect-tui/server/mutations"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// HeartbeatTimeout is how old a flow run's heartbeat may get before the zombie killer
// and Lazarus act (both use ten minutes).
const HeartbeatTimeout = 10 * time.Minute

// heartbeatOn is the SQL test that a flow's flow group has heartbeats enabled (Prefect
// checks `_not: {settings: {_contains: {heartbeat_enabled: false}}}`).
const heartbeatOn = `coalesce(json_extract(g.settings, '$.heartbeat_enabled'), 1) <> 0`

// ZombieKiller is Prefect Server's zombie killer (services/towel/zombie_killer.py).
// Task runs still Running while their flow run's heartbeat is stale are retried when
// the flow run is Running and the task has retries left, else failed; flow runs stuck
// in Cancelling with a stale heartbeat are failed. Each change is logged at ERROR on
// the run, as Prefect does. Flow groups with heartbeats disabled are left alone.
type ZombieKiller struct {
	db *store.DB
	M  mutations.Machine
}

// NewZombieKiller returns the zombie killer over db.
func NewZombieKiller(db *store.DB) *ZombieKiller { return &ZombieKiller{db: db} }

// Name implements Service.
func (z *ZombieKiller) Name() string { return "ZombieKiller" }

// Every implements Service: Prefect's zombie killer loops every 120 seconds.
func (z *ZombieKiller) Every() time.Duration { return 120 * time.Second }

// RunOnce implements Service: it returns the number of task and flow runs handled.
func (z *ZombieKiller) RunOnce(ctx context.Context, now time.Time) (int, error) {
	now = now.UTC()
	cutoff := store.FormatTime(now.Add(-HeartbeatTimeout))
	tasks, err := ids(ctx, z.db, `SELECT tr.id FROM task_run tr JOIN flow_run fr ON fr.id = tr.flow_run_id
		JOIN task t ON t.id = tr.task_id JOIN flow f ON f.id = t.flow_id LEFT JOIN flow_group g ON g.id = f.flow_group_id
		WHERE tr.state = 'Running' AND fr.heartbeat <= ? AND `+heartbeatOn+` ORDER BY tr.updated DESC LIMIT 5000`, cutoff)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range tasks {
		if err := inTx(ctx, z.db, func(tx *sql.Tx) error { return z.reapTaskRun(ctx, tx, id, now) }); err != nil {
			return n, err
		}
		n++
	}
	flows, err := ids(ctx, z.db, `SELECT fr.id FROM flow_run fr JOIN flow f ON f.id = fr.flow_id LEFT JOIN flow_group g ON g.id = f.flow_group_id
		WHERE fr.state = 'Cancelling' AND fr.heartbeat <= ? AND `+heartbeatOn+` ORDER BY fr.updated DESC LIMIT 5000`, cutoff)
	if err != nil {
		return n, err
	}
	const msg = "No heartbeat detected from the flow run; marking the run as failed."
	for _, id := range flows {
		err := inTx(ctx, z.db, func(tx *sql.Tx) error {
			if err := z.M.SetFlowRunState(ctx, tx, id, "", mutations.NewState("Failed", msg), now, ""); err != nil {
				return err
			}
			return writeLog(ctx, tx, now, id, "", "ZombieKiller.FlowRun", "ERROR", msg)
		})
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func (z *ZombieKiller) reapTaskRun(ctx context.Context, tx *sql.Tx, id string, now time.Time) error {
	var flowRun, frState, name, retryDelay string
	var maxRetries, retries int
	if err := tx.QueryRowContext(ctx, `SELECT tr.flow_run_id, coalesce(fr.state, ''), coalesce(tr.name, t.name, ''), coalesce(t.max_retries, 0),
		coalesce(t.retry_delay, ''), (SELECT count(*) FROM task_run_state s WHERE s.task_run_id = tr.id AND s.state = 'Retrying')
		FROM task_run tr JOIN flow_run fr ON fr.id = tr.flow_run_id JOIN task t ON t.id = tr.task_id WHERE tr.id = ?`, id).
		Scan(&flowRun, &frState, &name, &maxRetries, &retryDelay, &retries); err != nil {
		return err
	}
	var st mutations.State
	var msg string
	if frState == "Running" && retries < maxRetries {
		msg = fmt.Sprintf("No heartbeat detected from the remote task; retrying the run.This will be retry %d of %d.", retries+1, maxRetries)
		st = mutations.NewState("Retrying", msg).WithStartTime(now.Add(parseInterval(retryDelay)))
		st.Serialized["run_count"] = retries + 1
	} else {
		msg = fmt.Sprintf("No heartbeat detected from the remote task; marking the task run %s (%s) as failed.", id, name)
		st = mutations.NewState("Failed", msg)
	}
	if err := z.M.SetTaskRunState(ctx, tx, id, "", st, now, true); err != nil {
		return err
	}
	return writeLog(ctx, tx, now, flowRun, id, "ZombieKiller.TaskRun", "ERROR", msg)
}

// parseInterval reads a Postgres interval as the store keeps it ("00:01:00",
// "1 day 02:00:00", "00:00:01.5"); anything else is zero.
func parseInterval(s string) time.Duration {
	var d time.Duration
	var days int
	if n, _ := fmt.Sscanf(s, "%d day", &days); n == 1 {
		d = time.Duration(days) * 24 * time.Hour
		for i := 0; i < len(s); i++ {
			if s[i] == ' ' {
				s = s[i+1:]
				break
			}
		}
		for i := 0; i < len(s); i++ {
			if s[i] == ' ' {
				s = s[i+1:]
				break
			}
		}
	}
	var h, m int
	var sec float64
	if n, _ := fmt.Sscanf(s, "%d:%d:%g", &h, &m, &sec); n == 3 {
		d += time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec*float64(time.Second))
	}
	return d
}
