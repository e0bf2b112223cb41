package tenantpicker

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
)

// VIEW

// View implements screen.Screen.
func (m *Model) View() string {
	st := m.deps.Styles
	var b strings.Builder
	title := "Choose a tenant"
	if m.deps.Session.TenantID != "" {
		title = "Switch tenant"
	}
	b.WriteString(st.Pane.Title.Render(title))
	if len(m.tenants) > 0 {
		b.WriteString(st.Text.Faint.Render(fmt.Sprintf("  %d of %d", len(m.visible), len(m.tenants))))
	}
	b.WriteString("\n")
	if m.filtering || m.filter.Value() != "" {
		b.WriteString(m.filter.View())
	}
	b.WriteString("\n")
	switch {
	case m.loading && len(m.tenants) == 0:
		b.WriteString(st.Text.Faint.Render("Loading tenants…"))
	case m.err != nil && len(m.tenants) == 0:
		b.WriteString(st.Text.Error.Render("Couldn't load tenants: "+api.Describe(m.err)) +
			st.Text.Faint.Render(" · r retry · esc back"))
	case len(m.tenants) == 0:
		b.WriteString(st.Table.Empty.Render("No tenants: this login is not a member of any tenant."))
	default:
		b.WriteString(m.table())
		if m.switching {
			if t, ok := m.Selected(); ok {
				b.WriteString("\n" + st.Text.Accent.Render("Switching to "+t.Name+"…"))
			}
		} else if m.err != nil {
			b.WriteString("\n" + st.Text.Error.Render("Couldn't switch: "+api.Describe(m.err)))
		}
	}
	return lipgloss.NewStyle().MaxWidth(max(1, m.width)).MaxHeight(max(1, m.height)).Render(b.String())
}

// column widths
const (
	markW  = 3
	roleW  = 15
	countW = 8
	failW  = 13
)

func (m *Model) table() string {
	st := m.deps.Styles
	rest := max(20, m.width-markW-roleW-countW-failW-4)
	nameW := rest * 3 / 5
	slugW := rest - nameW
	cell := func(s string, w int, right bool) string {
		s = ansi.Truncate(s, w, "…")
		if right {
			return strings.Repeat(" ", max(0, w-ansi.StringWidth(s))) + s
		}
		return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
	}
	var lines []string
	header := strings.Repeat(" ", markW) + cell("NAME", nameW, false) + " " + cell("SLUG", slugW, false) + " " +
		cell("ROLE", roleW, false) + " " + cell("RUNNING", countW, true) + " " + cell("FAILED TODAY", failW, true)
	lines = append(lines, st.Table.Header.Render(header))
	if len(m.visible) == 0 {
		lines = append(lines, st.Table.Empty.Render("  No tenant matches “"+m.filter.Value()+"”."))
		return strings.Join(lines, "\n")
	}
	rows := max(1, m.height-5)
	if m.noCounts() {
		rows = max(1, rows-1)
	}
	m.win.Fit(len(m.visible), rows)
	for i := m.win.Top; i < m.win.End(len(m.visible), rows); i++ {
		t := m.tenants[m.visible[i]]
		// "›" marks the cursor (visible without colour), "●" the active tenant.
		mark := []rune("  ")
		if i == m.win.Cursor {
			mark[0] = '›'
		}
		if t.ID == m.deps.Session.TenantID {
			mark[1] = '●'
		}
		role := strings.ReplaceAll(strings.ToLower(t.Role), "_", " ")
		if role == "" {
			role = "-"
		}
		running, failed := fmt.Sprint(t.Running), fmt.Sprint(t.FailedToday)
		if t.NoCounts {
			running, failed = "–", "–"
		}
		line := string(mark) + " " + cell(t.Name, nameW, false) + " " + cell(t.Slug, slugW, false) + " " + cell(role, roleW, false) + " " +
			cell(running, countW, true) + " " + cell(failed, failW, true)
		rs := st.Table.Normal.Row
		if i == m.win.Cursor {
			rs = st.Table.Active.Row
		}
		lines = append(lines, rs.Render(line))
	}
	if m.noCounts() {
		lines = append(lines, st.Text.Faint.Render(ansi.Truncate("  – run counts need a tenant login; enter logs in to the tenant", max(1, m.width), "…")))
	}
	return strings.Join(lines, "\n")
}

// noCounts reports whether the tenants came without run counts (LoadTenants' fallback).
func (m *Model) noCounts() bool {
	for _, t := range m.tenants {
		if t.NoCounts {
			return true
		}
	}
	return false
}
