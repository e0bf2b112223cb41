package timeline_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// selectedRow is the stripped line of the row under the cursor.
func selectedRow(t *testing.T, v string) string {
	t.Helper()
	for _, l := range strings.Split(ansi.Strip(v), "\n") {
		if strings.HasPrefix(l, "›") {
			return l
		}
	}
	t.Fatalf("no selected row:\n%s", ansi.Strip(v))
	return ""
}

// TestZoomKeepsTheSelectedBar: after f (jump to failed) + zooms around the selected bar;
// it used to zoom around the centre and push the failed bar off-screen.
func TestZoomKeepsTheSelectedBar(t *testing.T) {
	for _, keys := range [][]string{{"f"}, {"f", "f", "f"}} {
		m := newTimeline(t, 30, 0, 100, 40)
		press(m, keys...)
		id := m.SelectedID()
		for i := 1; i <= 4; i++ {
			press(m, "+")
			row := selectedRow(t, m.View())
			bar := row[strings.Index(row, " ")+1:]
			if !strings.Contains(bar, "✗") || strings.ContainsAny(bar, "◂▸") {
				t.Fatalf("%v then + ×%d: the failed bar of %s left the view:\n%s", keys, i, id, ansi.Strip(m.View()))
			}
		}
		if m.SelectedID() != id {
			t.Fatalf("zoom moved the cursor from %s to %s", id, m.SelectedID())
		}
		// Zooming back out keeps it in view too.
		press(m, "-", "-")
		if row := selectedRow(t, m.View()); !strings.Contains(row, "✗") {
			t.Fatalf("- lost the selected bar:\n%s", ansi.Strip(m.View()))
		}
	}
}
