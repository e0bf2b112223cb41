package timeline

import (
	"strconv"
	"strings"
	"time"

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
	m.cache.use(frameKey{gen: st.Gen, lw: lw, bw: bw, viewStart: m.viewStart, viewSpan: m.viewSpan, nowCol: m.nowCol(now, bw)})
	if m.cache.head == "" {
		m.cache.head = m.axisLine(lw, bw) + "\n" + m.marksLine(lw, bw, now)
	}
	var b strings.Builder
	b.Grow(m.width * m.height * 2)
	b.WriteString(m.cache.head)
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
	if c := m.nowCol(now, bw); c >= 0 {
		cells[c] = cell{s: "▼", kind: cellNow}
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
