package textbuf

// SelectAll selects the whole text (nothing when the buffer is empty) and puts the
// cursor at its end. The next typed or pasted text replaces the selection, a deletion
// empties the buffer, and any cursor movement drops the selection.
func (b *Buffer) SelectAll() {
	b.CursorEnd()
	b.all = len(b.lines) > 1 || len(b.lines[0]) > 0
}

// Selected reports whether the whole text is selected.
func (b *Buffer) Selected() bool { return b.all }

// takeSelection empties a selected buffer before typing; the typing that follows
// belongs to the same undo step, so one undo brings the old text back.
func (b *Buffer) takeSelection() {
	if !b.all {
		return
	}
	b.checkpoint(editOther)
	b.setText("")
	b.cursor = Pos{}
	b.want = 0
	b.last = editInsert
}

// deleteSelection empties a selected buffer (one undo step); false when nothing is
// selected.
func (b *Buffer) deleteSelection() bool {
	if !b.all {
		return false
	}
	b.checkpoint(editOther)
	b.setText("")
	b.SetCursor(Pos{})
	return true
}

// takeAuto forgets the auto-inserted closer at byte offset off; false when there is
// none there.
func (b *Buffer) takeAuto(off int) bool {
	for i, a := range b.auto {
		if a == off {
			b.auto = append(b.auto[:i], b.auto[i+1:]...)
			return true
		}
	}
	return false
}

// shiftAuto moves the auto-inserted closers after an edit at byte offset off that
// removed and inserted the given numbers of bytes.
func (b *Buffer) shiftAuto(off, removed, inserted int) {
	b.auto = shifted(b.auto, off, removed, inserted)
}

// shifted returns offsets moved by an edit at off (removed bytes replaced by inserted
// ones); offsets inside the removed bytes are dropped.
func shifted(offsets []int, off, removed, inserted int) []int {
	var out []int
	for _, a := range offsets {
		switch {
		case a >= off+removed:
			out = append(out, a-removed+inserted)
		case a < off:
			out = append(out, a)
		}
	}
	return out
}
