package seed

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/prefect-tui/prefect-tui/server/mutations"
	"github.com/prefect-tui/prefect-tui/server/store"
)

func decodeStrings(s string) []string {
	var l []string
	if s != "" {
		_ = json.Unmarshal([]byte(s), &l)
	}
	return l
}

type simTask struct {
	id, name, trigger string
	mapped, ref       bool
	retries           int
	up                []string
}

type simTaskRun struct {
	id, taskID string
	mapIndex   int
	state      string
	version    int64
	stateTS    time.Time
	stateStart time.Time
}

// advanceRunning moves every Running flow run one step on.
func (s *Simulator) advanceRunning(ctx context.Context, now time.Time) error {
	ids, err := s.ids(ctx, `SELECT id FROM flow_run WHERE state = 'Running' AND `+s.played()+` ORDER BY state_timestamp, id LIMIT ?`,
		s.agentList(), s.opts.MaxRuns)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := s.inTx(ctx, func(tx *sql.Tx) error { return s.advanceRun(ctx, tx, id, now) }); err != nil {
			return err
		}
	}
	return nil
}

func loadSimTasks(ctx context.Context, tx *sql.Tx, flowID string) ([]*simTask, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, coalesce(name, ''), coalesce(trigger, ''), mapped, is_reference_task, coalesce(max_retries, 0)
		FROM task WHERE flow_id = ? ORDER BY id`, flowID)
	if err != nil {
		return nil, err
	}
	byID := map[string]*simTask{}
	var tasks []*simTask
	for rows.Next() {
		t := &simTask{}
		if err := rows.Scan(&t.id, &t.name, &t.trigger, &t.mapped, &t.ref, &t.retries); err != nil {
			rows.Close()
			return nil, err
		}
		byID[t.id] = t
		tasks = append(tasks, t)
	}
	rows.Close()
	rows, err = tx.QueryContext(ctx, `SELECT upstream_task_id, downstream_task_id, mapped FROM edge WHERE flow_id = ? ORDER BY mapped DESC, upstream_task_id`, flowID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var up, down string
		var mapped bool
		if err := rows.Scan(&up, &down, &mapped); err != nil {
			rows.Close()
			return nil, err
		}
		if t := byID[down]; t != nil {
			t.up = append(t.up, up) // the mapped edge first
		}
	}
	rows.Close()
	return tasks, rows.Err()
}

func loadSimTaskRuns(ctx context.Context, tx *sql.Tx, flowRunID string) (map[string][]*simTaskRun, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, task_id, map_index, coalesce(state, ''), version, state_timestamp, state_start_time
		FROM task_run WHERE flow_run_id = ? ORDER BY task_id, map_index`, flowRunID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]*simTaskRun{}
	for rows.Next() {
		r := &simTaskRun{}
		var ts, start sql.NullString
		if err := rows.Scan(&r.id, &r.taskID, &r.mapIndex, &r.state, &r.version, &ts, &start); err != nil {
			return nil, err
		}
		r.stateTS, _ = store.ParseTime(ts.String)
		if start.Valid {
			r.stateStart, _ = store.ParseTime(start.String)
		}
		out[r.taskID] = append(out[r.taskID], r)
	}
	return out, rows.Err()
}

func isFailed(state string) bool { return mutations.IsA(state, "Failed") }

// advanceRun moves one running flow run on: each task run takes at most one step.
func (s *Simulator) advanceRun(ctx context.Context, tx *sql.Tx, id string, now time.Time) error {
	var flowID, tenant string
	if err := tx.QueryRowContext(ctx, `SELECT flow_id, coalesce(tenant_id, '') FROM flow_run WHERE id = ?`, id).Scan(&flowID, &tenant); err != nil {
		return err
	}
	tasks, err := loadSimTasks(ctx, tx, flowID)
	if err != nil {
		return err
	}
	runs, err := loadSimTaskRuns(ctx, tx, id)
	if err != nil {
		return err
	}
	a := &advancer{s: s, ctx: ctx, tx: tx, flowRunID: id, tenant: tenant, now: now, runs: runs}
	for _, t := range topoOrder(tasks) {
		if err := a.task(t); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE flow_run SET heartbeat = ? WHERE id = ?`, store.FormatTime(now), id); err != nil {
		return err
	}
	// The flow run ends when every task run has.
	runs, err = loadSimTaskRuns(ctx, tx, id)
	if err != nil {
		return err
	}
	failed := false
	for _, t := range tasks {
		for _, r := range runs[t.id] {
			if !mutations.IsFinished(r.state) {
				return nil
			}
			if t.ref && isFailed(r.state) {
				failed = true
			}
		}
	}
	st := mutations.NewState("Success", "All reference tasks succeeded.")
	level, msg := "INFO", "Flow run SUCCESS: all reference tasks succeeded"
	if failed {
		st = mutations.NewState("Failed", "Some reference tasks failed.")
		level, msg = "ERROR", "Flow run FAILED: some reference tasks failed."
	}
	if err := s.m.SetFlowRunState(ctx, tx, id, "", st, now, ""); err != nil {
		return err
	}
	return s.log(ctx, tx, now, id, "", "prefect.FlowRunner", level, msg)
}

// topoOrder sorts tasks so that upstream tasks come first (ties by id).
func topoOrder(tasks []*simTask) []*simTask {
	done := map[string]bool{}
	var out []*simTask
	for len(out) < len(tasks) {
		progress := false
		for _, t := range tasks {
			if done[t.id] {
				continue
			}
			ready := true
			for _, u := range t.up {
				ready = ready && done[u]
			}
			if ready {
				done[t.id] = true
				out = append(out, t)
				progress = true
			}
		}
		if !progress { // a cycle: keep the rest in id order
			for _, t := range tasks {
				if !done[t.id] {
					done[t.id] = true
					out = append(out, t)
				}
			}
		}
	}
	return out
}

type advancer struct {
	s         *Simulator
	ctx       context.Context
	tx        *sql.Tx
	flowRunID string
	tenant    string
	now       time.Time
	runs      map[string][]*simTaskRun
}

func (a *advancer) set(r *simTaskRun, st mutations.State) error {
	if err := a.s.m.SetTaskRunState(a.ctx, a.tx, r.id, "", st, a.now, false); err != nil {
		return err
	}
	r.state = st.Type
	return nil
}

func (a *advancer) log(r *simTaskRun, name, level, msg string) error {
	return a.s.log(a.ctx, a.tx, a.now, a.flowRunID, r.id, name, level, msg)
}

func label(t *simTask, r *simTaskRun) string {
	if r.mapIndex >= 0 {
		return fmt.Sprintf("%s[%d]", t.name, r.mapIndex)
	}
	return t.name
}

// upstream reports whether every run of t's upstream tasks is finished and whether
// any failed.
func (a *advancer) upstream(t *simTask) (done, failed bool) {
	done = true
	for _, u := range t.up {
		for _, r := range a.runs[u] {
			done = done && mutations.IsFinished(r.state)
			failed = failed || isFailed(r.state)
		}
	}
	return done, failed
}

func (a *advancer) task(t *simTask) error {
	runs := a.runs[t.id]
	if len(runs) == 0 {
		return nil
	}
	sort.SliceStable(runs, func(i, j int) bool { return runs[i].mapIndex < runs[j].mapIndex })
	parent := runs[0]
	if parent.mapIndex != -1 {
		return nil
	}
	if parent.state == "Pending" {
		done, failed := a.upstream(t)
		if !done {
			return nil
		}
		if failed && t.trigger != "prefect.triggers.all_finished" {
			if err := a.set(parent, mutations.NewState("TriggerFailed", `Trigger was "all_successful" but some of the upstream tasks failed.`)); err != nil {
				return err
			}
			return a.log(parent, "prefect.TaskRunner", "INFO", fmt.Sprintf("Task '%s': Finished task run for task with final state: 'TriggerFailed'", t.name))
		}
		if err := a.set(parent, mutations.NewState("Running", "Starting task run.")); err != nil {
			return err
		}
		if err := a.log(parent, "prefect.TaskRunner", "INFO", fmt.Sprintf("Task '%s': Starting task run...", t.name)); err != nil {
			return err
		}
		if t.mapped {
			return a.mapTask(t, parent)
		}
		return nil
	}
	for _, r := range runs {
		if r.mapIndex == -1 && t.mapped {
			continue
		}
		if err := a.step(t, r); err != nil {
			return err
		}
	}
	return nil
}

// mapTask creates the children of a mapped task and marks the parent Mapped.
func (a *advancer) mapTask(t *simTask, parent *simTaskRun) error {
	n := 2 + a.s.rng.IntN(4)
	if len(t.up) > 0 {
		if up := a.runs[t.up[0]]; len(up) > 1 {
			n = len(up) - 1
		}
	}
	for i := 0; i < n; i++ {
		id, err := a.s.m.InsertTaskRun(a.ctx, a.tx, a.flowRunID, t.id, a.tenant, i, sql.NullString{}, a.now)
		if err != nil {
			return err
		}
		a.runs[t.id] = append(a.runs[t.id], &simTaskRun{id: id, taskID: t.id, mapIndex: i, state: "Pending", stateTS: a.now})
	}
	if err := a.set(parent, mutations.NewState("Mapped", "Ready to proceed with mapping.")); err != nil {
		return err
	}
	return a.log(parent, "prefect.TaskRunner", "INFO", fmt.Sprintf("Task '%s': Finished task run for task with final state: 'Mapped'", t.name))
}

// step moves one (non-parent) task run on by at most one state.
func (a *advancer) step(t *simTask, r *simTaskRun) error {
	rng := a.s.rng
	name := label(t, r)
	switch r.state {
	case "Pending":
		// A mapped child waits for its own upstream child when mapping over a mapped task.
		if len(t.up) > 0 {
			if up := a.runs[t.up[0]]; len(up) > 1 && r.mapIndex >= 0 && r.mapIndex+1 < len(up) {
				u := up[r.mapIndex+1]
				if !mutations.IsFinished(u.state) {
					return nil
				}
				if isFailed(u.state) {
					if err := a.set(r, mutations.NewState("TriggerFailed", `Trigger was "all_successful" but some of the upstream tasks failed.`)); err != nil {
						return err
					}
					return a.log(r, "prefect.TaskRunner", "INFO", fmt.Sprintf("Task '%s': Finished task run for task with final state: 'TriggerFailed'", name))
				}
			}
		}
		if rng.IntN(3) == 0 {
			return nil
		}
		if err := a.set(r, mutations.NewState("Running", "Starting task run.")); err != nil {
			return err
		}
		return a.log(r, "prefect.TaskRunner", "INFO", fmt.Sprintf("Task '%s': Starting task run...", name))
	case "Retrying":
		if r.stateStart.After(a.now) {
			return nil
		}
		if err := a.set(r, mutations.NewState("Running", "Starting task run.")); err != nil {
			return err
		}
		return a.log(r, "prefect.TaskRunner", "INFO", fmt.Sprintf("Task '%s': Starting task run...", name))
	case "Running":
		if a.now.Sub(r.stateTS) < 2*time.Second || rng.IntN(2) == 0 {
			if rng.IntN(4) == 0 {
				return a.log(r, "prefect."+t.name, "INFO", fmt.Sprintf("Processed %d records", 100+rng.IntN(50000)))
			}
			return nil
		}
		switch x := rng.Float64(); {
		case x < 0.04:
			msg := failureMessages[rng.IntN(len(failureMessages))]
			if err := a.set(r, mutations.NewState("Failed", "Error during execution of task: "+msg)); err != nil {
				return err
			}
			if err := a.log(r, "prefect.TaskRunner", "ERROR", fmt.Sprintf("Task '%s': Exception encountered during task execution!\n%s", name, pyException(msg))); err != nil {
				return err
			}
			return a.log(r, "prefect.TaskRunner", "INFO", fmt.Sprintf("Task '%s': Finished task run for task with final state: 'Failed'", name))
		case x < 0.10 && t.retries > 0 && r.version < 4:
			st := mutations.NewState("Retrying", fmt.Sprintf("Retrying Task (after attempt 1 of %d)", t.retries+1)).WithStartTime(a.now.Add(10 * time.Second))
			if err := a.set(r, st); err != nil {
				return err
			}
			r.stateStart = a.now.Add(10 * time.Second)
			return a.log(r, "prefect.TaskRunner", "WARNING", fmt.Sprintf("Task '%s': Finished task run for task with final state: 'Retrying'", name))
		default:
			if err := a.set(r, mutations.NewState("Success", "Task run succeeded.")); err != nil {
				return err
			}
			return a.log(r, "prefect.TaskRunner", "INFO", fmt.Sprintf("Task '%s': Finished task run for task with final state: 'Success'", name))
		}
	}
	return nil
}
