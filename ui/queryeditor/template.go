package queryeditor

import (
	"strings"

	"github.com/prefect-tui/prefect-tui/api/gqlsyntax"
	"github.com/prefect-tui/prefect-tui/ui/queryeditor/textbuf"
)

// documentKeywords start an operation or a fragment definition.
var documentKeywords = []string{"query", "mutation", "subscription", "fragment"}

// startsDocument reports whether s (leading blanks aside) starts a GraphQL document:
// a selection set, an operation or fragment keyword, or a comment.
func startsDocument(s string) bool {
	s = strings.TrimLeft(s, " \t\r\n")
	if strings.HasPrefix(s, "{") || strings.HasPrefix(s, "#") {
		return true
	}
	for _, kw := range documentKeywords {
		if strings.HasPrefix(s, kw) && (len(s) == len(kw) || !gqlsyntax.IsNameByte(s[len(kw)])) {
			return true
		}
	}
	return false
}

// untouched reports whether the query is still the new editor's template.
func (m *Model) untouched() bool { return m.query.Text() == queryTemplate }

// quiet reports whether nothing has been written yet (the template, or a blank
// text): validation errors would only be noise then.
func (m *Model) quiet() bool {
	t := m.query.Text()
	return t == queryTemplate || strings.TrimSpace(t) == ""
}

// typeText types text (one key press) into b. In the query, text that starts a
// document replaces the untouched template: "{" or "#" at once, and a keyword typed
// inside the template ("{ query }") once a space, "{" or "(" follows it.
func (m *Model) typeText(b *textbuf.Buffer, text string) {
	if b == m.query && !b.Selected() {
		switch {
		case m.untouched() && startsDocument(text):
			b.SelectAll()
		case strings.ContainsAny(text[:1], " {("):
			if kw := m.templateKeyword(); kw != "" {
				b.SelectAll()
				b.Insert(kw)
			}
		}
	}
	b.Insert(text)
}

// templateKeyword is the document keyword typed into the template, the cursor right
// after it ("" when the query is anything else).
func (m *Model) templateKeyword() string {
	t := m.query.Text()
	c := m.query.Cursor()
	for _, kw := range documentKeywords {
		if t == "{\n  "+kw+"\n}" && c == (textbuf.Pos{Row: 1, Col: 2 + len(kw)}) {
			return kw
		}
	}
	return ""
}

// paste inserts pasted text into the text being edited. In the query, a paste that
// starts a document replaces the untouched template; a paste that replaces the whole
// text (that, or over a select-all) drops the blank lines around it.
func (m *Model) paste(s string) {
	b := m.active()
	if b == m.query && m.untouched() && startsDocument(s) {
		b.SelectAll()
	}
	if b.Selected() {
		s = trimBlankLines(s)
	}
	b.Paste(s)
}

// trimBlankLines drops the blank lines before the first and after the last non-blank
// line of s (and trailing blanks), keeping the first line's indentation.
func trimBlankLines(s string) string {
	s = strings.TrimRight(s, " \t\r\n")
	for {
		i := strings.IndexAny(s, "\r\n")
		if i < 0 || strings.TrimSpace(s[:i]) != "" {
			return s
		}
		s = s[i+1:]
	}
}
