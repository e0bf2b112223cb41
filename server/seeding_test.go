package server_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// cancelWhen cancels ctx once cond holds (polled), as SIGINT or SIGTERM would
// mid-seed.
func cancelWhen(t *testing.T, cond func() bool) (context.Context, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			if cond() {
				cancel()
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	return ctx, func() { cancel(); <-done }
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

// writing reports whether a seed is writing the file at path: it holds the lock.
func writing(path string) bool {
	held, err := store.Locked(path)
	return err == nil && held
}

func flowRuns(t *testing.T, path string) int {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM flow_run`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSeedingAFileIsAllOrNothing: a new file interrupted mid-seed does not exist
// afterwards; the next start seeds it whole; a start with the same scale reuses it
// without seeding again, one with another scale is refused.
func TestSeedingAFileIsAllOrNothing(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "scale.db")
	first := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	opts := server.Options{DB: path, Scale: 400, Now: func() time.Time { return first }}

	// Probed only once it has a schema: the seed holds its lock from then on.
	partial := path + seed.PartialSuffix
	ctx, stop := cancelWhen(t, func() bool {
		fi, err := os.Stat(partial)
		return err == nil && fi.Size() > 0 && writing(partial)
	})
	_, err := server.NewContext(ctx, opts)
	stop()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted start: %v, want context.Canceled", err)
	}
	for _, p := range []string{path, path + seed.PartialSuffix} {
		if exists(p) {
			t.Errorf("%s exists after an interrupted seed", p)
		}
	}

	s, err := server.NewContext(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if n := flowRuns(t, path); n != 400 {
		t.Fatalf("%d flow runs, want 400", n)
	}

	later := first.Add(time.Hour)
	opts.Now = func() time.Time { return later }
	s, err = server.NewContext(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	rec, ok, err := seed.Find(context.Background(), s.DB, "bench")
	s.Close()
	if err != nil || !ok || rec.Now != store.FormatTime(first) {
		t.Errorf("reopened with the same scale: record %+v %v %v, want the first seed's", rec, ok, err)
	}

	opts.Scale = 300
	if _, err := server.NewContext(context.Background(), opts); err == nil || !strings.Contains(err.Error(), "seeded with 400 runs, not 300") {
		t.Errorf("another scale: %v", err)
	}
}

// TestSeedingAnExistingFileIsAllOrNothing: seeding into a file that exists already
// runs in one transaction; interrupted, the file holds nothing of the seed, and the
// next start seeds it.
func TestSeedingAnExistingFileIsAllOrNothing(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "existing.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	opts := server.Options{DB: path, Seed: "demo", Scale: 400}
	ctx, stop := cancelWhen(t, func() bool { return writing(path) })
	_, err = server.NewContext(ctx, opts)
	stop()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted start: %v, want context.Canceled", err)
	}
	if n := flowRuns(t, path); n != 0 {
		t.Fatalf("%d flow runs after an interrupted seed, want none", n)
	}
	s, err := server.NewContext(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if n := flowRuns(t, path); n < 400 {
		t.Fatalf("%d flow runs, want the demo's 400 and its upcoming ones", n)
	}
}
