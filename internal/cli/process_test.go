package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
)

// The linker flags of the test binary: what `make build` sets.
const (
	testVersion = "v9.8.7"
	testCommit  = "0123456789abcdef0123456789abcdef01234567"
	testDate    = "2026-01-02T03:04:05Z"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
	binOut  []byte
)

// programBinary builds prefect-tui once per test run, with version, commit and date
// linked in as `make build` does, for the tests that need a real process (a terminal
// or none, signals).
func programBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "prefect-tui-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "prefect-tui")
		ldflags := "-X main.version=" + testVersion + " -X main.commit=" + testCommit + " -X main.date=" + testDate
		cmd := exec.Command("go", "build", "-ldflags", ldflags, "-o", binPath, "../..")
		binOut, binErr = cmd.CombinedOutput()
	})
	if binErr != nil {
		t.Fatalf("go build: %v\n%s", binErr, binOut)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		_ = os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

func TestVersionOfABuiltBinary(t *testing.T) {
	t.Parallel()
	bin := programBinary(t)
	want := "prefect-tui v9.8.7 (commit 0123456789ab, built 2026-01-02T03:04:05Z)"
	for _, args := range [][]string{{"version"}, {"--version"}} {
		out, err := exec.Command(bin, args...).Output()
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		if first, _, _ := strings.Cut(string(out), "\n"); first != want {
			t.Errorf("%v: first line %q, want %q", args, first, want)
		}
	}
}

func TestBuildFallsBackToBuildInfo(t *testing.T) {
	t.Parallel()
	info := &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "fedcba9876543210fedcba9876543210fedcba98"},
		{Key: "vcs.time", Value: "2026-03-04T05:06:07Z"},
		{Key: "vcs.modified", Value: "true"},
	}}
	tests := map[string]struct {
		linked Build
		info   *debug.BuildInfo
		want   string
	}{
		"go install of a release": {Build{}, info,
			"prefect-tui v1.4.0 (commit fedcba987654, modified, built 2026-03-04T05:06:07Z)"},
		"linker flags win": {Build{Version: "v2.0.0", Commit: "abc", Date: "2026-05-06T00:00:00Z"}, info,
			"prefect-tui v2.0.0 (commit abc, modified, built 2026-05-06T00:00:00Z)"},
		"untagged build": {Build{}, &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: info.Settings},
			"prefect-tui dev-fedcba987654-dirty (commit fedcba987654, modified, built 2026-03-04T05:06:07Z)"},
		"nothing known": {Build{}, nil, "prefect-tui dev (commit unknown, built unknown)"},
	}
	for name, tc := range tests {
		if got := resolveBuild(tc.linked, tc.info).String(); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", name, got, tc.want)
		}
	}
}
