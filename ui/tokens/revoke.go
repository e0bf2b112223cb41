package tokens

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
)

// revokeID names the revoke dialog in components.ConfirmClosedMsg.
const revokeID = "revoke-token"

// openRevoke shows the confirmation of a revoke: the exact mutation and variables,
// and a warning when the token is (or may be) the one this session is logged in with.
func (m *Model) openRevoke(t Token) {
	body := "Whatever uses it stops working."
	switch inUse(m.deps.Session.Identity, t, m.tokens) {
	case usedForSure:
		body += " ⚠ This is the token this session is logged in with (" + m.deps.Session.Identity +
			"): the explorer stops working until you log in again."
	case usedMaybe:
		body += " ⚠ It may be the token this session is logged in with (" + m.deps.Session.Identity +
			"; the API does not say which of your " + t.Scope + " tokens that is): if it is, the explorer stops working until you log in again."
	}
	m.revoking = t
	m.confirm = components.NewConfirm(m.deps.Styles, components.ConfirmSpec{
		ID:        revokeID,
		Title:     fmt.Sprintf("Revoke %s token %q?", t.Scope, t.Name),
		Body:      body,
		Mutation:  api.DeleteAPIToken_Operation,
		Variables: map[string]any{"id": t.Id},
		Touches:   -1,
	})
	m.confirm.SetSize(max(1, m.width), max(1, m.height))
	m.mode = modeConfirm
}

// updateConfirm gives a key to the dialog; its ConfirmClosedMsg comes back to Update.
func (m *Model) updateConfirm(msg tea.KeyPressMsg) tea.Cmd {
	var cmd tea.Cmd
	m.confirm, cmd = m.confirm.Update(msg)
	return cmd
}

// confirmClosed ends the revoke dialog, revoking when it was confirmed.
func (m *Model) confirmClosed(msg components.ConfirmClosedMsg) tea.Cmd {
	if msg.ID != revokeID || m.mode != modeConfirm {
		return nil
	}
	m.mode = modeList
	if !msg.Confirmed {
		return nil
	}
	return m.revoke(m.revoking)
}

// usage says whether a token is the session's credential.
type usage int

const (
	usedNot usage = iota
	usedMaybe
	usedForSure
)

// inUse tells whether t is the API token the session is logged in with. The API never
// says which token a request came with; the session's identity names the scope of its
// token ("USER token …a1b2"; API keys are not tokens), and the listed tokens of that
// scope are the candidates: the one candidate is it for sure, one of several may be.
func inUse(identity string, t Token, all []Token) usage {
	f := strings.Fields(identity)
	if len(f) < 2 || f[1] != "token" || f[0] != t.Scope {
		return usedNot
	}
	n := 0
	for _, o := range all {
		if o.Scope == t.Scope {
			n++
		}
	}
	if n == 1 {
		return usedForSure
	}
	return usedMaybe
}
