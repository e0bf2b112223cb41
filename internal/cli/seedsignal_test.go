//go:build linux || darwin

package cli

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// seedScale is big enough for the scale form and its progress lines, and far more
// than a seed writes before the signal that the first progress line triggers.
const seedScale = "20000"

// signalMidSeed starts `server --db path --scale seedScale`, sends sig once the seed
// has reported its first progress line, and returns the process's exit and what it
// wrote on stderr. The process must exit by itself, not be killed by the signal.
func signalMidSeed(t *testing.T, path string, sig syscall.Signal) (code int, stderr string) {
	t.Helper()
	cmd := exec.Command(programBinary(t), "server", "--listen", "127.0.0.1:0", "--db", path, "--scale", seedScale)
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
	errPipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 64)
	var all strings.Builder
	read := make(chan struct{})
	go func() {
		defer close(read)
		sc := bufio.NewScanner(errPipe)
		for sc.Scan() {
			all.WriteString(sc.Text() + "\n")
			select {
			case lines <- sc.Text():
			default:
			}
		}
		_, _ = io.Copy(io.Discard, errPipe)
	}()
	hang := time.After(120 * time.Second) // a hang guard
	for seeding := false; !seeding; {
		select {
		case l := <-lines:
			seeding = strings.HasPrefix(l, "seeding bench: ") && strings.Contains(l, " of "+seedScale+" flow runs")
		case <-read:
			_ = cmd.Wait()
			t.Fatalf("the server ended before it reported seeding:\n%s", all.String())
		case <-hang:
			_ = cmd.Process.Kill()
			<-read
			_ = cmd.Wait()
			t.Fatalf("no progress line from the seed:\n%s", all.String())
		}
	}
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() {
		<-read
		exited <- cmd.Wait()
	}()
	select {
	case err = <-exited:
	case <-time.After(60 * time.Second): // a hang guard
		_ = cmd.Process.Kill()
		<-exited
		t.Fatalf("the server did not stop on %v while seeding:\n%s", sig, all.String())
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ee.ProcessState.Sys().(syscall.WaitStatus).Signaled() {
			t.Fatalf("killed by %v rather than stopping: %v", sig, err)
		}
		return ee.ExitCode(), all.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, all.String()
}

func assertInterrupted(t *testing.T, sig syscall.Signal, code int, stderr string) {
	t.Helper()
	if code != exitFailure || !strings.Contains(stderr, "interrupted while seeding: nothing of the seed was kept") {
		t.Errorf("%v mid-seed: exit %d, want %d and the interruption told:\n%s", sig, code, exitFailure, stderr)
	}
	if strings.Contains(stderr, "listening on") {
		t.Errorf("%v mid-seed: the server went on to listen:\n%s", sig, stderr)
	}
}

// TestSignalWhileSeedingANewFile: SIGTERM or SIGINT while a new store file is being
// seeded stops the server, which leaves neither the file nor its partial file.
func TestSignalWhileSeedingANewFile(t *testing.T) {
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "scale.db")
			code, stderr := signalMidSeed(t, path, sig)
			assertInterrupted(t, sig, code, stderr)
			entries, err := os.ReadDir(filepath.Dir(path))
			if err != nil {
				t.Fatal(err)
			}
			// Neither the file, nor its partial file, nor their journals.
			for _, e := range entries {
				t.Errorf("%s left after %v mid-seed", e.Name(), sig)
			}
		})
	}
}

// TestSignalWhileSeedingAnExistingFile: SIGTERM or SIGINT while a store file that
// existed already is being seeded in place stops the server, and the file is as it
// was: no tenant, no flow run, no seed record, every index.
func TestSignalWhileSeedingAnExistingFile(t *testing.T) {
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "existing.db")
			db, err := store.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
			code, stderr := signalMidSeed(t, path, sig)
			assertInterrupted(t, sig, code, stderr)
			db, err = store.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for _, table := range []string{"tenant", "flow", "flow_run", "task_run", "log"} {
				var n int
				if err := db.QueryRow(`SELECT count(*) FROM "` + table + `"`).Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n != 0 {
					t.Errorf("%d rows in %s after %v mid-seed, want none", n, table, sig)
				}
			}
			// The seed dropped the indexes it defers in its transaction: they are back.
			for _, ix := range store.Indexes() {
				var n int
				if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?`, ix.Name).Scan(&n); err != nil || n != 1 {
					t.Errorf("index %s: %d %v after %v mid-seed", ix.Name, n, err, sig)
				}
			}
			if rec, ok, err := seed.Find(t.Context(), db, "bench"); err != nil || ok {
				t.Errorf("seed record %+v %v %v after %v mid-seed, want none", rec, ok, err, sig)
			}
		})
	}
}
