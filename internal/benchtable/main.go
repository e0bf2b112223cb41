// Command benchtable runs the repository's benchmarks (`make bench`) and prints them as
// one table: each measure, ours, its baseline, the ratio and the target.
//
// A benchmark joins the table with whatever it reports; these metric units give the
// columns (U is any unit, e.g. ms):
//
//	ours-U     our figure
//	base-U     the baseline measured in the same run (same unit)
//	max-U      the target for ours (at most)
//	max-ratio  the target for ours / base (at most)
//
// A benchmark without ours-U shows its first custom metric, else its time per op.
// Arguments are passed to `go test` in place of the defaults (-bench . ./...); with
// `-from FILE` it formats the output of an earlier run instead.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 2 && args[0] == "-from" {
		b, err := os.ReadFile(args[1])
		if err != nil {
			return err
		}
		var rows []row
		for _, line := range strings.Split(string(b), "\n") {
			if r, ok := parseLine(line); ok {
				rows = append(rows, r)
			}
		}
		writeTable(stdout, rows)
		return nil
	}
	if len(args) == 0 {
		args = []string{"-bench", ".", "./..."}
	}
	goArgs := append([]string{"test", "-run", "^$", "-benchtime", benchtime(), "-timeout", "3h"}, args...)
	loadBefore := loadavg()
	began := time.Now()
	cmd := exec.Command("go", goArgs...)
	cmd.Stderr = stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	var rows []row
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(stderr, line) // progress, and the raw output for the record
		if r, ok := parseLine(line); ok {
			rows = append(rows, r)
		}
	}
	werr := cmd.Wait()
	fmt.Fprintf(stdout, "go %s; %d CPUs; load average %s before, %s after; %s\n\n",
		strings.Join(goArgs, " "), runtime.NumCPU(), loadBefore, loadavg(), time.Since(began).Round(time.Second))
	writeTable(stdout, rows)
	if werr != nil {
		return fmt.Errorf("go test: %w", werr)
	}
	return nil
}

// benchtime is $BENCHTIME or 20 iterations.
func benchtime() string {
	if s := os.Getenv("BENCHTIME"); s != "" {
		return s
	}
	return "20x"
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
