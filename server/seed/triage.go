package seed

import (
	"fmt"
	"time"
)

// writeTriage adds the demo's runs that wait for a reason the explorer's "why isn't it
// running?" names: labels no agent has, an unhealthy agent, a restarted run of an
// archived flow version, and a submitted run whose Kubernetes pod cannot pull its
// image; and failures within the last hours, so that every tenant of the Cloud demo
// has something failing now, whatever the time of day. They are written after every
// other run, so the rest of the demo is the same with or without them, and are named
// as their runs were asked for by hand (no adjective-animal name the rest may use).
func (b *runBuilder) writeTriage() error {
	for _, f := range []func() error{b.triageMissingLabel, b.triageUnhealthyAgent, b.triageRestartedArchived, b.triageNeverStarted, b.triageRecentFailures} {
		if err := f(); err != nil {
			return err
		}
	}
	return nil
}

// group returns the demo's flow group of that name (nil when the world has none).
func (b *runBuilder) group(name string) *groupRec {
	for _, g := range b.world.groups {
		if g.name == name {
			return g
		}
	}
	return nil
}

// triageMissingLabel: a run of train-recommender started by hand with an extra label,
// a100, that no agent has; it is late.
func (b *runBuilder) triageMissingLabel() error {
	g := b.group("train-recommender")
	if g == nil {
		return nil
	}
	asked := *g
	asked.labels = []string{"a100", "gpu", "k8s"}
	return b.writeRun(runSpec{group: &asked, flow: g.versions[len(g.versions)-1], sched: b.now.Add(-25 * time.Minute), outcome: oLate,
		name: "retrain-on-a100"})
}

// triageUnhealthyAgent: a run of legacy-import, whose only agent (old-vm-agent) stopped
// querying days ago; it is late.
func (b *runBuilder) triageUnhealthyAgent() error {
	g := b.group("legacy-import")
	if g == nil {
		return nil
	}
	return b.writeRun(runSpec{group: g, flow: g.versions[len(g.versions)-1], sched: b.now.Add(-40 * time.Minute), outcome: oLate,
		name: "legacy-backfill"})
}

// triageRestartedArchived: a run of etl-orders' previous (now archived) version that
// failed two hours ago and was restarted twelve minutes ago: Scheduled again with its
// old scheduled start, so it is late though it started before.
func (b *runBuilder) triageRestartedArchived() error {
	g := b.group("etl-orders")
	if g == nil || len(g.versions) < 2 {
		return nil
	}
	fl := g.versions[len(g.versions)-2]
	sched := b.now.Add(-2 * time.Hour)
	created := sched.Add(-time.Hour)
	var h flowHist
	h.add("Scheduled", "Flow run scheduled.", created).startTime = sched
	h.agent = b.agentFor(g.labels)
	sub := h.add("Submitted", "Submitted for execution", sched.Add(3*time.Second))
	sub.nested = "Scheduled"
	start := sched.Add(15 * time.Second)
	h.add("Running", "Running flow.", start)
	plans, end := b.failingPlans(fl, created, start, "load_orders")
	h.add("Failed", "Some reference tasks failed.", end)
	restart := b.now.Add(-12 * time.Minute)
	who := "maria (prefect-tui) restarted this flow run"
	for _, p := range plans {
		if failedState(p.final) {
			p.add("Pending", who, restart)
		}
	}
	h.add("Scheduled", "", restart.Add(time.Second)).startTime = restart.Add(time.Second)
	id := b.g.next()
	if err := b.writeRows(id, runSpec{group: g, flow: fl, sched: sched, name: "orders-rerun"}, oFailed, &h, plans, created); err != nil {
		return err
	}
	lg := &logger{b: b, flowRunID: id, flow: g.def.name}
	lg.add(restart, "", "prefect-tui", "INFO", who)
	return lg.flush()
}

// triageNeverStarted: a run of etl-customers submitted eight minutes ago by the
// Kubernetes agent, whose pod cannot pull its image: the agent reports the pod's
// events (as its Kubernetes agent does, under "k8s-infra") and the run never starts.
func (b *runBuilder) triageNeverStarted() error {
	g := b.group("etl-customers")
	if g == nil {
		return nil
	}
	fl := g.versions[len(g.versions)-1]
	sched := b.now.Add(-8*time.Minute - 5*time.Second)
	created := sched.Add(-time.Hour)
	var h flowHist
	h.add("Scheduled", "Flow run scheduled.", created).startTime = sched
	h.agent = b.agentFor(g.labels)
	sub := sched.Add(5 * time.Second)
	h.add("Submitted", "Submitted for execution", sub).nested = "Scheduled"
	id := b.g.next()
	if err := b.writeRows(id, runSpec{group: g, flow: fl, sched: sched, name: "customers-hotfix"}, oSubmitted, &h, b.pendingPlans(fl, created), created); err != nil {
		return err
	}
	pod := fmt.Sprintf("prefect-job-%s-7kq2p", id[:8])
	image := "ghcr.io/acme/etl-customers:" + b.now.Format("2006.01.02")
	lg := &logger{b: b, flowRunID: id, flow: g.def.name}
	event := func(at time.Duration, reason, msg string) {
		lg.add(sub.Add(at), "", "k8s-infra", "DEBUG", fmt.Sprintf("Event: '%s' on pod '%s'\n\tMessage: %s", reason, pod, msg))
	}
	event(2*time.Second, "Scheduled", "Successfully assigned prefect/"+pod+" to gke-prod-pool-2-9f3c")
	event(4*time.Second, "Pulling", fmt.Sprintf("Pulling image %q", image))
	event(9*time.Second, "Failed", fmt.Sprintf("Failed to pull image %q: rpc error: code = NotFound desc = failed to pull and unpack image %q: not found", image, image))
	event(10*time.Second, "Failed", "Error: ErrImagePull")
	event(7*time.Minute+30*time.Second, "BackOff", fmt.Sprintf("Back-off pulling image %q", image))
	return lg.flush()
}

// triageRecentFailures: an s3-ingest and a kpi-digest run, asked for by hand, that
// failed in the last hours: a task fails and those downstream of it fail by trigger.
func (b *runBuilder) triageRecentFailures() error {
	for _, f := range []struct {
		flow, task, name string
		ago              time.Duration
	}{{"s3-ingest", "aggregate", "s3-ingest-adhoc", 35 * time.Minute}, {"kpi-digest", "query_db", "kpi-digest-adhoc", 80 * time.Minute}} {
		g := b.group(f.flow)
		if g == nil {
			continue
		}
		fl := g.versions[len(g.versions)-1]
		sched := b.now.Add(-f.ago)
		var h flowHist
		h.add("Scheduled", "Flow run scheduled.", sched).startTime = sched
		h.agent = b.agentFor(g.labels)
		h.add("Submitted", "Submitted for execution", sched.Add(3*time.Second)).nested = "Scheduled"
		start := sched.Add(10 * time.Second)
		h.add("Running", "Running flow.", start)
		plans, end := b.failingPlans(fl, sched, start, f.task)
		h.add("Failed", "Some reference tasks failed.", end)
		if err := b.writeRows(b.g.next(), runSpec{group: g, flow: fl, sched: sched, name: f.name}, oFailed, &h, plans, sched); err != nil {
			return err
		}
	}
	return nil
}

// failingPlans plans the task runs of a run of fl that started at start in which the
// task named failing fails (the tasks downstream of it fail by trigger), and returns
// them with when the run ended.
func (b *runBuilder) failingPlans(fl *flowRec, created, start time.Time, failing string) ([]*trPlan, time.Time) {
	pl := &planner{rng: b.rng, flow: fl, created: created, start: start, scale: 1}
	for _, t := range fl.tasks {
		if t.name == failing {
			pl.failing = t
		}
	}
	plans := pl.plan()
	end := start
	for _, p := range plans {
		end = maxTime(end, p.end)
	}
	return plans, end.Add(time.Second)
}
