package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// demoDirPattern names the temporary directories of `demo` (os.MkdirTemp pattern).
const demoDirPattern = "prefect-tui-demo-*"

// demoPIDFile records which process owns a demo directory.
const demoPIDFile = "owner.pid"

// makeDemoDir creates the demo's temporary directory and marks it with our pid. It first
// removes the directories of earlier demos whose process is gone: a demo killed with
// SIGKILL (or a closed terminal) cannot clean up its database, which is large.
func makeDemoDir() (string, error) {
	removeStaleDemoDirs(os.TempDir())
	dir, err := os.MkdirTemp("", demoDirPattern)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, demoPIDFile), []byte(strconv.Itoa(os.Getpid())), 0o600); err != nil {
		_ = os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

// removeStaleDemoDirs removes demo directories in tmp whose owner process no longer
// exists. Directories without a readable pid file are left alone, and so is everything
// on systems where a process cannot be probed (processExists is always true there).
func removeStaleDemoDirs(tmp string) {
	dirs, _ := filepath.Glob(filepath.Join(tmp, demoDirPattern))
	for _, dir := range dirs {
		b, err := os.ReadFile(filepath.Join(dir, demoPIDFile))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid <= 0 || pid == os.Getpid() || processExists(pid) {
			continue
		}
		_ = os.RemoveAll(dir)
	}
}
