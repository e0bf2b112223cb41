package taskrun

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
)

// Selection is what the page's actions act on.
type Selection struct {
	// TaskRunID is the task run to act on: the mapped child under the cursor in the
	// Mapped runs tab, else the page's task run.
	TaskRunID string
	// FlowRunID and FlowRunName are the parent flow run's ("" until loaded).
	FlowRunID, FlowRunName string
}

// Actions plugs keys into the task-run page (mark as, restart the flow run: ui/actions),
// as run.Actions does into the run page. HandleKey is offered each key before the active
// tab; it returns handled=false to let the page go on. After a mutation, actions return
// rundata.ChangedMsg so the page reloads. Its help is shown with the page's.
type Actions interface {
	help.KeyMap
	HandleKey(msg tea.KeyPressMsg, sel Selection) (handled bool, cmd tea.Cmd)
}

// selection is the page's current Selection.
func (m *Model) selection() Selection {
	sel := Selection{TaskRunID: m.id}
	if m.tabs[m.cur] == m.kids {
		if id := m.kids.SelectedID(); id != "" {
			sel.TaskRunID = id
		}
	}
	if m.data != nil {
		sel.FlowRunID, sel.FlowRunName = m.data.FlowRunID, m.data.FlowRunName
	}
	return sel
}
