package queryeditor

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api/gqlsyntax"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/queryeditor/textbuf"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Update implements screen.Screen.
func (m *Model) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	var cmd tea.Cmd
	wasEditing := m.editing
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		cmd = m.handleKey(msg)
	case tea.PasteMsg:
		cmd = m.handlePaste(msg.Content)
	case components.ConfirmClosedMsg:
		if !msg.Confirmed && msg.ID == confirmID {
			cmd = screen.Status(screen.LevelInfo, "mutation not sent")
		}
	default:
		cmd = m.handleResultMsg(msg)
	}
	m.updateKeys()
	if c := m.trackDraft(wasEditing); c != nil {
		cmd = tea.Batch(cmd, c)
	}
	return m, cmd
}

func (m *Model) handleKey(k tea.KeyPressMsg) tea.Cmd {
	if m.confirm.Open() {
		var cmd tea.Cmd
		m.confirm, cmd = m.confirm.Update(k)
		return cmd
	}
	if m.running && key.Matches(k, m.keys.Cancel) {
		m.cancel()
		return screen.Status(screen.LevelInfo, "cancelling the request…")
	}
	if key.Matches(k, m.keys.Run) {
		return m.startRun()
	}
	switch {
	case m.overlay == overlayPrompt:
		return m.handlePrompt(k)
	case m.overlay != overlayNone:
		return m.handleList(k)
	case m.editing:
		return m.handleEditing(k)
	case m.focus == focusResults:
		if cmd, ok := m.handleResults(k); ok {
			return cmd
		}
	}
	return m.handleNormal(k)
}

// active is the buffer being edited.
func (m *Model) active() *textbuf.Buffer {
	if m.focus == focusVariables {
		return m.variables
	}
	return m.query
}

func (m *Model) handlePaste(s string) tea.Cmd {
	switch {
	case m.overlay == overlayPrompt:
		m.prompt.SetValue(m.prompt.Value() + s)
	case m.editing:
		m.paste(s)
		m.edited(false)
	}
	return nil
}

// handleNormal: no text focused.
func (m *Model) handleNormal(k tea.KeyPressMsg) tea.Cmd {
	km := m.keys
	switch {
	case key.Matches(k, km.NextPane):
		m.focus = (m.focus + 1) % 3
	case key.Matches(k, km.PrevPane):
		m.focus = (m.focus + 2) % 3
	case key.Matches(k, km.Edit):
		m.editing = true
		if m.focus == focusVariables {
			m.showHeaders = false
		}
	case key.Matches(k, km.Headers):
		m.showHeaders = !m.showHeaders
		if m.showHeaders {
			return headersCmd(m.deps)
		}
	case key.Matches(k, km.History):
		m.openHistory()
	case key.Matches(k, km.Saved):
		m.openSaved()
	case key.Matches(k, km.Save):
		return m.suggestPrompt(promptSave, "save as: ", operationName(m.query.Text()))
	case key.Matches(k, km.Schema):
		m.schemaLoading = true
		return tea.Batch(loadSchemaCmd(m.deps, m.schemaDir, true), screen.Status(screen.LevelInfo, "introspecting the API…"))
	case key.Matches(k, km.Format):
		return m.prettify()
	}
	return nil
}

// handleEditing: the query or variables text has focus.
func (m *Model) handleEditing(k tea.KeyPressMsg) tea.Cmd {
	km := m.keys
	b := m.active()
	if m.popupOpen() {
		switch k.String() {
		case "up", "ctrl+p":
			m.popupSel = (m.popupSel + len(m.popup.Items) - 1) % len(m.popup.Items)
			return nil
		case "down", "ctrl+n":
			m.popupSel = (m.popupSel + 1) % len(m.popup.Items)
			return nil
		case "esc":
			m.popupShown = false
			return nil
		}
		if key.Matches(k, km.Accept) {
			m.acceptCompletion()
			return nil
		}
	}
	switch {
	case key.Matches(k, km.Blur):
		m.editing = false
		m.popupShown = false
		return nil
	case key.Matches(k, km.Complete):
		if m.focus == focusEditor {
			m.refreshPopup(true)
		}
		return nil
	case key.Matches(k, km.SelectAll):
		b.SelectAll()
		m.popupShown = false
		return nil
	case key.Matches(k, km.Undo):
		if b.Undo() {
			m.edited(false)
		}
		return nil
	case key.Matches(k, km.Redo):
		if b.Redo() {
			m.edited(false)
		}
		return nil
	case key.Matches(k, km.Format):
		return m.prettify()
	case key.Matches(k, km.External):
		return externalEditorCmd(b.Text(), m.focus == focusVariables)
	}
	if m.moveKey(b, k.String()) {
		m.popupShown = false
		return nil
	}
	switch k.String() {
	case "enter":
		b.Insert("\n")
	case "tab":
		b.Insert("  ")
	case "backspace", "ctrl+h":
		b.Backspace()
	case "delete", "ctrl+d":
		b.Delete()
	case "ctrl+w", "alt+backspace":
		b.DeleteWordBack()
	case "ctrl+u":
		b.DeleteToLineStart()
	default:
		if k.Text == "" {
			return nil
		}
		m.typeText(b, k.Text)
		r := k.Text[len(k.Text)-1]
		m.edited(gqlsyntax.IsNameByte(r) || r == '$')
		return nil
	}
	m.edited(m.popupShown && (k.String() == "backspace"))
	return nil
}

// moveKey applies a cursor movement; false when k is not one.
func (m *Model) moveKey(b *textbuf.Buffer, k string) bool {
	page := max(1, m.textHeight()-1)
	if b.Selected() {
		// Leaving a selection: backwards keys go to its start, the others to its end.
		switch k {
		case "left", "up", "home", "pgup", "ctrl+home", "ctrl+left", "alt+left", "alt+b":
			b.Top()
			return true
		case "right", "down", "end", "pgdown", "ctrl+end", "ctrl+right", "alt+right", "alt+f":
			b.CursorEnd()
			return true
		}
	}
	switch k {
	case "left":
		b.Left()
	case "right":
		b.Right()
	case "up":
		b.Up(1)
	case "down":
		b.Down(1)
	case "home":
		b.Home()
	case "end":
		b.End()
	case "ctrl+left", "alt+left", "alt+b":
		b.WordLeft()
	case "ctrl+right", "alt+right", "alt+f":
		b.WordRight()
	case "pgup":
		b.Up(page)
	case "pgdown":
		b.Down(page)
	case "ctrl+home":
		b.Top()
	case "ctrl+end":
		b.CursorEnd()
	default:
		return false
	}
	return true
}

// edited runs after every change of a text: validation, and the completion popup
// (opened while a name is being typed).
func (m *Model) edited(popup bool) {
	if m.focus == focusVariables {
		m.validateVariables()
		return
	}
	m.showErrs = false
	m.validate()
	m.validateVariables()
	if popup {
		m.refreshPopup(false)
	} else {
		m.popupShown = false
	}
}

// popupOpen reports whether the completion popup is showing and current.
func (m *Model) popupOpen() bool {
	return m.popupShown && m.editing && m.focus == focusEditor && len(m.popup.Items) > 0 && m.popupVersion == m.query.Version()
}

// refreshPopup recomputes the completions at the cursor (no network: the schema is in
// memory). force opens the popup even with nothing typed yet.
func (m *Model) refreshPopup(force bool) {
	r := completeAt(m.schema, m.query.Text(), m.query.Offset())
	m.popup = r
	m.popupSel = 0
	m.popupVersion = m.query.Version()
	// Hide the popup when the only candidate is already typed in full.
	if len(r.Items) == 1 && strings.TrimPrefix(r.Items[0].Label, "$") == strings.TrimPrefix(r.Prefix, "$") {
		m.popupShown = false
		return
	}
	m.popupShown = len(r.Items) > 0 && (force || r.Prefix != "")
}

func (m *Model) acceptCompletion() {
	it := m.popup.Items[m.popupSel]
	m.query.Replace(m.popup.Start, m.popup.End, it.Label)
	m.popupShown = false
	m.edited(false)
}
