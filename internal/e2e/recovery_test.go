package e2e

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// apiServer is `prefect-tui server` running as its own process on a fixed address
// with its database in a file, so that it can be stopped and started again with the
// same data.
type apiServer struct {
	t    *testing.T
	addr string
	db   string
	cmd  *exec.Cmd
}

func newAPIServer(t *testing.T) *apiServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	s := &apiServer{t: t, addr: addr, db: filepath.Join(t.TempDir(), "prefect.db")}
	t.Cleanup(s.stop)
	return s
}

func (s *apiServer) url() string { return "http://" + s.addr }

// start runs the server (seeding the demo into the file the first time) and waits
// for its "listening on" line.
func (s *apiServer) start() {
	s.t.Helper()
	home := s.t.TempDir()
	cmd := exec.Command(program(s.t), "server", "--listen", s.addr, "--db", s.db, "--seed", "demo")
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "config"))
	out, err := cmd.StdoutPipe()
	if err != nil {
		s.t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	s.cmd = cmd
	up := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "listening on ") {
				up <- true
				break
			}
		}
		_, _ = bufio.NewReader(out).WriteTo(io.Discard)
		up <- false
	}()
	select {
	case ok := <-up:
		if !ok {
			_ = cmd.Wait()
			s.t.Fatalf("the server did not start: %s", stderr.String())
		}
	case <-time.After(waitLimit):
		s.t.Fatalf("the server did not say it listens: %s", stderr.String())
	}
}

// stop ends the server with SIGTERM and waits for it.
func (s *apiServer) stop() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	_ = s.cmd.Wait()
	s.cmd = nil
}

// TestRunPageRecoversWhenTheAPIComesBack drives the real program: the runs list is
// loaded, the API's process stops, and enter opens a run page whose load fails, which
// the page and the header say ("offline"). The API's process starts again on the same
// address with the same database, and the page loads by itself, no key pressed, the
// header saying connected again. (A page whose first load failed has no refresh timer
// of its own: only the explorer's retry brings it back.)
func TestRunPageRecoversWhenTheAPIComesBack(t *testing.T) {
	api := newAPIServer(t)
	api.start()

	term := start(t, "--api", api.url())
	term.waitText("● connected", "etl-orders")
	term.typeText(":runs")
	term.keys("Enter")
	term.waitText("overview › runs", "● connected")

	api.stop()
	term.keys("Enter")
	s := term.waitText("✗ offline", "Couldn't load the flow run")
	if strings.Contains(s, "● connected") {
		t.Fatalf("the header says connected while the API is stopped:\n%s", s)
	}

	api.start()
	s = term.waitFor("the run page to load by itself after the API came back", func(s string) bool {
		return strings.Contains(s, "● connected") && strings.Contains(tabLine(s), "updated")
	})
	if strings.Contains(s, "Couldn't") || strings.Contains(s, "offline") {
		t.Fatalf("the run page still says it could not load:\n%s", s)
	}
	term.quit()
}

// tabLine is the run page's line of tabs ("" when there is none).
func tabLine(screen string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, "1 Timeline") {
			return l
		}
	}
	return ""
}
