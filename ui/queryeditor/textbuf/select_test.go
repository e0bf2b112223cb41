package textbuf_test

import (
	"testing"

	"github.com/prefect-tui/prefect-tui/ui/queryeditor/textbuf"
)

func TestClosingBracketStepsOverOnlyItsAutoInsertedPartner(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(b *textbuf.Buffer)
		want string
	}{
		{"typed query", func(b *textbuf.Buffer) { typeAll(b, "{ api { backend version } }") }, "{ api { backend version } }"},
		{"typed with arguments", func(b *textbuf.Buffer) { typeAll(b, `{ flow_run(limit: 1, where: {name: {_eq: "a"}}) { id } }`) },
			`{ flow_run(limit: 1, where: {name: {_eq: "a"}}) { id } }`},
		{"no partner: inserted", func(b *textbuf.Buffer) {
			b.SetText("{ a }")
			b.SetCursor(textbuf.Pos{Col: 4})
			b.Insert("}")
		}, "{ a }}"},
		{"other closer: inserted", func(b *textbuf.Buffer) { typeAll(b, "f(]") }, "f(])"},
		{"typing and deleting before the partner", func(b *textbuf.Buffer) {
			typeAll(b, "f(abc")
			b.Backspace()
			b.Left()
			b.Delete()
			typeAll(b, "x)")
		}, "f(ax)"},
		{"partner forgotten once the cursor leaves the line", func(b *textbuf.Buffer) {
			b.SetText("first\n")
			typeAll(b, "f(")
			b.Up(1)
			b.Down(1)
			b.Insert(")")
		}, "first\nf())"},
		{"completion inside the pair keeps it", func(b *textbuf.Buffer) {
			typeAll(b, "f(li")
			off := b.Offset()
			b.Replace(off-2, off, "limit")
			typeAll(b, ": 3)")
		}, "f(limit: 3)"},
		{"a pair opened on a new line", func(b *textbuf.Buffer) { typeAll(b, "{\nflow_run { id }\n}") }, "{\n  flow_run { id }\n  }\n}"},
		{"undo forgets the partners", func(b *textbuf.Buffer) {
			typeAll(b, "f(")
			b.Insert(" ")
			b.Undo()
			b.Redo() // the cursor is back in front of ")"
			b.Insert(")")
		}, "f( ))"},
		{"paste keeps brackets as pasted", func(b *textbuf.Buffer) {
			b.Paste("{ a(")
			b.Paste("}")
		}, "{ a(}"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := textbuf.New("")
			c.edit(b)
			if got := b.Text(); got != c.want {
				t.Fatalf("got %q want %q", got, c.want)
			}
		})
	}
}

func TestPasteIsVerbatimAndOneUndoStep(t *testing.T) {
	b := textbuf.New("{\n  \n}")
	b.SetCursor(textbuf.Pos{Row: 1, Col: 2})
	// Terminals send a pasted line break as CR.
	b.Paste("flow_run {\r  id\r\tname\r\n}")
	want := "{\n  flow_run {\n  id\n  name\n}\n}"
	if b.Text() != want {
		t.Fatalf("got %q want %q", b.Text(), want)
	}
	if c := b.Cursor(); c != (textbuf.Pos{Row: 4, Col: 1}) {
		t.Fatalf("cursor %v", c)
	}
	if !b.Undo() || b.Text() != "{\n  \n}" {
		t.Fatalf("undo: %q", b.Text())
	}
}

func TestSelectAll(t *testing.T) {
	const template = "{\n  \n}"
	b := textbuf.New(template)
	b.SelectAll()
	if !b.Selected() {
		t.Fatal("not selected")
	}
	typeAll(b, "{ a }")
	if b.Text() != "{ a }" || b.Selected() {
		t.Fatalf("typing over the selection: %q selected=%v", b.Text(), b.Selected())
	}
	if !b.Undo() || b.Text() != template {
		t.Fatalf("one undo brings the text back: %q", b.Text())
	}

	b.SelectAll()
	b.Paste("query {\n  api { backend }\n}\n")
	if b.Text() != "query {\n  api { backend }\n}\n" {
		t.Fatalf("paste over the selection: %q", b.Text())
	}
	b.Undo()

	for name, del := range map[string]func(){
		"backspace": b.Backspace, "delete": b.Delete, "ctrl+w": b.DeleteWordBack, "ctrl+u": b.DeleteToLineStart,
	} {
		b.SelectAll()
		del()
		if b.Text() != "" || b.Cursor() != (textbuf.Pos{}) {
			t.Fatalf("%s over the selection: %q %v", name, b.Text(), b.Cursor())
		}
		if !b.Undo() || b.Text() != template {
			t.Fatalf("%s undo: %q", name, b.Text())
		}
	}

	b.SelectAll()
	b.Left()
	if b.Selected() || b.Text() != template {
		t.Fatalf("a movement keeps the text and drops the selection: %q %v", b.Text(), b.Selected())
	}
	b.Insert("x")
	b.SelectAll()
	if !b.Undo() || b.Selected() || b.Text() != template {
		t.Fatalf("undo: %q selected=%v", b.Text(), b.Selected())
	}

	e := textbuf.New("")
	e.SelectAll()
	if e.Selected() {
		t.Fatal("an empty buffer has nothing to select")
	}
}

func TestTypedQueryIsOneUndoStep(t *testing.T) {
	b := textbuf.New("{ flow { id } }")
	b.SelectAll()
	typeAll(b, "{ api { backend } }")
	if !b.Undo() || b.Text() != "{ flow { id } }" {
		t.Fatalf("undo: %q", b.Text())
	}
}
