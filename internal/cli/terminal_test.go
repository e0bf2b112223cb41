//go:build linux || darwin

package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/prefect-tui/prefect-tui/server"
)

const noTerminalMsg = "prefect-tui needs a terminal (use ssh -t, or `prefect-tui query`)\n"

// blackhole is an address that accepts connections and never answers: an explorer
// that went to the network before checking for a terminal would hang on it (and the
// count says it went).
func blackhole(t *testing.T) (url string, accepted *atomic.Int32) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	accepted = &atomic.Int32{}
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			t.Cleanup(func() { conn.Close() })
		}
	}()
	return "http://" + ln.Addr().String(), accepted
}

// TestNoTerminalRefuses runs the real program as `ssh -T host prefect-tui`, `echo |
// prefect-tui` and `prefect-tui > file` do: it refuses with status 2 and one line,
// writes nothing to stdout, and never goes to the network.
func TestNoTerminalRefuses(t *testing.T) {
	t.Parallel()
	bin := programBinary(t)
	api, accepted := blackhole(t)
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	defer tty.Close()

	for _, tc := range []struct {
		name  string
		args  []string
		stdin func() (io.Reader, error)
	}{
		{"stdin /dev/null", nil, func() (io.Reader, error) { return os.Open(os.DevNull) }},
		{"stdin a pipe", nil, func() (io.Reader, error) { return strings.NewReader("\n"), nil }},
		{"stdout redirected", nil, func() (io.Reader, error) { return tty, nil }},
		{"open", []string{"open", "4c6d3f1e-2a8b-4d3e-9c1f-0b7a5e6d8c21"}, func() (io.Reader, error) { return os.Open(os.DevNull) }},
		{"demo", []string{"demo"}, func() (io.Reader, error) { return os.Open(os.DevNull) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // a hang guard, not a speed bound
			defer cancel()
			out := filepath.Join(t.TempDir(), "out")
			f, err := os.Create(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			cmd := exec.CommandContext(ctx, bin, append([]string{"--api", api}, tc.args...)...)
			cmd.Env = []string{"HOME=" + t.TempDir(), "TERM=xterm-256color", "PATH=" + os.Getenv("PATH")}
			if cmd.Stdin, err = tc.stdin(); err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = f, &stderr
			start := time.Now()
			err = cmd.Run()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 2 {
				t.Fatalf("err %v after %s, want exit status 2; stderr %q", err, time.Since(start), stderr.String())
			}
			t.Logf("refused in %s", time.Since(start))
			if stderr.String() != noTerminalMsg {
				t.Errorf("stderr = %q, want %q", stderr.String(), noTerminalMsg)
			}
			if b, _ := os.ReadFile(out); len(b) != 0 {
				t.Errorf("stdout got %q", b)
			}
		})
	}
	if n := accepted.Load(); n != 0 {
		t.Errorf("the program connected to the API %d times before refusing", n)
	}
}

// ptyOutput collects what the program draws on its terminal.
type ptyOutput struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (p *ptyOutput) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.buf.Write(b)
}

func (p *ptyOutput) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.buf.String()
}

// TestSIGHUPEndsTheExplorer runs the explorer on a terminal against the embedded
// server, then hangs up as a dropped SSH session does: the process exits by itself.
func TestSIGHUPEndsTheExplorer(t *testing.T) {
	t.Parallel()
	bin := programBinary(t)
	s, err := server.New(server.Options{Seed: "demo", Scale: 10})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		ts.Close()
		s.Close()
	})

	cmd := exec.Command(bin, "--api", ts.URL, "--read-only")
	cmd.Env = []string{"HOME=" + t.TempDir(), "TERM=xterm-256color", "PATH=" + os.Getenv("PATH")}
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 100, Rows: 30})
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	var screen ptyOutput
	go func() { _, _ = io.Copy(&screen, ptmx) }()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	deadline := time.After(60 * time.Second)
	for !strings.Contains(screen.String(), "flows") {
		select {
		case err := <-exited:
			t.Fatalf("the explorer exited early (%v):\n%q", err, screen.String())
		case <-deadline:
			_ = cmd.Process.Kill()
			t.Fatalf("the explorer never drew its flows screen:\n%q", screen.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ProcessState.Sys().(syscall.WaitStatus).Signaled() {
			t.Errorf("killed by the signal rather than exiting: %v", err)
		}
	case <-time.After(30 * time.Second): // a hang guard
		_ = cmd.Process.Kill()
		t.Fatal("the explorer did not exit on SIGHUP")
	}
}
