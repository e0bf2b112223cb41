package logs

import (
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/run"
	"github.com/prefect-tui/prefect-tui/ui/run/rundata"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Tab is the Logs tab of the run page (run.Tab, run.RunSetter, run.Selector).
type Tab struct{ *Model }

// NewTab is a run.TabFactory: the logs of the flow run, all its task runs included.
func NewTab(deps screen.Deps, runID string) run.Tab {
	return Tab{New(deps, Scope{FlowRunID: runID}, Options{})}
}

// Title implements run.Tab.
func (t Tab) Title() string { return "Logs" }

// Update implements run.Tab.
func (t Tab) Update(msg tea.Msg) tea.Cmd {
	_, cmd := t.Model.Update(msg)
	return cmd
}

// SetRun implements run.RunSetter: the run's name titles the view; while the run has
// not finished the tab follows new lines, until the user turns follow off.
func (t Tab) SetRun(r *rundata.Run) {
	if r == nil {
		return
	}
	t.scope.Name = r.Name
	if !t.followTouched && !t.follow && !components.Info(r.State).Finished {
		t.wantFollow = true
	}
}

// SelectedID implements run.Selector: the task run of the selected line, if any.
func (t Tab) SelectedID() string { return t.selectedTaskRun() }
