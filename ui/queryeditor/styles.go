package queryeditor

import (
	"charm.land/lipgloss/v2"

	"github.com/prefect-tui/prefect-tui/api/gqlsyntax"
	"github.com/prefect-tui/prefect-tui/ui/queryeditor/results"
	"github.com/prefect-tui/prefect-tui/ui/theme"
)

// styles are the editor's own styles, derived from the shared theme (its semantic
// colours) and rebuilt whenever the root rebuilds the theme (background detected).
type styles struct {
	dark, noColor bool
	built         bool

	syntax        [gqlsyntax.ClassInvalid + 1]lipgloss.Style
	gutter        lipgloss.Style
	gutterErr     lipgloss.Style
	cursor        lipgloss.Style
	selection     lipgloss.Style
	bracket       lipgloss.Style
	errLine       lipgloss.Style
	popup         lipgloss.Style
	popupSel      lipgloss.Style
	popupDetail   lipgloss.Style
	docSig        lipgloss.Style
	doc           lipgloss.Style
	info, warn    lipgloss.Style
	errText       lipgloss.Style
	faint, accent lipgloss.Style
	selected      lipgloss.Style
	results       results.Styles
}

// stylesFor returns the derived styles for th, rebuilding them when th changed.
func (m *Model) stylesFor() *styles {
	th := m.deps.Styles
	if th == nil {
		th = theme.DefaultStyles(true)
		m.deps.Styles = th
	}
	if m.st.built && m.st.dark == th.Dark && m.st.noColor == th.NoColor {
		return &m.st
	}
	t := th.Theme
	st := lipgloss.NewStyle
	s := styles{dark: th.Dark, noColor: th.NoColor, built: true}
	s.syntax[gqlsyntax.ClassPunct] = st().Foreground(t.TextSecondary)
	s.syntax[gqlsyntax.ClassKeyword] = st().Foreground(t.Tenant).Bold(true)
	s.syntax[gqlsyntax.ClassField] = st().Foreground(t.TextPrimary)
	s.syntax[gqlsyntax.ClassKey] = st().Foreground(t.Accent)
	s.syntax[gqlsyntax.ClassType] = st().Foreground(t.Warning)
	s.syntax[gqlsyntax.ClassVariable] = st().Foreground(t.Running)
	s.syntax[gqlsyntax.ClassDirective] = st().Foreground(t.Tenant)
	s.syntax[gqlsyntax.ClassValue] = st().Foreground(t.Pending).Bold(true)
	s.syntax[gqlsyntax.ClassNumber] = st().Foreground(t.Pending)
	s.syntax[gqlsyntax.ClassString] = st().Foreground(t.Success)
	s.syntax[gqlsyntax.ClassComment] = st().Foreground(t.TextFaint).Italic(!th.NoColor)
	s.syntax[gqlsyntax.ClassInvalid] = st().Foreground(t.Error).Underline(true)
	s.gutter = st().Foreground(t.TextFaint)
	s.gutterErr = st().Foreground(t.Error).Bold(true)
	s.cursor = st().Reverse(true)
	s.selection = st().Foreground(t.TextPrimary).Background(t.SelectedBg)
	s.bracket = st().Underline(true).Bold(true).Foreground(t.Accent)
	s.errLine = st().Foreground(t.Error)
	s.popup = st().Foreground(t.TextPrimary).Background(t.SelectedBg)
	s.popupSel = st().Foreground(t.TextInverse).Background(t.Accent).Bold(true)
	s.popupDetail = st().Foreground(t.TextSecondary).Background(t.SelectedBg)
	if th.NoColor {
		s.popup = st()
		s.popupDetail = st()
		s.popupSel = st().Reverse(true)
		s.selection = st().Reverse(true)
	}
	s.docSig = st().Foreground(t.Accent).Bold(true)
	s.doc = st().Foreground(t.TextSecondary)
	s.info = st().Foreground(t.Accent)
	s.warn = st().Foreground(t.Warning).Bold(true)
	s.errText = st().Foreground(t.Error).Bold(true)
	s.faint = st().Foreground(t.TextFaint)
	s.accent = st().Foreground(t.Accent)
	s.selected = th.Table.Active.Row
	s.results = results.Styles{
		Key:      st().Foreground(t.Accent),
		String:   st().Foreground(t.Success),
		Number:   st().Foreground(t.Pending),
		Bool:     st().Foreground(t.Tenant),
		Null:     st().Foreground(t.TextFaint),
		Punct:    st().Foreground(t.TextSecondary),
		Faint:    st().Foreground(t.TextFaint),
		Selected: th.Table.Active.Row,
		Match:    st().Foreground(t.TextInverse).Background(t.Warning),
		Header:   th.Table.Header,
	}
	if th.NoColor {
		s.results.Match = st().Underline(true).Bold(true)
	}
	m.st = s
	return &m.st
}
