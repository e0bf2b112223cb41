package taskruns

import (
	"github.com/prefect-tui/prefect-tui/ui/components/tabs"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// NewTab is the run page's Task runs tab (a tabs.Factory): the run's task runs, given
// by the page through SetRun.
func NewTab(deps screen.Deps, _ string) tabs.Tab { return New(deps, "Task runs") }

// NewMappedTab is the task-run page's Mapped runs tab (a tabs.Factory): a mapped
// parent's children, given by the page through SetDetail; hidden while there are none.
func NewMappedTab(deps screen.Deps, _ string) tabs.Tab {
	return &mapped{Model: New(deps, "Mapped runs")}
}

// mapped is the Mapped runs tab.
type mapped struct {
	*Model
	count int
}

// SetDetail implements taskrun.DetailSetter.
func (t *mapped) SetDetail(d *rundata.TaskRunDetail) {
	t.count = d.ChildCount
	t.SetChildren(d.TaskName, d.Children)
}

// Hidden implements tabs.Hider: a task run without children has no Mapped runs tab.
func (t *mapped) Hidden() bool { return t.count == 0 }
