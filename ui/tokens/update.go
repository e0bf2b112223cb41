package tokens

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// UPDATE

// Update implements screen.Screen.
func (m *Model) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	defer m.updateKeys()
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.reqID != m.last {
			return m, nil
		}
		m.loading, m.err = false, msg.err
		if msg.err == nil {
			m.tokens = msg.tokens
			m.win.Cursor = min(m.win.Cursor, max(0, len(m.tokens)-1))
		}
		return m, nil
	case createdMsg:
		if msg.reqID != m.last {
			return m, nil
		}
		m.busy = false
		if msg.err != nil {
			return m, screen.Status(screen.LevelError, "couldn't create the token: "+api.Describe(msg.err))
		}
		m.created, m.createdName, m.reveal = msg.secret, msg.name, false
		api.RegisterSecret(msg.secret)
		return m, tea.Batch(m.load(), screen.Status(screen.LevelInfo,
			"created "+msg.scope+" token "+msg.name+" ("+api.Fingerprint(msg.secret)+"): press c to copy it, it is not shown again"))
	case revokedMsg:
		if msg.reqID != m.last {
			return m, nil
		}
		m.busy = false
		if msg.err != nil {
			return m, screen.Status(screen.LevelError, "couldn't revoke "+msg.name+": "+api.Describe(msg.err))
		}
		return m, tea.Batch(m.load(), screen.Status(screen.LevelInfo, "revoked token "+msg.name))
	case components.ConfirmClosedMsg:
		return m, m.confirmClosed(msg)
	case tea.KeyPressMsg:
		switch m.mode {
		case modeCreate:
			return m, m.updateCreate(msg)
		case modeConfirm:
			return m, m.updateConfirm(msg)
		}
		return m, m.updateList(msg)
	}
	return m, nil
}

func (m *Model) updateList(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Nav.Up):
		m.win.Cursor = max(0, m.win.Cursor-1)
	case key.Matches(msg, k.Nav.Down):
		m.win.Cursor = min(max(0, len(m.tokens)-1), m.win.Cursor+1)
	case key.Matches(msg, k.Nav.Top):
		m.win.Cursor = 0
	case key.Matches(msg, k.Nav.Bottom):
		m.win.Cursor = max(0, len(m.tokens)-1)
	case key.Matches(msg, k.Reload):
		return m.load()
	case key.Matches(msg, k.New):
		m.mode = modeCreate
		m.name.SetValue("")
		return m.name.Focus()
	case key.Matches(msg, k.Revoke):
		if t, ok := m.Selected(); ok {
			m.openRevoke(t)
		}
	case key.Matches(msg, k.Copy):
		secret, name := m.created, m.createdName
		m.created, m.reveal = "", false // once: the secret leaves our memory with the copy
		return screen.Copy(secret, "token "+name)
	case key.Matches(msg, k.Reveal):
		m.reveal = !m.reveal
	}
	return nil
}

func (m *Model) updateCreate(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Cancel):
		m.mode = modeList
		m.name.Blur()
		return nil
	case key.Matches(msg, k.Scope):
		m.scope = (m.scope + 1) % len(scopes)
		return nil
	case key.Matches(msg, k.Submit):
		if strings.TrimSpace(m.name.Value()) == "" {
			return nil
		}
		m.mode = modeList
		m.name.Blur()
		return m.create()
	}
	var cmd tea.Cmd
	m.name, cmd = m.name.Update(msg)
	return cmd
}
