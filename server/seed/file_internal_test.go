package seed

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/prefect-tui/prefect-tui/server/store"
)

// smallBulk makes a seed of 500 runs or more a bulk load in the scale form.
var smallBulk = scale{lean: 500, bulk: 500}

func fillBench(runs int, progress *cancelOnWrite) func(ctx context.Context, db *store.DB) error {
	return func(ctx context.Context, db *store.DB) error {
		o := GenerateOptions{Runs: runs, Now: leanNow, Seed: 3}
		if progress != nil {
			o.Progress = progress
		}
		_, err := generate(ctx, db, o, smallBulk)
		return err
	}
}

// cancelOnWrite cancels a seed when it reports progress for the first time.
type cancelOnWrite struct {
	cancel context.CancelFunc
	writes int
}

func (c *cancelOnWrite) Write(p []byte) (int, error) {
	c.writes++
	c.cancel()
	return len(p), nil
}

func assertGone(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s is left behind (%v)", p, err)
		}
	}
}

// TestNewFileInterruptedLeavesNothing: a seed cancelled halfway (SIGINT, SIGTERM)
// returns the context's error and leaves neither the file nor its partial file.
func TestNewFileInterruptedLeavesNothing(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "scale.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := &cancelOnWrite{cancel: cancel}
	err := NewFile(ctx, path, fillBench(1200, c))
	if !errors.Is(err, context.Canceled) || c.writes == 0 {
		t.Fatalf("NewFile = %v after %d progress lines, want context.Canceled mid-seed", err, c.writes)
	}
	assertGone(t, path, path+PartialSuffix, path+PartialSuffix+"-journal", path+"-wal")
	// A failing fill leaves nothing either.
	boom := errors.New("boom")
	if err := NewFile(context.Background(), path, func(context.Context, *store.DB) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("NewFile = %v, want the fill's error", err)
	}
	assertGone(t, path, path+PartialSuffix)
}

// TestNewFileCompleteHasIndexes: a completed bulk seed is a store like any other: WAL,
// every index of the store, the seed recorded, nothing partial left.
func TestNewFileCompleteHasIndexes(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "scale.db")
	if err := NewFile(context.Background(), path, fillBench(600, nil)); err != nil {
		t.Fatal(err)
	}
	assertGone(t, path+PartialSuffix)
	if err := NewFile(context.Background(), path, fillBench(10, nil)); err == nil {
		t.Error("NewFile over an existing file succeeded")
	}
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	assertIndexes(t, db)
	var mode string
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode %q %v, want wal", mode, err)
	}
	assertSeeded(t, db, 600)
}

// assertIndexes checks that db has every index of the store.
func assertIndexes(t *testing.T, db *store.DB) {
	t.Helper()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	var have []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		have = append(have, n)
	}
	rows.Close()
	for _, ix := range store.Indexes() {
		if !slices.Contains(have, ix.Name) {
			t.Errorf("index %s (%s) missing", ix.Name, ix.Table)
		}
	}
}

// assertSeeded checks that db holds the whole bench seed of runs flow runs, recorded,
// and is sound.
func assertSeeded(t *testing.T, db *store.DB, runs int) {
	t.Helper()
	rec, ok, err := Find(context.Background(), db, "bench")
	if err != nil || !ok || rec.Runs != runs || rec.FlowRuns != runs {
		t.Errorf("seed record %+v %v %v, want %d runs", rec, ok, err, runs)
	}
	if n := count(t, db, `SELECT count(*) FROM flow_run`); n != runs {
		t.Errorf("%d flow runs, want %d", n, runs)
	}
	if n := count(t, db, `SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'`); n != 0 {
		t.Errorf("integrity check: %d problems", n)
	}
}

// TestBulkSeedInPlace: a bulk seed into a store file that exists already (its indexes
// dropped and created again in the seed's transaction) ends with every index and the
// seed recorded; interrupted, it leaves the store as it was: no rows, every index, no
// record.
func TestBulkSeedInPlace(t *testing.T) {
	t.Parallel()
	open := func() *store.DB {
		db, err := store.Open(filepath.Join(t.TempDir(), "existing.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}

	db := open()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := &cancelOnWrite{cancel: cancel}
	if err := fillBench(1200, c)(ctx, db); !errors.Is(err, context.Canceled) || c.writes == 0 {
		t.Fatalf("seed = %v after %d progress lines, want context.Canceled mid-seed", err, c.writes)
	}
	for _, table := range []string{"tenant", "flow", "flow_run", "task_run", "log"} {
		if n := count(t, db, `SELECT count(*) FROM "`+table+`"`); n != 0 {
			t.Errorf("%d rows in %s after an interrupted seed", n, table)
		}
	}
	assertIndexes(t, db)
	if rec, ok, err := Find(context.Background(), db, "bench"); ok || err != nil {
		t.Errorf("seed record %+v %v %v after an interrupted seed, want none", rec, ok, err)
	}

	db = open()
	if err := fillBench(600, nil)(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	assertIndexes(t, db)
	assertSeeded(t, db, 600)
}

// TestNewFileRemovesAStalePartial: what a crashed seed left is removed, and the seed
// runs again.
func TestNewFileRemovesAStalePartial(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "scale.db")
	for _, f := range []string{path + PartialSuffix, path + PartialSuffix + "-journal"} {
		if err := os.WriteFile(f, []byte("half a database"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := NewFile(context.Background(), path, fillBench(50, nil)); err != nil {
		t.Fatal(err)
	}
	assertGone(t, path+PartialSuffix, path+PartialSuffix+"-journal")
}

// TestNewFileLeavesALiveSeedAlone: a partial file that another seed holds is not
// removed, and the second seed says why it cannot run.
func TestNewFileLeavesALiveSeedAlone(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "scale.db")
	other, err := store.OpenBulk(path + PartialSuffix)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := NewFile(context.Background(), path, fillBench(10, nil)); !errors.Is(err, ErrPartialInUse) {
		t.Fatalf("NewFile = %v, want ErrPartialInUse", err)
	}
	var n int
	if err := other.QueryRow(`SELECT count(*) FROM flow_run`).Scan(&n); err != nil {
		t.Fatalf("the other seed's file: %v", err)
	}
	assertGone(t, path)
}
