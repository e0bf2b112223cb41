package actions

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// CancelIDs returns the command that reads the runs with these ids (names, states) and
// asks to cancel them: the runs list's bulk cancel.
func CancelIDs(deps screen.Deps, ids []string) tea.Cmd {
	if c := readOnly(deps); c != nil {
		return c
	}
	if len(ids) == 0 {
		return nil
	}
	ctx, c := ctxOf(deps), deps.Client
	return func() tea.Msg {
		rctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		resp, err := api.RunsForAction(rctx, c, ids)
		if err != nil {
			return screen.StatusMsg{Text: "cancel: " + api.Describe(err), Level: screen.LevelError}
		}
		runs := make([]Run, len(resp.Flow_run))
		for i, r := range resp.Flow_run {
			runs[i] = Run{ID: r.Id, Name: r.Name, State: r.State, Version: r.Version}
		}
		if cmd := Cancel(deps, runs); cmd != nil {
			return cmd()
		}
		return nil
	}
}

// MarkTaskRunID returns the command that reads a task run and opens "mark as" for it.
func MarkTaskRunID(deps screen.Deps, id string) tea.Cmd {
	if c := readOnly(deps); c != nil {
		return c
	}
	ctx, c := ctxOf(deps), deps.Client
	return func() tea.Msg {
		rctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		resp, err := api.TaskRunForAction(rctx, c, id)
		if err == nil && resp.Task_run_by_pk.Id == "" {
			err = fmt.Errorf("task run %s not found", id)
		}
		if err != nil {
			return screen.StatusMsg{Text: "mark as: " + api.Describe(err), Level: screen.LevelError}
		}
		t := resp.Task_run_by_pk
		name := t.Name
		if name == "" {
			name = t.Task.Name
		}
		if t.Map_index >= 0 {
			name += fmt.Sprintf("[%d]", t.Map_index)
		}
		return push(newMarkForm(deps, MarkTarget{TaskRun: TaskRun{
			ID: t.Id, FlowRunID: t.Flow_run_id, TaskID: t.Task_id, Name: name,
			State: t.State, Version: t.Version, MapIndex: t.Map_index,
		}}))
	}
}

// MarkFlowRunID returns the command that reads a flow run and opens "mark as" for it.
func MarkFlowRunID(deps screen.Deps, id string) tea.Cmd {
	if c := readOnly(deps); c != nil {
		return c
	}
	ctx, c := ctxOf(deps), deps.Client
	return func() tea.Msg {
		rctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		resp, err := api.RunsForAction(rctx, c, []string{id})
		if err == nil && len(resp.Flow_run) == 0 {
			err = fmt.Errorf("flow run %s not found", id)
		}
		if err != nil {
			return screen.StatusMsg{Text: "mark as: " + api.Describe(err), Level: screen.LevelError}
		}
		r := resp.Flow_run[0]
		return push(newMarkForm(deps, MarkTarget{Run: Run{ID: r.Id, Name: r.Name, State: r.State, Version: r.Version}}))
	}
}

// RunsList plugs the actions into the runs list (screen.Actions): C cancels the marked
// runs (or the one under the cursor), R restarts and M marks the run under the cursor.
type RunsList struct {
	deps screen.Deps
	keys KeyMap
}

// NewRunsList builds the runs list's actions; in read-only mode they are disabled and
// hidden.
func NewRunsList(deps screen.Deps) *RunsList {
	return &RunsList{deps: deps, keys: DefaultKeyMap(deps.ReadOnly)}
}

// HandleKey implements screen.Actions.
func (a *RunsList) HandleKey(msg tea.KeyPressMsg, sel screen.Selection) (bool, tea.Cmd) {
	cursor := sel.FlowRun.ID
	switch {
	case key.Matches(msg, a.keys.Cancel):
		ids := sel.Marked
		if len(ids) == 0 && cursor != "" {
			ids = []string{cursor}
		}
		return true, CancelIDs(a.deps, ids)
	case key.Matches(msg, a.keys.Restart) && cursor != "":
		return true, Restart(a.deps, cursor)
	case key.Matches(msg, a.keys.MarkAs) && cursor != "":
		return true, MarkFlowRunID(a.deps, cursor)
	}
	return false, nil
}

// ShortHelp implements help.KeyMap.
func (a *RunsList) ShortHelp() []key.Binding {
	return []key.Binding{a.keys.Cancel, a.keys.Restart, a.keys.MarkAs}
}

// FullHelp implements help.KeyMap.
func (a *RunsList) FullHelp() [][]key.Binding { return [][]key.Binding{a.ShortHelp()} }

// RunPage plugs the actions into the run page (screen.Actions): C cancels, R restarts,
// M marks the flow run, T marks the task run selected in the active tab.
type RunPage struct {
	deps screen.Deps
	keys KeyMap
	task key.Binding
}

// NewRunPage builds the run page's actions; in read-only mode they are disabled and
// hidden.
func NewRunPage(deps screen.Deps) *RunPage {
	t := key.NewBinding(key.WithKeys("T"), key.WithHelp("T", "mark task run as…"))
	t.SetEnabled(!deps.ReadOnly)
	return &RunPage{deps: deps, keys: DefaultKeyMap(deps.ReadOnly), task: t}
}

// HandleKey implements screen.Actions; it handles nothing until the run is loaded.
func (a *RunPage) HandleKey(msg tea.KeyPressMsg, sel screen.Selection) (bool, tea.Cmd) {
	if sel.FlowRun.ID == "" {
		return false, nil
	}
	r := sel.FlowRun
	switch {
	case key.Matches(msg, a.keys.Cancel):
		return true, Cancel(a.deps, []Run{r})
	case key.Matches(msg, a.keys.Restart):
		return true, Restart(a.deps, r.ID)
	case key.Matches(msg, a.keys.MarkAs):
		return true, MarkFlowRun(a.deps, r)
	case key.Matches(msg, a.task):
		if sel.TaskRunID == "" {
			return true, screen.Status(screen.LevelWarn, "select a task run first (Timeline, Task runs or Schematic)")
		}
		return true, MarkTaskRunID(a.deps, sel.TaskRunID)
	}
	return false, nil
}

// ShortHelp implements help.KeyMap.
func (a *RunPage) ShortHelp() []key.Binding {
	return []key.Binding{a.keys.Cancel, a.keys.Restart, a.keys.MarkAs, a.task}
}

// FullHelp implements help.KeyMap.
func (a *RunPage) FullHelp() [][]key.Binding { return [][]key.Binding{a.ShortHelp()} }

// Flows plugs run now and schedule on/off into the flows list (screen.Actions): they act
// on the flow under the cursor.
type Flows struct {
	deps screen.Deps
	keys KeyMap
}

// NewFlows builds the flow actions; in read-only mode they are disabled and hidden.
func NewFlows(deps screen.Deps) *Flows { return &Flows{deps: deps, keys: DefaultKeyMap(deps.ReadOnly)} }

// HandleKey implements screen.Actions: N runs the flow now, S turns its schedule on or
// off.
func (a *Flows) HandleKey(msg tea.KeyPressMsg, sel screen.Selection) (bool, tea.Cmd) {
	f := sel.Flow
	if f.ID == "" {
		return false, nil
	}
	switch {
	case key.Matches(msg, a.keys.RunNow):
		return true, RunNow(a.deps, f.ID)
	case key.Matches(msg, a.keys.Schedule):
		if f.NoSchedule {
			return true, screen.Status(screen.LevelWarn, f.Name+" has no schedule: nothing to turn on or off")
		}
		return true, SetSchedule(a.deps, f.ID, f.Name, !f.ScheduleActive)
	}
	return false, nil
}

// ShortHelp implements help.KeyMap.
func (a *Flows) ShortHelp() []key.Binding { return []key.Binding{a.keys.RunNow, a.keys.Schedule} }

// FullHelp implements help.KeyMap.
func (a *Flows) FullHelp() [][]key.Binding { return [][]key.Binding{a.ShortHelp()} }
