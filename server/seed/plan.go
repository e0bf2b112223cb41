package seed

import (
	"math/rand/v2"
	"strconv"
	"time"
)

// hevent is one planned state of a run's history.
type hevent struct {
	typ, msg  string
	ts        time.Time
	startTime time.Time // zero: none
	nested    string    // the wrapped state of a Submitted meta state
}

// trPlan is the planned life of one task run.
type trPlan struct {
	task     *taskRec
	mapIndex int
	created  time.Time
	hist     []hevent
	// end is when the task run reached its final planned state (for downstream starts).
	end     time.Time
	final   string
	failMsg string
	retried bool
}

func (p *trPlan) add(typ, msg string, ts time.Time) *hevent {
	p.hist = append(p.hist, hevent{typ: typ, msg: msg, ts: ts})
	p.final, p.end = typ, ts
	return &p.hist[len(p.hist)-1]
}

func failedState(s string) bool {
	return s == "Failed" || s == "TriggerFailed" || s == "TimedOut"
}

// planner plans the task runs of one flow run from the flow's DAG.
type planner struct {
	rng     *rand.Rand
	flow    *flowRec
	created time.Time
	start   time.Time
	// failing is the task that fails (nil: none); failTimedOut makes it time out.
	failing      *taskRec
	failTimedOut bool
	scale        float64
	// lean maps a task over fewer children (the scale form).
	lean   bool
	plans  []*trPlan
	byTask map[*taskRec][]*trPlan // parent first, then mapped children
}

func (pl *planner) dur(t *taskRec) time.Duration {
	base := float64(t.def.seconds)
	if t.def.auto {
		return time.Duration(20+pl.rng.IntN(200)) * time.Millisecond
	}
	d := base * pl.scale * (0.6 + pl.rng.Float64()*0.9)
	return time.Duration(d*1000)*time.Millisecond + time.Duration(pl.rng.IntN(900))*time.Millisecond
}

// plan walks the DAG in topological order and returns every task run's plan.
func (pl *planner) plan() []*trPlan {
	pl.byTask = map[*taskRec][]*trPlan{}
	for _, t := range pl.flow.tasks {
		pl.planTask(t)
	}
	return pl.plans
}

func (pl *planner) newPlan(t *taskRec, idx int, created time.Time) *trPlan {
	p := &trPlan{task: t, mapIndex: idx, created: created}
	p.add("Pending", "Task run created", created)
	p.end = created
	pl.plans = append(pl.plans, p)
	pl.byTask[t] = append(pl.byTask[t], p)
	return p
}

// upstreamDone returns when all upstream runs are finished and whether any failed.
func (pl *planner) upstreamDone(t *taskRec) (time.Time, bool) {
	ready := pl.start
	failed := false
	for _, u := range t.up {
		for _, p := range pl.byTask[u] {
			if p.end.After(ready) {
				ready = p.end
			}
			if failedState(p.final) {
				failed = true
			}
		}
	}
	return ready, failed
}

func (pl *planner) gap() time.Duration {
	return time.Duration(50+pl.rng.IntN(900)) * time.Millisecond
}

func (pl *planner) planTask(t *taskRec) {
	parent := pl.newPlan(t, -1, pl.created)
	ready, upFailed := pl.upstreamDone(t)
	ready = ready.Add(pl.gap())
	allFinished := t.def.trigger == "prefect.triggers.all_finished"
	if upFailed && !allFinished && !(t.def.mapped && pl.mappedOverMapped(t)) {
		parent.add("TriggerFailed", `Trigger was "all_successful" but some of the upstream tasks failed.`, ready)
		return
	}
	if t.def.mapped {
		pl.planMapped(t, parent, ready)
		return
	}
	pl.runTask(parent, ready, t == pl.failing)
}

// mappedOverMapped reports whether t maps over an upstream that is itself mapped, so
// each child follows its own upstream child.
func (pl *planner) mappedOverMapped(t *taskRec) bool {
	return len(t.up) > 0 && t.up[0].def.mapped
}

// runTask plans a task that runs: Running, maybe Retrying, then its final state.
func (pl *planner) runTask(p *trPlan, at time.Time, fail bool) {
	t := p.task
	if t.def.cacheKey != "" && pl.rng.IntN(3) == 0 && !fail {
		p.add("Cached", "Task run skipped: using cached result.", at)
		return
	}
	if t.def.skippy && pl.rng.IntN(3) == 0 && !fail {
		p.add("Skipped", "Condition was False; skipping this task.", at)
		return
	}
	p.add("Running", "Starting task run.", at)
	end := at.Add(pl.dur(t))
	if t.def.retries > 0 && pl.rng.IntN(8) == 0 {
		retryAt := end.Add(time.Minute)
		e := p.add("Retrying", "Retrying Task (after attempt 1 of "+strconv.Itoa(t.def.retries+1)+")", end)
		e.startTime = retryAt
		p.retried = true
		p.add("Running", "Starting task run.", retryAt)
		end = retryAt.Add(pl.dur(t))
	}
	switch {
	case fail && pl.failTimedOut:
		p.add("TimedOut", "Task timed out during execution", end)
	case fail:
		p.failMsg = failureMessages[pl.rng.IntN(len(failureMessages))]
		p.add("Failed", "Error during execution of task: "+p.failMsg, end)
	default:
		p.add("Success", "Task run succeeded.", end)
	}
}

// planMapped plans a mapped task: the parent goes Running then Mapped and each child
// runs on its own.
func (pl *planner) planMapped(t *taskRec, parent *trPlan, at time.Time) {
	parent.add("Running", "Starting task run.", at)
	mappedAt := at.Add(time.Duration(200+pl.rng.IntN(800)) * time.Millisecond)
	var upChildren []*trPlan
	n := 3 + pl.rng.IntN(6)
	if pl.lean {
		n = 2 + pl.rng.IntN(2)
	}
	if pl.mappedOverMapped(t) {
		upChildren = pl.byTask[t.up[0]][1:]
		n = len(upChildren)
	}
	parent.add("Mapped", "Ready to proceed with mapping.", mappedAt)
	parent.end = mappedAt
	failIdx := -1
	if t == pl.failing && n > 0 {
		failIdx = pl.rng.IntN(n)
	}
	var last time.Time
	for i := 0; i < n; i++ {
		c := pl.newPlan(t, i, mappedAt)
		start := mappedAt.Add(time.Duration(i*150) * time.Millisecond)
		if upChildren != nil {
			u := upChildren[i]
			if failedState(u.final) {
				c.add("TriggerFailed", `Trigger was "all_successful" but some of the upstream tasks failed.`, u.end.Add(pl.gap()))
				last = maxTime(last, c.end)
				continue
			}
			start = maxTime(start, u.end.Add(pl.gap()))
		}
		pl.runTask(c, start, i == failIdx || (t == pl.failing && pl.rng.IntN(6) == 0))
		last = maxTime(last, c.end)
	}
	// Downstream tasks wait for every child; the parent's own end stays at Mapped.
	if last.After(parent.end) {
		parent.end = last
	}
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

var failureMessages = []string{
	"ConnectionError('Connection to warehouse-replica:5432 refused')",
	"KeyError('customer_id')",
	"ValueError('Expected 12 columns, got 11')",
	"TimeoutError('Read timed out after 30 seconds')",
	"ClientError('An error occurred (AccessDenied) when calling the GetObject operation: Access Denied')",
	"ProgrammingError('relation \"staging.orders_tmp\" does not exist')",
	"MemoryError()",
	"HTTPError('502 Server Error: Bad Gateway for url: https://api.stripe.com/v1/charges')",
}
