package mutations

import (
	"context"
	"crypto/md5"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/prefect-tui/prefect-tui/api/schedule"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// MaxScheduledRuns is how many runs ahead the scheduler keeps for a flow
// (services.towel.max_scheduled_runs_per_flow).
const MaxScheduledRuns = 10

// ScheduleFlowRuns implements api.flows.schedule_flow_runs: for a flow whose schedule
// is active (the flow group's schedule wins over the flow's) and that is not archived,
// it creates a run for each of the schedule's next maxRuns events after now, with the
// clock's parameter defaults and labels, marked auto_scheduled. Events no later than
// the latest auto-scheduled run are skipped unless they carry parameters or labels;
// idempotency keys make repeated calls safe. It returns the number of runs created.
func (m Machine) ScheduleFlowRuns(ctx context.Context, q Querier, flowID string, now time.Time, maxRuns int) (int, error) {
	var fSched, gSched, last sql.NullString
	err := q.QueryRowContext(ctx, `SELECT f.schedule, g.schedule,
		(SELECT max(scheduled_start_time) FROM flow_run WHERE flow_id = f.id AND auto_scheduled = 1)
		FROM flow f LEFT JOIN flow_group g ON g.id = f.flow_group_id
		WHERE f.id = ? AND f.is_schedule_active = 1 AND f.archived = 0`, flowID).Scan(&fSched, &gSched, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	raw := gSched
	if !hasJSON(raw) {
		raw = fSched
	}
	if !hasJSON(raw) {
		return 0, nil
	}
	sched, err := schedule.Parse([]byte(raw.String))
	if err != nil {
		return 0, fmt.Errorf("flow %s: %w", flowID, err)
	}
	lastRun := now
	if last.Valid {
		if t, err := store.ParseTime(last.String); err == nil {
			lastRun = t
		}
	}
	created := 0
	for _, e := range sched.Next(maxRuns, now) {
		start := e.Start.UTC()
		key := "auto-scheduled:" + pyISO(start)
		switch {
		case len(e.ParameterDefaults) > 0 || e.Labels != nil:
			key += ":" + eventHash(e)
		case !start.After(lastRun):
			continue
		}
		var exists int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM flow_run WHERE flow_id = ? AND idempotency_key = ?`, flowID, key).Scan(&exists); err != nil {
			return created, err
		}
		if exists > 0 {
			continue
		}
		in := FlowRunInput{FlowID: flowID, ScheduledStart: &start, IdempotencyKey: key, AutoScheduled: true, Parameters: e.ParameterDefaults}
		if e.Labels != nil {
			in.Labels = e.Labels
		}
		if _, err := m.CreateFlowRun(ctx, q, in, now); err != nil {
			return created, err
		}
		created++
	}
	return created, nil
}

func hasJSON(s sql.NullString) bool { return s.Valid && s.String != "" && s.String != "null" }

// pyISO formats t as str(pendulum datetime) in UTC: "2026-03-06T14:00:00+00:00".
func pyISO(t time.Time) string {
	if t.Nanosecond() != 0 {
		return t.Format("2006-01-02T15:04:05.000000-07:00")
	}
	return t.Format("2006-01-02T15:04:05-07:00")
}

// eventHash tells apart events at the same time with different parameters or labels.
func eventHash(e schedule.Event) string {
	b, _ := json.Marshal([]any{e.ParameterDefaults, e.Labels})
	sum := md5.Sum(b)
	return hex.EncodeToString(sum[:])
}

// SetScheduleActive implements api.flows.set_schedule_active: it refuses a schedule
// whose clocks leave a required parameter without a value (neither the flow group's
// default parameters nor every clock's parameter defaults give it), does nothing for a
// flow with no schedule of its own or of its flow group (false), else turns the
// schedule on and schedules the next runs (true).
func (m Machine) SetScheduleActive(ctx context.Context, q Querier, flowID string, now time.Time) (bool, error) {
	var params, fSched, gSched, gDefaults sql.NullString
	err := q.QueryRowContext(ctx, `SELECT f.parameters, f.schedule, g.schedule, g.default_parameters FROM flow f
		LEFT JOIN flow_group g ON g.id = f.flow_group_id WHERE f.id = ?`, flowID).Scan(&params, &fSched, &gSched, &gDefaults)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	var defs []map[string]any
	decodeJSON(params, &defs)
	var defaults map[string]any
	decodeJSON(gDefaults, &defaults)
	var required []string
	for _, p := range defs {
		name, _ := p["name"].(string)
		if req, _ := p["required"].(bool); req {
			if _, ok := defaults[name]; !ok {
				required = append(required, name)
			}
		}
	}
	if hasJSON(fSched) && len(required) > 0 {
		var s struct {
			Clocks []struct {
				ParameterDefaults map[string]any `json:"parameter_defaults"`
			} `json:"clocks"`
		}
		_ = json.Unmarshal([]byte(fSched.String), &s)
		for _, c := range s.Clocks {
			for _, r := range required {
				if _, ok := c.ParameterDefaults[r]; !ok {
					return false, fmt.Errorf("Can not schedule a flow that has required parameters.")
				}
			}
		}
	}
	if !hasJSON(fSched) && !hasJSON(gSched) {
		return false, nil
	}
	if _, err := q.ExecContext(ctx, `UPDATE flow SET is_schedule_active = 1, updated = ? WHERE id = ?`, store.FormatTime(now), flowID); err != nil {
		return false, err
	}
	_, err = m.ScheduleFlowRuns(ctx, q, flowID, now, MaxScheduledRuns)
	return true, err
}

// ArchiveFlow implements api.flows.archive_flow: the flow is archived (and its schedule
// turned off), its auto-scheduled runs that have not started are deleted and its other
// scheduled runs cancelled.
func (m Machine) ArchiveFlow(ctx context.Context, q Querier, flowID string, now time.Time) error {
	if _, err := q.ExecContext(ctx, `UPDATE flow SET archived = 1, is_schedule_active = 0, updated = ? WHERE id = ?`,
		store.FormatTime(now), flowID); err != nil {
		return err
	}
	if err := deleteScheduledRuns(ctx, q, flowID); err != nil {
		return err
	}
	adhoc, err := queryIDs(ctx, q, `SELECT id FROM flow_run WHERE flow_id = ? AND state = 'Scheduled' AND auto_scheduled = 0 ORDER BY id`, flowID)
	if err != nil {
		return err
	}
	for _, id := range adhoc {
		if err := m.SetFlowRunState(ctx, q, id, "", NewState("Cancelled", fmt.Sprintf("Flow %s was archived.", flowID)), now, ""); err != nil {
			return err
		}
	}
	return nil
}
