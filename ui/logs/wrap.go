package logs

// toggleWrap is `w`: long messages wrap to the width (every word shows) or are cut to
// one row each again (← → scroll them).
func (m *Model) toggleWrap() {
	m.wrap = !m.wrap
	m.xoff = 0
	m.applyWrap()
	m.updateKeys()
}

// applyWrap re-splits the loaded lines for the wrap setting and width, keeping the
// cursor on its line (on the last row when it was there) and the count of unseen lines
// on theirs.
func (m *Model) applyWrap() {
	cur, hasCur := -1, m.win.Cursor >= 0 && m.win.Cursor < len(m.buf.rows)
	atBottom := m.win.Cursor == len(m.buf.rows)-1
	if hasCur {
		cur = m.buf.rows[m.win.Cursor].log
	}
	newLog := -1
	if m.newFrom >= 0 && m.newFrom < len(m.buf.rows) {
		newLog = m.buf.rows[m.newFrom].log
	}
	width := 0
	if m.wrap {
		width = max(10, m.width-prefixWidth)
	}
	first := m.buf.rewrap(width)
	m.bufGen++
	switch {
	case atBottom:
		m.win.Cursor = len(m.buf.rows) - 1 // the newest line stays in view, whole
	case hasCur:
		m.win.Cursor = first[cur]
	}
	if newLog >= 0 {
		m.newFrom = first[newLog]
	}
	m.recomputeMatches()
	m.clampView()
}
