package components

import (
	"encoding/json"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/theme"
)

// ConfirmSpec describes one mutating action to confirm: the dialog shows the exact
// mutation, its variables and how many runs it touches.
type ConfirmSpec struct {
	// ID is echoed in ConfirmClosedMsg so a screen with several dialogs knows which one
	// closed.
	ID string
	// Title is the question: "Cancel 3 flow runs?".
	Title string
	// Body is an optional sentence of context ("Running runs go to Cancelling.").
	Body string
	// Mutation is the exact GraphQL document that will be sent.
	Mutation string
	// Variables are the exact variables (rendered as indented JSON, keys sorted).
	Variables map[string]any
	// Touches is how many runs the action changes; Noun names them ("flow run").
	// Touches < 0 hides the line.
	Touches int
	Noun    string
	// OnConfirm runs when the user confirms (the mutation command).
	OnConfirm tea.Cmd
}

// ConfirmClosedMsg is emitted when the dialog closes, confirmed or not.
type ConfirmClosedMsg struct {
	ID        string
	Confirmed bool
}

// ConfirmKeyMap are the dialog's keys.
type ConfirmKeyMap struct {
	Confirm  key.Binding
	Cancel   key.Binding
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
}

// DefaultConfirmKeyMap returns the dialog's default keys.
func DefaultConfirmKeyMap() ConfirmKeyMap {
	return ConfirmKeyMap{
		Confirm:  key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "confirm")),
		Cancel:   key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/esc", "cancel")),
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "space"), key.WithHelp("pgdn", "page down")),
	}
}

// Confirm is the confirmation dialog. The zero value is closed. A screen holds one,
// returns true from CapturesInput while it is Open, routes key presses to Update
// first, and renders View in place of its body. Confirming needs an explicit `y`
// (enter does not confirm, so a stray enter never mutates data).
type Confirm struct {
	spec   ConfirmSpec
	open   bool
	scroll int
	// w, h are the area the dialog is drawn in (SetSize), for bounding the scroll.
	w, h   int
	styles *theme.Styles
	// Keys are the dialog's bindings.
	Keys ConfirmKeyMap
}

// NewConfirm returns an open dialog for spec.
func NewConfirm(styles *theme.Styles, spec ConfirmSpec) Confirm {
	return Confirm{spec: spec, open: true, styles: styles, Keys: DefaultConfirmKeyMap()}
}

// Open reports whether the dialog is showing.
func (c Confirm) Open() bool { return c.open }

// Spec returns what the dialog confirms.
func (c Confirm) Spec() ConfirmSpec { return c.spec }

// Update handles a key press while the dialog is open.
func (c Confirm) Update(msg tea.Msg) (Confirm, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || !c.open {
		return c, nil
	}
	id := c.spec.ID
	switch {
	case key.Matches(k, c.Keys.Confirm):
		c.open = false
		closed := func() tea.Msg { return ConfirmClosedMsg{ID: id, Confirmed: true} }
		return c, tea.Batch(closed, c.spec.OnConfirm)
	case key.Matches(k, c.Keys.Cancel):
		c.open = false
		return c, func() tea.Msg { return ConfirmClosedMsg{ID: id} }
	case key.Matches(k, c.Keys.Up):
		c.scroll = max(0, c.maxScroll(c.scroll)-1)
	case key.Matches(k, c.Keys.Down):
		c.scroll = c.maxScroll(c.scroll + 1)
	case key.Matches(k, c.Keys.PageUp):
		c.scroll = max(0, c.maxScroll(c.scroll)-c.page())
	case key.Matches(k, c.Keys.PageDown):
		c.scroll = c.maxScroll(c.scroll + c.page())
	}
	return c, nil
}

// SetSize says how big the area the dialog is drawn in is (View's w, h): scrolling
// then stops at the end of the preview.
func (c *Confirm) SetSize(w, h int) { c.w, c.h = w, h }

// maxScroll bounds a scroll position by the size given to SetSize (none before).
func (c Confirm) maxScroll(s int) int {
	if c.w <= 0 || c.h <= 0 {
		return s
	}
	l := c.layout(c.w, c.h)
	return min(s, max(0, len(l.code)-l.room))
}

func (c Confirm) page() int {
	if c.w <= 0 || c.h <= 0 {
		return 10
	}
	return max(1, c.layout(c.w, c.h).room-1)
}

// ShortHelp implements help.KeyMap.
func (c Confirm) ShortHelp() []key.Binding {
	return []key.Binding{c.Keys.Confirm, c.Keys.Cancel, c.Keys.Down, c.Keys.PageDown}
}

// FullHelp implements help.KeyMap.
func (c Confirm) FullHelp() [][]key.Binding {
	return [][]key.Binding{{c.Keys.Up, c.Keys.Down, c.Keys.PageUp, c.Keys.PageDown}, {c.Keys.Confirm, c.Keys.Cancel}}
}

// VariablesJSON renders variables as indented JSON with sorted keys.
func VariablesJSON(vars map[string]any) string {
	if len(vars) == 0 {
		return "{}"
	}
	b, err := json.MarshalIndent(vars, "", "  ")
	if err != nil {
		return fmt.Sprintf("(variables not serialisable: %v)", err)
	}
	return string(b)
}

// confirmLayout is the dialog's text at a size: the fixed head and buttons, the code
// (mutation and variables, wrapped) and how many code lines fit.
type confirmLayout struct {
	boxW    int
	head    []string
	code    []string
	buttons string
	room    int
}

func (c Confirm) layout(w, h int) confirmLayout {
	s := c.styles.Dialog
	l := confirmLayout{boxW: min(w, max(40, w*4/5))}
	inner := max(1, l.boxW-s.Box.GetHorizontalFrameSize())

	// Nothing is cut: the title and the code wrap (the code scrolls).
	l.head = append(l.head, s.Title.Render(ansi.Wrap(c.spec.Title, inner, " ")))
	if c.spec.Body != "" {
		l.head = append(l.head, s.Body.Width(inner).Render(c.spec.Body))
	}
	if c.spec.Touches >= 0 {
		noun := c.spec.Noun
		if noun == "" {
			noun = "run"
		}
		if c.spec.Touches != 1 {
			noun += "s"
		}
		l.head = append(l.head, s.Danger.Render(fmt.Sprintf("touches %d %s", c.spec.Touches, noun)))
	}
	l.buttons = s.Buttons.Render(s.Key.Render("y") + s.Label.Render(" confirm   ") +
		s.Key.Render("n/esc") + s.Label.Render(" cancel   ") + s.Key.Render("↑↓ pgdn") + s.Label.Render(" scroll"))

	l.code = append(l.code, s.Label.Render("mutation"))
	for _, line := range strings.Split(strings.TrimSpace(c.spec.Mutation), "\n") {
		for _, part := range wrapCode(line, inner) {
			l.code = append(l.code, s.Code.Render(part))
		}
	}
	l.code = append(l.code, s.Label.Render("variables"))
	for _, line := range strings.Split(VariablesJSON(c.spec.Variables), "\n") {
		for _, part := range wrapCode(line, inner) {
			l.code = append(l.code, s.Code.Render(part))
		}
	}
	// head entries may wrap (Body): count lines, not entries. One line says where the
	// view is in the code when it does not all fit.
	fixed := lipgloss.Height(strings.Join(l.head, "\n")) + lipgloss.Height(l.buttons) + s.Box.GetVerticalFrameSize() + 1
	l.room = max(1, h-fixed)
	if len(l.code) > l.room {
		l.room = max(1, l.room-1)
	}
	return l
}

// View renders the dialog centred in a w×h area.
func (c Confirm) View(w, h int) string {
	if !c.open || w <= 0 || h <= 0 {
		return ""
	}
	s := c.styles.Dialog
	l := c.layout(w, h)
	scroll := min(c.scroll, max(0, len(l.code)-l.room))
	end := min(len(l.code), scroll+l.room)
	shown := l.code[scroll:end]
	if len(l.code) > l.room {
		more := fmt.Sprintf("lines %d–%d of %d", scroll+1, end, len(l.code))
		if end < len(l.code) {
			more += " · ↓ more"
		}
		shown = append(shown, s.Label.Render(more))
	}

	body := lipgloss.JoinVertical(lipgloss.Left,
		strings.Join(l.head, "\n"), "", strings.Join(shown, "\n"), l.buttons)
	box := s.Box.Width(l.boxW).Render(body)
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box)
}

// wrapCode wraps one line of code to width n: continuation lines are indented under
// the line's own indentation, so JSON and GraphQL stay readable; every character is
// kept.
func wrapCode(line string, n int) []string {
	if n <= 0 || ansi.StringWidth(line) <= n {
		return []string{line}
	}
	indent := len(line) - len(strings.TrimLeft(line, " "))
	pad := strings.Repeat(" ", min(indent+2, n/2))
	var out []string
	rest := line
	for ansi.StringWidth(rest) > n {
		piece, _, _ := strings.Cut(ansi.Wrap(rest, n, " ,"), "\n")
		if strings.TrimSpace(piece) == "" || !strings.HasPrefix(rest, piece) {
			piece = ansi.Cut(rest, 0, n) // no place to break: cut at the width
		}
		out = append(out, piece)
		rest = pad + strings.TrimLeft(rest[len(piece):], " ")
	}
	return append(out, rest)
}

// truncate cuts s to n cells with an ellipsis (ANSI-aware).
func truncate(s string, n int) string {
	if n <= 0 {
		return ""
	}
	return ansi.Truncate(s, n, "…")
}
