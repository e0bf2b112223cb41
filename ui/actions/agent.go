package actions

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/agenthealth"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

// ActionRemoveAgent names the removal of an agent in screen.ChangedMsg.
const ActionRemoveAgent = "remove agent"

// RemoveAgent returns the command that asks to remove a stale or unhealthy agent
// (delete_agent), as the web UI's "Remove" does: it offers it only for agents that are
// not healthy, and removing one does not stop its process.
func RemoveAgent(deps screen.Deps, a screen.AgentRef) tea.Cmd {
	if c := readOnly(deps); c != nil {
		return c
	}
	if a.ID == "" {
		return nil
	}
	name := a.Name
	if name == "" {
		name = "agent " + a.ID
	}
	n := now(deps)
	h := agenthealth.Health(a.LastQueried, n)
	if h == agenthealth.Healthy {
		return screen.Status(screen.LevelWarn, name+" is healthy (queried "+timefmt.Ago(a.LastQueried, n)+
			"): only stale or unhealthy agents can be removed")
	}
	queried := "never queried"
	if !a.LastQueried.IsZero() {
		queried = "last queried " + timefmt.Ago(a.LastQueried, n)
	}
	ctx, c := ctxOf(deps), deps.Client
	run := func() tea.Msg {
		rctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		r, err := api.DeleteAgent(rctx, c, a.ID)
		if err == nil && !r.Delete_agent.Success {
			err = fmt.Errorf("the server did not remove it")
		}
		return done(deps, screen.ChangedMsg{Action: ActionRemoveAgent, IDs: []string{a.ID}, Err: err}, "removed agent "+name)
	}
	return func() tea.Msg {
		return push(newDialog(deps, components.ConfirmSpec{
			ID: "remove-agent", Title: "Remove agent " + name + "?",
			Body: "It " + queried + " (" + h.Word() + "). It stops showing here and in the Prefect UI; its runs keep their history. " +
				"This does not stop the agent process if it still runs somewhere.",
			Mutation: api.DeleteAgent_Operation, Variables: map[string]any{"agentId": a.ID}, Touches: -1,
		}, run))
	}
}

// Agents plugs the agent actions into the agents screen (screen.Actions): D removes the
// agent under the cursor when it is stale or unhealthy.
type Agents struct {
	deps   screen.Deps
	remove key.Binding
}

// NewAgents builds the agents screen's actions; in read-only mode they are disabled
// and hidden.
func NewAgents(deps screen.Deps) *Agents {
	b := key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "remove stale agent"))
	b.SetEnabled(!deps.ReadOnly)
	return &Agents{deps: deps, remove: b}
}

// HandleKey implements screen.Actions.
func (a *Agents) HandleKey(msg tea.KeyPressMsg, sel screen.Selection) (bool, tea.Cmd) {
	if sel.Agent.ID == "" || !key.Matches(msg, a.remove) {
		return false, nil
	}
	return true, RemoveAgent(a.deps, sel.Agent)
}

// ShortHelp implements help.KeyMap.
func (a *Agents) ShortHelp() []key.Binding { return []key.Binding{a.remove} }

// FullHelp implements help.KeyMap.
func (a *Agents) FullHelp() [][]key.Binding { return [][]key.Binding{a.ShortHelp()} }
