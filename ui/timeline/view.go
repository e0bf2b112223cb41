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

const durWidth = 7

// cell is one cell of a bar area: a glyph and the state whose style draws it ("" for
// plain, nowState for the now marker).
type cell struct {
	s     string
	state string
	kind  cellKind
}

type cellKind int

const (
	cellEmpty cellKind = iota
	cellState
	cellNow
	cellFaint
)

// View implements tabs.Tab.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	st := m.styles
	if m.run == nil {
		return st.Table.Empty.Render("loading…")
	}
	if len(m.tasks) == 0 {
		return st.Table.Empty.Render("This run has no task runs yet.")
	}
	if m.detail.IsOpen() {
		return m.detail.View(st, m.width, m.height)
	}
	now := m.now()
	lw := m.labelW
	bw := m.width - lw - 1 - durWidth - 1
	if bw < 4 {
		bw = 4
	}
	var b strings.Builder
	b.Grow(m.width * m.height * 2)
	b.WriteString(m.axisLine(lw, bw))
	b.WriteByte('\n')
	b.WriteString(m.marksLine(lw, bw, now))
	cells := make([]cell, bw)
	h := m.bodyHeight()
	for i := m.win.Top; i < m.win.End(len(m.rows), h); i++ {
		b.WriteByte('\n')
		m.renderRow(&b, i, lw, bw, cells, now)
	}
	for i := len(m.rows) - m.win.Top; i < h; i++ {
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(m.statusLine())
	return b.String()
}

// layoutLabels shrinks the label column to fit: the longest label, at most a third of
// the width, at least 8. It runs on data and size changes, never per frame.
func (m *Model) layoutLabels() {
	longest := 0
	for _, t := range m.tasks {
		if w := ansi.StringWidth(t.Name) + 3; w > longest {
			longest = w
		}
	}
	lw := min(longest, m.width/3)
	m.labelW = max(lw, min(8, m.width/3))
}

func (m *Model) axisLine(lw, bw int) string {
	st := m.styles
	left := m.viewStart.UTC().Format(timeLayout(m.viewSpan))
	right := m.viewStart.Add(m.viewSpan).UTC().Format(timeLayout(m.viewSpan))
	mid := "◂ " + timefmt.Duration(m.viewSpan) + " ▸"
	gap := bw - len(left) - len(right)
	axis := left + right
	if gap >= len([]rune(mid))+2 {
		l := (gap - len([]rune(mid))) / 2
		axis = left + strings.Repeat(" ", l) + mid + strings.Repeat(" ", gap-l-len([]rune(mid))) + right
	} else if gap > 0 {
		axis = left + strings.Repeat(" ", gap) + right
	} else {
		axis = ansi.Truncate(left, bw, "")
	}
	head := padRight("task", lw)
	return st.Table.Header.Render(head) + " " + st.Text.Secondary.Render(axis) + " " + st.Table.Header.Render(padLeft("took", durWidth))
}

func timeLayout(span time.Duration) string {
	switch {
	case span < 10*time.Second:
		return "15:04:05.000"
	case span < 48*time.Hour:
		return "15:04:05"
	}
	return "Jan 02 15:04"
}

// marksLine draws the flow run's state changes (but Pending) where they happened, and
// the now marker while the run is unfinished.
func (m *Model) marksLine(lw, bw int, now time.Time) string {
	st := m.styles
	cells := make([]cell, bw)
	for i := range cells {
		cells[i] = cell{s: " "}
	}
	if !components.Info(m.run.State).Finished {
		if c := int(m.col(now, bw)); c >= 0 && c < bw {
			cells[c] = cell{s: "▼", kind: cellNow}
		}
	}
	for _, s := range m.run.States {
		if s.State == "Pending" {
			continue
		}
		t := s.Timestamp
		if !s.Start.IsZero() && s.Start.Before(t) {
			t = s.Start
		}
		// A change at the very end of the window (the final state) goes in the last cell.
		if c := int(m.col(t, bw)); c >= 0 && c <= bw {
			cells[min(c, bw-1)] = cell{s: components.Info(s.State).Glyph, state: s.State, kind: cellState}
		}
	}
	var b strings.Builder
	b.WriteString(st.Text.Faint.Render(padRight(ansi.Truncate("states", lw, ""), lw)))
	b.WriteByte(' ')
	m.writeCells(&b, cells)
	return b.String()
}

func (m *Model) renderRow(b *strings.Builder, i, lw, bw int, cells []cell, now time.Time) {
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
		b.WriteString(st.Table.Active.Row.Render(label))
	} else {
		b.WriteString(st.Table.Normal.Cell.Render(label))
	}
	b.WriteByte(' ')

	for j := range cells {
		cells[j] = cell{s: " "}
	}
	if !components.Info(m.run.State).Finished {
		if c := int(m.col(now, bw)); c >= 0 && c < bw {
			cells[c] = cell{s: "┊", kind: cellNow}
		}
	}
	var start, end time.Time
	var ok bool
	if r.child >= 0 {
		tr := t.Children[r.child]
		start, end, ok = runSpan(tr, now)
		if ok {
			m.bar(cells, start, end, []seg{{state: tr.State, n: 1}})
		}
	} else {
		start, end, ok = m.span(t, now)
		if ok {
			m.bar(cells, start, end, segments(t))
		} else {
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
	}
	m.writeCells(b, cells)
	b.WriteByte(' ')
	dur := "—"
	if ok {
		dur = timefmt.Duration(end.Sub(start))
	}
	b.WriteString(st.Text.Secondary.Render(padLeft(dur, durWidth)))
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
	c0 := int(m.col(start, w))
	c1 := int(m.col(end, w) + 0.999)
	if c1 <= c0 {
		c1 = c0 + 1
	}
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

func (m *Model) statusLine() string {
	pos := 0
	if len(m.rows) > 0 {
		pos = m.win.Cursor + 1
	}
	full := m.fullEnd.Sub(m.fullStart)
	zoom := "fit"
	if m.viewSpan != full || !m.viewStart.Equal(m.fullStart) {
		zoom = strconv.FormatFloat(float64(full)/float64(m.viewSpan), 'g', 3, 64) + "×"
	}
	s := "row " + strconv.Itoa(pos) + "/" + strconv.Itoa(len(m.rows)) + " · zoom " + zoom + " · sort " + m.sortBy.String()
	if note := rundata.HiddenNote(m.hidden); note != "" {
		s += " · " + note
	}
	if m.run.Children > m.run.ChildrenLoaded {
		s += " · " + strconv.Itoa(m.run.ChildrenLoaded) + " of " + strconv.Itoa(m.run.Children) + " mapped children loaded"
	}
	return m.styles.Table.Footer.Render(ansi.Truncate(s, m.width, "…"))
}

func padRight(s string, w int) string {
	if n := ansi.StringWidth(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

func padLeft(s string, w int) string {
	if n := ansi.StringWidth(s); n < w {
		return strings.Repeat(" ", w-n) + s
	}
	return s
}
