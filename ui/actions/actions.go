// Package actions holds the mutating actions of the explorer: cancel runs,
// restart a run the way the Prefect UI does, set the state of a run or a task run
// ("mark as", optionally cascading), run a flow now and turn a schedule on or off.
//
// Each action is a tea.Cmd that a screen returns from a key press. It pushes a screen
// of its own: a form where the action needs input, then the confirmation dialog
// (components.Confirm) showing the exact mutation, its variables and how many runs it
// touches. On confirm the dialog pops and the mutation runs; its outcome arrives at the
// screen that started the action as a screen.ChangedMsg (the screen reloads) together
// with a screen.StatusMsg. The screens get the actions as screen.Actions (plug.go), wired
// by the root. In read-only mode every action refuses to start, and KeyMap disables (and
// so hides) its bindings.
package actions

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// The actions, as screen.ChangedMsg.Action names them.
const (
	ActionCancel   = "cancel"
	ActionRestart  = "restart"
	ActionSetState = "set state"
	ActionRunNow   = "run now"
	ActionSchedule = "schedule"
)

// Run is what an action needs to know about a flow run.
type Run = screen.RunRef

// TaskRun is what "mark as" needs to know about a task run.
type TaskRun struct {
	ID        string
	FlowRunID string
	TaskID    string
	Name      string
	State     string
	Version   int
	MapIndex  int
}

// requestTimeout bounds each request of an action.
const requestTimeout = 30 * time.Second

// FailedStates are the task run states a restart starts from (Prefect UI
// Restart-Dialog.vue).
var FailedStates = []string{"Cancelled", "Failed", "TimedOut", "TriggerFailed"}

// FlowRunMarkStates and TaskRunMarkStates are the "mark as" choices of the Prefect UI
// (its Mark-As dialogs).
var (
	FlowRunMarkStates = []string{"Failed", "Success", "Cancelled", "Finished", "Scheduled"}
	TaskRunMarkStates = []string{"Failed", "Success", "Cancelled", "Finished", "TimedOut", "Scheduled", "Resume", "Pending"}
)

// finishedStates are the states of the Finished family (UI FINISHED_STATES).
var finishedStates = []string{"Finished", "Looped", "Success", "Cancelled", "Failed", "TriggerFailed", "ValidationFailed", "TimedOut", "Cached", "Mapped", "Skipped"}

func isFinished(state string) bool {
	for _, s := range finishedStates {
		if s == state {
			return true
		}
	}
	return false
}

// readOnly returns the refusal of an action in read-only mode (the keys are disabled
// too; this guards callers that forget).
func readOnly(deps screen.Deps) tea.Cmd {
	if !deps.ReadOnly {
		return nil
	}
	return screen.Status(screen.LevelError, "read-only mode: actions are disabled")
}

// who names the person acting, for the log line a restart or "mark as" writes (the
// Prefect UI writes the user name).
func who() string {
	u := os.Getenv("USER")
	if u == "" {
		u = os.Getenv("USERNAME")
	}
	if u == "" {
		return "prefect-tui"
	}
	return u + " (prefect-tui)"
}

func ctxOf(deps screen.Deps) context.Context {
	if deps.Ctx != nil {
		return deps.Ctx
	}
	return context.Background()
}

func now(deps screen.Deps) time.Time {
	if deps.Now != nil {
		return deps.Now()
	}
	return time.Now()
}

// stateJSON is the minimal serialized state the mutations take (what the UI sends).
func stateJSON(typ, message string) map[string]any {
	s := map[string]any{"type": typ}
	if message != "" {
		s["message"] = message
	}
	return s
}

func raw(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage("null")
	}
	return b
}

// done builds the outcome messages of an action: a status line, and the ChangedMsg the
// screens reload on when something changed (a success, or a failure part-way).
func done(deps screen.Deps, d screen.ChangedMsg, ok string) tea.Msg {
	status := screen.StatusMsg{Text: ok, Level: screen.LevelInfo}
	if d.Err != nil {
		if deps.Log != nil {
			deps.Log.Printf("action %s %v: %v", d.Action, d.IDs, d.Err)
		}
		status = screen.StatusMsg{Text: d.Action + " failed: " + api.Describe(d.Err), Level: screen.LevelError}
	}
	out := tea.BatchMsg{func() tea.Msg { return status }}
	if d.Err == nil || len(d.IDs) > 0 {
		out = append(out, func() tea.Msg { return d })
	}
	return out
}

// operations joins GraphQL documents for the dialog.
func operations(docs ...string) string {
	out := make([]string, 0, len(docs))
	for _, d := range docs {
		out = append(out, strings.TrimSpace(d))
	}
	return strings.Join(out, "\n\n")
}

// plural is "1 flow run" / "3 flow runs".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return itoa(n) + " " + noun + "s"
}
