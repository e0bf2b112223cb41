package logs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// TestExportGoesToTheExportDirectory: `e` writes to the configured export directory
// (Deps.ExportDir), mode 0600 (logs may hold secrets), and says where; without one, to
// the current directory, and the message says that it is the current directory.
func TestExportGoesToTheExportDirectory(t *testing.T) {
	cwd := t.TempDir()
	t.Chdir(cwd)
	dir := t.TempDir()
	m, _, _, c := open(t, 80, 24, Options{})
	m.deps.ExportDir = dir
	m, out := press(m, "e")
	st, ok := uitest.Find[screen.StatusMsg](out)
	files, _ := filepath.Glob(filepath.Join(dir, "*.log"))
	if !ok || len(files) != 1 || !strings.Contains(st.Text, files[0]) {
		t.Fatalf("export: %q, files in the export dir %v", st.Text, files)
	}
	if fi, err := os.Stat(files[0]); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	// No export dir: the current directory, said so.
	m2 := New(m.deps, m.scope, Options{})
	m2.deps.ExportDir = ""
	m2.deps.Client = c
	m2.SetSize(80, 24)
	m2, _ = settle(m2, uitest.RunCmd(m2.Init())...)
	_, out = press(m2, "e")
	st, _ = uitest.Find[screen.StatusMsg](out)
	files, _ = filepath.Glob(filepath.Join(cwd, "*.log"))
	if len(files) != 1 || !strings.Contains(st.Text, "current directory") {
		t.Fatalf("default export: %q, files %v", st.Text, files)
	}
	if fi, _ := os.Stat(files[0]); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", fi.Mode().Perm())
	}
}
