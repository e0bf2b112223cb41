package actions

import (
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/api"
)

// TestReflowKeepsTheDocument: re-flowing only changes whitespace, every line fits.
func TestReflowKeepsTheDocument(t *testing.T) {
	doc := "# 1. SetTaskRunStates\n" + api.SetTaskRunStates_Operation + "\n\n# 2. WriteRunLogs\n" + api.WriteRunLogs_Operation
	for _, w := range []int{20, 40, 60, 200} {
		got := reflow(doc, w)
		norm := func(s string) string {
			var keep []string
			for _, l := range strings.Split(s, "\n") {
				if !strings.HasPrefix(strings.TrimSpace(l), "#") {
					keep = append(keep, l)
				}
			}
			return strings.Join(strings.Fields(strings.Join(keep, " ")), " ")
		}
		if norm(got) != norm(doc) {
			t.Fatalf("width %d changed the document:\n%s", w, got)
		}
		for _, l := range strings.Split(got, "\n") {
			if strings.HasPrefix(l, "#") || (len(l) > max(w, 20) && !strings.Contains(strings.TrimSpace(l), " ")) {
				continue // one word longer than the width stays whole
			}
			if len(l) > max(w, 20) {
				t.Fatalf("width %d: line %q too long", w, l)
			}
		}
		if !strings.Contains(got, "# 2. WriteRunLogs") {
			t.Fatalf("comment lost:\n%s", got)
		}
	}
}
