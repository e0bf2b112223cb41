package timeline

import (
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

// rowSpan is where a row's bar goes, worked out before the row is drawn: what the cache
// keys it by.
type rowSpan struct {
	start, end time.Time
	ok         bool
}

// renderRow writes row i from the cache when what it shows is unchanged. The label and
// the rest (bar and duration) are kept apart: a cursor move styles the labels of the two
// rows it leaves and enters, nothing else.
func (m *Model) renderRow(b *strings.Builder, i, lw, bw int, cells []cell, now time.Time) {
	r := m.rows[i]
	t := &m.tasks[r.task]
	var sp rowSpan
	if r.child >= 0 {
		sp.start, sp.end, sp.ok = runSpan(t.Children[r.child], now)
	} else {
		sp.start, sp.end, sp.ok = m.span(*t, now)
	}
	k := rowKey{dur: "—"}
	if sp.ok {
		k.c0, k.c1 = m.barCols(sp.start, sp.end, bw)
		k.dur = timefmt.Duration(sp.end.Sub(sp.start))
	}
	cursor := i == m.win.Cursor
	e := m.cache.rows[i]
	if e.label == "" || e.cursor != cursor {
		e.cursor, e.label = cursor, m.styleLabel(i, lw)
	}
	if e.rest == "" || e.key != k {
		var rb strings.Builder
		m.styleBar(&rb, i, bw, cells, now, sp, k.dur)
		e.key, e.rest = k, rb.String()
	}
	m.cache.putRow(i, e)
	b.WriteString(e.label)
	b.WriteString(e.rest)
}

// styleLabel is row i's label, with the cursor when it is on the row.
func (m *Model) styleLabel(i, lw int) string {
	st := m.styles
	r := m.rows[i]
	t := m.tasks[r.task]
	var label string
	switch {
	case r.child >= 0:
		c := t.Children[r.child]
		label = "   [" + strconv.Itoa(c.MapIndex) + "]"
		if c.Name != "" && c.Name != t.Name {
			label += " " + c.Name
		}
	case len(t.Children) > 0 && m.expanded[t.TaskID]:
		label = " ▾" + t.Name
	case len(t.Children) > 0:
		label = " ▸" + t.Name
	default:
		label = "  " + t.Name
	}
	if i == m.win.Cursor {
		label = "›" + label[1:]
	}
	label = padRight(ansi.Truncate(label, lw, "…"), lw)
	if i == m.win.Cursor {
		return st.Table.Active.Row.Render(label) + " "
	}
	return st.Table.Normal.Cell.Render(label) + " "
}

// styleBar draws row i's bar (sp) and its duration.
func (m *Model) styleBar(b *strings.Builder, i, bw int, cells []cell, now time.Time, sp rowSpan, dur string) {
	st := m.styles
	r := m.rows[i]
	t := m.tasks[r.task]
	for j := range cells {
		cells[j] = cell{s: " "}
	}
	if c := m.nowCol(now, bw); c >= 0 {
		cells[c] = cell{s: "┊", kind: cellNow}
	}
	switch {
	case sp.ok && r.child >= 0:
		m.bar(cells, sp.start, sp.end, []seg{{state: t.Children[r.child].State, n: 1}})
	case sp.ok:
		m.bar(cells, sp.start, sp.end, segments(t))
	default:
		info := components.Info(t.Run.State)
		cells[0] = cell{s: info.Glyph, state: t.Run.State, kind: cellState}
		if len(cells) > 2 {
			cells[1] = cell{s: " ", kind: cellEmpty}
			word := []rune(t.Run.State)
			for k := 0; k < len(word) && 2+k < len(cells); k++ {
				cells[2+k] = cell{s: string(word[k]), kind: cellFaint}
			}
		}
	}
	m.writeCells(b, cells)
	b.WriteByte(' ')
	b.WriteString(st.Text.Secondary.Render(padLeft(dur, durWidth)))
}

// nowCol is the column of the now marker in a bar area bw wide, -1 when there is none
// (the run is finished, or now is outside the window).
func (m *Model) nowCol(now time.Time, bw int) int {
	if components.Info(m.run.State).Finished {
		return -1
	}
	if c := int(m.col(now, bw)); c >= 0 && c < bw {
		return c
	}
	return -1
}

// seg is one state's share of a bar.
type seg struct {
	state string
	n     int
}

// segments splits a mapped task's bar by its children's state counts; a plain task
// has one segment.
func segments(t rundata.Task) []seg {
	if len(t.Counts) == 0 {
		return []seg{{state: t.Run.State, n: 1}}
	}
	keys := rundata.SortedCounts(t.Counts)
	out := make([]seg, 0, len(keys))
	for _, k := range keys {
		out = append(out, seg{state: k, n: t.Counts[k]})
	}
	return out
}

// bar fills cells from start to end, split into segments (each opens with its state's
// glyph so the split reads without colour). A bar outside the window shows as its glyph
// at the edge it lies beyond.
func (m *Model) bar(cells []cell, start, end time.Time, segs []seg) {
	w := len(cells)
	c0, c1 := m.barCols(start, end, w)
	if c1 <= 0 {
		cells[0] = cell{s: "◂", kind: cellFaint}
		if w > 1 {
			cells[1] = cell{s: components.Info(segs[0].state).Glyph, state: segs[0].state, kind: cellState}
		}
		return
	}
	if c0 >= w {
		cells[w-1] = cell{s: "▸", kind: cellFaint}
		if w > 1 {
			cells[w-2] = cell{s: components.Info(segs[0].state).Glyph, state: segs[0].state, kind: cellState}
		}
		return
	}
	a, z := max(c0, 0), min(c1, w)
	span := z - a
	total := 0
	for _, s := range segs {
		total += s.n
	}
	pos, acc := a, 0
	for i, s := range segs {
		acc += s.n
		next := a + (acc*span+total/2)/total
		if i == len(segs)-1 {
			next = z
		}
		if next <= pos {
			if pos >= z {
				continue
			}
			next = pos + 1
		}
		info := components.Info(s.state)
		for c := pos; c < next && c < z; c++ {
			g := "━"
			if c == pos {
				g = info.Glyph
			}
			cells[c] = cell{s: g, state: s.state, kind: cellState}
		}
		pos = next
	}
}

// barCols are the columns a bar from start to end covers in a bar area w wide: c0 to
// c1 (exclusive), at least one; either may lie outside the area.
func (m *Model) barCols(start, end time.Time, w int) (c0, c1 int) {
	c0 = int(m.col(start, w))
	c1 = int(m.col(end, w) + 0.999)
	if c1 <= c0 {
		c1 = c0 + 1
	}
	return c0, c1
}

// writeCells renders cells, one style call per run of equal style.
func (m *Model) writeCells(b *strings.Builder, cells []cell) {
	var run strings.Builder
	flush := func(c cell) {
		if run.Len() == 0 {
			return
		}
		b.WriteString(m.cellStyle(c).Render(run.String()))
		run.Reset()
	}
	var prev cell
	for i, c := range cells {
		if i > 0 && (c.kind != prev.kind || c.state != prev.state) {
			flush(prev)
		}
		run.WriteString(c.s)
		prev = c
	}
	flush(prev)
}

func (m *Model) cellStyle(c cell) lipgloss.Style {
	switch c.kind {
	case cellState:
		return components.StyleFor(m.styles, c.state)
	case cellNow:
		return m.styles.Text.Accent
	case cellFaint:
		return m.styles.Text.Faint
	}
	return m.styles.Text.Primary
}
