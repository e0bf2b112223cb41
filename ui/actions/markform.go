package actions

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// markKeys are the "mark as" form's bindings.
type markKeys struct {
	Up, Down, Focus, Cascade, Submit, Cancel key.Binding
}

func defaultMarkKeys() markKeys {
	return markKeys{
		Up:      key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "previous state")),
		Down:    key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "next state")),
		Focus:   key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "state/message")),
		Cascade: key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", "cascade on/off")),
		Submit:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "review")),
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// MarkForm is the "mark as" form: pick a state, write a message, choose to cascade.
type MarkForm struct {
	deps    screen.Deps
	target  MarkTarget
	states  []string
	cursor  int
	cascade bool
	onMsg   bool // focus on the message input
	message textinput.Model
	keys    markKeys
	w, h    int
}

func newMarkForm(deps screen.Deps, t MarkTarget) *MarkForm {
	states := FlowRunMarkStates
	if t.isTask() {
		states = TaskRunMarkStates
	}
	in := textinput.New()
	in.Prompt = "message: "
	in.Placeholder = "why (optional)"
	if deps.Styles != nil {
		in.SetStyles(deps.Styles.TextInput)
	}
	return &MarkForm{deps: deps, target: t, states: states, message: in, keys: defaultMarkKeys()}
}

// Init implements screen.Screen.
func (f *MarkForm) Init() tea.Cmd { return nil }

// Update implements screen.Screen.
func (f *MarkForm) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		if f.onMsg {
			var cmd tea.Cmd
			f.message, cmd = f.message.Update(msg)
			return f, cmd
		}
		return f, nil
	}
	switch {
	case key.Matches(k, f.keys.Cancel):
		return f, screen.Pop()
	case key.Matches(k, f.keys.Submit):
		state := f.states[f.cursor]
		return f, tea.Sequence(screen.Pop(), markPlanCmd(f.deps, f.target, state, strings.TrimSpace(f.message.Value()), f.cascade))
	case key.Matches(k, f.keys.Focus):
		f.onMsg = !f.onMsg
		if f.onMsg {
			return f, f.message.Focus()
		}
		f.message.Blur()
		return f, nil
	case key.Matches(k, f.keys.Cascade):
		f.cascade = !f.cascade
		return f, nil
	}
	if f.onMsg {
		var cmd tea.Cmd
		f.message, cmd = f.message.Update(msg)
		return f, cmd
	}
	switch {
	case key.Matches(k, f.keys.Up), k.String() == "k":
		f.cursor = (f.cursor + len(f.states) - 1) % len(f.states)
	case key.Matches(k, f.keys.Down), k.String() == "j":
		f.cursor = (f.cursor + 1) % len(f.states)
	case k.String() == "space":
		f.cascade = !f.cascade
	}
	return f, nil
}

// View implements screen.Screen.
func (f *MarkForm) View() string {
	s := f.deps.Styles
	var b strings.Builder
	b.WriteString(s.Dialog.Title.Render("Mark " + f.target.name() + " as…"))
	b.WriteString("\n")
	if cur := f.currentState(); cur != "" {
		b.WriteString(s.Text.Faint.Render("now ") + components.State(s, cur))
	}
	b.WriteString("\n\n")
	for i, st := range f.states {
		line := "  " + components.State(s, st)
		if i == f.cursor {
			line = s.Text.Accent.Render("▸ ") + components.State(s, st)
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("\n" + f.message.View() + "\n")
	box := "[ ]"
	if f.cascade {
		box = "[x]"
	}
	what := "also the task runs of this flow run that have not finished"
	if f.target.isTask() {
		what = "also the mapped children that have not finished"
	}
	b.WriteString(fmt.Sprintf("%s %s %s\n", s.Text.Accent.Render(box), what, s.Text.Faint.Render("(space / ctrl+t)")))
	b.WriteString("\n" + s.Text.Faint.Render("enter reviews the exact mutation before anything is sent"))
	return b.String()
}

func (f *MarkForm) currentState() string {
	if f.target.isTask() {
		return f.target.TaskRun.State
	}
	return f.target.Run.State
}

// SetSize implements screen.Screen.
func (f *MarkForm) SetSize(w, h int) {
	f.w, f.h = w, h
	f.message.SetWidth(max(10, w-12))
}

// ShortHelp implements help.KeyMap.
func (f *MarkForm) ShortHelp() []key.Binding {
	return []key.Binding{f.keys.Up, f.keys.Down, f.keys.Focus, f.keys.Cascade, f.keys.Submit, f.keys.Cancel}
}

// FullHelp implements help.KeyMap.
func (f *MarkForm) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

// Title implements screen.Screen.
func (f *MarkForm) Title() string { return "mark as" }

// CapturesInput implements screen.Screen: the form owns its keys (esc cancels it).
func (f *MarkForm) CapturesInput() bool { return true }
