package actions

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Dialog is the confirmation screen of an action: components.Confirm pushed as a
// screen, so any screen can start an action with one command. Confirming pops it and
// then runs the mutation (in that order, so the outcome reaches the caller).
type Dialog struct {
	deps    screen.Deps
	spec    components.ConfirmSpec
	confirm components.Confirm
	run     tea.Cmd
	w, h    int
}

// newDialog builds the dialog of spec; run is the mutation command.
func newDialog(deps screen.Deps, spec components.ConfirmSpec, run tea.Cmd) *Dialog {
	spec.OnConfirm = nil // run after the pop, see Update
	return &Dialog{deps: deps, spec: spec, confirm: components.NewConfirm(deps.Styles, spec), run: run}
}

// push returns the command that pushes the dialog.
func push(s screen.Screen) tea.Msg { return screen.PushMsg{Screen: s} }

// Spec returns what the dialog confirms (tests): the mutation as generated.
func (d *Dialog) Spec() components.ConfirmSpec { return d.spec }

// Init implements screen.Screen.
func (d *Dialog) Init() tea.Cmd { return nil }

// Update implements screen.Screen.
func (d *Dialog) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case components.ConfirmClosedMsg:
		if msg.Confirmed {
			return d, tea.Sequence(screen.Pop(), d.run)
		}
		return d, screen.Pop()
	case tea.KeyPressMsg:
		var cmd tea.Cmd
		d.confirm, cmd = d.confirm.Update(msg)
		return d, cmd
	}
	return d, nil
}

// View implements screen.Screen.
func (d *Dialog) View() string { return d.confirm.View(d.w, d.h) }

// SetSize implements screen.Screen. The mutation is re-flowed to the dialog's width
// (GraphQL whitespace is insignificant, so it stays exactly what is sent), so that the
// variables fit on screen too instead of being cut or pushed out of sight.
func (d *Dialog) SetSize(w, h int) {
	if w == d.w && h == d.h {
		return
	}
	d.w, d.h = w, h
	spec := d.spec
	// The dialog box: 4/5 of the width (at least 40), less border and padding.
	spec.Mutation = reflow(spec.Mutation, min(w, max(40, w*4/5))-4)
	d.confirm = components.NewConfirm(d.deps.Styles, spec)
	d.confirm.SetSize(w, h)
}

// reflow compacts each GraphQL document of text (comment lines kept) to single spaces
// and wraps it at width, continuation lines indented.
func reflow(text string, width int) string {
	width = max(20, width)
	var out []string
	var doc []string
	flush := func() {
		if len(doc) == 0 {
			return
		}
		words := strings.Fields(strings.Join(doc, " "))
		line := ""
		for _, w := range words {
			switch {
			case line == "":
				line = w
			case len(line)+1+len(w) <= width:
				line += " " + w
			default:
				out = append(out, line)
				line = "  " + w
			}
		}
		if line != "" {
			out = append(out, line)
		}
		doc = doc[:0]
	}
	for _, l := range strings.Split(text, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "#"):
			flush()
			out = append(out, t)
		case t == "":
			flush()
		default:
			doc = append(doc, t)
		}
	}
	flush()
	return strings.Join(out, "\n")
}

// ShortHelp implements help.KeyMap.
func (d *Dialog) ShortHelp() []key.Binding { return d.confirm.ShortHelp() }

// FullHelp implements help.KeyMap.
func (d *Dialog) FullHelp() [][]key.Binding { return d.confirm.FullHelp() }

// Title implements screen.Screen.
func (d *Dialog) Title() string { return "confirm" }

// CapturesInput implements screen.Screen: the dialog owns every key (esc cancels it
// rather than going back past it).
func (d *Dialog) CapturesInput() bool { return true }
