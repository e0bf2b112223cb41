package theme

import (
	"sync/atomic"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// Styles is every style the UI uses, grouped per screen (soft-serve styles.Styles).
// Screens hold a *Styles; the root rebuilds it in place when the terminal background
// is known (tea.BackgroundColorMsg), so never copy it by value into a long-lived field.
type Styles struct {
	// Dark and NoColor record how the styles were built.
	Dark    bool
	NoColor bool
	Theme   Theme
	// Gen is different for every NewStyles: views that cache styled text key it with
	// Gen, so that a theme change (written in place) re-renders them.
	Gen uint64

	App    AppStyles
	Text   TextStyles
	Table  TableStyles
	State  StateStyles
	Pane   PaneStyles
	Dialog DialogStyles
	Flows  FlowsStyles

	// Help and TextInput are the bubbles' own style sets, matched to the theme.
	Help      help.Styles
	TextInput textinput.Styles

	// bandFixed is set when a context named the band's colour (SetBand): it then
	// applies to every tenant of the context.
	bandFixed bool
}

// AppStyles are the root's chrome: header, breadcrumb, footer, status and command line.
type AppStyles struct {
	// Body is the screen area between header and footer (sized by the root).
	Body           lipgloss.Style
	Header         lipgloss.Style
	HeaderApp      lipgloss.Style
	HeaderURL      lipgloss.Style
	HeaderBackend  lipgloss.Style
	HeaderTenant   lipgloss.Style
	HeaderReadOnly lipgloss.Style
	ConnOK         lipgloss.Style
	ConnBad        lipgloss.Style
	ConnUnknown    lipgloss.Style
	Breadcrumb     lipgloss.Style
	BreadcrumbSep  lipgloss.Style
	BreadcrumbLast lipgloss.Style
	Footer         lipgloss.Style
	StatusInfo     lipgloss.Style
	StatusWarn     lipgloss.Style
	StatusError    lipgloss.Style
	CommandPrompt  lipgloss.Style
	CommandHint    lipgloss.Style
	CommandMatch   lipgloss.Style
	// Panel is the full-screen panel (terminal too small, fatal error).
	Panel      lipgloss.Style
	PanelTitle lipgloss.Style
}

// TextStyles are plain text roles for screen bodies.
type TextStyles struct {
	Primary   lipgloss.Style
	Secondary lipgloss.Style
	Faint     lipgloss.Style
	Accent    lipgloss.Style
	Bold      lipgloss.Style
	Success   lipgloss.Style
	Warning   lipgloss.Style
	Error     lipgloss.Style
	// Key renders a key name inside prose ("r retry · esc back").
	Key lipgloss.Style
}

// RowStyles style one table row and its cells.
type RowStyles struct {
	Row  lipgloss.Style
	Cell lipgloss.Style
}

// TableStyles style tables (header, rows, selected row) as soft-serve's Normal/Active.
type TableStyles struct {
	Header       lipgloss.Style
	HeaderSorted lipgloss.Style
	Normal       RowStyles
	Active       RowStyles
	// Marked is a row in a multi-selection.
	Marked lipgloss.Style
	Empty  lipgloss.Style
	Footer lipgloss.Style
}

// StateStyles colour run states by family; the glyph and word carry the meaning.
type StateStyles struct {
	Success   lipgloss.Style
	Failed    lipgloss.Style
	Running   lipgloss.Style
	Pending   lipgloss.Style
	Scheduled lipgloss.Style
	Paused    lipgloss.Style
	Cancelled lipgloss.Style
	Neutral   lipgloss.Style
	// Late marks runs scheduled in the past that have not started.
	Late lipgloss.Style
}

// PaneStyles are bordered panes with a focused (double-line) and an inactive (rounded)
// border.
type PaneStyles struct {
	Active   lipgloss.Style
	Inactive lipgloss.Style
	Title    lipgloss.Style
}

// DialogStyles style the confirmation dialog (ui/components.Confirm).
type DialogStyles struct {
	Box     lipgloss.Style
	Title   lipgloss.Style
	Body    lipgloss.Style
	Code    lipgloss.Style
	Label   lipgloss.Style
	Key     lipgloss.Style
	Danger  lipgloss.Style
	Buttons lipgloss.Style
}

// FlowsStyles are the Flows screen's own styles.
type FlowsStyles struct {
	ScheduleOn   lipgloss.Style
	ScheduleOff  lipgloss.Style
	ScheduleNone lipgloss.Style
	Labels       lipgloss.Style
	Archived     lipgloss.Style
	FilterPrompt lipgloss.Style
	Scope        lipgloss.Style
	Detail       lipgloss.Style
}

// DefaultStyles builds the styles for a dark or light background, honouring NO_COLOR
// from the environment.
func DefaultStyles(isDark bool) *Styles { return NewStyles(isDark, NoColorEnv()) }

// styleGen numbers the NewStyles calls (Styles.Gen).
var styleGen atomic.Uint64

// NewStyles builds the styles for a background and colour choice; noColor gives styles
// without any colour (only bold, faint-free reverse and underline).
func NewStyles(isDark, noColor bool) *Styles {
	t := DefaultTheme(isDark)
	if noColor {
		t = NoColorTheme()
	}
	s := &Styles{Dark: isDark, NoColor: noColor, Theme: t, Gen: styleGen.Add(1)}
	st := lipgloss.NewStyle

	s.Text = TextStyles{
		Primary:   st().Foreground(t.TextPrimary),
		Secondary: st().Foreground(t.TextSecondary),
		Faint:     st().Foreground(t.TextFaint),
		Accent:    st().Foreground(t.Accent),
		Bold:      st().Bold(true),
		Success:   st().Foreground(t.Success),
		Warning:   st().Foreground(t.Warning).Bold(noColor),
		Error:     st().Foreground(t.Error).Bold(true),
		Key:       st().Foreground(t.Accent).Bold(true),
	}

	s.App = AppStyles{
		Body:           st(),
		Header:         st(),
		HeaderApp:      st().Foreground(t.Accent).Bold(true),
		HeaderURL:      st().Foreground(t.TextSecondary),
		HeaderBackend:  st().Foreground(t.TextSecondary),
		HeaderTenant:   st().Foreground(t.TextInverse).Background(t.Tenant).Bold(true).Padding(0, 1),
		HeaderReadOnly: st().Foreground(t.Warning).Bold(true),
		ConnOK:         st().Foreground(t.Success),
		ConnBad:        st().Foreground(t.Error).Bold(true),
		ConnUnknown:    st().Foreground(t.TextFaint),
		Breadcrumb:     st().Foreground(t.TextSecondary),
		BreadcrumbSep:  st().Foreground(t.TextFaint),
		BreadcrumbLast: st().Foreground(t.TextPrimary).Bold(true),
		Footer:         st(),
		StatusInfo:     st().Foreground(t.Accent),
		StatusWarn:     st().Foreground(t.Warning).Bold(true),
		StatusError:    st().Foreground(t.Error).Bold(true),
		CommandPrompt:  st().Foreground(t.Accent).Bold(true),
		CommandHint:    st().Foreground(t.TextFaint),
		CommandMatch:   st().Foreground(t.TextPrimary).Underline(true),
		Panel:          st().Border(lipgloss.RoundedBorder()).BorderForeground(t.Error).Padding(0, 1),
		PanelTitle:     st().Foreground(t.Error).Bold(true),
	}
	if noColor {
		// Without colour the band is drawn in reverse video so it still stands out.
		s.App.HeaderTenant = s.App.HeaderTenant.Reverse(true)
	}

	activeRow := st().Foreground(t.SelectedFg).Background(t.SelectedBg).Bold(true)
	if noColor {
		activeRow = st().Reverse(true)
	}
	s.Table = TableStyles{
		Header:       st().Foreground(t.TextSecondary).Bold(true),
		HeaderSorted: st().Foreground(t.Accent).Bold(true).Underline(noColor),
		Normal:       RowStyles{Row: st(), Cell: st().Foreground(t.TextPrimary)},
		Active:       RowStyles{Row: activeRow, Cell: st()},
		Marked:       st().Foreground(t.Accent).Bold(true),
		Empty:        st().Foreground(t.TextFaint).Italic(!noColor),
		Footer:       st().Foreground(t.TextFaint),
	}

	s.State = StateStyles{
		Success:   st().Foreground(t.Success),
		Failed:    st().Foreground(t.Error).Bold(true),
		Running:   st().Foreground(t.Running).Bold(true),
		Pending:   st().Foreground(t.Pending),
		Scheduled: st().Foreground(t.Pending),
		Paused:    st().Foreground(t.Warning),
		Cancelled: st().Foreground(t.Cancelled),
		Neutral:   st().Foreground(t.TextSecondary),
		Late:      st().Foreground(t.Warning).Bold(true),
	}

	// The focused pane has its own border shape (double lines, which the Linux console's
	// fonts draw too), so focus shows without colour: NO_COLOR, or an 8-colour terminal
	// where the inactive grey is black.
	s.Pane = PaneStyles{
		Active:   st().Border(lipgloss.DoubleBorder()).BorderForeground(t.BorderActive),
		Inactive: st().Border(lipgloss.RoundedBorder()).BorderForeground(t.BorderInactive),
		Title:    st().Foreground(t.Accent).Bold(true),
	}

	s.Dialog = DialogStyles{
		Box:     st().Border(lipgloss.DoubleBorder()).BorderForeground(t.Warning).Padding(0, 1),
		Title:   st().Foreground(t.Warning).Bold(true),
		Body:    st().Foreground(t.TextPrimary),
		Code:    st().Foreground(t.TextSecondary),
		Label:   st().Foreground(t.TextFaint),
		Key:     st().Foreground(t.Accent).Bold(true),
		Danger:  st().Foreground(t.Error).Bold(true),
		Buttons: st().MarginTop(1),
	}

	s.Flows = FlowsStyles{
		ScheduleOn:   st().Foreground(t.Success),
		ScheduleOff:  st().Foreground(t.TextSecondary),
		ScheduleNone: st().Foreground(t.TextFaint),
		Labels:       st().Foreground(t.Accent),
		Archived:     st().Foreground(t.TextFaint).Strikethrough(noColor),
		FilterPrompt: st().Foreground(t.Accent).Bold(true),
		Scope:        st().Foreground(t.TextSecondary),
		Detail:       st().Foreground(t.TextSecondary),
	}

	s.Help = help.Styles{
		ShortKey:       st().Foreground(t.TextSecondary).Bold(noColor),
		ShortDesc:      st().Foreground(t.TextFaint),
		ShortSeparator: st().Foreground(t.TextFaint),
		Ellipsis:       st().Foreground(t.TextFaint),
		FullKey:        st().Foreground(t.TextSecondary).Bold(noColor),
		FullDesc:       st().Foreground(t.TextFaint),
		FullSeparator:  st().Foreground(t.TextFaint),
	}

	ti := textinput.DefaultStyles(isDark)
	for _, ss := range []*textinput.StyleState{&ti.Focused, &ti.Blurred} {
		ss.Placeholder = st().Foreground(t.TextFaint)
		ss.Suggestion = st().Foreground(t.TextFaint)
		ss.Prompt = st().Foreground(t.Accent).Bold(true)
		ss.Text = st().Foreground(t.TextPrimary)
	}
	ti.Blurred.Text = st().Foreground(t.TextSecondary)
	ti.Cursor.Color = t.Accent
	// A blinking cursor would redraw twice a second for nothing (brief: nothing redraws
	// when nothing changed).
	ti.Cursor.Blink = false
	s.TextInput = ti
	return s
}
