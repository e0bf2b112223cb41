package seed

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync"
)

// batchRows is how many rows one multi-row INSERT carries.
const batchRows = 64

// pipeDepth is how many full batches may wait for the SQL goroutine.
const pipeDepth = 64

// batch is up to batchRows rows of one table, as the driver values of its shape's
// parameters.
type batch struct {
	shape *shape
	vals  []driver.NamedValue
	rows  int
}

// writer writes a seed's rows: add fills a batch per table and hands each full batch
// to a goroutine of its own that runs it as a prepared multi-row INSERT on the driver
// connection. Building the next rows and SQLite's inserts so overlap (two cores), and
// the inserts skip database/sql's per-statement work (locks, argument conversion):
// the seed's values are already driver values. The statements run without a context
// (a cancellable one costs the driver a goroutine per statement): the seed looks at
// its context between runs, and close reports the first error.
type writer struct {
	tenant  string
	shapes  map[string]*shape
	open    map[string]*batch
	order   []string
	count   int64
	out     chan *batch
	free    sync.Pool
	done    chan struct{}
	mu      sync.Mutex
	err     error
	failed  bool
	started bool
	conn    *sql.Conn
}

func newWriter(conn *sql.Conn, tenant string) *writer {
	w := &writer{tenant: tenant, shapes: map[string]*shape{}, open: map[string]*batch{}, conn: conn}
	w.free.New = func() any { return &batch{} }
	return w
}

// start starts the SQL goroutine. Until close the caller must not use the connection.
func (w *writer) start() {
	w.out = make(chan *batch, pipeDepth)
	w.done = make(chan struct{})
	w.started = true
	go func() {
		defer close(w.done)
		err := w.conn.Raw(func(dc any) error { return w.run(dc) })
		if err != nil {
			w.fail(err)
		}
		for range w.out { // after an error: let add and close finish
		}
	}()
}

func (w *writer) fail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		w.err = err
	}
	w.failed = true
}

func (w *writer) firstErr() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// run executes batches until out is closed or one fails.
func (w *writer) run(dc any) error {
	prep, ok := dc.(driver.ConnPrepareContext)
	if !ok {
		return errors.New("seed: the SQLite driver cannot prepare statements with a context")
	}
	stmts := map[string]driver.StmtExecContext{}
	defer func() {
		for _, s := range stmts {
			s.(driver.Stmt).Close()
		}
	}()
	ctx := context.Background()
	for b := range w.out {
		key := fmt.Sprintf("%s/%d", b.shape.table, b.rows)
		st := stmts[key]
		if st == nil {
			s, err := prep.PrepareContext(ctx, b.shape.insertSQL(b.rows))
			if err != nil {
				return err
			}
			var ok bool
			if st, ok = s.(driver.StmtExecContext); !ok {
				s.Close()
				return errors.New("seed: the SQLite driver cannot execute statements with a context")
			}
			stmts[key] = st
		}
		if _, err := st.ExecContext(ctx, b.vals); err != nil {
			return fmt.Errorf("insert %s: %w", b.shape.table, err)
		}
		w.recycle(b)
	}
	return nil
}

func (w *writer) recycle(b *batch) {
	for i := range b.vals {
		b.vals[i].Value = nil
	}
	b.vals, b.rows = b.vals[:0], 0
	w.free.Put(b)
}

// add queues one row for table: the value of each of cols, which must be the same
// for every row of a table.
func (w *writer) add(table string, cols []string, vals ...any) error {
	sh := w.shapes[table]
	if sh == nil {
		sh = newShape(table, cols)
		w.shapes[table] = sh
	}
	if err := sh.check(w.tenant, vals); err != nil {
		return err
	}
	if !w.started {
		w.start()
	}
	b := w.open[table]
	if b == nil {
		b = w.newBatch(sh)
		w.open[table] = b
		w.order = append(w.order, table)
	}
	for i, v := range vals {
		if sh.col[i].kind == perRow {
			b.vals = append(b.vals, driver.NamedValue{Ordinal: len(b.vals) + 1, Value: driverValue(v)})
		}
	}
	b.rows++
	w.count++
	if b.rows < batchRows {
		return nil
	}
	w.open[table] = w.newBatch(sh)
	return w.send(b)
}

func (w *writer) newBatch(sh *shape) *batch {
	b := w.free.Get().(*batch)
	b.shape = sh
	if n := batchRows*sh.nrow + 1; cap(b.vals) < n {
		b.vals = make([]driver.NamedValue, 0, n)
	}
	if sh.tenant {
		b.vals = append(b.vals, driver.NamedValue{Ordinal: 1, Value: w.tenant})
	}
	return b
}

func (w *writer) send(b *batch) error {
	w.mu.Lock()
	failed, err := w.failed, w.err
	w.mu.Unlock()
	if failed {
		return err
	}
	w.out <- b
	return nil
}

// close writes every queued row, stops the SQL goroutine and returns the first error.
// The connection is the caller's again afterwards.
func (w *writer) close() error {
	if !w.started {
		return w.firstErr()
	}
	for _, name := range w.order {
		if b := w.open[name]; b.rows > 0 {
			if err := w.send(b); err != nil {
				break
			}
		}
	}
	w.stop()
	return w.firstErr()
}

// stop drops the queued rows and stops the SQL goroutine; close after stop is a no-op.
func (w *writer) stop() {
	if !w.started {
		return
	}
	w.open = map[string]*batch{}
	close(w.out)
	<-w.done
	w.started = false
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
