package schematic

import (
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/run"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Tab is the Schematic tab of the run page (run.Tab, run.Selector).
type Tab struct{ *Model }

// NewTab is a run.TabFactory.
func NewTab(deps screen.Deps, runID string) run.Tab { return Tab{New(deps, runID)} }

// Title implements run.Tab.
func (t Tab) Title() string { return "Schematic" }

// Update implements run.Tab.
func (t Tab) Update(msg tea.Msg) tea.Cmd {
	_, cmd := t.Model.Update(msg)
	return cmd
}

// SelectedID implements run.Selector: the selected node's task run.
func (t Tab) SelectedID() string {
	n, _ := t.selected()
	return n.TaskRunID
}
