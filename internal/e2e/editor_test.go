package e2e

import (
	"slices"
	"strings"
	"testing"
)

// These tests need tmux (installed by .ci/run); they fail, never skip, without it.

// openNewEditor starts the demo and opens a new query editor with `:query`.
func openNewEditor(t *testing.T) *terminal {
	t.Helper()
	term := start(t, "demo")
	term.waitText("overview", "Late runs", "connected")
	term.typeText(":query")
	term.keys("Enter")
	s := term.waitText("type or paste a query")
	noQueryError(t, s)
	if got := queryLines(s); !slices.Equal(got, []string{"1  {", "2", "3  }"}) {
		t.Fatalf("a new editor shows %q", got)
	}
	return term
}

// queryLines are the text lines of the query pane (line numbers included), without
// its title and trailing blank lines.
func queryLines(screen string) []string {
	p := pane(screen, "query")
	if len(p) == 0 {
		return nil
	}
	p = p[1:]
	for len(p) > 0 && p[len(p)-1] == "" {
		p = p[:len(p)-1]
	}
	return p
}

// noQueryError fails when the screen reports an error in the query: the count in the
// pane's title, a marked line, or the error line under the panes.
func noQueryError(t *testing.T, screen string) {
	t.Helper()
	p := pane(screen, "query")
	if len(p) == 0 {
		t.Fatalf("no query pane:\n%s", screen)
	}
	bad := strings.Contains(p[0], "error") || strings.Contains(strings.Join(p, "\n"), "●")
	for _, l := range strings.Split(screen, "\n") {
		bad = bad || strings.HasPrefix(l, "✗")
	}
	if bad {
		t.Fatalf("an error is shown:\n%s", screen)
	}
}

// waitQuery waits until the query pane shows exactly lines.
func waitQuery(term *terminal, lines ...string) string {
	term.t.Helper()
	return term.waitFor("the query "+strings.Join(lines, " / "), func(s string) bool {
		return slices.Equal(queryLines(s), lines)
	})
}

// runAndWait runs the query (ctrl+r) and waits for texts in the results pane.
func runAndWait(term *terminal, texts ...string) string {
	term.t.Helper()
	term.keys("C-r")
	return term.waitFor("the result "+strings.Join(texts, ", "), func(s string) bool {
		res := strings.Join(pane(s, "result"), "\n")
		for _, x := range texts {
			if !strings.Contains(res, x) {
				return false
			}
		}
		return true
	})
}

// TestPasteIntoANewEditorRuns: a bracketed paste into a new editor replaces its
// template and runs as pasted; ctrl+a then a paste of several lines replaces the
// whole query, exactly as pasted (typed keys would have been auto-indented).
func TestPasteIntoANewEditorRuns(t *testing.T) {
	term := openNewEditor(t)
	term.paste("{ api { backend version } }")
	noQueryError(t, waitQuery(term, "1  { api { backend version } }"))
	runAndWait(term, "backend", `"SERVER"`)

	term.keys("C-a")
	term.waitText("all selected")
	term.paste("query Backend {\n  api { backend\n    version }\n}\n")
	noQueryError(t, waitQuery(term,
		"1  query Backend {",
		"2    api { backend",
		"3      version }",
		"4  }",
	))
	s := runAndWait(term, "backend", `"SERVER"`, "version")
	if !strings.Contains(s, "query › Backend") {
		t.Fatalf("the breadcrumb does not name the operation:\n%s", s)
	}
	term.quit()
}

// TestTypedQueryInANewEditorRuns: typing a query, one key at a time, into a new
// editor replaces its template; each closing bracket steps over the one typed with
// its opening bracket, and the query runs as typed.
func TestTypedQueryInANewEditorRuns(t *testing.T) {
	term := openNewEditor(t)
	term.typeText("{ api { backend version } }")
	noQueryError(t, waitQuery(term, "1  { api { backend version } }"))
	runAndWait(term, "backend", `"SERVER"`)
	term.quit()
}
