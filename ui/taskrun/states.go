package taskrun

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"prefect-tui/ui/components"
	"prefect-tui/ui/run/rundata"
	"prefect-tui/ui/screen"
)

// statesTab lists a task run's state history, newest last, scrollable.
type statesTab struct {
	deps          screen.Deps
	up, down      key.Binding
	states        []rundata.State
	top           int
	width, height int
}

func newStatesTab(deps screen.Deps) *statesTab {
	return &statesTab{
		deps: deps,
		up:   key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		down: key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
	}
}

func (s *statesTab) set(st []rundata.State) {
	s.states = st
	s.top = max(len(st)-s.height, 0)
}
func (s *statesTab) Title() string             { return "States" }
func (s *statesTab) Init() tea.Cmd             { return nil }
func (s *statesTab) CapturesInput() bool       { return false }
func (s *statesTab) SetSize(w, h int)          { s.width, s.height = w, h }
func (s *statesTab) ShortHelp() []key.Binding  { return []key.Binding{s.up, s.down} }
func (s *statesTab) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *statesTab) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, s.up):
			s.top--
		case key.Matches(k, s.down):
			s.top++
		}
		s.top = max(min(s.top, len(s.states)-s.height), 0)
	}
	return nil
}

func (s *statesTab) View() string {
	st := s.deps.Styles
	if len(s.states) == 0 {
		return st.Table.Empty.Render("no state history")
	}
	var out []string
	for _, x := range s.states[s.top:min(s.top+s.height, len(s.states))] {
		line := st.Text.Faint.Render(x.Timestamp.UTC().Format("2006-01-02 15:04:05.000")) + "  " + components.State(st, x.State)
		if x.Message != "" {
			line += "  " + st.Text.Secondary.Render(x.Message)
		}
		out = append(out, ansi.Truncate(line, s.width, "…"))
	}
	return strings.Join(out, "\n")
}
