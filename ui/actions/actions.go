// Package actions holds the mutating actions of the explorer (issue 4): cancel runs,
// restart a run the way the Prefect UI does, set the state of a run or a task run
// ("mark as", optionally cascading), run a flow now and turn a schedule on or off.
//
// Each action is a tea.Cmd that a screen returns from a key press. It pushes a screen
// of its own: a form where the action needs input, then the confirmation dialog
// (components.Confirm) showing the exact mutation, its variables and how many runs it
// touches. On confirm the dialog pops and the mutation runs; its outcome arrives at the
// screen that started the action as a DoneMsg (reload) together with a
// screen.StatusMsg. In read-only mode every action refuses to start, and KeyMap
// disables (and so hides) its bindings.
package actions

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/run/rundata"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Kind names an action.
type Kind int

// The actions.
const (
	KindCancel Kind = iota
	KindRestart
	KindSetState
	KindRunNow
	KindSchedule
)

// String implements fmt.Stringer.
func (k Kind) String() string {
	return [...]string{"cancel", "restart", "set state", "run now", "schedule"}[k]
}

// DoneMsg reports a finished (or failed) action to the screen that started it, which
// should reload. IDs are the runs or flow acted on; Created is the id of a run created
// by "run now".
type DoneMsg struct {
	Kind    Kind
	IDs     []string
	Created string
	Err     error
}

// Run is what an action needs to know about a flow run.
type Run struct {
	ID      string
	Name    string
	State   string
	Version int
}

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
// (PREFECT-API.md §4).
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

// done builds the outcome messages of an action: the DoneMsg for the caller and a
// status line.
func done(deps screen.Deps, d DoneMsg, ok string) tea.Msg {
	status := screen.StatusMsg{Text: ok, Level: screen.LevelInfo}
	if d.Err != nil {
		if deps.Log != nil {
			deps.Log.Printf("action %s %v: %v", d.Kind, d.IDs, d.Err)
		}
		status = screen.StatusMsg{Text: d.Kind.String() + " failed: " + api.Describe(d.Err), Level: screen.LevelError}
	}
	out := tea.BatchMsg{
		func() tea.Msg { return status },
		func() tea.Msg { return d },
	}
	if d.Err == nil || len(d.IDs) > 0 {
		// The runs list and the run page reload on it.
		out = append(out, func() tea.Msg { return rundata.ChangedMsg{} })
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
