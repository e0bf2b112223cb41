package seed_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// BenchmarkGenerate measures the path `prefect-tui server --db FILE --scale N` takes:
// each iteration seeds seed.LeanRuns flow runs (the scale form, indexes created at the
// end) into a new file with seed.NewFile, and reports runs/s and the file's bytes per
// run. For the 100k and 1M figures, time the command itself: it prints its progress
// and total time on stderr.
func BenchmarkGenerate(b *testing.B) {
	const runs = seed.LeanRuns
	dir := b.TempDir()
	var total time.Duration
	var size int64
	for i := 0; i < b.N; i++ {
		path := filepath.Join(dir, fmt.Sprintf("gen-%d.db", i))
		began := time.Now()
		err := seed.NewFile(context.Background(), path, func(ctx context.Context, db *store.DB) error {
			st, err := seed.Generate(ctx, db, seed.GenerateOptions{Runs: runs, Now: now, Seed: 2})
			if err == nil && st.FlowRuns != runs {
				err = fmt.Errorf("generated %d runs, want %d", st.FlowRuns, runs)
			}
			return err
		})
		total += time.Since(began)
		if err != nil {
			b.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		size += fi.Size()
		os.Remove(path)
	}
	b.ReportMetric(float64(runs*b.N)/total.Seconds(), "runs/s")
	b.ReportMetric(float64(size)/float64(runs*b.N), "B/run")
}
