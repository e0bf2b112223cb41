package store

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations bring a file made by an older version to the current schema; migration
// i takes a file from version i to i+1 (PRAGMA user_version). DDL has already created
// what did not exist (tables, indexes, search structures and their triggers) when they
// run; they drop what was replaced and fill what new structures need from old rows.
var migrations = [][]string{
	// 1: the log indexes gain the id of the keyset order (log_run_time and
	// log_task_run_time replace them), and the search structures are filled.
	append([]string{
		`DROP INDEX IF EXISTS log_run`,
		`DROP INDEX IF EXISTS log_task_run`,
	}, rebuildSearch()...),
	// 2: the tenant picker's index holds the tenant (flow_run_flow_state_tenant
	// replaces flow_run_flow_state), and the runs are counted.
	append([]string{`DROP INDEX IF EXISTS flow_run_flow_state`}, recount()...),
	// 3: an agent's runs are read in time order (flow_run_agent_start, whose first
	// column is the one of flow_run_agent, replaces it).
	{`DROP INDEX IF EXISTS flow_run_agent`},
	// 4: the task runs' log index holds only their lines (log_task_run_only replaces
	// log_task_run_time, whose NULL entries SQLite read for a run's own lines).
	{`DROP INDEX IF EXISTS log_task_run_time`},
	// 5: a flow's runs by time hold their state (flow_run_flow_sched_state replaces
	// flow_run_flow), the runs by time hold their flow (flow_run_sched_flow replaces
	// flow_run_sched_time), and a flow's runs by state and time have their own index
	// (flow_run_flow_state_sched).
	{`DROP INDEX IF EXISTS flow_run_flow`, `DROP INDEX IF EXISTS flow_run_sched_time`},
	// 6: the runs by start hold their flow (flow_run_start_flow replaces flow_run_start),
	// and the runs of a flow by start (flow_run_flow_start) go: SQLite sorted every run
	// of the filtered flows through it rather than walk the runs in order.
	{`DROP INDEX IF EXISTS flow_run_start`, `DROP INDEX IF EXISTS flow_run_flow_start`},
	// 7: the runs of a flow by start (flow_run_flow_by_start, built by DDL): a sorted
	// page of the runs of a few flows reads one stream a flow through it.
	{},
	// 8: the agents' indexes hold the state (flow_run_agent_start_state and
	// flow_run_agent_sched_state replace flow_run_agent_start and flow_run_agent_sched),
	// the tenant's runs by state and state time hold the id (flow_run_tenant_state_ts_id
	// replaces flow_run_tenant_state_ts), and a flow's runs by state and schedule hold
	// the state time and id (flow_run_flow_state_sched_ts replaces
	// flow_run_flow_state_sched): the counts and latest-first lists they serve read no
	// run's row. The runs by state and start hold the agent (flow_run_state_start_agent
	// replaces flow_run_state_start), so an agent's runs in a state are not read through
	// the agents' indexes.
	{
		`DROP INDEX IF EXISTS flow_run_agent_start`, `DROP INDEX IF EXISTS flow_run_agent_sched`,
		`DROP INDEX IF EXISTS flow_run_tenant_state_ts`, `DROP INDEX IF EXISTS flow_run_flow_state_sched`,
		`DROP INDEX IF EXISTS flow_run_state_start`,
	},
	// 9: the runs by start, the id descending, with the flow and the name
	// (flow_run_start_walk, built by DDL) replace the runs by start with the flow
	// (flow_run_start_flow): walked backwards they are the runs list's default order
	// with no sort of the id ties, and they hold every column the other one did.
	{`DROP INDEX IF EXISTS flow_run_start_flow`},
}

// SchemaVersion is the version of a file migrated to the current schema.
var SchemaVersion = len(migrations)

// Migrate brings the database to the current schema: it creates every table, index and
// search structure that does not exist yet (DDL), then runs the migrations the file
// has not had, each in one transaction.
func (s *DB) Migrate(ctx context.Context) error {
	for _, stmt := range DDL() {
		if _, err := s.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("migrate: %w: %s", err, stmt)
		}
	}
	for {
		done, err := s.migrateOnce(ctx)
		if err != nil {
			return err
		}
		if done {
			return s.Optimize(ctx)
		}
	}
}

// Optimize gathers the statistics SQLite's query planner chooses indexes by, for the
// tables that have none or whose size changed much since (sampling each index: about
// a second at 100k runs). Without them SQLite guesses, and may read every run to
// count the late ones of a tenant. Open calls it, and so should whoever fills the
// store in bulk, when done.
func (s *DB) Optimize(ctx context.Context) error {
	conn, err := s.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA analysis_limit = 10000`); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `PRAGMA optimize = 0x10002`)
	return err
}

// migrateOnce runs the next migration the file needs; done when it needs none.
func (s *DB) migrateOnce(ctx context.Context) (done bool, err error) {
	tx, err := s.BeginTx(ctx, nil) // BEGIN IMMEDIATE: one process migrates at a time
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	v, err := version(ctx, tx)
	if err != nil {
		return false, err
	}
	if v >= len(migrations) {
		return true, nil
	}
	for _, stmt := range migrations[v] {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return false, fmt.Errorf("migrate to version %d: %w: %s", v+1, err, stmt)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, v+1)); err != nil {
		return false, err
	}
	return false, tx.Commit()
}

func version(ctx context.Context, tx *sql.Tx) (int, error) {
	var v int
	err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v)
	return v, err
}
