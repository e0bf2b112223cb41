package queryeditor

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api/answer"
	"github.com/prefect-tui/prefect-tui/ui/queryeditor/results"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// handleResults handles a key in the results pane; ok is false when the key is not
// one of the pane's.
func (m *Model) handleResults(k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := m.keys
	if m.tree == nil {
		return nil, false
	}
	if m.tableMode && m.table != nil {
		t := m.table
		if m.moveCursor(k, t) {
			return nil, true
		}
		switch {
		case key.Matches(k, km.ColLeft):
			t.MoveColumn(-1)
		case key.Matches(k, km.ColRight):
			t.MoveColumn(1)
		default:
			return m.resultActions(k, t.SelectedNode())
		}
		return nil, true
	}
	v := m.treeView
	if m.moveCursor(k, v) {
		return nil, true
	}
	switch {
	case key.Matches(k, km.Fold):
		v.Toggle()
	case key.Matches(k, km.Collapse):
		v.Collapse()
	case key.Matches(k, km.Expand):
		v.Expand()
	case key.Matches(k, km.FoldAll):
		v.SetAll(true)
	case key.Matches(k, km.UnfoldAll):
		v.SetAll(false)
	case key.Matches(k, km.Search):
		return m.openPrompt(promptSearch, "/", v.Query()), true
	case key.Matches(k, km.NextMatch), key.Matches(k, km.PrevMatch):
		d := 1
		if key.Matches(k, km.PrevMatch) {
			d = -1
		}
		i, n := v.NextMatch(d)
		return screen.Status(screen.LevelInfo, fmt.Sprintf("match %d of %d", i, n)), true
	default:
		return m.resultActions(k, v.Selected())
	}
	return nil, true
}

// cursorView is what the tree and the table views share: a cursor over rows.
type cursorView interface {
	Move(d int)
	Page(d int)
	Top()
	Bottom()
}

// moveCursor handles the cursor keys, the same in the tree and the table; it reports
// whether k was one of them.
func (m *Model) moveCursor(k tea.KeyPressMsg, v cursorView) bool {
	km := m.keys
	switch {
	case key.Matches(k, km.Up):
		v.Move(-1)
	case key.Matches(k, km.Down):
		v.Move(1)
	case key.Matches(k, km.PageUp):
		v.Page(-1)
	case key.Matches(k, km.PageDown):
		v.Page(1)
	case key.Matches(k, km.Top):
		v.Top()
	case key.Matches(k, km.Bottom):
		v.Bottom()
	default:
		return false
	}
	return true
}

// resultActions are the keys shared by the tree and the table.
func (m *Model) resultActions(k tea.KeyPressMsg, node int) (tea.Cmd, bool) {
	km := m.keys
	switch {
	case key.Matches(k, km.Table):
		if m.tableMode {
			m.tableMode = false
			return nil, true
		}
		if !m.openTable() {
			return screen.Status(screen.LevelWarn, "no list of objects here to show as a table"), true
		}
		m.tableMode = true
		return screen.Status(screen.LevelInfo, "table: "+m.table.Summary()), true
	case key.Matches(k, km.CopyValue):
		return screen.Copy(m.tree.Text(node), "value at "+m.tree.Path(node)), true
	case key.Matches(k, km.CopyPath):
		p := m.tree.Path(node)
		return screen.Copy(p, "path "+p), true
	case key.Matches(k, km.Export):
		name := "result.json"
		if m.tableMode {
			name = "result.csv"
		}
		return m.suggestPrompt(promptExport, "export to: ", name), true
	}
	return nil, false
}

// tableFor is the array the table view would show: the selected node or its nearest
// ancestor when that is a list of objects, else the first such list in the answer.
func (m *Model) tableFor() int {
	if m.tree == nil || m.treeView == nil {
		return -1
	}
	for i := m.treeView.Selected(); i >= 0; i = int(m.tree.Nodes[i].Parent) {
		if m.tree.IsTable(i) {
			return i
		}
	}
	return m.tree.FirstTable(0)
}

// openTable builds the table view; false when the answer has no list of objects.
func (m *Model) openTable() bool {
	i := m.tableFor()
	if i < 0 {
		m.table = nil
		return false
	}
	if m.table == nil || m.table.Node != i {
		m.table = results.NewTableView(m.tree, i)
	}
	m.layoutResults()
	return true
}

// layoutResults gives the result views their size.
func (m *Model) layoutResults() {
	w, h := m.resultsInner()
	if m.treeView != nil {
		m.treeView.SetSize(w, h)
	}
	if m.table != nil {
		m.table.SetSize(w, h)
	}
}

// exportData is the file content: CSV of the table for a .csv path, else the answer
// (data and errors) as indented JSON.
func (m *Model) exportData(path string) []byte {
	if strings.HasSuffix(strings.ToLower(path), ".csv") {
		if i := m.tableFor(); i >= 0 {
			return tableCSV(m.tree, i)
		}
	}
	return []byte(m.tree.Text(0) + "\n")
}

func tableCSV(t *answer.Tree, i int) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.WriteAll(answer.NewTable(t, i).Records(false))
	return b.Bytes()
}
