package seed

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// batchRows is how many rows one multi-row INSERT carries.
const batchRows = 64

// batch buffers rows of one table and writes them with a prepared multi-row INSERT.
type batch struct {
	table string
	cols  []string
	buf   []any
	rows  int
	stmt  *sql.Stmt
}

// writer owns the batches of one seeding transaction.
type writer struct {
	ctx     context.Context
	tx      *sql.Tx
	batches map[string]*batch
	order   []string
	count   int64
}

func newWriter(ctx context.Context, tx *sql.Tx) *writer {
	return &writer{ctx: ctx, tx: tx, batches: map[string]*batch{}}
}

func insertSQL(table string, cols []string, rows int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %q (%s) VALUES ", table, `"`+strings.Join(cols, `", "`)+`"`)
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
	}
	return b.String()
}

// add queues one row for table; cols must be the same for every row of a table.
func (w *writer) add(table string, cols []string, vals ...any) error {
	b := w.batches[table]
	if b == nil {
		b = &batch{table: table, cols: cols}
		w.batches[table] = b
		w.order = append(w.order, table)
	}
	b.buf = append(b.buf, vals...)
	b.rows++
	w.count++
	if b.rows < batchRows {
		return nil
	}
	if b.stmt == nil {
		st, err := w.tx.PrepareContext(w.ctx, insertSQL(table, cols, batchRows))
		if err != nil {
			return err
		}
		b.stmt = st
	}
	if _, err := b.stmt.ExecContext(w.ctx, b.buf...); err != nil {
		return fmt.Errorf("insert %s: %w", table, err)
	}
	b.buf, b.rows = b.buf[:0], 0
	return nil
}

// flush writes every queued row and closes the prepared statements.
func (w *writer) flush() error {
	for _, name := range w.order {
		b := w.batches[name]
		if b.rows > 0 {
			if _, err := w.tx.ExecContext(w.ctx, insertSQL(b.table, b.cols, b.rows), b.buf...); err != nil {
				return fmt.Errorf("insert %s: %w", b.table, err)
			}
			b.buf, b.rows = b.buf[:0], 0
		}
		if b.stmt != nil {
			b.stmt.Close()
			b.stmt = nil
		}
	}
	return nil
}

var (
	colsTenant  = []string{"id", "created", "updated", "name", "slug", "info", "settings"}
	colsProject = []string{"id", "tenant_id", "created", "updated", "name", "description"}
	colsFG      = []string{"id", "tenant_id", "created", "updated", "name", "labels", "schedule", "settings", "default_parameters", "run_config", "description"}
	colsFlow    = []string{"id", "tenant_id", "created", "updated", "version", "name", "description", "environment", "parameters", "project_id",
		"archived", "version_group_id", "storage", "core_version", "settings", "serialized_flow", "schedule", "is_schedule_active", "flow_group_id", "run_config"}
	colsTask = []string{"id", "tenant_id", "created", "updated", "flow_id", "name", "slug", "description", "type", "max_retries", "retry_delay",
		"trigger", "mapped", "auto_generated", "cache_key", "is_root_task", "is_terminal_task", "is_reference_task", "tags"}
	colsEdge    = []string{"id", "tenant_id", "created", "updated", "flow_id", "upstream_task_id", "downstream_task_id", "key", "mapped"}
	colsFlowRun = []string{"id", "tenant_id", "created", "updated", "flow_id", "parameters", "scheduled_start_time", "auto_scheduled", "heartbeat",
		"start_time", "end_time", "version", "state", "state_timestamp", "state_message", "state_result", "state_start_time", "serialized_state",
		"name", "context", "times_resurrected", "idempotency_key", "agent_id", "labels", "run_config"}
	colsFRState = []string{"id", "tenant_id", "flow_run_id", "timestamp", "state", "message", "result", "start_time", "serialized_state", "created", "updated", "version"}
	colsTaskRun = []string{"id", "tenant_id", "created", "updated", "flow_run_id", "task_id", "map_index", "version", "heartbeat", "start_time",
		"end_time", "state", "state_timestamp", "state_message", "state_result", "state_start_time", "serialized_state", "cache_key", "name"}
	colsTRState  = []string{"id", "tenant_id", "task_run_id", "timestamp", "state", "message", "result", "start_time", "serialized_state", "created", "updated", "version"}
	colsLog      = []string{"id", "tenant_id", "flow_run_id", "task_run_id", "timestamp", "name", "level", "message", "info", "created", "updated", "is_loaded_from_archive"}
	colsAgent    = []string{"id", "created", "updated", "tenant_id", "agent_config_id", "name", "type", "core_version", "labels", "last_queried"}
	colsAgentCfg = []string{"id", "created", "updated", "tenant_id", "name", "settings"}
	colsArtifact = []string{"id", "created", "updated", "tenant_id", "task_run_id", "kind", "data"}
	colsMessage  = []string{"id", "created", "updated", "tenant_id", "read", "type", "text", "content"}
)
