package runs

import tea "charm.land/bubbletea/v2"

// bottom is G / End: G goes to the last row of the page, and from there (End at once)
// to the last run of the list, loading the last page. When the count stopped short
// ("of 10100+"), that is the last page counted; the count goes on from there, so the
// next End goes further.
func (m *Model) bottom(k tea.KeyPressMsg) tea.Cmd {
	last := len(m.runs) - 1
	lastPage := max(0, (m.total-1)/PageSize*PageSize)
	if (m.win.Cursor >= last || k.String() == "end") && m.offset < lastPage && !m.loading {
		m.wantLast = true
		return m.load(lastPage)
	}
	m.win.Cursor = last
	return nil
}

// landLast puts the cursor on the last run once the last page asked for by bottom
// has loaded.
func (m *Model) landLast() {
	if m.wantLast {
		m.wantLast = false
		m.win.Cursor = max(0, len(m.runs)-1)
	}
}
