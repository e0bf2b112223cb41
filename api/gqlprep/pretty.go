package gqlprep

import (
	"bytes"
	"errors"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/prefect-tui/prefect-tui/api/gqlsyntax"
)

// ErrDropsComments is Pretty's refusal: the formatter would lose some of the text's
// comments.
var ErrDropsComments = errors.New("the formatter would drop comments")

// Pretty lays a document out with gqlparser's formatter (two-space indent, comments
// kept). Text that does not parse is an error (the parser's, with its position); so is
// text whose comments the formatter would not all keep (ErrDropsComments: it keeps
// only some, not those of a shorthand query or at a line's end), so that prettifying
// never loses what the user wrote.
func Pretty(text string) (string, error) {
	doc, err := parser.ParseQuery(&ast.Source{Input: text})
	if err != nil {
		return "", err
	}
	var out bytes.Buffer
	formatter.NewFormatter(&out, formatter.WithIndent("  "), formatter.WithComments()).FormatQueryDocument(doc)
	pretty := strings.TrimRight(out.String(), "\n")
	if comments(pretty) != comments(text) {
		return "", ErrDropsComments
	}
	return pretty, nil
}

// comments counts the comments of text.
func comments(text string) int {
	n := 0
	for _, t := range gqlsyntax.Lex(text) {
		if t.Kind == gqlsyntax.Comment {
			n++
		}
	}
	return n
}
