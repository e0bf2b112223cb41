package seed

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server/store"
)

// TestGenerateBulkRebuildsIndexes runs the bulk-load path on a small scale: the
// dropped indexes come back and the unique ones hold.
func TestGenerateBulkRebuildsIndexes(t *testing.T) {
	db, err := store.Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := generate(context.Background(), db, GenerateOptions{Runs: 200, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, scale{lean: 200, bulk: 50}); err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, s := range store.DDL() {
		if strings.Contains(s, " INDEX ") {
			want++
		}
	}
	var got, runs int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("%d indexes after a bulk load, want %d", got, want)
	}
	if err := db.QueryRow(`SELECT count(*) FROM flow_run`).Scan(&runs); err != nil || runs != 200 {
		t.Errorf("runs: %d %v", runs, err)
	}
}

// TestBulkSeedMatchesRowByRow: a bulk load, which builds the run tables' indexes and
// the runs' search structures and counts at the end rather than row by row, leaves
// the schema of a fresh store (every table, index and trigger, as the migrations
// give them) and the same search structures and counts as the seed of the same runs
// row by row.
func TestBulkSeedMatchesRowByRow(t *testing.T) {
	ctx := context.Background()
	opts := GenerateOptions{Runs: 300, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Seed: 3}
	open := func() *store.DB {
		db, err := store.Open("")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	seeded := func(sc scale) *store.DB {
		db := open()
		if _, err := generate(ctx, db, opts, sc); err != nil {
			t.Fatal(err)
		}
		return db
	}
	rows := func(db *store.DB, q string) string {
		out, err := store.Strings(ctx, db, q)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(out, "\n")
	}
	schema := `SELECT type || ' ' || name || ' ON ' || tbl_name || ': ' || coalesce(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite_stat%' ORDER BY 1`
	// The seed's record of itself is a table of its own (record.go).
	storeSchema := strings.Replace(schema, "WHERE", "WHERE tbl_name <> 'prefect_tui_seed' AND", 1)
	bulk := seeded(scale{lean: 300, bulk: 50})
	rowByRow := seeded(scale{lean: 300, bulk: 1000})
	if got, want := rows(bulk, storeSchema), rows(open(), storeSchema); got != want {
		t.Errorf("schema after a bulk seed:\n%s\nwant (a fresh store's):\n%s", got, want)
	}
	if got, want := rows(bulk, schema), rows(rowByRow, schema); got != want {
		t.Errorf("schema after a bulk seed:\n%s\nwant (a seed row by row):\n%s", got, want)
	}
	for _, q := range []string{
		`SELECT "table" || '/' || "tenant_id" || '=' || "n" FROM row_count ORDER BY 1`,
		`SELECT element || ':' || id FROM flow_run_label ORDER BY 1`,
		`SELECT r.id FROM flow_run AS r WHERE r.rowid IN (SELECT rowid FROM flow_run_name_search WHERE flow_run_name_search MATCH '"bra"') ORDER BY 1`,
		`SELECT r.id FROM flow_run AS r WHERE r.rowid IN (SELECT rowid FROM flow_run_name_search WHERE flow_run_name_search MATCH '"otter"') ORDER BY 1`,
		`SELECT count(*) FROM flow_run_name_search_docsize`,
	} {
		want := rows(rowByRow, q)
		if want == "" || want == "0" {
			t.Fatalf("%s: nothing in the row-by-row seed", q)
		}
		if got := rows(bulk, q); got != want {
			t.Errorf("%s after a bulk seed:\n%s\nwant (row by row):\n%s", q, got, want)
		}
	}
	var runs int
	if err := bulk.QueryRow(`SELECT n FROM row_count WHERE "table" = 'flow_run'`).Scan(&runs); err != nil || runs != 300 {
		t.Errorf("runs counted after a bulk seed: %d %v, want 300", runs, err)
	}
	if _, err := bulk.Exec(`INSERT INTO flow_run_name_search (flow_run_name_search, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Errorf("text index after a bulk seed: %v", err)
	}
}
