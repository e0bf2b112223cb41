package textbuf_test

import (
	"testing"

	"github.com/prefect-tui/prefect-tui/ui/queryeditor/textbuf"
)

func typeAll(b *textbuf.Buffer, s string) {
	for _, r := range s {
		b.Insert(string(r))
	}
}

func TestTypingAutoIndentAndPairs(t *testing.T) {
	b := textbuf.New("")
	typeAll(b, "{\nflow_run(limit: 3")
	b.Insert(")") // steps over the auto-inserted ")"
	typeAll(b, " {\nid")
	want := "{\n  flow_run(limit: 3) {\n    id\n  }\n}"
	if got := b.Text(); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if c := b.Cursor(); c.Row != 2 || c.Col != 6 {
		t.Fatalf("cursor %+v", c)
	}
}

func TestUndoRedoGroupsTyping(t *testing.T) {
	b := textbuf.New("")
	typeAll(b, "abc")
	b.Backspace()
	b.Backspace()
	typeAll(b, "xy")
	if b.Text() != "axy" {
		t.Fatalf("text %q", b.Text())
	}
	for _, want := range []string{"a", "abc", ""} {
		if !b.Undo() || b.Text() != want {
			t.Fatalf("undo: %q want %q", b.Text(), want)
		}
	}
	if b.Undo() {
		t.Fatal("undo past the start")
	}
	for _, want := range []string{"abc", "a", "axy"} {
		if !b.Redo() || b.Text() != want {
			t.Fatalf("redo: %q want %q", b.Text(), want)
		}
	}
	if b.Redo() {
		t.Fatal("redo past the end")
	}
}

func TestBracketMatching(t *testing.T) {
	b := textbuf.New("{\n  a(x: \"}\") {\n    b # )\n  }\n}")
	b.SetCursor(textbuf.Pos{Row: 0, Col: 0})
	at, m, ok := b.MatchBracket()
	if !ok || at != (textbuf.Pos{}) || m != (textbuf.Pos{Row: 4, Col: 0}) {
		t.Fatalf("{ at 0:0 -> %v %v %v", at, m, ok)
	}
	b.SetCursor(textbuf.Pos{Row: 1, Col: 11}) // after ")"
	at, m, ok = b.MatchBracket()
	if !ok || m != (textbuf.Pos{Row: 1, Col: 3}) {
		t.Fatalf(") -> %v %v %v", at, m, ok)
	}
	b.SetCursor(textbuf.Pos{Row: 1, Col: 8}) // the } in the string
	if _, _, ok := b.MatchBracket(); ok {
		t.Fatal("matched a bracket inside a string")
	}
}

func TestOffsetsAndReplace(t *testing.T) {
	b := textbuf.New("é{\n  fl }")
	off := b.OffsetOf(textbuf.Pos{Row: 1, Col: 4})
	if off != len("é{\n  fl") {
		t.Fatalf("offset %d", off)
	}
	if p := b.PosOf(off); p != (textbuf.Pos{Row: 1, Col: 4}) {
		t.Fatalf("pos %v", p)
	}
	b.Replace(off-2, off, "flow_run")
	if b.Text() != "é{\n  flow_run }" || b.Cursor() != (textbuf.Pos{Row: 1, Col: 10}) {
		t.Fatalf("%q %v", b.Text(), b.Cursor())
	}
	b.Undo()
	if b.Text() != "é{\n  fl }" {
		t.Fatalf("undo replace: %q", b.Text())
	}
}

func TestDeleteAndMove(t *testing.T) {
	b := textbuf.New("ab\ncd")
	b.Top()
	b.End()
	b.Delete() // joins lines
	if b.Text() != "abcd" {
		t.Fatalf("%q", b.Text())
	}
	b.SetText("one two")
	b.DeleteWordBack()
	if b.Text() != "one " {
		t.Fatalf("%q", b.Text())
	}
	b.Insert("x\ny\nz") // paste
	b.Up(1)
	b.Home()
	if b.Cursor() != (textbuf.Pos{Row: 1, Col: 0}) {
		t.Fatalf("%v", b.Cursor())
	}
}
