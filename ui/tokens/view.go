package tokens

import (
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
)

// VIEW

// View implements screen.Screen.
func (m *Model) View() string {
	st := m.deps.Styles
	if m.mode == modeConfirm {
		return m.confirm.View(max(1, m.width), max(1, m.height))
	}
	var b strings.Builder
	b.WriteString(st.Pane.Title.Render("API tokens"))
	if m.deps.Session.TenantSlug != "" {
		b.WriteString(st.Text.Faint.Render("  yours and " + m.deps.Session.TenantSlug + "'s"))
	}
	b.WriteString("\n")
	switch m.mode {
	case modeCreate:
		b.WriteString(m.name.View() + "   scope: " + st.Text.Bold.Render(string(scopes[m.scope])) +
			st.Text.Faint.Render(" (tab changes)") + "\n")
	default:
		if m.created != "" {
			b.WriteString(m.createdView() + "\n")
		} else {
			b.WriteString("\n")
		}
	}
	switch {
	case m.loading && len(m.tokens) == 0:
		b.WriteString(st.Text.Faint.Render("Loading tokens…"))
	case m.err != nil && len(m.tokens) == 0:
		b.WriteString(st.Text.Error.Render("Couldn't load tokens: "+api.Describe(m.err)) + st.Text.Faint.Render(" · r retry · esc back"))
	case len(m.tokens) == 0:
		b.WriteString(st.Table.Empty.Render("No API tokens yet: n creates one."))
	default:
		b.WriteString(m.table())
	}
	return lipgloss.NewStyle().MaxWidth(max(1, m.width)).MaxHeight(max(1, m.height)).Render(b.String())
}

func (m *Model) table() string {
	st := m.deps.Styles
	const scopeW, dateW = 7, 16
	rest := max(16, m.width-2-scopeW-3*dateW-5)
	nameW := rest * 3 / 5
	byW := rest - nameW
	cell := func(s string, w int) string {
		s = ansi.Truncate(s, w, "…")
		return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
	}
	lines := []string{st.Table.Header.Render("  " + cell("NAME", nameW) + " " + cell("SCOPE", scopeW) + " " +
		cell("CREATED", dateW) + " " + cell("LAST USED", dateW) + " " + cell("EXPIRES", dateW) + " " + cell("BY", byW))}
	rows := max(1, m.height-3-m.createdLines())
	m.win.Fit(len(m.tokens), rows)
	for i := m.win.Top; i < m.win.End(len(m.tokens), rows); i++ {
		t := m.tokens[i]
		mark := "  "
		rs := st.Table.Normal.Row
		if i == m.win.Cursor {
			mark, rs = "› ", st.Table.Active.Row
		}
		lines = append(lines, rs.Render(mark+cell(t.Name, nameW)+" "+cell(t.Scope, scopeW)+" "+cell(m.when(t.Created), dateW)+" "+
			cell(m.when(t.Last_used), dateW)+" "+cell(m.when(t.Expires_at), dateW)+" "+cell(t.Created_by.Username, byW)))
	}
	return strings.Join(lines, "\n")
}

func (m *Model) when(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04")
}
