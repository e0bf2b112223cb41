package taskrun

import (
	"github.com/prefect-tui/prefect-tui/ui/components/tabs"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// selection is what the page tells its actions: the task run to act on (the active
// tab's selected task run, e.g. the mapped child under the cursor, else the page's) and
// the parent flow run (zero until loaded).
func (m *Model) selection() screen.Selection {
	sel := screen.Selection{TaskRunID: m.id}
	if s, ok := m.tabs.Active().(tabs.Selector); ok && s.SelectedID() != "" {
		sel.TaskRunID = s.SelectedID()
	}
	if m.data != nil {
		sel.FlowRun = screen.RunRef{ID: m.data.FlowRunID, Name: m.data.FlowRunName, State: m.data.FlowRunState}
	}
	return sel
}
