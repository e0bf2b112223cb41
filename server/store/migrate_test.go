package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestMigrateOldFile: a file made before the search structures and the new log
// indexes opens at the current version, with its runs' labels and names indexed,
// the replaced indexes gone, and the triggers keeping the structures up to date.
func TestMigrateOldFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	// The tables as they are, the log indexes as they were, no search structures.
	var stmts []string
	for _, stmt := range DDL() {
		if strings.HasPrefix(stmt, "CREATE TABLE") && !strings.Contains(stmt, "flow_run_label") {
			stmts = append(stmts, stmt)
		}
	}
	stmts = append(stmts,
		`CREATE INDEX log_run ON log (flow_run_id, timestamp)`,
		`CREATE INDEX log_task_run ON log (task_run_id, timestamp)`,
		`INSERT INTO flow_run (id, name, labels, created, updated, flow_id, scheduled_start_time, auto_scheduled, version)
			SELECT column1, column2, column3, '', '', 'f', '', 0, 1 FROM (VALUES ('r1', 'calm-bobcat', '["prod","k8s"]'),
			('r2', 'Bold-Otter', '[]'), ('r3', NULL, 'not json'), ('r4', 'x', '{"a":"prod"}'))`,
	)
	for _, stmt := range stmts {
		if _, err := old.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	old.Close()
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v int
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil || v != SchemaVersion {
		t.Errorf("user_version %d (%v), want %d", v, err, SchemaVersion)
	}
	for _, ix := range []string{"log_run", "log_task_run"} {
		var n int
		db.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = ?`, ix).Scan(&n)
		if n != 0 {
			t.Errorf("index %s was not dropped", ix)
		}
	}
	labels := func() string {
		out, err := Strings(context.Background(), db, `SELECT element || ':' || id FROM flow_run_label`)
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(out)
		return strings.Join(out, " ")
	}
	names := func(q string) string {
		out, err := Strings(context.Background(), db, `SELECT r.id FROM flow_run AS r WHERE r.rowid IN (SELECT rowid FROM flow_run_name_search WHERE flow_run_name_search MATCH ?) ORDER BY r.id`, q)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(out, " ")
	}
	if got := labels(); got != "k8s:r1 prod:r1" {
		t.Errorf("labels after migration: %q", got)
	}
	runs := func() (n int) {
		if err := db.QueryRow(`SELECT sum(n) FROM row_count WHERE "table" = 'flow_run'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := runs(); n != 4 {
		t.Errorf("runs counted after migration: %d, want 4", n)
	}
	if got := names(`"BOBCAT"`); got != "r1" {
		t.Errorf("names after migration: %q", got)
	}
	ctx := context.Background()
	for _, stmt := range []string{
		`INSERT INTO flow_run (id, name, labels, created, updated, flow_id, scheduled_start_time, auto_scheduled, version)
			VALUES ('r5', 'brave-bobcat', '["gpu"]', '', '', 'f', '', 0, 1)`,
		`UPDATE flow_run SET labels = '["dev","prod"]', name = 'calm-otter' WHERE id = 'r1'`,
		`UPDATE flow_run SET tenant_id = 't' WHERE id = 'r2'`,
		`DELETE FROM flow_run WHERE id = 'r4'`,
		`UPDATE flow_run SET labels = 'broken' WHERE id = 'r5'`,
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	if n := runs(); n != 4 {
		t.Errorf("runs counted by the triggers: %d, want 4", n)
	}
	if got := labels(); got != "dev:r1 prod:r1" {
		t.Errorf("labels kept by the triggers: %q", got)
	}
	if got := names(`"bobcat"`); got != "r5" {
		t.Errorf("bobcat: %q", got)
	}
	if got := names(`"otter"`); got != "r1 r2" {
		t.Errorf("otter: %q", got)
	}
	// The index agrees with the names it was given (rank 1: checked against flow_run).
	if _, err := db.Exec(`INSERT INTO flow_run_name_search (flow_run_name_search, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Errorf("FTS integrity: %v", err)
	}
}

// TestMigrateFromVersion1: a file at version 1 (search structures filled, no row
// counts, the tenant picker's and the agents' old indexes) opens at the current
// version with the old indexes gone and its runs counted per tenant, and the triggers keep the counts as
// runs are added, moved between tenants and deleted.
func TestMigrateFromVersion1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	old, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	var stmts []string
	for _, stmt := range DDL() {
		if strings.Contains(stmt, "row_count") || strings.Contains(stmt, "flow_run_flow_state_tenant") ||
			strings.Contains(stmt, "flow_run_agent_") || strings.Contains(stmt, "log_task_run_only") ||
			strings.Contains(stmt, "flow_run_start_flow") || strings.Contains(stmt, "flow_run_tenant_state_ts") ||
			strings.Contains(stmt, "flow_run_flow_state_sched") || strings.Contains(stmt, "flow_run_state_start_agent") ||
			strings.Contains(stmt, "flow_run_flow_by_start") || strings.Contains(stmt, "flow_run_start_walk") {
			continue // what version 1 did not have
		}
		stmts = append(stmts, stmt)
	}
	stmts = append(stmts,
		`CREATE INDEX flow_run_flow_state ON flow_run (flow_id, state, state_timestamp)`,
		`CREATE INDEX flow_run_agent ON flow_run (agent_id)`,
		`CREATE INDEX flow_run_agent_sched ON flow_run (agent_id, scheduled_start_time)`,
		`CREATE INDEX flow_run_tenant_state_ts ON flow_run (tenant_id, state, state_timestamp)`,
		`CREATE INDEX flow_run_flow_state_sched ON flow_run (flow_id, state, scheduled_start_time)`,
		`CREATE INDEX flow_run_state_start ON flow_run (state, start_time, scheduled_start_time, id)`,
		`CREATE INDEX log_task_run_time ON log (task_run_id, timestamp, id)`,
		`CREATE INDEX flow_run_start ON flow_run (start_time, scheduled_start_time, id)`,
		`CREATE INDEX flow_run_flow_start ON flow_run (flow_id, start_time, scheduled_start_time, id)`,
		`INSERT INTO flow_run (id, tenant_id, name, labels, created, updated, flow_id, scheduled_start_time, auto_scheduled, version)
			SELECT column1, column2, 'run', '[]', '', '', 'f', '', 0, 1 FROM (VALUES ('r1', 'a'), ('r2', 'a'), ('r3', 'b'), ('r4', NULL))`,
		`PRAGMA user_version = 1`,
	)
	for _, stmt := range stmts {
		if _, err := old.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	var triggers int
	if err := old.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name LIKE '%count%'`).Scan(&triggers); err != nil || triggers != 0 {
		t.Fatalf("the version 1 file has %d row count structures (%v), want none", triggers, err)
	}
	old.Close()
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var v int
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil || v != SchemaVersion {
		t.Errorf("user_version %d (%v), want %d", v, err, SchemaVersion)
	}
	indexes := func(name string) (n int) {
		db.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = ?`, name).Scan(&n)
		return n
	}
	for _, ix := range []string{
		"flow_run_flow_state", "flow_run_agent", "log_task_run_time", "flow_run_start", "flow_run_flow_start",
		"flow_run_agent_start", "flow_run_agent_sched", "flow_run_tenant_state_ts", "flow_run_flow_state_sched",
		"flow_run_state_start", "flow_run_start_flow",
	} {
		if indexes(ix) != 0 {
			t.Errorf("index %s was not dropped", ix)
		}
	}
	for _, ix := range []string{
		"flow_run_flow_state_tenant", "log_task_run_only", "flow_run_start_walk", "flow_run_agent_start_state",
		"flow_run_agent_sched_state", "flow_run_tenant_state_ts_id", "flow_run_flow_state_sched_ts",
		"flow_run_state_start_agent", "flow_run_flow_by_start",
	} {
		if indexes(ix) != 1 {
			t.Errorf("index %s was not created", ix)
		}
	}
	counts := func() string {
		out, err := Strings(context.Background(), db, `SELECT "tenant_id" || '=' || "n" FROM row_count WHERE "table" = 'flow_run' ORDER BY "tenant_id"`)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(out, " ")
	}
	if got := counts(); got != "=1 a=2 b=1" {
		t.Errorf("runs counted per tenant after migration: %q, want %q", got, "=1 a=2 b=1")
	}
	for _, stmt := range []string{
		`INSERT INTO flow_run (id, tenant_id, name, labels, created, updated, flow_id, scheduled_start_time, auto_scheduled, version)
			VALUES ('r5', 'b', 'run', '[]', '', '', 'f', '', 0, 1)`,
		`UPDATE flow_run SET tenant_id = 'b' WHERE id = 'r1'`,
		`UPDATE flow_run SET name = 'renamed' WHERE id = 'r2'`,
		`DELETE FROM flow_run WHERE id = 'r4'`,
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	if got := counts(); got != "=0 a=1 b=3" {
		t.Errorf("runs counted per tenant by the triggers: %q, want %q", got, "=0 a=1 b=3")
	}
	// Opening again runs no migration: the counts stay.
	db.Close()
	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := counts(); got != "=0 a=1 b=3" {
		t.Errorf("runs counted after reopening: %q", got)
	}
}

// TestMigrateDropsReplacedStartIndex: a version 8 file loses flow_run_start_flow, which
// flow_run_start_walk replaces, and gains the latter.
func TestMigrateDropsReplacedStartIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v8.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`DROP INDEX flow_run_start_walk`,
		`CREATE INDEX flow_run_start_flow ON flow_run (start_time, scheduled_start_time, id, flow_id)`,
		`PRAGMA user_version = 8`,
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	db.Close()
	if db, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := Strings(context.Background(), db, `SELECT name FROM sqlite_schema WHERE type = 'index' AND name LIKE 'flow_run_start_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, " ") != "flow_run_start_walk" {
		t.Errorf("start indexes after migrating a version 8 file: %v, want flow_run_start_walk only", got)
	}
}
