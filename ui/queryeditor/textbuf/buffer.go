// Package textbuf is the query editor's text buffer: lines of runes, a cursor, edits
// with undo/redo, auto-indent, auto-inserted bracket pairs, bracket matching, verbatim
// paste and select-all. Rendering (with highlighting) is done by the editor; the buffer
// has no view of its own.
package textbuf

import (
	"strings"
	"unicode"
)

// Pos is a position in the buffer: line and column, both counted in runes from 0.
type Pos struct{ Row, Col int }

// snapshot is one undo step.
type snapshot struct {
	text   string
	cursor Pos
}

// editKind groups consecutive edits of the same kind into one undo step.
type editKind int

const (
	editNone editKind = iota
	editInsert
	editDelete
	editOther
)

// Buffer is an editable text.
type Buffer struct {
	lines  [][]rune
	cursor Pos
	// want is the column up/down try to keep.
	want int

	undo, redo []snapshot
	last       editKind
	// Version changes on every edit, so views can cache derived data.
	version int

	// auto holds the byte offsets of the closing brackets the buffer inserted itself
	// (a typed "(" got its ")"), while the cursor stays on their line: typing that
	// closer in front of one steps over it, any other closer is inserted.
	auto []int
	// all is true while the whole text is selected (SelectAll).
	all bool
}

// maxUndo bounds the undo history.
const maxUndo = 500

// New returns a buffer holding text, cursor at the end.
func New(text string) *Buffer {
	b := &Buffer{}
	b.setText(text)
	b.CursorEnd()
	return b
}

// Text returns the content.
func (b *Buffer) Text() string {
	var sb strings.Builder
	for i, l := range b.lines {
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString(string(l))
	}
	return sb.String()
}

// Version is a counter changed by every edit.
func (b *Buffer) Version() int { return b.version }

// Lines returns the number of lines.
func (b *Buffer) Lines() int { return len(b.lines) }

// Line returns line i.
func (b *Buffer) Line(i int) []rune {
	if i < 0 || i >= len(b.lines) {
		return nil
	}
	return b.lines[i]
}

// Cursor returns the cursor position.
func (b *Buffer) Cursor() Pos { return b.cursor }

// SetText replaces the content as one undoable edit and puts the cursor at the end.
func (b *Buffer) SetText(text string) {
	if text == b.Text() {
		return
	}
	b.checkpoint(editOther)
	b.setText(text)
	b.CursorEnd()
}

func (b *Buffer) setText(text string) {
	parts := strings.Split(normalize(text), "\n")
	b.lines = make([][]rune, len(parts))
	for i, p := range parts {
		b.lines[i] = []rune(p)
	}
	b.version++
	b.auto = nil
	b.all = false
}

// normalize turns CRLF and CR (terminals send CR for a pasted line break) into LF and
// tabs into two spaces.
func normalize(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.ReplaceAll(s, "\t", "  ")
}

// Offset returns the byte offset of the cursor in Text().
func (b *Buffer) Offset() int { return b.OffsetOf(b.cursor) }

// OffsetOf returns the byte offset of p in Text().
func (b *Buffer) OffsetOf(p Pos) int {
	off := 0
	for i := 0; i < p.Row && i < len(b.lines); i++ {
		off += len(string(b.lines[i])) + 1
	}
	if p.Row < len(b.lines) {
		l := b.lines[p.Row]
		c := min(p.Col, len(l))
		off += len(string(l[:c]))
	}
	return off
}

// PosOf converts a byte offset in Text() to a position.
func (b *Buffer) PosOf(off int) Pos {
	for i, l := range b.lines {
		n := len(string(l))
		if off <= n {
			return Pos{Row: i, Col: len([]rune(string(l)[:max(0, off)]))}
		}
		off -= n + 1
	}
	last := len(b.lines) - 1
	return Pos{Row: last, Col: len(b.lines[last])}
}

// SetCursor moves the cursor (clamped) and drops the selection.
func (b *Buffer) SetCursor(p Pos) {
	p.Row = max(0, min(p.Row, len(b.lines)-1))
	p.Col = max(0, min(p.Col, len(b.lines[p.Row])))
	if p.Row != b.cursor.Row {
		b.auto = nil
	}
	b.all = false
	b.cursor = p
	b.want = p.Col
	b.last = editNone
}

// CursorEnd moves the cursor to the end of the text.
func (b *Buffer) CursorEnd() {
	r := len(b.lines) - 1
	b.SetCursor(Pos{Row: r, Col: len(b.lines[r])})
}

// checkpoint records an undo step unless this edit continues the previous one.
func (b *Buffer) checkpoint(k editKind) {
	b.version++
	b.redo = nil
	if k == b.last && k != editOther {
		return
	}
	b.last = k
	b.undo = append(b.undo, snapshot{text: b.Text(), cursor: b.cursor})
	if len(b.undo) > maxUndo {
		b.undo = b.undo[len(b.undo)-maxUndo:]
	}
}

// Undo reverts the last edit; false when there is nothing to undo.
func (b *Buffer) Undo() bool {
	if len(b.undo) == 0 {
		return false
	}
	s := b.undo[len(b.undo)-1]
	b.undo = b.undo[:len(b.undo)-1]
	b.redo = append(b.redo, snapshot{text: b.Text(), cursor: b.cursor})
	b.setText(s.text)
	b.SetCursor(s.cursor)
	return true
}

// Redo re-applies an undone edit; false when there is nothing to redo.
func (b *Buffer) Redo() bool {
	if len(b.redo) == 0 {
		return false
	}
	s := b.redo[len(b.redo)-1]
	b.redo = b.redo[:len(b.redo)-1]
	b.undo = append(b.undo, snapshot{text: b.Text(), cursor: b.cursor})
	b.setText(s.text)
	b.SetCursor(s.cursor)
	return true
}

// Insert types s at the cursor, replacing the selection. Typing a closing bracket in
// front of the same bracket that the buffer auto-inserted steps over it; an opening
// bracket at the end of a word gets its closing partner.
func (b *Buffer) Insert(s string) {
	if s == "" {
		return
	}
	s = normalize(s)
	b.takeSelection()
	if strings.Contains(s, "\n") && len([]rune(s)) > 1 {
		b.checkpoint(editOther)
		b.insertRaw(s)
		b.last = editOther
		return
	}
	r := []rune(s)
	line := b.lines[b.cursor.Row]
	off := b.Offset()
	if len(r) == 1 && isCloser(r[0]) && b.cursor.Col < len(line) && line[b.cursor.Col] == r[0] && b.takeAuto(off) {
		// Stepping over is part of the typing: it stays in the same undo step.
		last := b.last
		b.SetCursor(Pos{b.cursor.Row, b.cursor.Col + 1})
		b.last = last
		return
	}
	b.checkpoint(editInsert)
	if len(r) == 1 && s == "\n" {
		b.newline()
		return
	}
	if len(r) == 1 && isOpener(r[0]) && (b.cursor.Col == len(line) || unicode.IsSpace(line[b.cursor.Col]) || isCloser(line[b.cursor.Col])) {
		b.insertRaw(s + string(partner(r[0])))
		b.shiftAuto(off, 0, len(s)+1)
		b.auto = append(b.auto, off+len(s))
		b.SetCursor(Pos{b.cursor.Row, b.cursor.Col - 1})
		b.last = editInsert
		return
	}
	b.insertRaw(s)
	b.shiftAuto(off, 0, len(s))
}

// Paste inserts s at the cursor as it is (no bracket pairs, no auto-indent), replacing
// the selection; one undo step.
func (b *Buffer) Paste(s string) {
	s = normalize(s)
	if s == "" {
		return
	}
	b.checkpoint(editOther)
	if b.all {
		b.setText("")
		b.cursor = Pos{}
	}
	off := b.Offset()
	b.insertRaw(s)
	b.shiftAuto(off, 0, len(s))
	b.last = editOther
}

func (b *Buffer) insertRaw(s string) {
	parts := strings.Split(s, "\n")
	line := b.lines[b.cursor.Row]
	head := append([]rune(nil), line[:b.cursor.Col]...)
	tail := append([]rune(nil), line[b.cursor.Col:]...)
	if len(parts) == 1 {
		p := []rune(parts[0])
		b.lines[b.cursor.Row] = append(append(head, p...), tail...)
		b.cursor.Col += len(p)
		b.want = b.cursor.Col
		return
	}
	newLines := make([][]rune, 0, len(parts))
	newLines = append(newLines, append(head, []rune(parts[0])...))
	for _, p := range parts[1 : len(parts)-1] {
		newLines = append(newLines, []rune(p))
	}
	lastPart := []rune(parts[len(parts)-1])
	newLines = append(newLines, append(append([]rune(nil), lastPart...), tail...))
	rest := append([][]rune(nil), b.lines[b.cursor.Row+1:]...)
	b.lines = append(append(b.lines[:b.cursor.Row], newLines...), rest...)
	b.cursor = Pos{Row: b.cursor.Row + len(parts) - 1, Col: len(lastPart)}
	b.want = b.cursor.Col
	b.auto = nil // the cursor left the line
}

// newline splits the line, keeping the indentation; between a bracket pair it opens an
// indented empty line.
func (b *Buffer) newline() {
	line := b.lines[b.cursor.Row]
	indent := leadingSpace(line)
	c := b.cursor.Col
	before := rune(0)
	if c > 0 {
		before = line[c-1]
	}
	after := rune(0)
	if c < len(line) {
		after = line[c]
	}
	if isOpener(before) {
		if after == partner(before) {
			b.insertRaw("\n" + indent + "  " + "\n" + indent)
			b.SetCursor(Pos{b.cursor.Row - 1, len(indent) + 2})
			b.last = editInsert
			return
		}
		b.insertRaw("\n" + indent + "  ")
		return
	}
	b.insertRaw("\n" + indent)
}

// Replace replaces the bytes [start, end) of Text() with s and puts the cursor after it
// (completion).
func (b *Buffer) Replace(start, end int, s string) {
	text := b.Text()
	start = max(0, min(start, len(text)))
	end = max(start, min(end, len(text)))
	b.checkpoint(editOther)
	auto := b.auto
	b.setText(text[:start] + s + text[end:])
	b.auto = shifted(auto, start, end-start, len(s))
	b.SetCursor(b.PosOf(start + len(s)))
}

func leadingSpace(l []rune) string {
	i := 0
	for i < len(l) && l[i] == ' ' {
		i++
	}
	return string(l[:i])
}

func isOpener(r rune) bool { return r == '{' || r == '(' || r == '[' }
func isCloser(r rune) bool { return r == '}' || r == ')' || r == ']' }

func partner(r rune) rune {
	switch r {
	case '{':
		return '}'
	case '(':
		return ')'
	case '[':
		return ']'
	case '}':
		return '{'
	case ')':
		return '('
	case ']':
		return '['
	}
	return 0
}
