package actions

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Overview plugs "cancel all in progress" into the overview (screen.Actions): C cancels
// every run of its in-progress section, which the overview passes as Marked, after the
// usual confirmation (the mutation, and how many runs it touches).
type Overview struct {
	deps      screen.Deps
	cancelAll key.Binding
}

// NewOverview builds the overview's actions; in read-only mode they are disabled and
// hidden.
func NewOverview(deps screen.Deps) *Overview {
	k := DefaultKeyMap(deps.ReadOnly).Cancel
	k.SetHelp("C", "cancel all in progress…")
	return &Overview{deps: deps, cancelAll: k}
}

// HandleKey implements screen.Actions.
func (a *Overview) HandleKey(msg tea.KeyPressMsg, sel screen.Selection) (bool, tea.Cmd) {
	if !key.Matches(msg, a.cancelAll) {
		return false, nil
	}
	if len(sel.Marked) == 0 {
		return true, screen.Status(screen.LevelWarn, "nothing in progress to cancel")
	}
	return true, CancelIDs(a.deps, sel.Marked)
}

// ShortHelp implements help.KeyMap.
func (a *Overview) ShortHelp() []key.Binding { return []key.Binding{a.cancelAll} }

// FullHelp implements help.KeyMap.
func (a *Overview) FullHelp() [][]key.Binding { return [][]key.Binding{a.ShortHelp()} }
