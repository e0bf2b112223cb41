package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// widthMemo remembers the widths of the lines the root fitted lately. Most lines of a
// frame are lines of the frame before (screens keep their styled rows), and measuring
// every line again was a third of the root's work a frame.
type widthMemo struct {
	widths map[string]int
}

// maxMemoLines bounds the memo: a few frames' lines.
const maxMemoLines = 1024

// width is ansi.StringWidth(line), measured once for a line seen lately.
func (m *widthMemo) width(line string) int {
	if w, ok := m.widths[line]; ok {
		return w
	}
	w := ansi.StringWidth(line)
	if m.widths == nil || len(m.widths) >= maxMemoLines {
		m.widths = make(map[string]int, 256)
	}
	// A copy: the line is a piece of a whole frame, which the key must not keep alive.
	m.widths[strings.Clone(line)] = w
	return w
}

// writeFitted writes the lines of s (at most h), each cut or padded with spaces to
// exactly w cells, after a newline when sep; it returns how many lines it wrote. It is
// what lipgloss.JoinVertical then clip did, measuring each line once.
func (m *widthMemo) writeFitted(b *strings.Builder, s string, w, h int, sep bool) int {
	n := 0
	for len(s) > 0 || n == 0 {
		if n >= h {
			break
		}
		line := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		if sep || n > 0 {
			b.WriteByte('\n')
		}
		m.writeCell(b, line, w)
		n++
	}
	return n
}

// writeBlock is writeFitted for the body: exactly h lines, blank ones added below.
func (m *widthMemo) writeBlock(b *strings.Builder, s string, w, h int, sep bool) int {
	if h <= 0 {
		return 0
	}
	n := m.writeFitted(b, s, w, h, sep)
	for ; n < h; n++ {
		b.WriteByte('\n')
		m.writeCell(b, "", w)
	}
	return n
}

// writeCell writes line cut or padded to w cells.
func (m *widthMemo) writeCell(b *strings.Builder, line string, w int) {
	lw := m.width(line)
	if lw > w {
		b.WriteString(ansi.Truncate(line, w, ""))
		return
	}
	b.WriteString(line)
	for range w - lw {
		b.WriteByte(' ')
	}
}

// clip cuts a block to w×h cells.
func clip(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, w, "")
	}
	return strings.Join(lines, "\n")
}
