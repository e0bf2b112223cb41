package queryeditor

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/prefect-tui/prefect-tui/api/gqlsyntax"
	"github.com/prefect-tui/prefect-tui/ui/queryeditor/textbuf"
)

// noClass marks runes that are not part of a token (white space, commas).
const noClass = -1

// classMap returns the highlight class of every rune of b, by line.
func classMap(b *textbuf.Buffer) [][]int8 {
	text := b.Text()
	out := make([][]int8, b.Lines())
	starts := make([]int, b.Lines())
	off := 0
	for i := range out {
		l := b.Line(i)
		out[i] = make([]int8, len(l))
		for j := range out[i] {
			out[i][j] = noClass
		}
		starts[i] = off
		off += len(string(l)) + 1
	}
	toks := gqlsyntax.Lex(text)
	cls := gqlsyntax.Classify(toks)
	for k, t := range toks {
		row := sort.SearchInts(starts, t.Start+1) - 1
		col := utf8.RuneCountInString(text[starts[row]:t.Start])
		for _, r := range t.Text {
			if r == '\n' {
				row, col = row+1, 0
				continue
			}
			if row < len(out) && col < len(out[row]) {
				out[row][col] = int8(cls[k])
			}
			col++
		}
	}
	return out
}

// hlCache keeps the class map of a buffer for its version.
type hlCache struct {
	version int
	valid   bool
	classes [][]int8
}

func (c *hlCache) get(b *textbuf.Buffer) [][]int8 {
	if !c.valid || c.version != b.Version() {
		c.classes = classMap(b)
		c.version = b.Version()
		c.valid = true
	}
	return c.classes
}

// textView describes one text pane to draw.
type textView struct {
	buf        *textbuf.Buffer
	classes    [][]int8
	width      int
	height     int
	top, left  int
	cursor     bool // draw the cursor
	selected   bool // the whole text is selected
	errs       gqlerror.List
	inlineErrs bool
}

// gutterWidth is the width of the line numbers plus the error mark and a space.
func gutterWidth(lines int) int { return len(strconv.Itoa(lines)) + 2 }

// renderText draws the visible part of a text pane: gutter, highlighted text, the
// cursor, the matching bracket, error marks and (inline) error messages.
func (m *Model) renderText(v textView) []string {
	st := m.stylesFor()
	gw := gutterWidth(v.buf.Lines())
	tw := max(1, v.width-gw)
	errRows := map[int][]*gqlerror.Error{}
	for _, e := range v.errs {
		if len(e.Locations) > 0 {
			r := e.Locations[0].Line - 1
			errRows[r] = append(errRows[r], e)
		}
	}
	var bAt, bMatch textbuf.Pos
	hasMatch := false
	if v.cursor && !v.selected {
		bAt, bMatch, hasMatch = v.buf.MatchBracket()
	}
	cur := v.buf.Cursor()
	out := make([]string, 0, v.height)
	for row := v.top; row < v.buf.Lines() && len(out) < v.height; row++ {
		num := strconv.Itoa(row + 1)
		mark := " "
		gs := st.gutter
		if len(errRows[row]) > 0 {
			mark, gs = "●", st.gutterErr
		}
		gutter := gs.Render(strings.Repeat(" ", gw-2-len(num)) + num + mark)
		line := v.buf.Line(row)
		var sb strings.Builder
		sb.WriteString(gutter + " ")
		end := min(len(line), v.left+tw)
		runStart, runClass := v.left, int8(-2)
		flush := func(to int) {
			if to <= runStart {
				return
			}
			seg := string(line[runStart:to])
			switch {
			case v.selected:
				seg = st.selection.Render(seg)
			case runClass >= 0:
				seg = st.syntax[runClass].Render(seg)
			}
			sb.WriteString(seg)
		}
		for col := v.left; col < end; col++ {
			special := v.cursor && row == cur.Row && col == cur.Col ||
				hasMatch && (row == bAt.Row && col == bAt.Col || row == bMatch.Row && col == bMatch.Col)
			c := noClass
			if row < len(v.classes) && col < len(v.classes[row]) {
				c = int(v.classes[row][col])
			}
			if special {
				flush(col)
				s := string(line[col])
				if v.cursor && row == cur.Row && col == cur.Col {
					sb.WriteString(st.cursor.Render(s))
				} else {
					sb.WriteString(st.bracket.Render(s))
				}
				runStart, runClass = col+1, -2
				continue
			}
			if int8(c) != runClass {
				flush(col)
				runStart, runClass = col, int8(c)
			}
		}
		flush(end)
		if v.cursor && row == cur.Row && cur.Col >= len(line) && cur.Col-v.left < tw && cur.Col >= v.left {
			sb.WriteString(st.cursor.Render(" "))
		}
		out = append(out, sb.String())
		if v.inlineErrs {
			for _, e := range errRows[row] {
				if len(out) >= v.height {
					break
				}
				col := e.Locations[0].Column
				pad := strings.Repeat(" ", gw+1+max(0, col-1-v.left))
				msg := ansi.Truncate(pad+"└ "+strconv.Itoa(row+1)+":"+strconv.Itoa(col)+" "+e.Message, v.width, "…")
				out = append(out, st.errLine.Render(msg))
			}
		}
	}
	return out
}

// overlayPopup draws the completion popup over lines, below (or above) the cursor.
func (m *Model) overlayPopup(lines []string, v textView, height int) []string {
	if !m.popupOpen() {
		return lines
	}
	st := m.stylesFor()
	items := m.popup.Items
	const maxRows = 8
	first := 0
	if m.popupSel >= maxRows {
		first = m.popupSel - maxRows + 1
	}
	last := min(len(items), first+maxRows)
	labelW, detailW := 0, 0
	for _, it := range items[first:last] {
		labelW = max(labelW, ansi.StringWidth(it.Label))
		detailW = max(detailW, ansi.StringWidth(it.Detail))
	}
	detailW = min(detailW, 28)
	pw := min(v.width-2, labelW+detailW+3)
	if pw < 6 {
		return lines
	}
	gw := gutterWidth(v.buf.Lines())
	startPos := m.query.PosOf(m.popup.Start)
	x := gw + 1 + max(0, startPos.Col-v.left)
	x = min(x, max(0, v.width-pw))
	cur := v.buf.Cursor()
	y := cur.Row - v.top + 1
	n := last - first
	if y+n > height && cur.Row-v.top-n >= 0 {
		y = cur.Row - v.top - n
	}
	for k := 0; k < n; k++ {
		it := items[first+k]
		label := it.Label + strings.Repeat(" ", labelW-ansi.StringWidth(it.Label))
		detail := ansi.Truncate(it.Detail, detailW, "…")
		text := " " + label + " " + detail
		text = ansi.Truncate(text, pw, "…")
		text += strings.Repeat(" ", max(0, pw-ansi.StringWidth(text)))
		style := st.popup
		if first+k == m.popupSel {
			style = st.popupSel
		}
		row := y + k
		for len(lines) <= row {
			lines = append(lines, "")
		}
		base := lines[row]
		left := ansi.Truncate(base, x, "")
		left += strings.Repeat(" ", max(0, x-ansi.StringWidth(left)))
		right := ansi.Cut(base, x+pw, v.width)
		lines[row] = left + style.Render(text) + right
	}
	if len(items) > maxRows {
		lines = m.popupCount(lines, x, y+n, len(items))
	}
	return lines
}

func (m *Model) popupCount(lines []string, x, row, n int) []string {
	if row >= len(lines) {
		return lines
	}
	base := lines[row]
	left := ansi.Truncate(base, x, "")
	left += strings.Repeat(" ", max(0, x-ansi.StringWidth(left)))
	lines[row] = left + m.stylesFor().faint.Render(" "+strconv.Itoa(m.popupSel+1)+"/"+strconv.Itoa(n))
	return lines
}

// pane draws a bordered pane of outer size w×h with a title line.
func (m *Model) pane(active bool, title string, body []string, w, h int) string {
	th := m.deps.Styles
	style := th.Pane.Inactive
	if active {
		style = th.Pane.Active
	}
	iw := max(1, w-style.GetHorizontalFrameSize())
	ih := max(1, h-style.GetVerticalFrameSize())
	lines := make([]string, 0, ih)
	lines = append(lines, ansi.Truncate(title, iw, "…"))
	for _, l := range body {
		if len(lines) >= ih {
			break
		}
		lines = append(lines, ansi.Truncate(l, iw, ""))
	}
	for len(lines) < ih {
		lines = append(lines, "")
	}
	return style.Width(w).Height(h).Render(lipgloss.JoinVertical(lipgloss.Left, lines...))
}
