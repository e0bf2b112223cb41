package services_test

import (
	"database/sql"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server/mutations"
	"github.com/prefect-tui/prefect-tui/server/services"
)

// running starts a flow run of flow at t0 with its task run Running.
func (e *env) running(flow string) (flowRun, taskRun string) {
	e.t.Helper()
	m := mutations.Machine{}
	err := e.tx(func(tx *sql.Tx) error {
		var err error
		if flowRun, err = m.CreateFlowRun(e.ctx, tx, mutations.FlowRunInput{FlowID: flow}, t0); err != nil {
			return err
		}
		if err := m.SetFlowRunState(e.ctx, tx, flowRun, "", mutations.NewState("Running", "Running flow."), t0, ""); err != nil {
			return err
		}
		if err := tx.QueryRow(`SELECT id FROM task_run WHERE flow_run_id = ?`, flowRun).Scan(&taskRun); err != nil {
			return err
		}
		return m.SetTaskRunState(e.ctx, tx, taskRun, "", mutations.NewState("Running", "Starting task run."), t0, false)
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return flowRun, taskRun
}

func TestZombieKiller(t *testing.T) {
	e := newEnv(t)
	f := e.flow("work", nil, false)
	fr, tr := e.running(f)
	z := services.NewZombieKiller(e.db)
	if n, err := z.RunOnce(e.ctx, t0.Add(9*time.Minute)); err != nil || n != 0 {
		t.Fatalf("fresh heartbeat: %d, %v", n, err)
	}
	// The heartbeat is ten minutes old: the task has a retry left.
	at := t0.Add(10 * time.Minute)
	if n, err := z.RunOnce(e.ctx, at); err != nil || n != 1 {
		t.Fatalf("stale heartbeat: %d, %v", n, err)
	}
	eq(t, "retrying", e.q(`SELECT state, state_message, state_start_time, json_extract(serialized_state, '$.run_count') FROM task_run WHERE id = ?`, tr),
		"Retrying|No heartbeat detected from the remote task; retrying the run.This will be retry 1 of 1.|2026-03-06T10:41:00.000000+00:00|1")
	// The retry runs and hangs too: no retry left, so it fails.
	if err := e.tx(func(tx *sql.Tx) error {
		return mutations.Machine{}.SetTaskRunState(e.ctx, tx, tr, "", mutations.NewState("Running", "Starting task run."), at.Add(time.Minute), false)
	}); err != nil {
		t.Fatal(err)
	}
	if n, err := z.RunOnce(e.ctx, at.Add(2*time.Minute)); err != nil || n != 1 {
		t.Fatalf("second time: %d, %v", n, err)
	}
	eq(t, "failed", e.q(`SELECT state, state_message FROM task_run WHERE id = ?`, tr),
		"Failed|No heartbeat detected from the remote task; marking the task run "+tr+" (work) as failed.")
	eq(t, "logs", e.q(`SELECT name, level, task_run_id = ? FROM log WHERE flow_run_id = ? ORDER BY timestamp`, tr, fr),
		"ZombieKiller.TaskRun|ERROR|1\nZombieKiller.TaskRun|ERROR|1")
	// A flow run stuck in Cancelling with a stale heartbeat fails.
	if err := e.tx(func(tx *sql.Tx) error {
		_, err := mutations.Machine{}.CancelFlowRun(e.ctx, tx, fr, "", at)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if n, err := z.RunOnce(e.ctx, at.Add(11*time.Minute)); err != nil || n != 1 {
		t.Fatalf("cancelling: %d, %v", n, err)
	}
	eq(t, "cancelling run", e.q(`SELECT state, state_message FROM flow_run WHERE id = ?`, fr),
		"Failed|No heartbeat detected from the flow run; marking the run as failed.")
	// Flow groups with heartbeats disabled are left alone.
	f2 := e.flow("quiet", nil, false)
	if _, err := e.db.Exec(`UPDATE flow_group SET settings = json_set(settings, '$.heartbeat_enabled', json('false'))
		WHERE id = (SELECT flow_group_id FROM flow WHERE id = ?)`, f2); err != nil {
		t.Fatal(err)
	}
	_, tr2 := e.running(f2)
	if _, err := z.RunOnce(e.ctx, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	eq(t, "heartbeat disabled", e.q(`SELECT state FROM task_run WHERE id = ?`, tr2), "Running")
}

func TestLazarus(t *testing.T) {
	e := newEnv(t)
	f := e.flow("work", nil, false)
	fr, tr := e.running(f)
	l := services.NewLazarus(e.db)
	// A task run is still Running: nothing to revive.
	if n, err := l.RunOnce(e.ctx, t0.Add(time.Hour)); err != nil || n != 0 {
		t.Fatalf("running task: %d, %v", n, err)
	}
	if err := e.tx(func(tx *sql.Tx) error {
		return mutations.Machine{}.SetTaskRunState(e.ctx, tx, tr, "", mutations.NewState("Success", "done"), t0.Add(time.Minute), false)
	}); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		at := t0.Add(time.Duration(i) * time.Hour)
		if n, err := l.RunOnce(e.ctx, at); err != nil || n != 1 {
			t.Fatalf("attempt %d: %d, %v", i, n, err)
		}
		eq(t, "rescheduled", e.q(`SELECT state, times_resurrected FROM flow_run WHERE id = ?`, fr), "Scheduled|"+string(rune('0'+i)))
		// An agent submits it again and it hangs again.
		if err := e.tx(func(tx *sql.Tx) error {
			return mutations.Machine{}.SetFlowRunState(e.ctx, tx, fr, "", mutations.NewState("Running", "Running flow."), at, "")
		}); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := l.RunOnce(e.ctx, t0.Add(4*time.Hour)); err != nil || n != 1 {
		t.Fatalf("last: %d, %v", n, err)
	}
	eq(t, "failed", e.q(`SELECT state, state_message FROM flow_run WHERE id = ?`, fr),
		"Failed|A Lazarus process attempted to reschedule this run 3 times without success. Marking as failed.")
	eq(t, "logs", e.q(`SELECT group_concat(level, ' ') FROM (SELECT level FROM log WHERE flow_run_id = ? ORDER BY timestamp)`, fr), "INFO INFO INFO ERROR")
}
