package rundata

import (
	"time"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/diagnose"
)

// Waiting is what the run page loads while a run waits to run: the tenant's agents,
// the due runs as get_runs_in_queue reads them, and the run's latest flow-level logs
// (newest first).
type Waiting struct {
	Agents []diagnose.Agent
	Queue  []diagnose.QueuedRun
	Logs   []diagnose.Log
}

// WaitingFrom reads the parts of a FlowRunPage answer asked for with $diagnose.
func WaitingFrom(resp *api.FlowRunPageResponse) *Waiting {
	w := &Waiting{Agents: Agents(resp.Agents)}
	for _, q := range resp.Queue {
		w.Queue = append(w.Queue, diagnose.QueuedRun{ID: q.Id, Labels: Labels(q.Labels)})
	}
	for _, l := range resp.Flow_run_by_pk.Last_logs {
		w.Logs = append(w.Logs, diagnose.Log{Time: l.Timestamp, Level: l.Level, Name: l.Name, Message: l.Message})
	}
	return w
}

// Agents converts agents as the queries read them.
func Agents(as []api.AgentBrief) []diagnose.Agent {
	out := make([]diagnose.Agent, len(as))
	for i, a := range as {
		out[i] = diagnose.Agent{ID: a.Id, Name: a.Name, Type: a.Type, Labels: Labels(a.Labels), LastQueried: a.Last_queried}
	}
	return out
}

// Waits reports whether the run waits to run (and so is diagnosed).
func (r *Run) Waits(now time.Time) bool { return diagnose.Applies(r.State, r.StateTime, now) }

// WhyNotRunning explains why the run does not run, most likely first; nil when it
// does not wait or the page was loaded without what it takes.
func (r *Run) WhyNotRunning(now time.Time) []diagnose.Reason {
	if r.Waiting == nil {
		return nil
	}
	return diagnose.Explain(diagnose.Input{
		Run: diagnose.Run{
			ID: r.ID, State: r.State, Scheduled: r.Scheduled, Due: r.Due, Since: r.StateTime, Labels: r.Labels,
			AgentID: r.AgentID, FlowName: r.FlowName, FlowVersion: r.FlowVersion, FlowArchived: r.FlowArchived,
			Logs: r.Waiting.Logs,
		},
		Agents: r.Waiting.Agents, Queue: r.Waiting.Queue, Now: now,
	})
}
