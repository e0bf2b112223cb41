package queryeditor

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// TestExportGoesToTheExportDirectory: a relative export name lands in the export
// directory (Deps.ExportDir), mode 0600, and the message gives the whole path.
func TestExportGoesToTheExportDirectory(t *testing.T) {
	t.Chdir(t.TempDir())
	dir := t.TempDir()
	m := testModel(t)
	m.deps.ExportDir = dir
	m.reqID = 1
	_, cmd := m.Update(queryRanMsg{reqID: 1, res: api.RawResult{Data: json.RawMessage(`{"flow_run":[{"id":"a"}]}`)}})
	for _, msg := range uitest.RunCmd(cmd) {
		if _, ok := msg.(resultParsedMsg); ok {
			m.Update(msg)
		}
	}
	m.focus, m.editing = focusResults, false
	m.updateKeys()
	m.Update(uitest.Press("x"))
	if m.overlay != overlayPrompt {
		t.Fatalf("x opened no prompt (overlay %v, tree %v)", m.overlay, m.tree != nil)
	}
	for _, k := range uitest.Type("runs.json") {
		m.Update(k)
	}
	_, cmd = m.Update(uitest.Press("enter"))
	var st screen.StatusMsg
	for _, msg := range uitest.RunCmd(cmd) {
		if _, ok := msg.(exportedMsg); ok {
			_, c := m.Update(msg)
			st, _ = uitest.Find[screen.StatusMsg](uitest.RunCmd(c))
		}
	}
	path := filepath.Join(dir, "runs.json")
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 || !strings.Contains(st.Text, path) {
		t.Fatalf("export: %v %v, status %q", fi, err, st.Text)
	}
}
