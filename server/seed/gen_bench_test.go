package seed_test

import (
	"context"
	"testing"

	"prefect-tui/server/seed"
)

// BenchmarkGenerate measures Generate at 20k runs (the bulk-load path):
// go test ./server/seed -run XXX -bench Generate -benchtime 1x
func BenchmarkGenerate(b *testing.B) {
	for i := 0; i < b.N; i++ {
		db := openDB(b)
		st, err := seed.Generate(context.Background(), db, seed.GenerateOptions{Runs: 20000, Now: now, Seed: 2})
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%d runs, %d rows in %s: %.0f runs/s", st.FlowRuns, st.Rows, st.Elapsed, float64(st.FlowRuns)/st.Elapsed.Seconds())
	}
}
