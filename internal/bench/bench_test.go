package bench

import (
	"context"
	"testing"
	"time"
)

// BenchmarkExplorer times every case at each scale of $BENCH_SCALE, in-process and
// over HTTP, alternating with its baseline, the case's plain SQL run in-process, in the
// same loop so that both see the same machine load. Over HTTP it also times the same
// plain SQL served by a bare net/http handler on loopback answering as many bytes as we
// do (bare.go, bare-ms): what any server pays for the transport. It reports medians
// (ours-ms, base-ms, bare-ms) and the targets (max-ms, max-ratio), which
// cmd/benchtable prints as one table.
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
					// Warm the page cache and the server's caches for both (and
					// keep our answer for the bare baseline to send).
					warm := []func(context.Context, *Prepared) error{run, r.SQL}
					if mode == "http" {
						warm = append(warm, r.BaseHTTP) // our answer is kept by the HTTP run
					}
					for _, f := range warm {
						if err := f(ctx, p); err != nil {
							b.Fatal(err)
						}
					}
					ours := make([]time.Duration, 0, b.N)
					bases := make([]time.Duration, 0, b.N)
					var bares []time.Duration
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						steps := []func() error{
							func() error {
								actx := ctx
								if mode == "inproc" {
									// Authentication is outside the engine, so outside
									// the in-process measure (over HTTP it is inside).
									var err error
									if actx, err = r.Authenticated(ctx, p); err != nil {
										return err
									}
								}
								return timed(&ours, func() error { return run(actx, p) })
							},
							func() error { return timed(&bases, func() error { return r.SQL(ctx, p) }) },
						}
						if mode == "http" {
							steps = append(steps, func() error { return timed(&bares, func() error { return r.BaseHTTP(ctx, p) }) })
						}
						// Alternate which goes first, so neither always runs warmer.
						if i%2 == 1 {
							steps[0], steps[1] = steps[1], steps[0]
						}
						for _, step := range steps {
							if err := step(); err != nil {
								b.Fatal(err)
							}
						}
					}
					t := TargetFor(n, mode == "http")
					b.ReportMetric(Median(ours), "ours-ms")
					b.ReportMetric(Median(bases), "base-ms")
					if bares != nil {
						b.ReportMetric(Median(bares), "bare-ms")
					}
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
