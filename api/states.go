package api

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/Khan/genqlient/graphql"
)

// StateNames are the states of Prefect 1.x flow and task runs.
var StateNames = []string{
	"Scheduled", "Queued", "Submitted", "Pending", "Paused", "Resume", "Retrying",
	"Running", "Cancelling", "Success", "Cached", "Mapped", "Skipped", "Looped",
	"Finished", "Failed", "TimedOut", "TriggerFailed", "ValidationFailed",
	"ClientFailed", "Cancelled",
}

// finishedStates are the states that are Prefect Finished states (the run is over).
var finishedStates = map[string]bool{
	"Success": true, "Cached": true, "Mapped": true, "Skipped": true, "Looped": true,
	"Finished": true, "Failed": true, "TimedOut": true, "TriggerFailed": true,
	"ValidationFailed": true, "Cancelled": true,
}

// IsFinished reports whether state is one in which a run is over.
func IsFinished(state string) bool { return finishedStates[state] }

// StateName returns the canonical spelling of a state name given in any case ("" when
// it is not one).
func StateName(s string) string {
	for _, n := range StateNames {
		if strings.EqualFold(n, s) {
			return n
		}
	}
	return ""
}

// StateChange is one flow run's new state, for SetFlowRunState.
type StateChange struct {
	// RunID is the flow run.
	RunID string
	// State is the state's name ("Scheduled" restarts a run, "Cancelled", "Failed").
	State string
	// Message is shown with the state ("" for none).
	Message string
	// Version, when set, is the run's version the change is based on: the server
	// refuses the change when the run has moved on since.
	Version *int
}

// SetFlowRunState sets a flow run's state (set_flow_run_states, with the minimal
// serialized state Prefect's UI sends) and returns the status the server reports for
// it ("SUCCESS"). A refused change is an error (a *GraphQLError).
func SetFlowRunState(ctx context.Context, c graphql.Client, ch StateChange) (string, error) {
	if StateName(ch.State) == "" {
		return "", errors.New("unknown state " + ch.State)
	}
	state := map[string]any{"type": StateName(ch.State)}
	if ch.Message != "" {
		state["message"] = ch.Message
	}
	in := map[string]any{"flow_run_id": ch.RunID, "state": state}
	if ch.Version != nil {
		in["version"] = *ch.Version
	}
	b, err := json.Marshal([]any{in})
	if err != nil {
		return "", err
	}
	resp, err := SetFlowRunStates(ctx, c, b)
	if err != nil {
		return "", err
	}
	for _, s := range resp.Set_flow_run_states.States {
		if s.Id == ch.RunID {
			return s.Status, nil
		}
	}
	return "", errors.New("set_flow_run_states answered without this run")
}
