package actions

import (
	"context"
	"fmt"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// RestartPlan is what a restart will do (Prefect UI pages/FlowRun/Restart-Dialog.vue):
// the failed task runs and every task run downstream of them back to Pending (mapped
// children only where they failed), then the flow run to Scheduled, then an INFO log
// line saying who restarted it.
type RestartPlan struct {
	Run Run
	// TaskRuns are the task runs set to Pending, with their versions.
	TaskRuns []PlannedTaskRun
	// Failed is how many of TaskRuns had failed themselves (the rest are downstream).
	Failed  int
	Message string
	// Who and When go into the log line.
	Who  string
	When string
}

// PlannedTaskRun is one task run a plan changes.
type PlannedTaskRun struct {
	ID       string
	TaskID   string
	MapIndex int
	Version  int
	State    string
}

// Restart returns the command that plans a restart of a flow run (two reads: the failed
// task runs, then utility_downstream_tasks) and pushes its confirmation.
func Restart(deps screen.Deps, flowRunID string) tea.Cmd {
	if c := readOnly(deps); c != nil {
		return c
	}
	ctx, c, at := ctxOf(deps), deps.Client, now(deps)
	return func() tea.Msg {
		rctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		p, err := PlanRestart(rctx, c, flowRunID)
		if err != nil {
			if deps.Log != nil {
				deps.Log.Printf("restart plan %s: %v", flowRunID, err)
			}
			return screen.StatusMsg{Text: "restart: " + api.Describe(err), Level: screen.LevelError}
		}
		p.Who = who()
		p.Message = p.Who + " restarted this flow run"
		p.When = at.UTC().Format("2006-01-02T15:04:05.000000+00:00")
		ops, vars := p.mutations()
		return push(newDialog(deps, components.ConfirmSpec{
			ID:        "restart",
			Title:     "Restart flow run " + p.Run.Name + "?",
			Body:      p.summary(),
			Mutation:  ops,
			Variables: vars,
			Touches:   1 + len(p.TaskRuns),
			Noun:      "run",
		}, restartRunCmd(deps, p)))
	}
}

// errNothingToRestart is returned for a run with no failed task runs that is neither
// Failed nor Cancelled.
type errNothingToRestart struct{ state string }

func (e errNothingToRestart) Error() string {
	return "the run is " + e.state + " and has no failed task runs: nothing to restart"
}

// PlanRestart reads what a restart of a flow run changes.
func PlanRestart(ctx context.Context, c graphql.Client, flowRunID string) (RestartPlan, error) {
	t, err := api.RestartTarget(ctx, c, flowRunID, FailedStates)
	if err != nil {
		return RestartPlan{}, err
	}
	fr := t.Flow_run_by_pk
	if fr.Id == "" {
		return RestartPlan{}, fmt.Errorf("flow run %s not found", flowRunID)
	}
	p := RestartPlan{Run: Run{ID: fr.Id, Name: fr.Name, State: fr.State, Version: fr.Version}}
	failed := map[string]bool{}
	taskIDs := map[string]bool{}
	for _, tr := range fr.Task_runs {
		failed[tr.Id] = true
		taskIDs[tr.Task_id] = true
	}
	if len(failed) == 0 {
		if fr.State != "Failed" && fr.State != "Cancelled" && fr.State != "TimedOut" && fr.State != "TriggerFailed" {
			return RestartPlan{}, errNothingToRestart{fr.State}
		}
		return p, nil
	}
	ids := make([]string, 0, len(taskIDs))
	for id := range taskIDs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	// _uuid is a Postgres array literal (Restart-Dialog.vue builds it the same way).
	down, err := api.DownstreamTaskRuns(ctx, c, flowRunID, "{"+strings.Join(ids, ",")+"}")
	if err != nil {
		return RestartPlan{}, err
	}
	seen := map[string]bool{}
	for _, tr := range down.Utility_downstream_tasks {
		for _, r := range tr.Task.Task_runs {
			if seen[r.Id] {
				continue
			}
			// Parents and unmapped task runs (map_index -1) always; mapped children
			// only where they failed.
			if r.Map_index != -1 && !failed[r.Id] {
				continue
			}
			seen[r.Id] = true
			p.TaskRuns = append(p.TaskRuns, PlannedTaskRun{ID: r.Id, TaskID: r.Task_id, MapIndex: r.Map_index, Version: r.Version, State: r.State})
			if failed[r.Id] {
				p.Failed++
			}
		}
	}
	sortPlanned(p.TaskRuns)
	return p, nil
}

// sortPlanned orders planned task runs by task, then map index: the order sent.
func sortPlanned(trs []PlannedTaskRun) {
	sort.Slice(trs, func(i, j int) bool {
		a, b := trs[i], trs[j]
		if a.TaskID != b.TaskID {
			return a.TaskID < b.TaskID
		}
		return a.MapIndex < b.MapIndex
	})
}

func (p RestartPlan) summary() string {
	s := fmt.Sprintf("%s → Pending (%d failed, %d downstream), then the flow run → Scheduled, and an INFO log line: %q.",
		plural(len(p.TaskRuns), "task run"), p.Failed, len(p.TaskRuns)-p.Failed, p.Message)
	if len(p.TaskRuns) == 0 {
		s = fmt.Sprintf("No failed task runs: the flow run → Scheduled, and an INFO log line: %q.", p.Message)
	}
	return s + " Failed tasks without stored results for their upstream data will fail again."
}

// Variables of each request, exactly as sent.
func (p RestartPlan) taskStates() []map[string]any {
	out := make([]map[string]any, len(p.TaskRuns))
	for i, tr := range p.TaskRuns {
		out[i] = map[string]any{"task_run_id": tr.ID, "version": tr.Version, "state": stateJSON("Pending", p.Message)}
	}
	return out
}

func (p RestartPlan) flowStates() []map[string]any {
	return []map[string]any{{"flow_run_id": p.Run.ID, "version": p.Run.Version, "state": stateJSON("Scheduled", p.Message)}}
}

func (p RestartPlan) logs() []map[string]any {
	return []map[string]any{{"flow_run_id": p.Run.ID, "level": "INFO", "name": "prefect-tui", "message": p.Message, "timestamp": p.When}}
}

// mutations returns the documents and variables the dialog shows, in the order sent.
func (p RestartPlan) mutations() (string, map[string]any) {
	vars := map[string]any{}
	var docs []string
	n := 1
	if len(p.TaskRuns) > 0 {
		docs = append(docs, "# 1. SetTaskRunStates"+"\n"+strings.TrimSpace(api.SetTaskRunStates_Operation))
		vars["1. SetTaskRunStates"] = map[string]any{"states": p.taskStates()}
		n++
	}
	docs = append(docs, fmt.Sprintf("# %d. SetFlowRunStates", n)+"\n"+strings.TrimSpace(api.SetFlowRunStates_Operation))
	vars[fmt.Sprintf("%d. SetFlowRunStates", n)] = map[string]any{"states": p.flowStates()}
	n++
	docs = append(docs, fmt.Sprintf("# %d. WriteRunLogs", n)+"\n"+strings.TrimSpace(api.WriteRunLogs_Operation))
	vars[fmt.Sprintf("%d. WriteRunLogs", n)] = map[string]any{"logs": p.logs()}
	return operations(docs...), vars
}

// ExecuteRestart sends the plan's mutations in order: task runs, flow run, log line.
func ExecuteRestart(ctx context.Context, c graphql.Client, p RestartPlan) error {
	if len(p.TaskRuns) > 0 {
		resp, err := api.SetTaskRunStates(ctx, c, raw(p.taskStates()))
		if err != nil {
			return fmt.Errorf("resetting task runs: %w", err)
		}
		for _, s := range resp.Set_task_run_states.States {
			if s.Status != "SUCCESS" && s.Status != "QUEUED" {
				return fmt.Errorf("task run %s: %s %s", s.Id, s.Status, s.Message)
			}
		}
	}
	if _, err := api.SetFlowRunStates(ctx, c, raw(p.flowStates())); err != nil {
		return fmt.Errorf("scheduling the flow run: %w", err)
	}
	if _, err := api.WriteRunLogs(ctx, c, raw(p.logs())); err != nil {
		return fmt.Errorf("writing the log line: %w", err)
	}
	return nil
}

func restartRunCmd(deps screen.Deps, p RestartPlan) tea.Cmd {
	ctx, c := ctxOf(deps), deps.Client
	return func() tea.Msg {
		rctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		err := ExecuteRestart(rctx, c, p)
		return done(deps, screen.ChangedMsg{Action: ActionRestart, IDs: []string{p.Run.ID}, Err: err},
			fmt.Sprintf("restarted %s: %s reset, run scheduled", p.Run.Name, plural(len(p.TaskRuns), "task run")))
	}
}
