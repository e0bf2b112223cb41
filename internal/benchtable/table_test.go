package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestParseAndCells(t *testing.T) {
	cases := []struct {
		line string
		want [7]string
	}{
		{"BenchmarkExplorer/100k/ListFlowRuns/default/inproc-2   20   1531165162 ns/op   0.5077 base-ms   5.000 max-ms   1.500 max-ratio   0.6000 ours-ms",
			[7]string{"Explorer/100k/ListFlowRuns/default/inproc", "0.600 ms", "0.508 ms", "1.18×", "≤ 5.00 ms, ≤ 1.50×", "ok", ""}},
		{"BenchmarkExplorer/1M/X/http-2   20   1 ns/op   1.00 base-ms   10.0 max-ms   2.000 max-ratio   12.5 ours-ms",
			[7]string{"Explorer/1M/X/http", "12.5 ms", "1.00 ms", "12.50×", "≤ 10.0 ms, ≤ 2.00×", "MISS", ""}},
		{"BenchmarkExplorer/1M/Y/http-2   20   1 ns/op   0.020 base-ms   0.100 bare-ms   10.0 max-ms   2.000 max-ratio   0.150 ours-ms",
			[7]string{"Explorer/1M/Y/http", "0.150 ms", "0.020 ms", "7.50×", "≤ 10.0 ms, ≤ 2.00×", "MISS", "1.50× ok"}},
		{"BenchmarkExplorer/1M/Z/http-2   20   1 ns/op   0.020 base-ms   0.050 bare-ms   10.0 max-ms   2.000 max-ratio   0.150 ours-ms",
			[7]string{"Explorer/1M/Z/http", "0.150 ms", "0.020 ms", "7.50×", "≤ 10.0 ms, ≤ 2.00×", "MISS", "3.00× MISS"}},
		{"BenchmarkGenerate-2   20   123 ns/op   1167 runs/s", [7]string{"Generate", "1167 runs/s", "—", "—", "—", "", ""}},
		{"BenchmarkView-2   20   2500000 ns/op   100 B/op", [7]string{"View", "2.50 ms/op", "—", "—", "—", "", ""}},
	}
	for _, c := range cases {
		r, ok := parseLine(c.line)
		if !ok {
			t.Fatalf("not parsed: %q", c.line)
		}
		if got := r.cells(); got != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.line, got, c.want)
		}
	}
	for _, line := range []string{"PASS", "ok  	pkg	1.0s", "BenchmarkX", "goos: linux", "BenchmarkX-2 --- FAIL"} {
		if _, ok := parseLine(line); ok {
			t.Errorf("parsed %q", line)
		}
	}
}

func TestTableCountsTargets(t *testing.T) {
	var rows []row
	for _, l := range []string{
		"BenchmarkA-2 1 1 ns/op 1 ours-ms 2 max-ms",
		"BenchmarkB-2 1 1 ns/op 3 ours-ms 2 max-ms",
		"BenchmarkC-2 1 1 ns/op 7 runs/s",
		"BenchmarkD/http-2 1 1 ns/op 0.2 ours-ms 0.01 base-ms 0.15 bare-ms 2 max-ratio",
		"BenchmarkE/http-2 1 1 ns/op 0.5 ours-ms 0.01 base-ms 0.15 bare-ms 2 max-ratio",
		"BenchmarkF/http-2 1 1 ns/op 0.5 ours-ms 0.2 base-ms 0.3 bare-ms 2 max-ratio",
		"BenchmarkG-2 1 1 ns/op 12 ours-ms 14 base-ms 10 max-ms 1.5 max-ratio",
	} {
		r, _ := parseLine(l)
		rows = append(rows, r)
	}
	var b bytes.Buffer
	writeTable(&b, rows[:3])
	if strings.Contains(b.String(), "vs bare http") {
		t.Errorf("a table without requests over HTTP has the bare column:\n%s", b.String())
	}
	b.Reset()
	writeTable(&b, rows)
	if !strings.Contains(b.String(), "1 of 6 measures with a target meet it.") ||
		!strings.Contains(b.String(), "bare net/http handler (vs bare http): 2 of 3 meet") ||
		!strings.Contains(b.String(), "Misses whose plain SQL baseline itself takes longer than the time target: 1.") ||
		!strings.Contains(b.String(), "Misses over HTTP where the bare handler itself is over the ratio target (the transport alone misses it): 2 of 3.") {
		t.Errorf("table:\n%s", b.String())
	}
}
