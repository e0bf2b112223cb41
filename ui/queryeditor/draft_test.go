package queryeditor_test

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// TestUnsavedQueryIsRestored: closing the editor (esc, then the esc that leaves the
// screen) keeps the unsaved query as the API's draft; the next empty editor, in this
// process or another, opens with it. An editor opened on a screen's query keeps its own
// text and lists the draft first in the history.
func TestUnsavedQueryIsRestored(t *testing.T) {
	e := newEnv(t, embeddedURL(t))
	m := e.open(t, screen.Route{}, 100, 30)
	const draft = "query Draft { flow { name } }"
	m, _ = send(m, tea.PasteMsg{Content: draft})
	m, _ = send(m, keys("esc")...)
	if m.CapturesInput() {
		t.Fatal("esc did not leave the text: the next esc would not close the editor")
	}

	m2 := e.open(t, screen.Route{}, 100, 30)
	if q, _ := m2.Text(); q != draft {
		t.Fatalf("a new editor opened with %q, not the unsaved query", q)
	}
	m3 := e.open(t, screen.Route{Query: "{ project { id } }"}, 100, 30)
	if q, _ := m3.Text(); q != "{ project { id } }" {
		t.Fatalf("the screen's query was replaced: %q", q)
	}
	m3, _ = send(m3, keys("esc", "p")...)
	if v := uitest.Strip(m3.View()); !strings.Contains(v, "unsaved draft: query Draft { flow") {
		t.Fatalf("history without the draft:\n%s", v)
	}

	// Running the restored query puts it in the history: the next editor starts empty.
	m2, _ = send(m2, keys("ctrl+r")...)
	if m4 := e.open(t, screen.Route{}, 100, 30); queryText(m4) != template {
		t.Fatalf("the draft outlived its run: %q", queryText(m4))
	}
	_ = m2
}
