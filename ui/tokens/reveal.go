package tokens

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
)

// createdView is the notice of a token just created: masked (its last four
// characters) until `v` reveals the whole secret; wrapped, never cut.
func (m *Model) createdView() string {
	st := m.deps.Styles
	w := max(20, m.width)
	note := fmt.Sprintf("New token %q (%s): press c to copy it now, v to %s it — it is not shown again once copied or left.",
		m.createdName, api.Fingerprint(m.created), map[bool]string{false: "reveal", true: "hide"}[m.reveal])
	out := st.Text.Accent.Render(ansi.Wrap(note, w, " "))
	if m.reveal {
		// The secret has no spaces: hard-wrapped so that every character shows.
		out += "\n" + st.Text.Bold.Render(ansi.Hardwrap(m.created, w, false))
	}
	return out
}

// createdLines is how many lines createdView takes.
func (m *Model) createdLines() int {
	if m.created == "" {
		return 1
	}
	return strings.Count(m.createdView(), "\n") + 1
}
