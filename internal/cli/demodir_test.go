//go:build unix

package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

func TestRemoveStaleDemoDirs(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal("cannot run true:", err)
	}
	mk := func(name, pid string) string {
		dir := filepath.Join(tmp, "prefect-tui-demo-"+name)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "demo.db"), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if pid != "" {
			if err := os.WriteFile(filepath.Join(dir, demoPIDFile), []byte(pid), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	stale := mk("stale", strconv.Itoa(dead.Process.Pid))
	ours := mk("ours", strconv.Itoa(os.Getpid()))
	alive := mk("alive", "1")
	unmarked := mk("unmarked", "")
	garbage := mk("garbage", "not a pid")
	removeStaleDemoDirs(tmp)
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the dead demo's directory is still there (%v)", err)
	}
	for _, dir := range []string{ours, alive, unmarked, garbage} {
		if _, err := os.Stat(dir); err != nil {
			t.Errorf("%s was removed: %v", filepath.Base(dir), err)
		}
	}
}
