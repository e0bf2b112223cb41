package actions

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
)

// TestPreviewIsReadInFull: every word of the mutation preview can be read at 80×24 —
// the title, a long state message in the variables, the last variable — by scrolling;
// nothing is cut off at the dialog's edge.
func TestPreviewIsReadInFull(t *testing.T) {
	var msg []string
	for i := range 60 {
		msg = append(msg, fmt.Sprintf("w%03d", i))
	}
	message := strings.Join(msg, " ")
	name := "a-flow-run-with-a-name-long-enough-to-not-fit-on-one-line-of-the-dialog-at-eighty-columns"
	spec := components.ConfirmSpec{
		ID: "mark", Title: "Mark flow run " + name + " as Failed?", Body: "The run goes to Failed.",
		Mutation: api.SetFlowRunStates_Operation,
		Variables: map[string]any{"states": []map[string]any{{"flow_run_id": "00000000-0000-4000-8000-000000000001", "version": 3,
			"state": map[string]any{"type": "Failed", "message": message}}}, "zz_last": "the-last-variable"},
		Touches: 1, Noun: "flow run",
	}
	d := newDialog(runtest.Deps(nil), spec, nil)
	d.SetSize(80, 24)
	seen := map[string]bool{}
	var s screen.Screen = d
	for range 80 {
		v := ansi.Strip(s.View())
		for i, l := range strings.Split(v, "\n") {
			if ansi.StringWidth(l) > 80 {
				t.Fatalf("line %d is wider than 80", i)
			}
		}
		for _, w := range strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune(" \"│║┃", r) }) {
			seen[w] = true
		}
		s, _ = uitest.Send(s, uitest.Press("down"))
	}
	var missing []string
	for _, w := range append(msg, "the-last-variable", "as", "Failed?") {
		if !seen[w] && !seen[w+","] {
			missing = append(missing, w)
		}
	}
	all := strings.Join(keys(seen), " ")
	if len(missing) > 0 || !strings.Contains(all, "eighty-columns") {
		t.Fatalf("never shown: %v (title whole: %v)\nseen: %s", missing, strings.Contains(all, "eighty-columns"), all)
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
