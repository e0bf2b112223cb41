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
	Confirm key.Binding
	Cancel  key.Binding
	Up      key.Binding
	Down    key.Binding
}

// DefaultConfirmKeyMap returns the dialog's default keys.
func DefaultConfirmKeyMap() ConfirmKeyMap {
	return ConfirmKeyMap{
		Confirm: key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "confirm")),
		Cancel:  key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/esc", "cancel")),
		Up:      key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		Down:    key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
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
		c.scroll = max(0, c.scroll-1)
	case key.Matches(k, c.Keys.Down):
		c.scroll++
	}
	return c, nil
}

// ShortHelp implements help.KeyMap.
func (c Confirm) ShortHelp() []key.Binding {
	return []key.Binding{c.Keys.Confirm, c.Keys.Cancel, c.Keys.Down}
}

// FullHelp implements help.KeyMap.
func (c Confirm) FullHelp() [][]key.Binding {
	return [][]key.Binding{{c.Keys.Up, c.Keys.Down}, {c.Keys.Confirm, c.Keys.Cancel}}
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

// View renders the dialog centred in a w×h area.
func (c Confirm) View(w, h int) string {
	if !c.open || w <= 0 || h <= 0 {
		return ""
	}
	s := c.styles.Dialog
	boxW := min(w, max(40, w*4/5))
	inner := max(1, boxW-s.Box.GetHorizontalFrameSize())

	var head []string
	head = append(head, s.Title.Render(truncate(c.spec.Title, inner)))
	if c.spec.Body != "" {
		head = append(head, s.Body.Width(inner).Render(c.spec.Body))
	}
	if c.spec.Touches >= 0 {
		noun := c.spec.Noun
		if noun == "" {
			noun = "run"
		}
		if c.spec.Touches != 1 {
			noun += "s"
		}
		head = append(head, s.Danger.Render(fmt.Sprintf("touches %d %s", c.spec.Touches, noun)))
	}
	buttons := s.Buttons.Render(s.Key.Render("y") + s.Label.Render(" confirm   ") +
		s.Key.Render("n/esc") + s.Label.Render(" cancel   ") + s.Key.Render("↑↓") + s.Label.Render(" scroll"))

	var code []string
	code = append(code, s.Label.Render("mutation"))
	for _, l := range strings.Split(strings.TrimSpace(c.spec.Mutation), "\n") {
		code = append(code, s.Code.Render(truncate(l, inner)))
	}
	code = append(code, s.Label.Render("variables"))
	for _, l := range strings.Split(VariablesJSON(c.spec.Variables), "\n") {
		code = append(code, s.Code.Render(truncate(l, inner)))
	}
	// Fit the code to the height left; scroll moves through it.
	// head entries may wrap (Body): count lines, not entries.
	fixed := lipgloss.Height(strings.Join(head, "\n")) + lipgloss.Height(buttons) + s.Box.GetVerticalFrameSize() + 1
	room := max(1, h-fixed)
	scroll := min(c.scroll, max(0, len(code)-room))
	end := min(len(code), scroll+room)
	shown := code[scroll:end]

	body := lipgloss.JoinVertical(lipgloss.Left,
		strings.Join(head, "\n"), "", strings.Join(shown, "\n"), buttons)
	box := s.Box.Width(boxW).Render(body)
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box)
}

// truncate cuts s to n cells with an ellipsis (ANSI-aware).
func truncate(s string, n int) string {
	if n <= 0 {
		return ""
	}
	return ansi.Truncate(s, n, "…")
}
