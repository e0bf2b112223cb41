package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestSuspendSearch: rows inserted while a table's search triggers are suspended end
// up in the row counts, the label index and the text index exactly as the triggers
// would have put them, and the triggers are back afterwards.
func TestSuspendSearch(t *testing.T) {
	ctx := context.Background()
	run := func(id, tenant, name, labels string) string {
		return fmt.Sprintf(`INSERT INTO flow_run (id, tenant_id, name, labels, created, updated, flow_id, scheduled_start_time, auto_scheduled, version)
			VALUES ('%s', %s, %s, '%s', '', '', 'f', '', 0, 1)`, id, tenant, name, labels)
	}
	before := []string{run("r1", "'a'", "'brave-bobcat'", `["prod","k8s"]`), run("r2", "NULL", "'calm-otter'", `[]`)}
	during := []string{
		run("r3", "'a'", "'brave-otter'", `["prod","gpu",3]`),
		run("r4", "'b'", "'zürich-bobcat'", `broken`),
		run("r5", "NULL", "NULL", `{"k":"v"}`),
		run("r6", "'b'", "'quiet-lynx'", `["gpu"]`),
	}
	open := func() *DB {
		db, err := Open("")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		conn, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		for _, s := range before {
			if _, err := conn.ExecContext(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		return db
	}
	exec := func(db *DB, stmts []string) {
		for _, s := range stmts {
			if _, err := db.ExecContext(ctx, s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
	}
	triggers := func(db *DB) string {
		out, err := Strings(ctx, db, `SELECT name || ': ' || sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name`)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(out, "\n")
	}
	dump := func(db *DB) string {
		var parts []string
		for _, q := range []string{
			`SELECT "table" || '/' || "tenant_id" || '=' || "n" FROM row_count ORDER BY 1`,
			`SELECT element || ':' || id FROM flow_run_label ORDER BY 1`,
			`SELECT r.id FROM flow_run AS r WHERE r.rowid IN (SELECT rowid FROM flow_run_name_search WHERE flow_run_name_search MATCH '"bobcat"') ORDER BY 1`,
			`SELECT r.id FROM flow_run AS r WHERE r.rowid IN (SELECT rowid FROM flow_run_name_search WHERE flow_run_name_search MATCH '"otter"') ORDER BY 1`,
			`SELECT count(*) FROM flow_run_name_search_docsize`,
		} {
			out, err := Strings(ctx, db, q)
			if err != nil {
				t.Fatal(err)
			}
			parts = append(parts, strings.Join(out, " "))
		}
		return strings.Join(parts, " | ")
	}

	rowByRow := open()
	exec(rowByRow, during)

	bulk := open()
	conn, err := bulk.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantTriggers := triggers(bulk)
	resume, err := SuspendSearch(ctx, conn, "flow_run")
	if err != nil {
		t.Fatal(err)
	}
	var suspended int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND sql LIKE '%AFTER INSERT ON "flow_run"%'`).Scan(&suspended); err != nil || suspended != 0 {
		t.Errorf("%d insert triggers on flow_run while suspended (%v), want none", suspended, err)
	}
	for _, s := range during {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := resume(ctx); err != nil {
		t.Fatal(err)
	}
	conn.Close()

	if got := triggers(bulk); got != wantTriggers {
		t.Errorf("triggers after resume:\n%s\nwant:\n%s", got, wantTriggers)
	}
	want := dump(rowByRow)
	if !strings.Contains(want, "k8s:r1") || !strings.Contains(want, "gpu:r6") || !strings.Contains(want, "flow_run/b=2") {
		t.Fatalf("the row-by-row structures are not what the test expects: %s", want)
	}
	if got := dump(bulk); got != want {
		t.Errorf("after a suspended load:\n%s\nwant (row by row):\n%s", got, want)
	}
	if _, err := bulk.Exec(`INSERT INTO flow_run_name_search (flow_run_name_search, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Errorf("text index after a suspended load: %v", err)
	}
	// The triggers work again.
	exec(bulk, []string{run("r7", "'b'", "'icy-bobcat'", `["gpu"]`)})
	exec(rowByRow, []string{run("r7", "'b'", "'icy-bobcat'", `["gpu"]`)})
	if got, want := dump(bulk), dump(rowByRow); got != want {
		t.Errorf("after an insert once resumed:\n%s\nwant:\n%s", got, want)
	}
}
