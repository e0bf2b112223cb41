package logs

import (
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/components/tabs"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Tab is the Logs tab of the run page and of the task-run page (tabs.Tab,
// tabs.Selector; on the run page also its RunSetter).
type Tab struct{ *Model }

// NewTab is the run page's Logs tab (a tabs.Factory): the logs of the flow run, all its
// task runs included.
func NewTab(deps screen.Deps, runID string) tabs.Tab {
	return Tab{New(deps, Scope{FlowRunID: runID}, Options{})}
}

// NewTaskRunTab is the task-run page's Logs tab (a tabs.Factory): the logs of one task
// run.
func NewTaskRunTab(deps screen.Deps, taskRunID string) tabs.Tab {
	return Tab{New(deps, Scope{TaskRunID: taskRunID}, Options{})}
}

// Title implements tabs.Tab.
func (t Tab) Title() string { return "Logs" }

// Update implements tabs.Tab.
func (t Tab) Update(msg tea.Msg) tea.Cmd {
	_, cmd := t.Model.Update(msg)
	return cmd
}

// SetRun implements the run page's RunSetter: the run's name titles the view, its times
// are what a time window resolves against; while the run has not finished the tab
// follows new lines, until the user turns follow off.
func (t Tab) SetRun(r *rundata.Run) {
	if r == nil {
		return
	}
	t.scope.Name = r.Name
	t.run = runTimes{known: true, start: r.Start, end: r.End, finished: components.Info(r.State).Finished}
	if !t.followTouched && !t.follow && !components.Info(r.State).Finished {
		t.wantFollow = true
	}
}

// SelectedID implements tabs.Selector: the task run of the selected line, if any.
func (t Tab) SelectedID() string { return t.selectedTaskRun() }

// SetDetail implements the task-run page's DetailSetter: the task run's times are what
// a time window resolves against.
func (t Tab) SetDetail(d *rundata.TaskRunDetail) {
	if d == nil {
		return
	}
	t.run = runTimes{known: true, start: d.Run.Start, end: d.Run.End, finished: components.Info(d.Run.State).Finished}
}
