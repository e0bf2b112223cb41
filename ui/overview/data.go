package overview

import (
	"sort"
	"time"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/agenthealth"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/runhistory"
)

// run is a flow run as the sections show it.
type run struct {
	id, name, state, message string
	flow, flowGroupID        string
	scheduled, start, stamp  time.Time
	labels                   []string
}

func newRun(r api.OverviewRun) run {
	return run{
		id: r.Id, name: r.Name, state: r.State, message: r.State_message,
		flow: r.Flow.Name, flowGroupID: r.Flow.Flow_group_id,
		scheduled: r.Scheduled_start_time, start: r.Start_time, stamp: r.State_timestamp,
		labels: rundata.Labels(r.Labels),
	}
}

// failingFlow is a flow (all its versions) with failed runs in the window.
type failingFlow struct {
	name, groupID, project string
	failures               int
	last                   run // the latest failure
}

// stateCount is the number of runs in one state.
type stateCount struct {
	state string
	n     int
}

// data is one Overview answer, as the screen shows it.
type data struct {
	states    []stateCount // in the window, most first; states without runs left out
	total     int
	succeeded int
	failed    int
	buckets   []components.HistoryBucket

	late       []run
	lateCount  int
	failing    []failingFlow
	inProgress []run
	inProgCnt  int
	upcoming   []run
	upcomingN  int

	agents agenthealth.Counts
	// projects are the tenant's projects (id, name), for the scope.
	projects []project
}

type project struct{ id, name string }

func newData(r *api.OverviewResponse, q query) data {
	var d data
	edges := runhistory.HistoryEdges(q.window, q.now)
	d.buckets = runhistory.HistoryBuckets(r.RunHistory, q.window, edges)
	counts := map[string]int{
		"Scheduled": r.Scheduled.Aggregate.Count, "Queued": r.Queued.Aggregate.Count,
		"Submitted": r.Submitted.Aggregate.Count, "Pending": r.Pending.Aggregate.Count,
		"Paused": r.Paused.Aggregate.Count, "Resume": r.Resume.Aggregate.Count,
		"Retrying": r.Retrying.Aggregate.Count, "Running": r.Running.Aggregate.Count,
		"Cancelling": r.Cancelling.Aggregate.Count,
		"Cached":     r.Cached.Aggregate.Count, "Mapped": r.Mapped.Aggregate.Count,
		"Skipped": r.Skipped.Aggregate.Count, "Looped": r.Looped.Aggregate.Count,
		"Finished": r.Finished.Aggregate.Count, "Failed": r.Failed.Aggregate.Count,
		"TimedOut": r.TimedOut.Aggregate.Count, "TriggerFailed": r.TriggerFailed.Aggregate.Count,
		"ValidationFailed": r.ValidationFailed.Aggregate.Count, "ClientFailed": r.ClientFailed.Aggregate.Count,
		"Cancelled": r.Cancelled.Aggregate.Count,
	}
	// Success, most runs, is not counted on its own: the history's buckets tile the
	// window, so the runs in Success are the window's runs less the other states'.
	success := runhistory.Total(d.buckets)
	for _, n := range counts {
		success -= n
	}
	counts["Success"] = max(0, success)
	for _, s := range components.StateNames() {
		n := counts[s]
		if n == 0 {
			continue
		}
		d.states = append(d.states, stateCount{s, n})
		d.total += n
		switch components.HistoryGroupOf(s) {
		case components.HistorySucceeded:
			d.succeeded += n
		case components.HistoryFailed:
			d.failed += n
		}
	}
	sort.SliceStable(d.states, func(i, j int) bool { return d.states[i].n > d.states[j].n })

	for _, x := range r.Late {
		d.late = append(d.late, newRun(x.OverviewRun))
	}
	d.lateCount = max(r.Late_count.Aggregate.Count, len(d.late))
	for _, x := range r.In_progress {
		d.inProgress = append(d.inProgress, newRun(x.OverviewRun))
	}
	d.inProgCnt = max(r.In_progress_count.Aggregate.Count, len(d.inProgress))
	for _, x := range r.Upcoming {
		d.upcoming = append(d.upcoming, newRun(x.OverviewRun))
	}
	d.upcomingN = max(r.Upcoming_count.Aggregate.Count, len(d.upcoming))
	d.failing = failingFlows(r.Failing)
	for _, a := range r.Agent {
		d.agents.Add(agenthealth.Health(a.Last_queried, q.now))
	}
	for _, p := range r.Project {
		d.projects = append(d.projects, project{p.Id, p.Name})
	}
	return d
}

// failingFlows merges the versions of a flow (one flow group): their failures add up
// and the latest failure wins. The flow is named by its highest version listed. Latest
// failure first.
func failingFlows(fs []api.OverviewFailingFlow) []failingFlow {
	byGroup := map[string]int{}
	var out []failingFlow
	version := map[string]int{}
	for _, f := range fs {
		i, ok := byGroup[f.Flow_group_id]
		if !ok {
			i = len(out)
			byGroup[f.Flow_group_id] = i
			out = append(out, failingFlow{groupID: f.Flow_group_id})
		}
		ff := &out[i]
		if f.Version >= version[f.Flow_group_id] {
			version[f.Flow_group_id] = f.Version
			ff.name, ff.project = f.Name, f.Project.Name
		}
		ff.failures += f.Failures.Aggregate.Count
		for _, l := range f.Last_failure {
			if ff.last.id == "" || l.State_timestamp.After(ff.last.stamp) {
				ff.last = run{id: l.Id, name: l.Name, state: l.State, message: l.State_message,
					stamp: l.State_timestamp, flow: f.Name, flowGroupID: f.Flow_group_id}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].last.stamp.Equal(out[j].last.stamp) {
			return out[i].last.stamp.After(out[j].last.stamp)
		}
		return out[i].name < out[j].name
	})
	return out
}

// successRate is the share of the finished runs that succeeded, among those that
// succeeded or failed (cancelled runs are neither); ok is false without any.
func (d data) successRate() (rate float64, ok bool) {
	if d.succeeded+d.failed == 0 {
		return 0, false
	}
	return float64(d.succeeded) / float64(d.succeeded+d.failed), true
}
