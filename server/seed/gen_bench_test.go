package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// BenchmarkGenerate measures the bulk-load path of Generate, reported as runs/s: each
// iteration loads 5,000 flow runs (with their task runs, states and logs) into a fresh
// in-memory store, closed again before the next so memory stays flat. For the 100k
// figure, time `prefect-tui server --db FILE --scale 100000`, which seeds a file store
// through the same path.
func BenchmarkGenerate(b *testing.B) {
	const runs = 5000
	var total time.Duration
	for i := 0; i < b.N; i++ {
		db, err := store.Open("")
		if err != nil {
			b.Fatal(err)
		}
		st, err := seed.Generate(context.Background(), db, seed.GenerateOptions{Runs: runs, Now: now, Seed: 2})
		db.Close()
		if err != nil {
			b.Fatal(err)
		}
		if st.FlowRuns != runs {
			b.Fatalf("generated %d runs, want %d", st.FlowRuns, runs)
		}
		total += st.Elapsed
	}
	b.ReportMetric(float64(runs*b.N)/total.Seconds(), "runs/s")
}
