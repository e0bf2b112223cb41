package screen

import (
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
)

// Actions plugs the mutating actions (cancel, restart, mark as, run now, schedule:
// ui/actions) into a screen; the root wires them (ui/routes.go), so a screen imports no
// other screen. HandleKey is offered each key before the screen's own bindings, with
// what the screen has selected; it returns handled=false to let the screen go on. Its
// help is shown with the screen's. After a mutation an action emits ChangedMsg.
type Actions interface {
	help.KeyMap
	HandleKey(msg tea.KeyPressMsg, sel Selection) (handled bool, cmd tea.Cmd)
}

// Selection is what a screen tells its actions: what is under the cursor or shown by
// the page. Fields a screen does not have stay zero.
type Selection struct {
	// Flow is the flow under the cursor (flows list).
	Flow FlowRef
	// FlowRun is the flow run under the cursor or shown by the page (zero until loaded).
	// Name, State and Version are set where the screen has them.
	FlowRun RunRef
	// Marked are the flow runs marked for a bulk action (runs list), in marking order.
	Marked []string
	// TaskRunID is the selected task run ("" when none).
	TaskRunID string
	// Agent is the agent under the cursor (agents screen).
	Agent AgentRef
}

// AgentRef is an agent as actions need it.
type AgentRef struct {
	ID, Name string
	// LastQueried is when it last asked for work (zero: never).
	LastQueried time.Time
}

// FlowRef is a flow as actions need it.
type FlowRef struct {
	ID, Name       string
	ScheduleActive bool
	// NoSchedule is true when the screen knows the flow has no schedule (nothing to
	// turn on or off).
	NoSchedule bool
}

// RunRef is a flow run as actions need it.
type RunRef struct {
	ID, Name, State string
	Version         int
}

// ChangedMsg says that data changed: an action ran a mutation. Every screen that shows
// runs or flows reloads on it (the root gives it to the screen that started the action).
// It is sent when something changed: after a success, or a failure part-way (IDs then
// lists what changed before Err).
type ChangedMsg struct {
	// Action names it: "cancel", "restart", "set state", "run now", "schedule",
	// "remove agent".
	Action string
	// IDs are the runs or flows acted on.
	IDs []string
	// Created is the id of a run the action created (run now).
	Created string
	Err     error
}
