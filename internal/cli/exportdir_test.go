package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/internal/userconfig"
)

// TestExportDirFromTheSettingsFile: export-dir in config.toml (~ is the home
// directory) is where the explorer's exports go; without it, the current directory.
func TestExportDirFromTheSettingsFile(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, nil)
	h, _ := ctxHarness(t)
	h.mustRun("--api", f.URL)
	if got := h.programs[0].ExportDir(); got != "" {
		t.Fatalf("no export-dir: the explorer exports to %q", got)
	}
	if err := userconfig.Update(h.configPathForTest(), func(c *userconfig.Config) error { c.ExportDir = "~/prefect-exports"; return nil }); err != nil {
		t.Fatal(err)
	}
	h.mustRun("--api", f.URL)
	if got := h.programs[1].ExportDir(); got != filepath.Join(h.home, "prefect-exports") {
		t.Fatalf("export-dir ~/prefect-exports: the explorer exports to %q", got)
	}
	// A relative directory would depend on where prefect-tui is started: refused.
	err := userconfig.Update(h.configPathForTest(), func(c *userconfig.Config) error { c.ExportDir = "exports"; return nil })
	if err == nil || !strings.Contains(err.Error(), "export-dir") {
		t.Fatalf("relative export-dir: %v", err)
	}
}
