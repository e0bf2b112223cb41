package actions

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// RestartFrom returns the command that plans "restart from this task" (two reads: the
// task run's task and flow run, then utility_downstream_tasks) and pushes its
// confirmation: every run of the task run's task and of every task downstream of it
// (mapped children too: they all run again) back to Pending, then the flow run to
// Scheduled, then an INFO log line — the Prefect UI's restart, started at one task
// instead of at the failed ones. The flow run must have finished.
func RestartFrom(deps screen.Deps, taskRunID string) tea.Cmd {
	if c := readOnly(deps); c != nil {
		return c
	}
	ctx, c, at := ctxOf(deps), deps.Client, now(deps)
	return func() tea.Msg {
		rctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		p, task, err := PlanRestartFrom(rctx, c, taskRunID)
		if err != nil {
			if deps.Log != nil {
				deps.Log.Printf("restart-from plan %s: %v", taskRunID, err)
			}
			return screen.StatusMsg{Text: "restart from this task: " + api.Describe(err), Level: screen.LevelError}
		}
		p.Who = who()
		p.Message = fmt.Sprintf("%s restarted this flow run from task %s", p.Who, task)
		p.When = at.UTC().Format("2006-01-02T15:04:05.000000+00:00")
		ops, vars := p.mutations()
		return push(newDialog(deps, components.ConfirmSpec{
			ID:    "restart-from",
			Title: fmt.Sprintf("Restart flow run %s from task %s?", p.Run.Name, task),
			Body: fmt.Sprintf("%s of %s and of every task downstream of it (mapped children too) → Pending, "+
				"then the flow run → Scheduled, and an INFO log line: %q. Tasks upstream keep their states; "+
				"a task whose upstream results were not stored will fail again.", plural(len(p.TaskRuns), "task run"), task, p.Message),
			Mutation:  ops,
			Variables: vars,
			Touches:   1 + len(p.TaskRuns),
			Noun:      "run",
		}, restartRunCmd(deps, p)))
	}
}

// errNotFinished refuses to restart a flow run that is still going.
type errNotFinished struct{ state string }

func (e errNotFinished) Error() string {
	return "the flow run is " + e.state + ": restart it from a task once it has finished (or cancel it)"
}

// PlanRestartFrom reads what "restart from this task" changes; task names the task.
func PlanRestartFrom(ctx context.Context, c graphql.Client, taskRunID string) (p RestartPlan, task string, err error) {
	t, err := api.RestartFromTarget(ctx, c, taskRunID)
	if err != nil {
		return p, "", err
	}
	tr := t.Task_run_by_pk
	if tr.Id == "" {
		return p, "", fmt.Errorf("task run %s not found", taskRunID)
	}
	fr := tr.Flow_run
	if !isFinished(fr.State) {
		return p, "", errNotFinished{fr.State}
	}
	p.Run = Run{ID: fr.Id, Name: fr.Name, State: fr.State, Version: fr.Version}
	down, err := api.DownstreamTaskRuns(ctx, c, fr.Id, "{"+tr.Task_id+"}")
	if err != nil {
		return p, "", err
	}
	seen := map[string]bool{}
	for _, d := range down.Utility_downstream_tasks {
		for _, r := range d.Task.Task_runs {
			if !seen[r.Id] {
				seen[r.Id] = true
				p.TaskRuns = append(p.TaskRuns, PlannedTaskRun{ID: r.Id, TaskID: r.Task_id, MapIndex: r.Map_index, Version: r.Version, State: r.State})
			}
		}
	}
	sortPlanned(p.TaskRuns)
	return p, tr.Task.Name, nil
}
