// Package diagnose answers "why isn't it running?" for a flow run that waits: it is
// scheduled in the future, no agent is registered, no agent has all of its labels, the
// agents that have them stopped querying, older runs fill the agents' queue, it was
// submitted and never started, its flow is archived. Explain states the reasons as
// sentences, most likely first; Short is the first one in a few words, for lists.
//
// It is pure (no I/O, the clock is given) and follows Prefect 1.x: the agent label
// rule and queue limits of get_runs_in_queue (queue.go), the web UI's agent health
// (ui/agenthealth). It is not a screen: every screen may import it.
package diagnose

import (
	"time"

	"github.com/prefect-tui/prefect-tui/ui/agenthealth"
)

// StartGrace is how long a run may stay Submitted (or Pending) before it counts as
// never started: an agent's deployment (a Kubernetes job pulling its image, a Docker
// container) reports Running within it.
const StartGrace = 5 * time.Minute

// LogsShown is how many of the run's latest logs a "never started" reason carries.
const LogsShown = 5

// Agent is an agent as the diagnosis needs it.
type Agent struct {
	ID, Name, Type string
	Labels         []string
	// LastQueried is when it last asked for work (zero: never).
	LastQueried time.Time
}

// Log is one log line of the run.
type Log struct {
	Time                 time.Time
	Level, Name, Message string
}

// Run is the run to explain.
type Run struct {
	ID    string
	State string
	// Scheduled is scheduled_start_time; Due is the start time of its current state
	// (when agents see a Scheduled run due), zero when the state has none.
	Scheduled, Due time.Time
	// Since is when it entered its state (state_timestamp).
	Since  time.Time
	Labels []string
	// AgentID is the agent that submitted it ("" when none did).
	AgentID      string
	FlowName     string
	FlowVersion  int
	FlowArchived bool
	// Logs are its latest flow-level logs (no task run), newest first.
	Logs []Log
}

// Input is everything a diagnosis reads.
type Input struct {
	Run Run
	// Agents are every agent of the tenant.
	Agents []Agent
	// Queue is the tenant's due runs oldest first, as get_runs_in_queue reads them
	// (its first QueueWindow); nil when unknown.
	Queue []QueuedRun
	Now   time.Time
}

// Kind names a reason.
type Kind int

// The reasons, in no particular order.
const (
	KindFuture       Kind = iota // scheduled in the future
	KindNoAgent                  // no agent registered
	KindNoLabelMatch             // no agent has all of the run's labels
	KindAgentDown                // the agents that have them are stale or unhealthy
	KindQueueFull                // older due runs come first in its agents' queue
	KindNotPicked                // a healthy matching agent has not submitted it
	KindWillRun                  // (future runs) a healthy agent will pick it up
	KindStarting                 // submitted recently
	KindNeverStarted             // submitted long ago, never started
	KindPending                  // Pending for long
	KindQueued                   // held by a concurrency limit
	KindArchived                 // its flow is archived
)

// Reason is one explanation.
type Reason struct {
	Kind Kind
	// Text is a sentence; Short a few words for a list cell ("missing label: gpu").
	Text, Short string
	// Logs are the agent's last logs for the run, oldest first (never started).
	Logs []Log
}

// Applies reports whether a run waits to run, so that it gets a diagnosis: it is
// Scheduled (or Retrying, Resume, Queued), Submitted, or Pending for StartGrace.
func Applies(state string, since, now time.Time) bool {
	switch state {
	case "Scheduled", "Retrying", "Resume", "Queued", "Submitted":
		return true
	case "Pending":
		return !since.IsZero() && now.Sub(since) >= StartGrace
	}
	return false
}

// Explain returns the reasons a run does not run, most likely first; nil when it does
// not wait (Applies is false).
func Explain(in Input) []Reason {
	r := in.Run
	if !Applies(r.State, r.Since, in.Now) {
		return nil
	}
	var out []Reason
	switch r.State {
	case "Submitted":
		out = append(out, submitted(in))
	case "Pending":
		out = append(out, Reason{Kind: KindPending, Short: "pending",
			Text: "Pending for " + ago(r.Since, in.Now) + ": agents only pick up Scheduled runs, so none will start it; " +
				"unless a process is starting it, set it to Scheduled (M, mark as…)."})
	default:
		due := r.Due
		if due.IsZero() {
			due = r.Scheduled
		}
		if r.State == "Queued" {
			out = append(out, Reason{Kind: KindQueued, Short: "queued",
				Text: "Queued: a concurrency limit on its labels holds it until a slot frees" + retryAt(due, in.Now) + "."})
		}
		if due.After(in.Now) && r.State != "Queued" {
			out = append(out, Reason{Kind: KindFuture, Short: "in " + ago(in.Now, due),
				Text: "Scheduled to start " + timeIn(due, in.Now) + "."})
		}
		out = append(out, agents(in, !due.After(in.Now))...)
	}
	if r.FlowArchived {
		flow := r.FlowName
		if r.FlowVersion > 0 {
			flow += " v" + itoa(r.FlowVersion)
		}
		out = append(out, Reason{Kind: KindArchived, Short: "flow archived",
			Text: "Its flow, " + flow + ", is archived: new runs of the flow use its current version."})
	}
	return out
}

// Short is the most likely reason in a few words ("missing label: gpu"), "" when the
// run does not wait.
func Short(in Input) string {
	if rs := Explain(in); len(rs) > 0 {
		return rs[0].Short
	}
	return ""
}

// submitted explains a Submitted run: starting, or never started with the agent's last
// logs.
func submitted(in Input) Reason {
	r := in.Run
	by := ""
	var agent *Agent
	for i := range in.Agents {
		if in.Agents[i].ID == r.AgentID && r.AgentID != "" {
			agent = &in.Agents[i]
			by = " by " + name(*agent)
		}
	}
	if r.Since.IsZero() || in.Now.Sub(r.Since) < StartGrace {
		return Reason{Kind: KindStarting, Short: "starting",
			Text: "Submitted " + agoText(r.Since, in.Now) + by + "; its flow-run process has not reported Running yet."}
	}
	text := "Submitted " + agoText(r.Since, in.Now) + by + " and never started: the agent deployed it, but its flow-run process never reported Running."
	if agent != nil {
		if h := agenthealth.Health(agent.LastQueried, in.Now); h != agenthealth.Healthy {
			text += " " + name(*agent) + " itself " + queried(*agent, in.Now) + "."
		}
	}
	logs := r.Logs
	if len(logs) > LogsShown {
		logs = logs[:LogsShown]
	}
	shown := make([]Log, len(logs))
	for i, l := range logs {
		shown[len(logs)-1-i] = l
	}
	if len(shown) > 0 {
		text += " The last logs for the run:"
	} else {
		text += " It has no log that says why."
	}
	return Reason{Kind: KindNeverStarted, Short: "never started", Text: text, Logs: shown}
}
