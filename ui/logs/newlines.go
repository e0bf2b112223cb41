package logs

import "strconv"

// New lines that arrive below the view (follow off, or the cursor moved up while
// following) do not move it: they are counted, "N new lines ↓", until the user goes
// down to them.

// noteNew records that rows from `from` on arrived and the view did not move to them.
func (m *Model) noteNew(from int) {
	if m.newFrom < 0 || from < m.newFrom {
		m.newFrom = from
	}
	m.seenNew()
}

// seenNew forgets the new lines once the last row is in view.
func (m *Model) seenNew() {
	if m.newFrom < 0 {
		return
	}
	if m.newFrom >= len(m.buf.rows) || m.win.End(len(m.buf.rows), m.bodyHeight()) >= len(m.buf.rows) {
		m.newFrom = -1
	}
}

// shiftNew moves the mark when rows are added before it (d > 0) or dropped (d < 0).
func (m *Model) shiftNew(d int) {
	if m.newFrom < 0 {
		return
	}
	m.newFrom = max(0, m.newFrom+d)
}

// newLines is the notice: how many lines below the view arrived unseen ("" for none).
func (m *Model) newLines() string {
	if m.newFrom < 0 {
		return ""
	}
	from := max(m.newFrom, m.win.End(len(m.buf.rows), m.bodyHeight()))
	n := 0
	for _, r := range m.buf.rows[min(from, len(m.buf.rows)):] {
		if r.part == 0 {
			n++
		}
	}
	switch n {
	case 0:
		return ""
	case 1:
		return "1 new line ↓ (G)"
	}
	return strconv.Itoa(n) + " new lines ↓ (G)"
}
