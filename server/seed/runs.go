package seed

import (
	"math/rand/v2"
	"sort"
	"time"

	"github.com/prefect-tui/prefect-tui/server/mutations"
)

// outcome is what a seeded flow run has become by Now.
type outcome int

const (
	oScheduled outcome = iota // in the future
	oLate                     // due in the past, never picked up
	oSubmitted
	oRunning
	oCancelling
	oSuccess
	oFailed
	oCancelled      // cancelled while running
	oCancelledEarly // cancelled before it started
	oTimedOut
)

type runSpec struct {
	group   *groupRec
	flow    *flowRec
	sched   time.Time
	outcome outcome
	auto    bool
	// retryNow puts a running task of a running run into Retrying at Now.
	retryNow bool
	// name is the run's name; "" gets a random adjective-animal one.
	name string
}

type runBuilder struct {
	w     *writer
	g     *ids
	rng   *rand.Rand
	world *world
	now   time.Time
	full  bool
	// extras collects candidates for the demo's artifacts.
	extras bool
	// lean writes the scale form of each run: fewer mapped children, logs and
	// task-run states (see lean.go).
	lean bool
	// candidates are finished task runs that may carry artifacts (demo only).
	candidates []string
}

func (b *runBuilder) uniform(lo, hi time.Duration) time.Duration {
	return lo + time.Duration(b.rng.Int64N(int64(hi-lo)+1))
}

// pickGroup chooses a flow group by weight.
func (b *runBuilder) pickGroup() *groupRec {
	total := 0
	for _, g := range b.world.groups {
		total += g.def.weight
	}
	n := b.rng.IntN(total)
	for _, g := range b.world.groups {
		if n < g.def.weight {
			return g
		}
		n -= g.def.weight
	}
	return b.world.groups[0]
}

// versionAt is the flow version that was current at t.
func versionAt(g *groupRec, t time.Time) *flowRec {
	cur := g.versions[0]
	for _, f := range g.versions {
		if !f.created.After(t) {
			cur = f
		}
	}
	return cur
}

// estimate is a rough planned duration of a flow run (critical path).
func estimate(f *flowRec) time.Duration {
	longest := map[*taskRec]int{}
	best := 0
	for _, t := range f.tasks {
		m := 0
		for _, u := range t.up {
			if longest[u] > m {
				m = longest[u]
			}
		}
		longest[t] = m + t.def.seconds
		if longest[t] > best {
			best = longest[t]
		}
	}
	return time.Duration(best)*time.Second + 20*time.Second
}

func scheduled(g *groupRec) bool { return g.def.interval > 0 || g.def.cron != "" }

// specs decides every run: a few forced recent runs so that every state is present,
// random runs over the past days, and the next scheduled runs of active schedules.
func (b *runBuilder) specs(n, days int, exact bool) []runSpec {
	var out []runSpec
	var future []runSpec
	for _, g := range b.world.groups {
		if !g.def.active || !scheduled(g) {
			continue
		}
		for _, t := range mutations.NextTimes(g.def.interval, g.def.cron, b.now.Add(-40*24*time.Hour).Truncate(24*time.Hour), b.now, 10) {
			future = append(future, runSpec{group: g, flow: g.versions[len(g.versions)-1], sched: t, outcome: oScheduled, auto: true})
		}
	}
	if exact {
		// Generate makes exactly n runs, the upcoming ones included.
		if len(future) > n/10 {
			future = future[:n/10]
		}
		n -= len(future)
	}
	forced := []struct {
		o     outcome
		count int
	}{{oLate, 8}, {oSubmitted, 3}, {oRunning, 8}, {oCancelling, 2}, {oCancelledEarly, 3}, {oTimedOut, 3}}
	for _, f := range forced {
		for i := 0; i < f.count && len(out) < n/4; i++ {
			g := b.pickGroup()
			fl := g.versions[len(g.versions)-1]
			var sched time.Time
			switch f.o {
			case oLate:
				sched = b.now.Add(-b.uniform(5*time.Minute, 3*time.Hour))
			case oSubmitted:
				sched = b.now.Add(-b.uniform(5*time.Second, 20*time.Second))
			case oRunning, oCancelling:
				est := estimate(fl)
				sched = b.now.Add(-time.Duration(float64(est) * (0.25 + 0.5*b.rng.Float64())))
			default:
				sched = b.now.Add(-b.uniform(2*time.Hour, 48*time.Hour))
			}
			out = append(out, runSpec{group: g, flow: fl, sched: sched, outcome: f.o, auto: scheduled(g), retryNow: f.o == oRunning && i < 3})
		}
	}
	span := time.Duration(days) * 24 * time.Hour
	for len(out) < n {
		g := b.pickGroup()
		t := b.now.Add(-b.uniform(10*time.Minute, span))
		o := oSuccess
		switch r := b.rng.Float64(); {
		case r < g.def.failRate:
			o = oFailed
		case r < g.def.failRate+0.03:
			o = oCancelled
		case r < g.def.failRate+0.04:
			o = oCancelledEarly
		case r < g.def.failRate+0.045:
			o = oTimedOut
		}
		out = append(out, runSpec{group: g, flow: versionAt(g, t), sched: t, outcome: o, auto: scheduled(g) && b.rng.IntN(8) != 0})
	}
	out = append(out, future...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].sched.Before(out[j].sched) })
	uniqueAutoTimes(out)
	return out
}

// uniqueAutoTimes moves an auto-scheduled run that would start in the same
// microsecond as an earlier one of its flow a microsecond on: the idempotency key of
// an auto-scheduled run is its start time, unique per flow (flow_run_idem), and a
// million random times do meet. specs is in start-time order.
func uniqueAutoTimes(specs []runSpec) {
	last := map[*flowRec]time.Time{}
	for i := range specs {
		sp := &specs[i]
		if !sp.auto {
			continue
		}
		us := sp.sched.Truncate(time.Microsecond)
		if l, ok := last[sp.flow]; ok && !us.After(l) {
			us = l.Add(time.Microsecond)
			sp.sched = us
		}
		last[sp.flow] = us
	}
}

// agentFor picks the healthy agent whose labels cover the run's labels. The stale agent
// stopped querying days ago and submitted none of the demo's runs: runs only it could
// take ran without an agent (prefect run --execute).
func (b *runBuilder) agentFor(labels []string) string {
	for _, a := range b.world.agents {
		if a.def.stale {
			continue
		}
		ok := true
		for _, l := range labels {
			found := false
			for _, al := range a.labels {
				found = found || al == l
			}
			ok = ok && found
		}
		if ok {
			return a.id
		}
	}
	return ""
}

// flowHist is the planned history of a flow run.
type flowHist struct {
	events []hevent
	agent  string
}

func (h *flowHist) add(typ, msg string, ts time.Time) *hevent {
	h.events = append(h.events, hevent{typ: typ, msg: msg, ts: ts})
	return &h.events[len(h.events)-1]
}

// denorm computes a run's denormalised columns from its history exactly as the
// state-insert triggers do; firstVersion is the version of the first event.
type denorm struct {
	version          int
	last             hevent
	start, end       time.Time
	startSet, endSet bool
}

func computeDenorm(events []hevent) denorm {
	var d denorm
	for _, e := range events {
		d.last = e
		if e.typ == "Running" && (!d.startSet || e.ts.Before(d.start)) {
			d.start, d.startSet = e.ts, true
		}
		if mutations.EndsRun(e.typ) && (!d.endSet || e.ts.After(d.end)) {
			d.end, d.endSet = e.ts, true
		}
	}
	return d
}

func optTime(t time.Time, ok bool) any {
	if !ok {
		return nil
	}
	return formatTime(t)
}
