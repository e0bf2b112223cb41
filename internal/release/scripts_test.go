package release_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestScreenshotsSaysWhatIsMissing runs scripts/screenshots.sh where tmux, aha and
// chromium are missing, as root with apt-get at hand but outside CI: it must name what
// is missing and how to get it, and install nothing.
func TestScreenshotsSaysWhatIsMissing(t *testing.T) {
	t.Parallel()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	for _, tool := range []string{"dirname", "mktemp", "rm"} {
		p, err := exec.LookPath(tool)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(p, filepath.Join(bin, tool)); err != nil {
			t.Fatal(err)
		}
	}
	calls := filepath.Join(t.TempDir(), "calls")
	fake := func(name, body string) {
		if err := os.WriteFile(filepath.Join(bin, name), []byte("#!"+bash+"\n"+body+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	fake("id", "echo 0") // root: the old script installed as root without asking
	fake("apt-get", "echo apt-get \"$@\" >>"+calls)
	fake("sudo", "echo sudo \"$@\" >>"+calls)
	prog := filepath.Join(t.TempDir(), "prefect-tui")
	fake(filepath.Base(prog), "")
	if err := os.WriteFile(prog, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(bash, "../../scripts/screenshots.sh")
	cmd.Env = []string{"PATH=" + bin, "BIN=" + prog, "HOME=" + t.TempDir()}
	out, err := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); err == nil || code != 1 {
		t.Fatalf("exit %d (%v), want 1:\n%s", code, err, out)
	}
	for _, want := range []string{"missing tmux aha chromium", "apt-get install --no-install-recommends tmux aha chromium", "nothing was installed"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if b, err := os.ReadFile(calls); err == nil {
		t.Errorf("the script ran: %s", b)
	}
}
