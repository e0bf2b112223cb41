package queryeditor

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api/history"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

// overlayItem is a row of the history or saved-queries list.
type overlayItem struct {
	title     string // first line shown
	detail    string
	query     string
	variables string
	name      string // saved query name
}

func (m *Model) openHistory() {
	m.items = nil
	if d, ok := m.draftItem(); ok {
		m.items = append(m.items, d)
	}
	if m.store != nil {
		for _, e := range m.store.Entries() {
			d := e.At.Local().Format("Jan 02 15:04:05")
			if e.Elapsed > 0 {
				d += " · " + timefmt.Elapsed(e.Elapsed)
			}
			if e.Error != "" {
				d += " · ✗ " + e.Error
			}
			m.items = append(m.items, overlayItem{title: oneLine(e.Query), detail: d, query: e.Query, variables: e.Variables})
		}
	}
	m.overlay, m.itemSel = overlayHistory, 0
}

func (m *Model) openSaved() {
	m.items = nil
	if m.store != nil {
		for _, q := range m.store.SavedQueries() {
			m.items = append(m.items, overlayItem{title: q.Name, detail: oneLine(q.Query), query: q.Query, variables: q.Variables, name: q.Name})
		}
	}
	m.overlay = overlaySaved
	m.itemSel = max(0, min(m.itemSel, len(m.items)-1))
}

// oneLine squeezes a query onto one line.
func oneLine(q string) string { return strings.Join(strings.Fields(q), " ") }

// handleList: the history or saved-queries list has the keys.
func (m *Model) handleList(k tea.KeyPressMsg) tea.Cmd {
	km := m.keys
	switch {
	case key.Matches(k, km.Close):
		m.overlay = overlayNone
	case key.Matches(k, km.ListUp):
		m.itemSel = max(0, m.itemSel-1)
	case key.Matches(k, km.ListDown):
		m.itemSel = max(0, min(len(m.items)-1, m.itemSel+1))
	case key.Matches(k, km.Load):
		if m.loadItem() {
			m.overlay = overlayNone
			m.focus, m.editing = focusEditor, true
		}
	case key.Matches(k, km.Rerun):
		return m.runItem()
	case key.Matches(k, m.keys.DeleteItem) && m.overlay == overlaySaved && len(m.items) > 0:
		return deleteSavedCmd(m.store, m.items[m.itemSel].name)
	}
	return nil
}

// loadItem puts the selected item's query and variables in the editor (undoable).
func (m *Model) loadItem() bool {
	if m.itemSel < 0 || m.itemSel >= len(m.items) {
		return false
	}
	it := m.items[m.itemSel]
	m.query.SetText(it.query)
	m.query.Top()
	m.variables.SetText(it.variables)
	m.validateVariables()
	m.edited(false)
	return true
}

// runItem loads the selected item and runs it (re-run from history).
func (m *Model) runItem() tea.Cmd {
	if !m.loadItem() {
		return nil
	}
	m.overlay = overlayNone
	m.focus, m.editing = focusResults, false
	return m.startRun()
}

func (m *Model) openPrompt(kind promptKind, prompt, value string) tea.Cmd {
	m.overlay, m.promptKind = overlayPrompt, kind
	m.prompt.Prompt = prompt
	m.prompt.Placeholder, m.promptSuggest = "", ""
	m.prompt.SetValue(value)
	m.prompt.CursorEnd()
	return m.prompt.Focus()
}

// suggestPrompt opens a prompt whose answer is suggested rather than typed in: the
// suggestion shows as the placeholder, typing replaces it, and enter on an empty
// prompt takes it.
func (m *Model) suggestPrompt(kind promptKind, prompt, suggestion string) tea.Cmd {
	cmd := m.openPrompt(kind, prompt, "")
	m.prompt.Placeholder, m.promptSuggest = suggestion, suggestion
	// A placeholder is cut to one character in an input without a width.
	m.prompt.SetWidth(max(len(suggestion)+1, m.width-len(prompt)-6, 10))
	return cmd
}

// promptValue is what enter submits: the text typed, else the suggestion.
func (m *Model) promptValue() string {
	if v := strings.TrimSpace(m.prompt.Value()); v != "" {
		return v
	}
	return m.promptSuggest
}

// handlePrompt: a one-line prompt (save name, export path, search) has the keys.
func (m *Model) handlePrompt(k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "esc":
		m.overlay = overlayNone
		m.prompt.Blur()
		return nil
	case "enter":
		m.overlay = overlayNone
		m.prompt.Blur()
		return m.submitPrompt(m.promptValue())
	}
	var cmd tea.Cmd
	m.prompt, cmd = m.prompt.Update(k)
	return cmd
}

func (m *Model) submitPrompt(v string) tea.Cmd {
	switch m.promptKind {
	case promptSave:
		if v == "" {
			return screen.Status(screen.LevelWarn, "not saved: a saved query needs a name")
		}
		return tea.Batch(saveQueryCmd(m.store, history.Saved{Name: v, Query: m.query.Text(), Variables: m.variables.Text(), Updated: m.deps.Now()}),
			m.clearDraft())
	case promptExport:
		if v == "" || m.tree == nil {
			return nil
		}
		return exportCmd(m.deps.ExportDir, v, m.exportData(v))
	case promptSearch:
		if m.treeView == nil {
			return nil
		}
		n := m.treeView.Search(v)
		if v == "" {
			return nil
		}
		if n == 0 {
			return screen.Status(screen.LevelWarn, fmt.Sprintf("no match for %q", v))
		}
		return screen.Status(screen.LevelInfo, fmt.Sprintf("%d matches for %q · n/N next/previous", n, v))
	}
	return nil
}
