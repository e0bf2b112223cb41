package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// waitLimit bounds every wait for the screen: generous, since the whole suite runs
// with the race detector on a loaded machine; it is a deadline, not a measurement.
const waitLimit = 90 * time.Second

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// TestMain removes the built program after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if builtBin != "" {
		_ = os.RemoveAll(filepath.Dir(builtBin))
	}
	os.Exit(code)
}

// program builds prefect-tui once per test binary (plain `go build` of the module's
// main package, so it is the program users run).
func program(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		goBin, err := exec.LookPath("go")
		if err != nil {
			buildErr = fmt.Errorf("the go command is needed to build prefect-tui: %w", err)
			return
		}
		out, err := exec.Command(goBin, "env", "GOMOD").Output()
		if err != nil || strings.TrimSpace(string(out)) == "" {
			buildErr = fmt.Errorf("cannot find the module root: %v %s", err, out)
			return
		}
		root := filepath.Dir(strings.TrimSpace(string(out)))
		dir, err := os.MkdirTemp("", "prefect-tui-e2e-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "prefect-tui")
		cmd := exec.Command(goBin, "build", "-o", builtBin, ".")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

// terminal is one program running in a private tmux server.
type terminal struct {
	t      *testing.T
	sock   string
	status string // file the exit status is written to
}

// tmuxPath finds tmux or fails the test: CI installs it (.ci/run), and a missing tool
// must not turn these tests into skips.
func tmuxPath(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("tmux")
	if err != nil {
		t.Fatalf("tmux is required: these tests drive the real program in it (apt-get install tmux; .ci/run installs it): %v", err)
	}
	return p
}

// start runs the built program with args at 80×24, with its own HOME, config, cache
// and temporary directories, so no user state leaks in or out.
func start(t *testing.T, args ...string) *terminal {
	t.Helper()
	tmux := tmuxPath(t)
	bin := program(t)
	home := t.TempDir()
	// A short socket path: unix sockets are limited to about 100 bytes.
	sockDir, err := os.MkdirTemp("", "e2e-tmux-")
	if err != nil {
		t.Fatal(err)
	}
	term := &terminal{t: t, sock: filepath.Join(sockDir, "s")}
	env := []string{
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"XDG_CACHE_HOME=" + filepath.Join(home, "cache"),
		"XDG_DATA_HOME=" + filepath.Join(home, "data"),
		"XDG_STATE_HOME=" + filepath.Join(home, "state"),
		"TMPDIR=" + home,
	}
	// A shell writes the program's exit status to a file (tmux's own pane status is
	// not always filled in) and keeps the pane, so the last screen stays readable.
	term.status = filepath.Join(home, "exit-status")
	script := `"$@"; echo $? >` + shellQuote(term.status) + `; exec sleep 600`
	cmdline := append([]string{"sh", "-c", script, "sh", "env"}, env...)
	cmdline = append(append(cmdline, bin), args...)
	tmuxArgs := append([]string{"-S", term.sock, "-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", "80", "-y", "24"}, cmdline...)
	if out, err := exec.Command(tmux, tmuxArgs...).CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		_ = exec.Command(tmux, "-S", term.sock, "kill-server").Run()
		_ = os.RemoveAll(sockDir)
	})
	return term
}

func (term *terminal) tmux(args ...string) string {
	term.t.Helper()
	out, err := exec.Command(tmuxPath(term.t), append([]string{"-S", term.sock}, args...)...).CombinedOutput()
	if err != nil {
		term.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// screen is what the terminal shows now (text, no colours).
func (term *terminal) screen() string { return term.tmux("capture-pane", "-p", "-t", "e2e") }

// keys sends tmux key names ("Enter", "C-r", "Escape").
func (term *terminal) keys(names ...string) {
	term.t.Helper()
	term.tmux(append([]string{"send-keys", "-t", "e2e"}, names...)...)
}

// typeText types s one key at a time, as a person (or a terminal without bracketed
// paste) would.
func (term *terminal) typeText(s string) {
	term.t.Helper()
	for _, r := range s {
		term.tmux("send-keys", "-t", "e2e", "-l", string(r))
	}
}

// paste pastes s the way a terminal does: tmux wraps it in the bracketed-paste
// markers when the program asked for them, and sends line breaks as CR.
func (term *terminal) paste(s string) {
	term.t.Helper()
	term.tmux("set-buffer", "-b", "e2e", "--", s)
	term.tmux("paste-buffer", "-p", "-d", "-b", "e2e", "-t", "e2e")
}

// waitFor polls the screen until ok accepts it; it fails with the last screen.
func (term *terminal) waitFor(what string, ok func(screen string) bool) string {
	term.t.Helper()
	deadline := time.Now().Add(waitLimit)
	var s string
	for {
		s = term.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("timed out waiting for %s; the screen:\n%s", what, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitText waits until the screen contains every one of texts.
func (term *terminal) waitText(texts ...string) string {
	term.t.Helper()
	return term.waitFor(fmt.Sprintf("%q", texts), func(s string) bool {
		for _, x := range texts {
			if !strings.Contains(s, x) {
				return false
			}
		}
		return true
	})
}

// quit presses ctrl+c and checks that the program ended cleanly.
func (term *terminal) quit() {
	term.t.Helper()
	term.keys("C-c")
	var st []byte
	term.waitFor("the program to exit", func(string) bool {
		var err error
		st, err = os.ReadFile(term.status)
		return err == nil && bytes.HasSuffix(st, []byte("\n"))
	})
	if s := strings.TrimSpace(string(st)); s != "0" {
		term.t.Fatalf("the program exited with status %s; the screen:\n%s", s, term.screen())
	}
}

// shellQuote quotes s for sh.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// pane returns the text lines of the bordered pane (rounded, or double-lined when it has
// focus) whose title starts with title
// (borders and trailing blanks removed); nil when there is none.
func pane(screen, title string) []string {
	var out []string
	in := false
	for _, l := range strings.Split(screen, "\n") {
		l = strings.TrimRight(l, " ")
		switch {
		case !in && (strings.HasPrefix(l, "│"+title) || strings.HasPrefix(l, "║"+title)):
			in = true
			out = append(out, inner(l))
		case in && (strings.HasPrefix(l, "╰") || strings.HasPrefix(l, "╚")):
			return out
		case in:
			out = append(out, inner(l))
		}
	}
	return out
}

func inner(l string) string {
	l = strings.TrimPrefix(strings.TrimPrefix(l, "│"), "║")
	l = strings.TrimRight(l, " ")
	l = strings.TrimSuffix(strings.TrimSuffix(l, "│"), "║")
	return string(bytes.TrimRight([]byte(l), " "))
}
