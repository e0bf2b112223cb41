package taskrun

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// statesTab lists a task run's state history, newest last, scrollable.
type statesTab struct {
	deps          screen.Deps
	up, down      key.Binding
	states        []rundata.State
	win           components.Window // a text pane: Top only
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
	s.win.Top = 1 << 30 // the newest state: clamped to the last page when drawn
}
func (s *statesTab) Title() string             { return "States" }
func (s *statesTab) Init() tea.Cmd             { return nil }
func (s *statesTab) CapturesInput() bool       { return false }
func (s *statesTab) SetSize(w, h int)          { s.width, s.height = w, h }
func (s *statesTab) ShortHelp() []key.Binding  { return []key.Binding{s.up, s.down} }
func (s *statesTab) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *statesTab) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		n := len(s.lines())
		s.win.Scroll(0, n, s.height)
		switch {
		case key.Matches(k, s.up):
			s.win.Scroll(-1, n, s.height)
		case key.Matches(k, s.down):
			s.win.Scroll(1, n, s.height)
		}
	}
	return nil
}

// lines are the states, one a line with the state cells padded to one width, and
// their messages wrapped under them in full: a failure's message is what the user
// came for, and it must not end in "…".
func (s *statesTab) lines() []string {
	st := s.deps.Styles
	cellW := 0
	for _, x := range s.states {
		cellW = max(cellW, ansi.StringWidth(components.State(st, x.State)))
	}
	const stampW = len("2006-01-02 15:04:05.000")
	indent := stampW + 2 + cellW + 2
	msgW := s.width - indent
	var out []string
	for _, x := range s.states {
		cell := components.State(st, x.State)
		cell += strings.Repeat(" ", cellW-ansi.StringWidth(cell))
		line := st.Text.Faint.Render(x.Timestamp.UTC().Format("2006-01-02 15:04:05.000")) + "  " + cell
		msg := strings.TrimSpace(x.Message)
		if msg == "" {
			out = append(out, ansi.Truncate(line, s.width, "…"))
			continue
		}
		if msgW < 20 {
			// Too narrow to wrap beside the state: the message goes under it.
			indent, msgW = 2, s.width-2
		}
		var wrapped []string
		for _, para := range strings.Split(msg, "\n") {
			wrapped = append(wrapped, strings.Split(ansi.Wrap(para, max(msgW, 1), ""), "\n")...)
		}
		for i, w := range wrapped {
			if i == 0 && indent > 2 {
				out = append(out, ansi.Truncate(line+"  "+st.Text.Secondary.Render(w), s.width, "…"))
				continue
			}
			if i == 0 {
				out = append(out, ansi.Truncate(line, s.width, "…"))
			}
			out = append(out, ansi.Truncate(strings.Repeat(" ", indent)+st.Text.Secondary.Render(w), s.width, "…"))
		}
	}
	return out
}

func (s *statesTab) View() string {
	st := s.deps.Styles
	if len(s.states) == 0 {
		return st.Table.Empty.Render("no state history")
	}
	lines := s.lines()
	s.win.Scroll(0, len(lines), s.height)
	return strings.Join(lines[s.win.Top:s.win.End(len(lines), s.height)], "\n")
}
