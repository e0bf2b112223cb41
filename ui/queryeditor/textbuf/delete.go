package textbuf

// Backspace deletes the rune before the cursor (and an empty bracket pair's closer).
func (b *Buffer) Backspace() {
	if b.deleteSelection() {
		return
	}
	c := b.cursor
	if c.Col == 0 && c.Row == 0 {
		return
	}
	b.checkpoint(editDelete)
	if c.Col == 0 {
		b.auto = nil // the cursor leaves the line
		prev := b.lines[c.Row-1]
		col := len(prev)
		b.lines[c.Row-1] = append(append([]rune(nil), prev...), b.lines[c.Row]...)
		b.lines = append(b.lines[:c.Row], b.lines[c.Row+1:]...)
		b.cursor = Pos{c.Row - 1, col}
		b.want = col
		return
	}
	line := b.lines[c.Row]
	del := 1
	if isOpener(line[c.Col-1]) && c.Col < len(line) && line[c.Col] == partner(line[c.Col-1]) {
		del = 2
	}
	b.shiftAuto(b.OffsetOf(Pos{c.Row, c.Col - 1}), len(string(line[c.Col-1:c.Col-1+del])), 0)
	b.lines[c.Row] = append(append([]rune(nil), line[:c.Col-1]...), line[c.Col-1+del:]...)
	b.cursor.Col--
	b.want = b.cursor.Col
}

// Delete deletes the rune under the cursor.
func (b *Buffer) Delete() {
	if b.deleteSelection() {
		return
	}
	c := b.cursor
	line := b.lines[c.Row]
	if c.Col == len(line) && c.Row == len(b.lines)-1 {
		return
	}
	b.checkpoint(editDelete)
	if c.Col == len(line) {
		b.shiftAuto(b.Offset(), 1, 0)
		b.lines[c.Row] = append(append([]rune(nil), line...), b.lines[c.Row+1]...)
		b.lines = append(b.lines[:c.Row+1], b.lines[c.Row+2:]...)
		return
	}
	b.shiftAuto(b.Offset(), len(string(line[c.Col])), 0)
	b.lines[c.Row] = append(append([]rune(nil), line[:c.Col]...), line[c.Col+1:]...)
}

// DeleteWordBack deletes the word before the cursor (ctrl+w).
func (b *Buffer) DeleteWordBack() {
	if b.deleteSelection() {
		return
	}
	start := b.cursor
	b.WordLeft()
	end := b.cursor
	b.cursor = start
	b.deleteRange(end, start)
}

// DeleteToLineStart deletes from the start of the line to the cursor (ctrl+u).
func (b *Buffer) DeleteToLineStart() {
	if b.deleteSelection() {
		return
	}
	b.deleteRange(Pos{b.cursor.Row, 0}, b.cursor)
}

func (b *Buffer) deleteRange(from, to Pos) {
	if from == to {
		return
	}
	b.checkpoint(editOther)
	text := b.Text()
	s, e := b.OffsetOf(from), b.OffsetOf(to)
	auto := b.auto
	b.setText(text[:s] + text[e:])
	b.auto = shifted(auto, s, e-s, 0)
	b.SetCursor(from)
}
