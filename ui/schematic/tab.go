package schematic

import (
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/components/tabs"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Tab is the Schematic tab of the run page (tabs.Tab, tabs.Selector).
type Tab struct{ *Model }

// NewTab is the run page's Schematic tab (a tabs.Factory).
func NewTab(deps screen.Deps, runID string) tabs.Tab { return Tab{New(deps, runID)} }

// Title implements tabs.Tab.
func (t Tab) Title() string { return "Schematic" }

// Update implements tabs.Tab.
func (t Tab) Update(msg tea.Msg) tea.Cmd {
	_, cmd := t.Model.Update(msg)
	return cmd
}

// SelectedID implements tabs.Selector: the selected node's task run.
func (t Tab) SelectedID() string {
	n, _ := t.selected()
	return n.TaskRunID
}
