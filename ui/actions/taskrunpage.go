package actions

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// TaskRunPage plugs the actions into the task-run page (screen.Actions): M marks the
// task run (the mapped child under the cursor in the Mapped runs tab, else the page's),
// R restarts the parent flow run from its failed task runs, H from this task run's task.
type TaskRunPage struct {
	deps                       screen.Deps
	mark, restart, restartFrom key.Binding
}

// NewTaskRunPage builds the task-run page's actions; in read-only mode they are
// disabled and hidden.
func NewTaskRunPage(deps screen.Deps) *TaskRunPage {
	k := DefaultKeyMap(deps.ReadOnly)
	mark, restart := k.MarkAs, k.Restart
	mark.SetHelp("M", "mark task run as…")
	restart.SetHelp("R", "restart flow run")
	return &TaskRunPage{deps: deps, mark: mark, restart: restart, restartFrom: k.RestartFrom}
}

// HandleKey implements screen.Actions.
func (a *TaskRunPage) HandleKey(msg tea.KeyPressMsg, sel screen.Selection) (bool, tea.Cmd) {
	switch {
	case key.Matches(msg, a.mark) && sel.TaskRunID != "":
		return true, MarkTaskRunID(a.deps, sel.TaskRunID)
	case key.Matches(msg, a.restart):
		if sel.FlowRun.ID == "" {
			return true, screen.Status(screen.LevelWarn, "the task run is still loading")
		}
		return true, Restart(a.deps, sel.FlowRun.ID)
	case key.Matches(msg, a.restartFrom) && sel.TaskRunID != "":
		return true, RestartFrom(a.deps, sel.TaskRunID)
	}
	return false, nil
}

// ShortHelp implements help.KeyMap.
func (a *TaskRunPage) ShortHelp() []key.Binding {
	return []key.Binding{a.mark, a.restart, a.restartFrom}
}

// FullHelp implements help.KeyMap.
func (a *TaskRunPage) FullHelp() [][]key.Binding { return [][]key.Binding{a.ShortHelp()} }
