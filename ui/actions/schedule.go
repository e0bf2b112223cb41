package actions

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// SetSchedule returns the command that asks to turn a flow's schedule on (active) or
// off (set_schedule_active / set_schedule_inactive).
func SetSchedule(deps screen.Deps, flowID, flowName string, active bool) tea.Cmd {
	if c := readOnly(deps); c != nil {
		return c
	}
	op, title, body, word := api.SetScheduleInactive_Operation, "Turn off the schedule of "+flowName+"?",
		"The scheduler stops creating runs of this flow.", "off"
	if active {
		op, title, body, word = api.SetScheduleActive_Operation, "Turn on the schedule of "+flowName+"?",
			"The scheduler creates runs of this flow from its schedule again.", "on"
	}
	ctx, c := ctxOf(deps), deps.Client
	run := func() tea.Msg {
		rctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		var err error
		if active {
			var r *api.SetScheduleActiveResponse
			if r, err = api.SetScheduleActive(rctx, c, flowID); err == nil && !r.Set_schedule_active.Success {
				err = fmt.Errorf("%s", orDefault(r.Set_schedule_active.Error, "the server refused"))
			}
		} else {
			var r *api.SetScheduleInactiveResponse
			if r, err = api.SetScheduleInactive(rctx, c, flowID); err == nil && !r.Set_schedule_inactive.Success {
				err = fmt.Errorf("%s", orDefault(r.Set_schedule_inactive.Error, "the server refused"))
			}
		}
		return done(deps, screen.ChangedMsg{Action: ActionSchedule, IDs: []string{flowID}, Err: err}, "schedule of "+flowName+" "+word)
	}
	return func() tea.Msg {
		return push(newDialog(deps, components.ConfirmSpec{
			ID: "schedule", Title: title, Body: body, Mutation: op,
			Variables: map[string]any{"flowId": flowID}, Touches: -1,
		}, run))
	}
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
