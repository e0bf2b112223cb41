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
