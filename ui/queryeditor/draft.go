package queryeditor

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/history"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// The editor keeps its text as the API's draft in the history file (history.Draft), so
// that closing the editor (one esc too many, `:flows`, a crash) never loses a query
// that was neither run nor saved: a new editor opened without a query of its own
// starts from the draft, and the history list offers it first. The draft is written
// when the text loses focus (the esc before the one that closes the screen) and, while
// typing, at most every draftEvery; running or saving the text removes it.
const draftEvery = 2 * time.Second

// draftState tracks what of the text the draft file holds.
type draftState struct {
	// restore is true while the editor may still take the draft: it was opened
	// without a query and nothing was typed yet.
	restore bool
	// seenQ, seenV are the buffer versions last looked at.
	seenQ, seenV int
	// dirty: the text changed since the draft was last written (or restored).
	dirty bool
	// written is the text the draft file holds as far as this editor knows.
	written string
	at      time.Time
}

// draftKey is the draft's identity: both texts.
func draftKey(query, variables string) string { return query + "\x00" + variables }

// blank reports whether a query is nothing worth keeping (empty or the template).
func blank(query string) bool {
	return strings.TrimSpace(query) == "" || query == queryTemplate
}

// trackDraft runs after every Update: it notices edits and writes the draft when the
// text lost focus or the last write is draftEvery old.
func (m *Model) trackDraft(wasEditing bool) tea.Cmd {
	if qv, vv := m.query.Version(), m.variables.Version(); qv != m.draft.seenQ || vv != m.draft.seenV {
		m.draft.seenQ, m.draft.seenV = qv, vv
		m.draft.dirty = true
		m.draft.restore = false
	}
	if !m.draft.dirty || m.store == nil {
		return nil
	}
	if wasEditing && !m.editing || m.deps.Now().Sub(m.draft.at) >= draftEvery {
		return m.writeDraft()
	}
	return nil
}

// writeDraft writes the text as the draft (removes the draft when the text is blank).
func (m *Model) writeDraft() tea.Cmd {
	m.draft.dirty = false
	q, v := m.query.Text(), m.variables.Text()
	key := draftKey(q, v)
	if blank(q) {
		key = ""
	}
	if key == m.draft.written {
		return nil
	}
	m.draft.written, m.draft.at = key, m.deps.Now()
	// Known credentials never reach the file (a query may carry a token).
	d := history.Draft{Query: api.Scrub(q), Variables: api.Scrub(v), Updated: m.deps.Now()}
	if key == "" {
		d = history.Draft{}
	}
	s := m.store
	return func() tea.Msg {
		if err := s.SetDraft(d); err != nil {
			return screen.StatusMsg{Level: screen.LevelWarn, Text: "unsaved query not kept: " + err.Error()}
		}
		return nil
	}
}

// clearDraft removes the draft: the text was run (it is in the history now) or saved
// under a name, so a new editor starts empty again.
func (m *Model) clearDraft() tea.Cmd {
	m.draft.dirty, m.draft.restore = false, false
	had := m.draft.written != ""
	m.draft.written = ""
	if s := m.store; s != nil && (had || hasDraft(s)) {
		return func() tea.Msg {
			if err := s.SetDraft(history.Draft{}); err != nil {
				return screen.StatusMsg{Level: screen.LevelWarn, Text: "unsaved query not cleared: " + err.Error()}
			}
			return nil
		}
	}
	return nil
}

func hasDraft(s *history.Store) bool {
	_, ok := s.Draft()
	return ok
}

// restoreDraft opens the draft in an editor opened without a query, when nothing was
// typed yet; it says so on the status line.
func (m *Model) restoreDraft() tea.Cmd {
	d, ok := m.store.Draft()
	if !m.draft.restore || !ok || blank(d.Query) {
		return nil
	}
	m.draft.restore = false
	m.query.SetText(d.Query)
	m.variables.SetText(d.Variables)
	m.query.CursorEnd()
	m.variables.Top()
	m.validate()
	m.validateVariables()
	m.draft.seenQ, m.draft.seenV = m.query.Version(), m.variables.Version()
	m.draft.written, m.draft.dirty = draftKey(d.Query, d.Variables), false
	return screen.Status(screen.LevelInfo, "restored the unsaved query of "+d.Updated.Local().Format("Jan 02 15:04")+" (ctrl+a selects it all)")
}

// draftItem is the draft as the first row of the history list, when it is not the
// text in the editor.
func (m *Model) draftItem() (overlayItem, bool) {
	if m.store == nil {
		return overlayItem{}, false
	}
	d, ok := m.store.Draft()
	if !ok || blank(d.Query) || (d.Query == m.query.Text() && d.Variables == m.variables.Text()) {
		return overlayItem{}, false
	}
	return overlayItem{title: "✎ unsaved draft: " + oneLine(d.Query), detail: d.Updated.Local().Format("Jan 02 15:04:05") + " · not run",
		query: d.Query, variables: d.Variables}, true
}
