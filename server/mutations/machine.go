package mutations

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"

	"github.com/prefect-tui/prefect-tui/server/store"
)

// Querier is what the state machine runs its SQL on: a *sql.Tx, *sql.Conn or *sql.DB.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Machine applies state changes and creates runs exactly as Prefect Server's API and
// Postgres triggers do. The resolvers, the seed and the simulator share it.
type Machine struct {
	// NewID returns a new row id; nil means a random UUID (v4).
	NewID func() string
	// Rand picks generated run names; nil means the global source.
	Rand *rand.Rand
}

func (m Machine) id() string {
	if m.NewID != nil {
		return m.NewID()
	}
	return uuid.NewString()
}

// ErrNotFound marks a missing (or, for a tenant-scoped principal, foreign) row.
var ErrNotFound = errors.New("not found")

// notFound wraps ErrNotFound with Prefect's message, e.g. "Flow run <id> not found".
func notFound(what, id string) error {
	return fmt.Errorf("%w: %s", ErrNotFound, what+" "+id+" not found")
}

// run is the part of a flow_run or task_run row the machine needs.
type run struct {
	ID, TenantID, FlowRunID string
	Version                 int64
	State                   string
	StateTimestamp          string
	Serialized              string
}

// loadRun reads a run row of table ("flow_run" or "task_run") visible to tenant
// ("" = any tenant).
func loadRun(ctx context.Context, q Querier, table, id, tenant string) (run, error) {
	var r run
	var tid, st, ts, ser, fr sql.NullString
	frCol := "''"
	if table == "task_run" {
		frCol = "flow_run_id"
	}
	err := q.QueryRowContext(ctx, `SELECT id, tenant_id, `+frCol+`, version, state, state_timestamp, serialized_state
		FROM `+table+` WHERE id = ? AND (? = '' OR tenant_id = ?)`, id, tenant, tenant).
		Scan(&r.ID, &tid, &fr, &r.Version, &st, &ts, &ser)
	if errors.Is(err, sql.ErrNoRows) {
		what := "Flow run"
		if table == "task_run" {
			what = "Task run"
		}
		return r, notFound(what, id)
	}
	r.TenantID, r.State, r.StateTimestamp, r.Serialized, r.FlowRunID = tid.String, st.String, ts.String, ser.String, fr.String
	return r, err
}

// jsonValue renders v as JSON text for a jsonb column (nil stays NULL).
func jsonValue(v any) any {
	if v == nil {
		return nil
	}
	if raw, ok := v.(json.RawMessage); ok {
		return string(raw)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return string(b)
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// applyState inserts the history row (version = run.version + 1, timestamp = now) and
// updates the run's denormalised columns as update_{flow,task}_run_details_on_state_insert
// do: only when the new version is not older, start_time on the first Running, end_time
// on Success/Failed/Cached/TimedOut/Looped/Cancelled.
func (m Machine) applyState(ctx context.Context, q Querier, table string, r run, st State, now time.Time) (int64, error) {
	version := r.Version + 1
	ts := store.FormatTime(now)
	var start any
	if st.StartTime != nil {
		start = store.FormatTime(*st.StartTime)
	}
	ser := jsonValue(st.Serialized)
	res := jsonValue(st.Result)
	msg := nullString(st.Message)
	if _, err := q.ExecContext(ctx, `INSERT INTO `+table+`_state
		(id, tenant_id, `+table+`_id, timestamp, state, message, result, start_time, serialized_state, created, updated, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.id(), nullString(r.TenantID), r.ID, ts, st.Type, msg, res, start, ser, ts, ts, version); err != nil {
		return 0, err
	}
	_, err := q.ExecContext(ctx, `UPDATE `+table+` SET version = ?, state = ?, serialized_state = ?,
		state_start_time = ?, state_timestamp = ?, state_message = ?, state_result = ?,
		start_time = CASE WHEN ? = 'Running' THEN min(coalesce(start_time, ?), ?) ELSE start_time END,
		end_time = CASE WHEN ? THEN max(coalesce(end_time, ?), ?) ELSE end_time END,
		updated = ?
		WHERE id = ? AND ? >= coalesce(version, 0)`,
		version, st.Type, ser, start, ts, msg, res,
		st.Type, ts, ts,
		endsRun[st.Type], ts, ts,
		ts, r.ID, version)
	return version, err
}

// SetFlowRunState records st for a flow run with set_flow_run_state's semantics:
// Cancelled first cancels every unfinished task run; a second Submitted within 30 s
// fails; Running and Submitted update the heartbeat; Submitted with an agent id sets
// flow_run.agent_id. tenant limits which runs are visible ("" = all).
func (m Machine) SetFlowRunState(ctx context.Context, q Querier, flowRunID, tenant string, st State, now time.Time, agentID string) error {
	r, err := loadRun(ctx, q, "flow_run", flowRunID, tenant)
	if err != nil {
		return err
	}
	if st.Type == "Submitted" && r.State == "Submitted" {
		if t, err := store.ParseTime(r.StateTimestamp); err == nil && now.Sub(t) < 30*time.Second {
			return fmt.Errorf("State update failed: this run has already been submitted.")
		}
	}
	if st.Type == "Cancelled" {
		if err := m.cancelTaskRuns(ctx, q, r.ID, st, now); err != nil {
			return err
		}
	}
	if _, err := m.applyState(ctx, q, "flow_run", r, st, now); err != nil {
		return err
	}
	ts := store.FormatTime(now)
	if IsA(st.Type, "Running") || st.Type == "Submitted" {
		if _, err := q.ExecContext(ctx, `UPDATE flow_run SET heartbeat = ? WHERE id = ?`, ts, r.ID); err != nil {
			return err
		}
	}
	if st.Type == "Submitted" && agentID != "" {
		if _, err := q.ExecContext(ctx, `UPDATE flow_run SET agent_id = ? WHERE id = ?`, agentID, r.ID); err != nil {
			return err
		}
	}
	return nil
}

// cancelTaskRuns gives every unfinished task run of a flow run the state st.
func (m Machine) cancelTaskRuns(ctx context.Context, q Querier, flowRunID string, st State, now time.Time) error {
	rows, err := q.QueryContext(ctx, `SELECT id, tenant_id, version, state FROM task_run WHERE flow_run_id = ? ORDER BY map_index, id`, flowRunID)
	if err != nil {
		return err
	}
	var open []run
	for rows.Next() {
		var r run
		var tid, state sql.NullString
		if err := rows.Scan(&r.ID, &tid, &r.Version, &state); err != nil {
			rows.Close()
			return err
		}
		r.TenantID, r.State = tid.String, state.String
		if !IsFinished(r.State) {
			open = append(open, r)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range open {
		if _, err := m.applyState(ctx, q, "task_run", r, st, now); err != nil {
			return err
		}
	}
	return nil
}

// SetTaskRunState records st for a task run with set_task_run_state's semantics: a
// Running state is refused unless the flow run is Running (force skips the check), the
// previous state's cached_inputs carry forward, and Running updates the heartbeat.
func (m Machine) SetTaskRunState(ctx context.Context, q Querier, taskRunID, tenant string, st State, now time.Time, force bool) error {
	r, err := loadRun(ctx, q, "task_run", taskRunID, tenant)
	if err != nil {
		return err
	}
	if !force && IsA(st.Type, "Running") {
		var frState sql.NullString
		if err := q.QueryRowContext(ctx, `SELECT state FROM flow_run WHERE id = ?`, r.FlowRunID).Scan(&frState); err != nil {
			return err
		}
		if frState.String != "Running" {
			return fmt.Errorf("State update failed: parent flow run %s is not in a running state.", r.FlowRunID)
		}
	}
	if ci, ok := st.Serialized["cached_inputs"].(map[string]any); ok && len(ci) == 0 && r.Serialized != "" {
		var prev map[string]any
		if json.Unmarshal([]byte(r.Serialized), &prev) == nil {
			if pci, ok := prev["cached_inputs"].(map[string]any); ok && len(pci) > 0 {
				st.Serialized = cloneMap(st.Serialized)
				st.Serialized["cached_inputs"] = pci
			}
		}
	}
	if _, err := m.applyState(ctx, q, "task_run", r, st, now); err != nil {
		return err
	}
	if IsA(st.Type, "Running") {
		_, err = q.ExecContext(ctx, `UPDATE task_run SET heartbeat = ? WHERE id = ?`, store.FormatTime(now), r.ID)
	}
	return err
}

// CancelFlowRun implements cancel_flow_run: a finished run is left as it is, a running
// one becomes Cancelling, any other Cancelled. It returns the resulting state name.
func (m Machine) CancelFlowRun(ctx context.Context, q Querier, flowRunID, tenant string, now time.Time) (string, error) {
	r, err := loadRun(ctx, q, "flow_run", flowRunID, tenant)
	if err != nil {
		return "", err
	}
	switch {
	case IsFinished(r.State):
		return r.State, nil
	case IsA(r.State, "Running"):
		if r.State == "Cancelling" {
			return r.State, nil
		}
		return "Cancelling", m.SetFlowRunState(ctx, q, r.ID, tenant, NewState("Cancelling", "Flow run is cancelling"), now, "")
	default:
		return "Cancelled", m.SetFlowRunState(ctx, q, r.ID, tenant, NewState("Cancelled", "Flow run is cancelled"), now, "")
	}
}
