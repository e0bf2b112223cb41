package actions

import (
	"context"
	"fmt"
	"strconv"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

func itoa(n int) string { return strconv.Itoa(n) }

// Cancel returns the command that asks to cancel runs (cancel_flow_run, one request per
// run): running runs go to Cancelling, the others to Cancelled. Finished runs are left
// out, since cancelling them is a no-op.
func Cancel(deps screen.Deps, runs []Run) tea.Cmd {
	if c := readOnly(deps); c != nil {
		return c
	}
	var todo []Run
	skipped := 0
	for _, r := range runs {
		if isFinished(r.State) {
			skipped++
			continue
		}
		todo = append(todo, r)
	}
	if len(todo) == 0 {
		return screen.Status(screen.LevelWarn, "nothing to cancel: the selected runs have finished")
	}
	spec := cancelSpec(todo, skipped)
	run := cancelRunCmd(deps, todo)
	return func() tea.Msg { return push(newDialog(deps, spec, run)) }
}

func cancelSpec(runs []Run, skipped int) components.ConfirmSpec {
	title := "Cancel flow run " + runs[0].Name + "?"
	vars := map[string]any{"flowRunId": runs[0].ID}
	body := "A running run goes to Cancelling (its process then stops), any other to Cancelled."
	if len(runs) > 1 {
		title = fmt.Sprintf("Cancel %d flow runs?", len(runs))
		ids := make([]map[string]any, len(runs))
		for i, r := range runs {
			ids[i] = map[string]any{"flowRunId": r.ID}
		}
		vars = map[string]any{"each request": ids}
		body += fmt.Sprintf(" Sent once per run (%d requests).", len(runs))
	}
	if skipped > 0 {
		body += fmt.Sprintf(" %s already finished and left as is.", plural(skipped, "run"))
	}
	return components.ConfirmSpec{
		ID:        "cancel",
		Title:     title,
		Body:      body,
		Mutation:  api.CancelFlowRun_Operation,
		Variables: vars,
		Touches:   len(runs),
		Noun:      "flow run",
	}
}

// cancelRunCmd cancels each run in turn; it stops at the first error and reports how
// far it got.
func cancelRunCmd(deps screen.Deps, runs []Run) tea.Cmd {
	ctx, c := ctxOf(deps), deps.Client
	return func() tea.Msg {
		d := screen.ChangedMsg{Action: ActionCancel}
		counts := map[string]int{}
		for _, r := range runs {
			rctx, cancel := context.WithTimeout(ctx, requestTimeout)
			resp, err := api.CancelFlowRun(rctx, c, r.ID)
			cancel()
			if err != nil {
				d.Err = fmt.Errorf("%s: %w", r.Name, err)
				break
			}
			d.IDs = append(d.IDs, r.ID)
			counts[resp.Cancel_flow_run.State]++
		}
		text := "cancelled " + plural(len(d.IDs), "run")
		if n := counts["Cancelling"]; n > 0 {
			text += fmt.Sprintf(" (%d cancelling)", n)
		}
		return done(deps, d, text)
	}
}
