package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
)

// row is one benchmark result line.
type row struct {
	name    string
	metrics []metric
}

type metric struct {
	value float64
	unit  string
}

// parseLine reads a `go test -bench` result line:
// "BenchmarkX/sub-2   20   123 ns/op   1.5 ours-ms ...".
func parseLine(line string) (row, bool) {
	f := strings.Fields(line)
	if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
		return row{}, false
	}
	if _, err := strconv.Atoi(f[1]); err != nil {
		return row{}, false
	}
	name := strings.TrimPrefix(f[0], "Benchmark")
	if i := strings.LastIndex(name, "-"); i > 0 {
		if _, err := strconv.Atoi(name[i+1:]); err == nil {
			name = name[:i] // the GOMAXPROCS suffix
		}
	}
	r := row{name: name}
	for i := 2; i+1 < len(f); i += 2 {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return row{}, false
		}
		r.metrics = append(r.metrics, metric{v, f[i+1]})
	}
	return r, len(r.metrics) > 0
}

// get returns the metric with the unit prefix+"-"+U and U.
func (r row) get(prefix string) (float64, string, bool) {
	for _, m := range r.metrics {
		if u, ok := strings.CutPrefix(m.unit, prefix+"-"); ok && u != "ratio" {
			return m.value, u, true
		}
	}
	return 0, "", false
}

func (r row) unit(u string) (float64, bool) {
	for _, m := range r.metrics {
		if m.unit == u {
			return m.value, true
		}
	}
	return 0, false
}

// cells returns the row's columns: measure, ours, baseline, ratio, target, verdict,
// and, for a request over HTTP, ours against the plain SQL behind a bare net/http
// handler (bare-ms) with its verdict against the same ratio target.
func (r row) cells() [7]string {
	c := [7]string{r.name, "", "—", "—", "—", "", ""}
	ours, u, ok := r.get("ours")
	if !ok {
		// No convention: the first custom metric, else the time per op.
		for _, m := range r.metrics {
			switch m.unit {
			case "ns/op", "B/op", "allocs/op", "MB/s":
				continue
			}
			c[1] = num(m.value) + " " + m.unit
			return c
		}
		v, _ := r.unit("ns/op")
		c[1] = num(v/1e6) + " ms/op"
		return c
	}
	c[1] = num(ours) + " " + u
	pass := true
	var targets []string
	if max, mu, ok := r.get("max"); ok {
		targets = append(targets, "≤ "+num(max)+" "+mu)
		pass = pass && ours <= max
	}
	if base, _, ok := r.get("base"); ok {
		c[2] = num(base) + " " + u
		if base > 0 {
			ratio := ours / base
			c[3] = strconv.FormatFloat(ratio, 'f', 2, 64) + "×"
			if max, ok := r.unit("max-ratio"); ok {
				targets = append(targets, "≤ "+num(max)+"×")
				pass = pass && ratio <= max
			}
		}
	}
	if bare, ok := r.unit("bare-ms"); ok && bare > 0 {
		ratio := ours / bare
		c[6] = strconv.FormatFloat(ratio, 'f', 2, 64) + "×"
		if max, ok := r.unit("max-ratio"); ok && ratio <= max {
			c[6] += " ok"
		} else if ok {
			c[6] += " MISS"
		}
	}
	if len(targets) > 0 {
		c[4] = strings.Join(targets, ", ")
		c[5] = "ok"
		if !pass {
			c[5] = "MISS"
		}
	}
	return c
}

// num prints a figure with three significant digits (at least the integer part).
func num(v float64) string {
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case v >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strconv.FormatFloat(v, 'f', 3, 64)
}

func writeTable(w io.Writer, rows []row) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	bareCol := false
	for _, r := range rows {
		if _, ok := r.unit("bare-ms"); ok {
			bareCol = true
		}
	}
	if bareCol {
		fmt.Fprintln(tw, "measure\tours\tbaseline\tratio\ttarget\t\tvs bare http\t")
	} else {
		fmt.Fprintln(tw, "measure\tours\tbaseline\tratio\ttarget\t")
	}
	met, total, bareMet, bareTotal := 0, 0, 0, 0
	httpMiss, floorMiss, slowBase := 0, 0, 0
	for _, r := range rows {
		c := r.cells()
		if bareCol {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", c[0], c[1], c[2], c[3], c[4], c[5], c[6])
		} else {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", c[0], c[1], c[2], c[3], c[4], c[5])
		}
		switch {
		case strings.HasSuffix(c[6], " ok"):
			bareMet++
			bareTotal++
		case strings.HasSuffix(c[6], " MISS"):
			bareTotal++
		}
		switch c[5] {
		case "ok":
			met++
			total++
		case "MISS":
			total++
			if r.baseOverTime() {
				slowBase++
			}
			if c[6] != "" {
				httpMiss++
				if r.transportBound() {
					floorMiss++
				}
			}
		}
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%d of %d measures with a target meet it.\n", met, total)
	if bareTotal > 0 {
		fmt.Fprintf(w, "Over HTTP against the same plain SQL behind a bare net/http handler (vs bare http): %d of %d meet the ratio target.\n", bareMet, bareTotal)
	}
	if slowBase > 0 {
		fmt.Fprintf(w, "Misses whose plain SQL baseline itself takes longer than the time target: %d.\n", slowBase)
	}
	if httpMiss > 0 {
		fmt.Fprintf(w, "Misses over HTTP where the bare handler itself is over the ratio target (the transport alone misses it): %d of %d.\n", floorMiss, httpMiss)
	}
}

// baseOverTime says whether the baseline itself takes longer than the time target.
func (r row) baseOverTime() bool {
	base, okBase := r.unit("base-ms")
	max, okMax := r.unit("max-ms")
	return okBase && okMax && base > max
}

// transportBound says whether the plain SQL behind the bare handler already takes more
// than the ratio target over the plain SQL in process: then no server meets it.
func (r row) transportBound() bool {
	bare, okBare := r.unit("bare-ms")
	base, okBase := r.unit("base-ms")
	max, okMax := r.unit("max-ratio")
	return okBare && okBase && okMax && base > 0 && bare/base > max
}
