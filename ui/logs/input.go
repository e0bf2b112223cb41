package logs

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// The prompt line: search (/), filter (f) and time window (t).

func (m *Model) openInput(mode inputMode, prompt, value string) tea.Cmd {
	m.mode = mode
	m.input.Prompt = prompt
	m.input.SetValue(value)
	m.input.CursorEnd()
	return m.input.Focus()
}

// handleInput handles keys while a prompt is open.
func (m *Model) handleInput(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Abandon):
		m.closeInput()
		return nil
	case key.Matches(msg, m.keys.Accept):
		v := m.input.Value()
		switch m.mode {
		case modeSearch:
			m.closeInput()
			return m.applySearch(v)
		case modeFilter:
			m.closeInput()
			m.filter.Text = v
			return m.reload()
		case modeWindow:
			from, to, err := m.windowRef().parse(v)
			if err != nil {
				return screen.Status(screen.LevelError, "time window: "+err.Error())
			}
			m.closeInput()
			m.filter.From, m.filter.To = from, to
			return m.reload()
		}
		return nil
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return cmd
}

func (m *Model) closeInput() {
	m.mode = modeBrowse
	m.input.Blur()
	m.updateKeys()
}
