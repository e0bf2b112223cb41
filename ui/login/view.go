package login

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
)

// View implements screen.Screen. The secret is shown masked with its length and its
// last four characters (a fingerprint), never in clear.
func (m *Model) View() string {
	st := m.deps.Styles
	var b strings.Builder
	b.WriteString(st.Pane.Title.Render("Log in to Prefect Cloud") + "\n")
	b.WriteString(st.Text.Faint.Render("API "+m.deps.Session.APIURL) + "\n\n")
	b.WriteString("Paste an API token or key (never shown; find or create one in Prefect Cloud,\n")
	b.WriteString("or run `prefect-tui auth create-token`):\n")
	b.WriteString(m.input.View() + "\n")
	if v := strings.TrimSpace(m.input.Value()); v != "" {
		b.WriteString(st.Text.Faint.Render(fmt.Sprintf("  %d characters, ends %s", len(v), api.Fingerprint(v))) + "\n")
	} else {
		b.WriteString("\n")
	}
	b.WriteString("\n")
	b.WriteString(m.choice("Kind", kinds, m.kind, m.focus == fieldKind) + "\n")
	b.WriteString(m.choice("Keep it in", m.keeps, m.keep, m.focus == fieldKeep) + "\n")
	if m.keepNote != "" {
		b.WriteString(st.Text.Warning.Render(ansi.Wrap("! "+m.keepNote, max(20, m.width-2), " ")) + "\n")
	}
	b.WriteString("\n")
	switch {
	case m.busy:
		b.WriteString(st.Text.Accent.Render("Checking the credential…"))
	case m.err != nil:
		b.WriteString(st.Text.Error.Render("Login failed: " + api.Describe(m.err)))
	}
	return lipgloss.NewStyle().MaxWidth(max(1, m.width)).MaxHeight(max(1, m.height)).Render(b.String())
}

func (m *Model) choice(label string, opts []option, sel int, focused bool) string {
	st := m.deps.Styles
	lab := fmt.Sprintf("%-11s", label)
	if focused {
		lab = st.Text.Accent.Render("› " + lab)
	} else {
		lab = "  " + lab
	}
	parts := make([]string, len(opts))
	for i, o := range opts {
		if i == sel {
			parts[i] = st.Text.Bold.Render("[" + o.label + "]")
		} else {
			parts[i] = st.Text.Faint.Render(" " + o.label + " ")
		}
	}
	return lab + strings.Join(parts, " ")
}
