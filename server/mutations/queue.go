package mutations

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"github.com/prefect-tui/prefect-tui/server/engine"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// QueuedRunsLimit is how many run ids get_runs_in_queue returns at most
// (queued_runs_returned_limit).
const QueuedRunsLimit = 25

// scheduledStates are the Scheduled and Queued classes and their subclasses.
const scheduledStates = `'Scheduled', 'Paused', 'Resume', 'Retrying', 'Queued'`

// getRunsInQueue implements get_runs_in_queue (server api/runs.py): the tenant's flow
// runs that are scheduled to start by `before` (default now), or Running with a task
// run scheduled by then, oldest first, whose labels the agent has all of (a run
// without labels only goes to an agent without labels); at most 25. The agent named by
// the X-Prefect-Agent-Id header is marked as having queried now.
func getRunsInQueue(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	tenant, err := in.optID("tenant_id")
	if err != nil {
		return nil, err
	}
	if tenant == "" {
		// Prefect Cloud's agents with a RUNNER token send no tenant: the token's.
		if tenant = tenantOf(r); tenant == "" {
			return nil, &engine.Error{Message: "get_runs_in_queue needs input.tenant_id", Code: codeInput}
		}
	}
	if err := checkTenant(ctx, tx, r, tenant); err != nil {
		return nil, err
	}
	before := store.FormatTime(now)
	if s := in.str("before"); s != "" {
		if before, err = store.NormalizeTime(s); err != nil {
			return nil, &engine.Error{Message: err.Error(), Code: codeInput}
		}
	}
	agentLabels, _ := in.strs("labels")
	sort.Strings(agentLabels)
	rows, err := tx.QueryContext(ctx, `SELECT id, labels FROM flow_run fr WHERE tenant_id = ? AND (
			(state IN (`+scheduledStates+`) AND state_start_time <= ?)
			OR (state = 'Running' AND EXISTS (SELECT 1 FROM task_run tr WHERE tr.flow_run_id = fr.id
				AND tr.state IN (`+scheduledStates+`) AND tr.state_start_time <= ?)))
		ORDER BY state_start_time, id LIMIT ?`, tenant, before, before, QueuedRunsLimit*3)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, l := range agentLabels {
		have[l] = true
	}
	ids := []string{}
	for rows.Next() {
		var id string
		var labels sql.NullString
		if err := rows.Scan(&id, &labels); err != nil {
			rows.Close()
			return nil, err
		}
		var ls []string
		decodeJSON(labels, &ls)
		ok := len(ls) > 0 || len(agentLabels) == 0
		for _, l := range ls {
			ok = ok && have[l]
		}
		if ok && len(ids) < QueuedRunsLimit {
			ids = append(ids, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if agent := r.Header.Get("X-Prefect-Agent-Id"); agent != "" {
		if _, err := tx.ExecContext(ctx, `UPDATE agent SET last_queried = ? WHERE id = ? AND tenant_id = ?`,
			store.FormatTime(now), agent, tenant); err != nil {
			return nil, err
		}
	}
	return map[string]any{"flow_run_ids": ids}, nil
}
