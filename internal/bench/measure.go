package bench

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Scales returns the database sizes to measure: $BENCH_SCALE, a comma-separated list of
// flow-run counts ("100000", "100000,1000000"); 100k by default.
func Scales() ([]int, error) {
	s := os.Getenv("BENCH_SCALE")
	if s == "" {
		return []int{100_000}, nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("BENCH_SCALE: %q is not a number of flow runs", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// ScaleName is 100k, 1M, 2500 ...
func ScaleName(n int) string {
	switch {
	case n%1_000_000 == 0:
		return strconv.Itoa(n/1_000_000) + "M"
	case n%1000 == 0:
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}

// Target is what a measure must meet: a median of at most MaxMS milliseconds and at
// most MaxRatio times its plain SQL baseline.
type Target struct {
	MaxMS    float64
	MaxRatio float64
}

// TargetFor returns the target of a request at a scale, in-process or over HTTP:
// 5 ms up to 100k runs, 10 ms above; 1.5× plain SQL in-process, 2× over HTTP.
func TargetFor(runs int, http bool) Target {
	t := Target{MaxMS: 5, MaxRatio: 1.5}
	if runs > 100_000 {
		t.MaxMS = 10
	}
	if http {
		t.MaxRatio = 2
	}
	return t
}

// Median returns the median of ds in milliseconds.
func Median(ds []time.Duration) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	mid := len(s) / 2
	if len(s)%2 == 1 {
		return ms(s[mid])
	}
	return (ms(s[mid-1]) + ms(s[mid])) / 2
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
