package bench

import (
	"context"
	"testing"
	"time"
)

// BenchmarkExplorer times every case at each scale of $BENCH_SCALE, in-process and
// over HTTP, alternating with its plain SQL baseline in the same loop so that both see
// the same machine load. It reports medians (ours-ms, base-ms) and the targets
// (max-ms, max-ratio), which cmd/benchtable prints as one table.
func BenchmarkExplorer(b *testing.B) {
	scales, err := Scales()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, n := range scales {
		path, err := DBPath(ctx, n, b.Logf)
		if err != nil {
			b.Fatal(err)
		}
		r, err := NewRunner(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range Cases(r.Fixture) {
			p, err := r.Prepare(c)
			if err != nil {
				b.Fatal(err)
			}
			for _, mode := range []string{"inproc", "http"} {
				run := r.InProcess
				if mode == "http" {
					run = r.HTTP
				}
				b.Run(ScaleName(n)+"/"+c.Name+"/"+mode, func(b *testing.B) {
					// Warm the page cache and the server's caches for both.
					if err := run(ctx, p); err != nil {
						b.Fatal(err)
					}
					if err := r.SQL(ctx, p); err != nil {
						b.Fatal(err)
					}
					ours := make([]time.Duration, 0, b.N)
					base := make([]time.Duration, 0, b.N)
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						// Alternate which goes first, so neither always runs warmer.
						first, second := func() error { return timed(&ours, func() error { return run(ctx, p) }) },
							func() error { return timed(&base, func() error { return r.SQL(ctx, p) }) }
						if i%2 == 1 {
							first, second = second, first
						}
						if err := first(); err != nil {
							b.Fatal(err)
						}
						if err := second(); err != nil {
							b.Fatal(err)
						}
					}
					t := TargetFor(n, mode == "http")
					b.ReportMetric(Median(ours), "ours-ms")
					b.ReportMetric(Median(base), "base-ms")
					b.ReportMetric(t.MaxMS, "max-ms")
					b.ReportMetric(t.MaxRatio, "max-ratio")
				})
			}
		}
		r.Close()
	}
}

func timed(into *[]time.Duration, f func() error) error {
	t0 := time.Now()
	err := f()
	*into = append(*into, time.Since(t0))
	return err
}
