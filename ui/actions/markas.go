package actions

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// MarkTarget is the run whose state "mark as" sets: a flow run, or a task run when
// TaskRun.ID is set.
type MarkTarget struct {
	Run     Run
	TaskRun TaskRun
}

func (t MarkTarget) isTask() bool { return t.TaskRun.ID != "" }

func (t MarkTarget) name() string {
	if t.isTask() {
		return "task run " + t.TaskRun.Name
	}
	return "flow run " + t.Run.Name
}

// MarkPlan is what a "mark as" will do: the target's new state and, when cascading, the
// unfinished task runs of the flow run (or the unfinished mapped children of the task
// run) set to the same state, then an INFO log line saying who did it.
type MarkPlan struct {
	Target   MarkTarget
	State    string
	Message  string
	Cascade  []PlannedTaskRun
	LogLine  string
	When     string
	cascaded bool
}

// MarkFlowRun returns the command that opens "mark as" for a flow run.
func MarkFlowRun(deps screen.Deps, run Run) tea.Cmd {
	if c := readOnly(deps); c != nil {
		return c
	}
	return func() tea.Msg { return push(newMarkForm(deps, MarkTarget{Run: run})) }
}

// MarkTaskRun returns the command that opens "mark as" for a task run.
func MarkTaskRun(deps screen.Deps, tr TaskRun) tea.Cmd {
	if c := readOnly(deps); c != nil {
		return c
	}
	return func() tea.Msg { return push(newMarkForm(deps, MarkTarget{TaskRun: tr})) }
}

// PlanMark reads the task runs a cascade touches (no request without cascade).
func PlanMark(ctx context.Context, c graphql.Client, t MarkTarget, state, message string, cascade bool) (MarkPlan, error) {
	p := MarkPlan{Target: t, State: state, Message: message, cascaded: cascade}
	if !cascade {
		return p, nil
	}
	var w map[string]any
	if t.isTask() {
		w = map[string]any{
			"flow_run_id": map[string]any{"_eq": t.TaskRun.FlowRunID},
			"task_id":     map[string]any{"_eq": t.TaskRun.TaskID},
			"map_index":   map[string]any{"_gte": 0},
			"state":       map[string]any{"_nin": finishedStates},
		}
	} else {
		w = map[string]any{
			"flow_run_id": map[string]any{"_eq": t.Run.ID},
			"state":       map[string]any{"_nin": finishedStates},
		}
	}
	resp, err := api.CascadeTaskRuns(ctx, c, raw(w))
	if err != nil {
		return p, err
	}
	for _, r := range resp.Task_run {
		p.Cascade = append(p.Cascade, PlannedTaskRun{ID: r.Id, MapIndex: r.Map_index, Version: r.Version, State: r.State})
	}
	return p, nil
}

func (p MarkPlan) taskStates() []map[string]any {
	var out []map[string]any
	if p.Target.isTask() {
		out = append(out, map[string]any{"task_run_id": p.Target.TaskRun.ID, "version": p.Target.TaskRun.Version, "state": stateJSON(p.State, p.Message)})
	}
	for _, r := range p.Cascade {
		out = append(out, map[string]any{"task_run_id": r.ID, "version": r.Version, "state": stateJSON(p.State, p.Message)})
	}
	return out
}

func (p MarkPlan) flowRunID() string {
	if p.Target.isTask() {
		return p.Target.TaskRun.FlowRunID
	}
	return p.Target.Run.ID
}

func (p MarkPlan) logs() []map[string]any {
	l := map[string]any{"flow_run_id": p.flowRunID(), "level": "INFO", "name": "prefect-tui", "message": p.LogLine, "timestamp": p.When}
	if p.Target.isTask() {
		l["task_run_id"] = p.Target.TaskRun.ID
	}
	return []map[string]any{l}
}

// mutations returns the documents and variables of the plan, in the order sent: the
// flow run first (a Cancelled flow run cancels its task runs on the server), then task
// runs, then the log line.
func (p MarkPlan) mutations() (string, map[string]any) {
	vars := map[string]any{}
	var docs []string
	n := 1
	if !p.Target.isTask() {
		docs = append(docs, "# 1. SetFlowRunStates"+"\n"+strings.TrimSpace(api.SetFlowRunStates_Operation))
		vars["1. SetFlowRunStates"] = map[string]any{"states": []map[string]any{{"flow_run_id": p.Target.Run.ID, "version": p.Target.Run.Version, "state": stateJSON(p.State, p.Message)}}}
		n++
	}
	if ts := p.taskStates(); len(ts) > 0 {
		docs = append(docs, fmt.Sprintf("# %d. SetTaskRunStates", n)+"\n"+strings.TrimSpace(api.SetTaskRunStates_Operation))
		vars[fmt.Sprintf("%d. SetTaskRunStates", n)] = map[string]any{"states": ts}
		n++
	}
	docs = append(docs, fmt.Sprintf("# %d. WriteRunLogs", n)+"\n"+strings.TrimSpace(api.WriteRunLogs_Operation))
	vars[fmt.Sprintf("%d. WriteRunLogs", n)] = map[string]any{"logs": p.logs()}
	return operations(docs...), vars
}

func (p MarkPlan) touches() int { return 1 + len(p.Cascade) }

// ExecuteMark sends the plan's mutations.
func ExecuteMark(ctx context.Context, c graphql.Client, p MarkPlan) error {
	if !p.Target.isTask() {
		resp, err := api.SetFlowRunStates(ctx, c, raw([]map[string]any{{"flow_run_id": p.Target.Run.ID, "version": p.Target.Run.Version, "state": stateJSON(p.State, p.Message)}}))
		if err != nil {
			return err
		}
		for _, s := range resp.Set_flow_run_states.States {
			if s.Status != "SUCCESS" && s.Status != "QUEUED" {
				return fmt.Errorf("flow run %s: %s %s", s.Id, s.Status, s.Message)
			}
		}
	}
	if ts := p.taskStates(); len(ts) > 0 {
		resp, err := api.SetTaskRunStates(ctx, c, raw(ts))
		if err != nil {
			return err
		}
		for _, s := range resp.Set_task_run_states.States {
			if s.Status != "SUCCESS" && s.Status != "QUEUED" {
				return fmt.Errorf("task run %s: %s %s", s.Id, s.Status, s.Message)
			}
		}
	}
	_, err := api.WriteRunLogs(ctx, c, raw(p.logs()))
	return err
}

// markPlanCmd plans (reading the cascade) and pushes the confirmation.
func markPlanCmd(deps screen.Deps, t MarkTarget, state, message string, cascade bool) tea.Cmd {
	ctx, c, at := ctxOf(deps), deps.Client, now(deps)
	return func() tea.Msg {
		rctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		p, err := PlanMark(rctx, c, t, state, message, cascade)
		if err != nil {
			return screen.StatusMsg{Text: "mark as: " + api.Describe(err), Level: screen.LevelError}
		}
		p.LogLine = fmt.Sprintf("%s marked this %s as %s", who(), map[bool]string{true: "task run", false: "flow run"}[t.isTask()], state)
		if message != "" {
			p.LogLine += ": " + message
		}
		p.When = at.UTC().Format("2006-01-02T15:04:05.000000+00:00")
		body := fmt.Sprintf("The %s → %s.", t.name(), state)
		if cascade {
			body += fmt.Sprintf(" Cascade: %s that had not finished → %s.", plural(len(p.Cascade), "task run"), state)
		}
		ops, vars := p.mutations()
		ids := []string{t.Run.ID}
		if t.isTask() {
			ids = []string{t.TaskRun.ID}
		}
		return push(newDialog(deps, components.ConfirmSpec{
			ID:        "mark",
			Title:     fmt.Sprintf("Mark %s as %s?", t.name(), state),
			Body:      body,
			Mutation:  ops,
			Variables: vars,
			Touches:   p.touches(),
			Noun:      "run",
		}, func() tea.Msg {
			rctx, cancel := context.WithTimeout(ctx, requestTimeout)
			defer cancel()
			err := ExecuteMark(rctx, c, p)
			return done(deps, screen.ChangedMsg{Action: ActionSetState, IDs: ids, Err: err},
				fmt.Sprintf("marked %s as %s", t.name(), state))
		}))
	}
}
