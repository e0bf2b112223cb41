package seed

import (
	"strconv"
	"strings"
	"time"

	"github.com/prefect-tui/prefect-tui/server/mutations"
)

// serialize renders a history event as Prefect's serialized state (keys in the order
// encoding/json gives a map, like the API's own writes).
func serialize(e hevent) string {
	var b strings.Builder
	b.Grow(320)
	b.WriteString(`{"__version__":"` + mutations.CoreVersion + `","_result":{"__version__":"` + mutations.CoreVersion +
		`","type":"NoResultType"},"cached_inputs":{},"context":{},"message":`)
	writeJSONString(&b, e.msg)
	if !e.startTime.IsZero() {
		b.WriteString(`,"start_time":"` + formatTime(e.startTime) + `"`)
	}
	if e.typ == "Submitted" {
		b.WriteString(`,"state":{"__version__":"` + mutations.CoreVersion + `","message":"Flow run scheduled.","type":"` + e.nested + `"}`)
	}
	b.WriteString(`,"type":"` + e.typ + `"}`)
	return b.String()
}

func (b *runBuilder) writeRun(sp runSpec) error {
	now := b.now
	g := sp.group
	var created time.Time
	switch {
	case sp.outcome == oScheduled:
		created = now.Add(-b.uniform(0, 50*time.Minute))
	case sp.auto:
		created = sp.sched.Add(-b.uniform(10*time.Minute, 3*time.Hour))
	default:
		created = sp.sched.Add(-b.uniform(0, 2*time.Second))
	}
	id := b.g.next()
	var h flowHist
	e := h.add("Scheduled", "Flow run scheduled.", created)
	e.startTime = sp.sched
	o := sp.outcome
	var plans []*trPlan
	cut := now
	finalAt := time.Time{}
	fl := sp.flow
	if o != oScheduled && o != oLate {
		sub := sp.sched.Add(b.uniform(time.Second, 8*time.Second))
		if o == oCancelledEarly {
			at := sp.sched.Add(b.uniform(time.Minute, 30*time.Minute))
			if at.After(now) {
				at = now.Add(-time.Second)
			}
			h.add("Cancelled", "Flow run is cancelled", at)
			finalAt = at
		} else if sub.After(now) {
			o = oScheduled
		} else {
			h.agent = b.agentFor(g.labels)
			se := h.add("Submitted", "Submitted for execution", sub)
			se.nested = "Scheduled"
			start := sub.Add(b.uniform(3*time.Second, 20*time.Second))
			if o == oSubmitted || start.After(now) {
				o = oSubmitted
			} else {
				h.add("Running", "Running flow.", start)
				plans = b.planTasks(fl, created, start, o)
				end := start
				for _, p := range plans {
					end = maxTime(end, p.end)
				}
				end = end.Add(b.uniform(500*time.Millisecond, 3*time.Second))
				switch {
				case o == oRunning || o == oCancelling || end.After(now):
					if o != oCancelling {
						o = oRunning
					}
					if o == oCancelling {
						h.add("Cancelling", "Flow run is cancelling", now.Add(-b.uniform(time.Second, 20*time.Second)))
					}
				case o == oCancelled:
					cut = start.Add(time.Duration(float64(end.Sub(start)) * (0.2 + 0.6*b.rng.Float64())))
					h.add("Cancelling", "Flow run is cancelling", cut)
					finalAt = cut.Add(b.uniform(2*time.Second, 10*time.Second))
				default:
					finalAt = end
					cut = end
				}
			}
		}
	}
	plans = cutPlans(plans, cut)
	if sp.retryNow && o == oRunning {
		retryNow(plans, now)
	}
	failed := false
	for _, p := range plans {
		if p.task.ref && failedState(p.final) {
			failed = true
		}
	}
	switch o {
	case oCancelled:
		for _, p := range plans {
			if !mutations.IsFinished(p.final) {
				p.add("Cancelled", "Flow run is cancelled", finalAt)
			}
		}
		h.add("Cancelled", "Flow run is cancelled", finalAt)
	case oCancelledEarly:
		plans = b.pendingPlans(fl, created)
		for _, p := range plans {
			p.add("Cancelled", "Flow run is cancelled", finalAt)
		}
	case oScheduled, oLate, oSubmitted:
		plans = b.pendingPlans(fl, created)
	case oTimedOut:
		h.add("TimedOut", "Flow run exceeded its timeout of 1 hour", finalAt)
	case oSuccess, oFailed:
		if failed {
			h.add("Failed", "Some reference tasks failed.", finalAt)
			o = oFailed
		} else {
			h.add("Success", "All reference tasks succeeded.", finalAt)
			o = oSuccess
		}
	}
	return b.writeRows(id, sp, o, &h, plans, created)
}

// planTasks plans the task runs of a run that started at start.
func (b *runBuilder) planTasks(fl *flowRec, created, start time.Time, o outcome) []*trPlan {
	pl := &planner{rng: b.rng, flow: fl, created: created, start: start, scale: 1, lean: b.lean}
	if o == oFailed || o == oTimedOut || (o == oRunning && b.rng.IntN(4) == 0) {
		var cands []*taskRec
		for _, t := range fl.tasks {
			if !t.def.auto && t.def.trigger == "" {
				cands = append(cands, t)
			}
		}
		pl.failing = cands[b.rng.IntN(len(cands))]
		pl.failTimedOut = o == oTimedOut || b.rng.IntN(10) == 0
	}
	return pl.plan()
}

// pendingPlans is the trigger-created Pending task run of every task.
func (b *runBuilder) pendingPlans(fl *flowRec, created time.Time) []*trPlan {
	pl := &planner{rng: b.rng, flow: fl, created: created, byTask: map[*taskRec][]*trPlan{}}
	for _, t := range fl.tasks {
		pl.newPlan(t, -1, created)
	}
	return pl.plans
}

// retryNow makes the first running task (or else the first pending one) of a running
// flow run wait for its retry at now.
func retryNow(plans []*trPlan, now time.Time) {
	var pick *trPlan
	for _, p := range plans {
		if p.final == "Running" && !p.task.def.mapped && p.task.def.retries > 0 {
			pick = p
			break
		}
	}
	if pick == nil {
		return
	}
	at := maxTime(pick.end.Add(time.Second), now.Add(-5*time.Second))
	if at.After(now) {
		at = now
	}
	e := pick.add("Retrying", "Retrying Task (after attempt 1 of "+strconv.Itoa(pick.task.def.retries+1)+")", at)
	e.startTime = at.Add(time.Minute)
	pick.retried = true
}

// cutPlans drops what happens after cut: later events, and children created later.
func cutPlans(plans []*trPlan, cut time.Time) []*trPlan {
	out := plans[:0]
	for _, p := range plans {
		if p.created.After(cut) {
			continue
		}
		n := len(p.hist)
		for n > 1 && p.hist[n-1].ts.After(cut) {
			n--
		}
		if n < len(p.hist) {
			p.hist = p.hist[:n]
			p.final, p.end = p.hist[n-1].typ, p.hist[n-1].ts
		}
		out = append(out, p)
	}
	return out
}
