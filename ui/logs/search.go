package logs

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Search (/, n, N) runs over the loaded lines and only moves the cursor: every line
// stays in view, matches are highlighted.

// applySearch sets the search term and moves to the first match at or after the cursor.
func (m *Model) applySearch(term string) tea.Cmd {
	m.search = term
	m.recomputeMatches()
	m.updateKeys()
	if term == "" {
		return nil
	}
	if len(m.matches) == 0 {
		return screen.Status(screen.LevelWarn, fmt.Sprintf("no match for %q in the %d loaded lines", term, m.buf.len()))
	}
	m.match = 0
	for i, r := range m.matches {
		if r >= m.win.Cursor {
			m.match = i
			break
		}
	}
	m.moveTo(m.matches[m.match])
	return nil
}

// jumpMatch moves to the next (dir 1) or previous (dir -1) match, wrapping.
func (m *Model) jumpMatch(dir int) {
	if len(m.matches) == 0 {
		return
	}
	// From the cursor, not the last match: the user may have moved.
	idx := -1
	if dir > 0 {
		for i, r := range m.matches {
			if r > m.win.Cursor {
				idx = i
				break
			}
		}
		if idx < 0 {
			idx = 0
		}
	} else {
		for i := len(m.matches) - 1; i >= 0; i-- {
			if m.matches[i] < m.win.Cursor {
				idx = i
				break
			}
		}
		if idx < 0 {
			idx = len(m.matches) - 1
		}
	}
	m.match = idx
	m.moveTo(m.matches[idx])
}

func (m *Model) recomputeMatches() {
	m.matches = m.buf.findMatches(m.search)
	if m.match >= len(m.matches) {
		m.match = 0
	}
}

// appendMatches extends the matches with the rows from index from on.
func (m *Model) appendMatches(from int) {
	if m.search == "" {
		return
	}
	sub := buffer{lines: m.buf.lines, parts: m.buf.parts, rows: m.buf.rows[from:]}
	for _, r := range sub.findMatches(m.search) {
		m.matches = append(m.matches, r+from)
	}
}
