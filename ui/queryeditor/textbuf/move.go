package textbuf

import "unicode"

// Left moves the cursor one rune left (to the previous line's end at column 0).
func (b *Buffer) Left() {
	if b.cursor.Col > 0 {
		b.SetCursor(Pos{b.cursor.Row, b.cursor.Col - 1})
	} else if b.cursor.Row > 0 {
		b.SetCursor(Pos{b.cursor.Row - 1, len(b.lines[b.cursor.Row-1])})
	}
}

// Right moves the cursor one rune right.
func (b *Buffer) Right() {
	if b.cursor.Col < len(b.lines[b.cursor.Row]) {
		b.SetCursor(Pos{b.cursor.Row, b.cursor.Col + 1})
	} else if b.cursor.Row < len(b.lines)-1 {
		b.SetCursor(Pos{b.cursor.Row + 1, 0})
	}
}

// Up moves the cursor n lines up, keeping the wanted column.
func (b *Buffer) Up(n int) { b.vertical(-n) }

// Down moves the cursor n lines down.
func (b *Buffer) Down(n int) { b.vertical(n) }

func (b *Buffer) vertical(d int) {
	r := max(0, min(b.cursor.Row+d, len(b.lines)-1))
	want := b.want
	b.SetCursor(Pos{r, min(want, len(b.lines[r]))})
	b.want = want
}

// Home moves to the first non-blank of the line, or to column 0 when already there.
func (b *Buffer) Home() {
	ind := len(leadingSpace(b.lines[b.cursor.Row]))
	if b.cursor.Col == ind {
		ind = 0
	}
	b.SetCursor(Pos{b.cursor.Row, ind})
}

// End moves to the end of the line.
func (b *Buffer) End() { b.SetCursor(Pos{b.cursor.Row, len(b.lines[b.cursor.Row])}) }

// Top moves to the start of the text.
func (b *Buffer) Top() { b.SetCursor(Pos{}) }

// WordLeft moves to the start of the previous word.
func (b *Buffer) WordLeft() {
	b.Left()
	for b.cursor.Col > 0 && !isWord(b.lines[b.cursor.Row][b.cursor.Col-1]) {
		b.Left()
	}
	for b.cursor.Col > 0 && isWord(b.lines[b.cursor.Row][b.cursor.Col-1]) {
		b.Left()
	}
}

// WordRight moves past the end of the next word.
func (b *Buffer) WordRight() {
	l := b.lines[b.cursor.Row]
	if b.cursor.Col >= len(l) {
		b.Right()
		return
	}
	c := b.cursor.Col
	for c < len(l) && !isWord(l[c]) {
		c++
	}
	for c < len(l) && isWord(l[c]) {
		c++
	}
	b.SetCursor(Pos{b.cursor.Row, c})
}

func isWord(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// MatchBracket returns the positions of the bracket at (or just before) the cursor and
// of its partner; ok is false when the cursor is not at a bracket or it is unmatched.
// Brackets inside strings and comments are ignored.
func (b *Buffer) MatchBracket() (at, match Pos, ok bool) {
	line := b.lines[b.cursor.Row]
	c := b.cursor.Col
	switch {
	case c < len(line) && partner(line[c]) != 0:
	case c > 0 && partner(line[c-1]) != 0:
		c--
	default:
		return Pos{}, Pos{}, false
	}
	at = Pos{b.cursor.Row, c}
	mask := b.codeMask()
	if !mask.code(at) {
		return Pos{}, Pos{}, false
	}
	open := line[c]
	want := partner(open)
	dir := 1
	if isCloser(open) {
		dir = -1
	}
	depth := 0
	p := at
	for {
		var more bool
		p, more = b.step(p, dir)
		if !more {
			return Pos{}, Pos{}, false
		}
		if p.Col >= len(b.lines[p.Row]) || !mask.code(p) {
			continue
		}
		r := b.lines[p.Row][p.Col]
		switch r {
		case open:
			depth++
		case want:
			if depth == 0 {
				return at, p, true
			}
			depth--
		}
	}
}

func (b *Buffer) step(p Pos, dir int) (Pos, bool) {
	if dir > 0 {
		if p.Col+1 < len(b.lines[p.Row]) {
			return Pos{p.Row, p.Col + 1}, true
		}
		for r := p.Row + 1; r < len(b.lines); r++ {
			if len(b.lines[r]) > 0 {
				return Pos{r, 0}, true
			}
		}
		return p, false
	}
	if p.Col > 0 {
		return Pos{p.Row, p.Col - 1}, true
	}
	for r := p.Row - 1; r >= 0; r-- {
		if len(b.lines[r]) > 0 {
			return Pos{r, len(b.lines[r]) - 1}, true
		}
	}
	return p, false
}

// mask says which runes are code (not in a string or comment).
type mask [][]bool

func (m mask) code(p Pos) bool { return p.Row < len(m) && p.Col < len(m[p.Row]) && m[p.Row][p.Col] }

func (b *Buffer) codeMask() mask {
	m := make(mask, len(b.lines))
	inBlock := false
	for i, l := range b.lines {
		m[i] = make([]bool, len(l))
		inStr := false
		for j := 0; j < len(l); j++ {
			r := l[j]
			switch {
			case inBlock:
				if r == '"' && j+2 < len(l) && l[j+1] == '"' && l[j+2] == '"' {
					inBlock = false
					j += 2
				}
			case inStr:
				if r == '\\' {
					j++
				} else if r == '"' {
					inStr = false
				}
			case r == '#':
				j = len(l)
			case r == '"' && j+2 < len(l) && l[j+1] == '"' && l[j+2] == '"':
				inBlock = true
				j += 2
			case r == '"':
				inStr = true
			default:
				m[i][j] = true
			}
		}
	}
	return m
}
