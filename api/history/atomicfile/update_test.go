package atomicfile_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/api/history/atomicfile"
)

// appendLine adds a line to the file under Update.
func appendLine(path, line string) error {
	return atomicfile.Update(path, func(old []byte) ([]byte, error) {
		return append(old, line+"\n"...), nil
	})
}

// TestUpdateHelperProcess is not a test: TestUpdateAcrossProcesses runs the test binary
// with ATOMICFILE_HELPER set, and this appends lines as one of several processes.
func TestUpdateHelperProcess(t *testing.T) {
	path, who := os.Getenv("ATOMICFILE_HELPER"), os.Getenv("ATOMICFILE_WHO")
	if path == "" {
		return
	}
	for i := range 40 {
		if err := appendLine(path, fmt.Sprintf("%s-%d", who, i)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	os.Exit(0)
}

// TestUpdateAcrossProcesses: four processes append 40 lines each to one file at the
// same time; with the lock, none of the 160 lines is lost.
func TestUpdateAcrossProcesses(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config.toml")
	var procs []*exec.Cmd
	for p := range 4 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestUpdateHelperProcess$")
		cmd.Env = append(os.Environ(), "ATOMICFILE_HELPER="+path, "ATOMICFILE_WHO=p"+strconv.Itoa(p))
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		procs = append(procs, cmd)
	}
	for _, cmd := range procs {
		if err := cmd.Wait(); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	seen := map[string]bool{}
	for _, l := range lines {
		seen[l] = true
	}
	if len(lines) != 160 || len(seen) != 160 {
		t.Fatalf("%d lines, %d distinct; want 160", len(lines), len(seen))
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode: %v %v", fi, err)
	}
}

func TestUpdateErrorKeepsTheFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "f")
	if err := appendLine(path, "one"); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := atomicfile.Update(path, func([]byte) ([]byte, error) { return []byte("lost"), boom }); !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "one\n" {
		t.Errorf("file = %q", b)
	}
}
