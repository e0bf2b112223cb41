package queryeditor_test

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/queryeditor"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

const template = "{\n  \n}"

// queryText is the editor's query.
func queryText(m *queryeditor.Model) string {
	q, _ := m.Text()
	return q
}

// runToResult runs the query and checks that the answer is on screen.
func runToResult(t *testing.T, m *queryeditor.Model, want ...string) {
	t.Helper()
	m, out := send(m, keys("ctrl+r")...)
	for _, o := range out {
		if st, ok := o.(screen.StatusMsg); ok && st.Level == screen.LevelError {
			t.Fatalf("run: %s\n%s", st.Text, uitest.Strip(m.View()))
		}
	}
	v := uitest.Strip(m.View())
	for _, w := range want {
		if !strings.Contains(v, w) {
			t.Fatalf("result lacks %s:\n%s", w, v)
		}
	}
}

// noErrorShown fails when the view reports a query error.
func noErrorShown(t *testing.T, m *queryeditor.Model) {
	t.Helper()
	v := uitest.Strip(m.View())
	if strings.Contains(v, "error(s)") || strings.Contains(v, "✗") || strings.Contains(v, "●") {
		t.Fatalf("an error is shown:\n%s", v)
	}
}

func TestNewEditorShowsNoErrorUntilTyped(t *testing.T) {
	e := newEnv(t, embeddedURL(t))
	m := e.fresh(t).open(t, screen.Route{}, 80, 24)
	if queryText(m) != template {
		t.Fatalf("template %q", queryText(m))
	}
	noErrorShown(t, m)
	if v := uitest.Strip(m.View()); !strings.Contains(v, "type or paste a query") {
		t.Fatalf("no hint:\n%s", v)
	}
	m, _ = send(m, uitest.Type("x")...)
	if v := uitest.Strip(m.View()); !strings.Contains(v, "1 error(s)") || !strings.Contains(v, `✗ 2:3 Cannot query field "x"`) {
		t.Fatalf("typed, no error:\n%s", v)
	}
	m, _ = send(m, keys("ctrl+z")...)
	noErrorShown(t, m)
	// Emptied: nothing written, nothing to report either.
	m, _ = send(m, keys("ctrl+a", "backspace")...)
	if queryText(m) != "" {
		t.Fatalf("not emptied: %q", queryText(m))
	}
	noErrorShown(t, m)
	// Asked to run, the editor says why it did not.
	m, _ = send(m, keys("ctrl+z")...)
	_, out := send(m, keys("ctrl+r")...)
	if st := status(t, toAny(out)); st.Level != screen.LevelError || !strings.Contains(st.Text, "not sent") {
		t.Fatalf("run of the template: %+v", st)
	}
}

func TestPasteReplacesTheTemplate(t *testing.T) {
	e := newEnv(t, embeddedURL(t))
	for _, c := range []struct{ name, paste, want string }{
		{"selection set", "{ api { backend version } }", "{ api { backend version } }"},
		{"query with blank lines around, CR line breaks", "\r\n  \rquery {\r  api { backend }\r}\r\n", "query {\n  api { backend }\n}"},
		{"comment first", "# mine\nquery Q { api { backend } }", "# mine\nquery Q { api { backend } }"},
		{"mutation", "mutation { delete_flow_run(input: {flow_run_id: \"x\"}) { success } }", "mutation { delete_flow_run(input: {flow_run_id: \"x\"}) { success } }"},
		{"fragment", "fragment F on api { backend }\n{ api { ...F } }", "fragment F on api { backend }\n{ api { ...F } }"},
		{"subscription", "subscription { flow { id } }", "subscription { flow { id } }"},
		{"a field goes inside the template", "api { backend }", "{\n  api { backend }\n}"},
		{"a name that merely starts like a keyword", "queryable { a }", "{\n  queryable { a }\n}"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := e.fresh(t).open(t, screen.Route{}, 80, 24)
			m, _ = send(m, tea.PasteMsg{Content: c.paste})
			if got := queryText(m); got != c.want {
				t.Fatalf("got %q want %q", got, c.want)
			}
			// One undo brings the template back.
			m, _ = send(m, keys("ctrl+z")...)
			if got := queryText(m); got != template {
				t.Fatalf("undo: %q", got)
			}
		})
	}
	t.Run("runs as pasted", func(t *testing.T) {
		m := e.fresh(t).open(t, screen.Route{}, 80, 24)
		m, _ = send(m, tea.PasteMsg{Content: "{ api { backend version } }"})
		noErrorShown(t, m)
		runToResult(t, m, `backend: "SERVER"`)
	})
	t.Run("a touched query is pasted into", func(t *testing.T) {
		m := e.fresh(t).open(t, screen.Route{}, 80, 24)
		m, _ = send(m, uitest.Type("api")...)
		m, _ = send(m, tea.PasteMsg{Content: "{ backend }"})
		if got := queryText(m); got != "{\n  api{ backend }\n}" {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("over a select-all", func(t *testing.T) {
		q := "{ flow { id } }"
		m := e.open(t, screen.Route{Query: q}, 80, 24)
		m, _ = send(m, tea.PasteMsg{Content: "{ api { backend } }"})
		if got := queryText(m); got == "{ api { backend } }" {
			t.Fatal("a screen's query was replaced without a selection")
		}
		m, _ = send(m, keys("ctrl+z", "ctrl+a")...)
		if v := uitest.Strip(m.View()); !strings.Contains(v, "all selected") {
			t.Fatalf("selection not shown:\n%s", v)
		}
		m, _ = send(m, tea.PasteMsg{Content: "{ api { backend version } }\n"})
		if got := queryText(m); got != "{ api { backend version } }" {
			t.Fatalf("got %q", got)
		}
		runToResult(t, m, `backend: "SERVER"`)
	})
	t.Run("variables over a select-all", func(t *testing.T) {
		m := e.open(t, screen.Route{Query: "query ($n: Int) { flow(limit: $n) { id } }", Variables: map[string]any{"n": 1}}, 80, 24)
		m, _ = send(m, keys("esc", "tab", "enter", "ctrl+a")...)
		m, _ = send(m, tea.PasteMsg{Content: `{"n": 2}`})
		if _, v := m.Text(); v != `{"n": 2}` {
			t.Fatalf("variables %q", v)
		}
	})
}

func TestTypingReplacesTheTemplate(t *testing.T) {
	e := newEnv(t, embeddedURL(t))
	for _, c := range []struct{ name, typed, want string }{
		{"selection set", "{ api { backend version } }", "{ api { backend version } }"},
		{"query", "query { api { backend } }", "query { api { backend } }"},
		{"named query", "query Q { api { backend } }", "query Q { api { backend } }"},
		{"query with variables", "query($n: Int) { flow(limit: $n) { id } }", "query($n: Int) { flow(limit: $n) { id } }"},
		{"query then brace", "query{ api { backend } }", "query{ api { backend } }"},
		{"mutation", "mutation ", "mutation "},
		{"comment", "# why", "# why"},
		{"a field goes inside the template", "api { backend }", "{\n  api { backend }\n}"},
		{"a field named like a keyword's start", "fragments", "{\n  fragments\n}"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := e.fresh(t).open(t, screen.Route{}, 80, 24)
			m, _ = send(m, uitest.Type(c.typed)...)
			if got := queryText(m); got != c.want {
				t.Fatalf("got %q want %q", got, c.want)
			}
		})
	}
	t.Run("runs as typed", func(t *testing.T) {
		m := e.fresh(t).open(t, screen.Route{}, 80, 24)
		m, _ = send(m, uitest.Type("{ api { backend version } }")...)
		noErrorShown(t, m)
		runToResult(t, m, `backend: "SERVER"`, `version: "`)
	})
	t.Run("a closing bracket with no auto-inserted partner is typed", func(t *testing.T) {
		m := e.open(t, screen.Route{Query: "{ api { backend }"}, 80, 24)
		m, _ = send(m, keys("ctrl+end")...)
		m, _ = send(m, uitest.Type(" }")...)
		if got := queryText(m); got != "{ api { backend } }" {
			t.Fatalf("got %q", got)
		}
		m, _ = send(m, keys("left")...)
		m, _ = send(m, uitest.Type("}")...)
		if got := queryText(m); got != "{ api { backend } }}" {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("typing over a select-all", func(t *testing.T) {
		m := e.open(t, screen.Route{Query: "{ flow { id } }"}, 80, 24)
		m, _ = send(m, keys("ctrl+a")...)
		m, _ = send(m, uitest.Type("{ api { backend } }")...)
		if got := queryText(m); got != "{ api { backend } }" {
			t.Fatalf("got %q", got)
		}
		m, _ = send(m, keys("ctrl+z")...)
		if got := queryText(m); got != "{ flow { id } }" {
			t.Fatalf("undo: %q", got)
		}
		// A movement drops the selection and keeps the text.
		m, _ = send(m, keys("ctrl+a", "left")...)
		m, _ = send(m, uitest.Type("x")...)
		if got := queryText(m); got != "x{ flow { id } }" {
			t.Fatalf("got %q", got)
		}
	})
}

func TestSelectAllInHelp(t *testing.T) {
	e := newEnv(t, embeddedURL(t))
	m := e.fresh(t).open(t, screen.Route{}, 80, 24)
	found := false
	for _, col := range m.FullHelp() {
		for _, b := range col {
			if b.Enabled() && b.Help().Key == "ctrl+a" && b.Help().Desc == "select all" {
				found = true
			}
		}
	}
	if !found {
		t.Fatal("select all is not in the editing help")
	}
	m, _ = send(m, keys("esc")...)
	for _, col := range m.FullHelp() {
		for _, b := range col {
			if b.Enabled() && b.Help().Key == "ctrl+a" {
				t.Fatal("select all offered with no text focused")
			}
		}
	}
}
