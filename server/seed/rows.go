package seed

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/prefect-tui/prefect-tui/server/store"
)

func (b *runBuilder) writeRows(id string, sp runSpec, o outcome, h *flowHist, plans []*trPlan, created time.Time) error {
	w, tenant, now := b.w, b.world.tenantID, b.now
	ts := formatTime
	g := sp.group
	d := computeDenorm(h.events)
	last := d.last
	var heartbeat any
	switch o {
	case oScheduled, oLate, oCancelledEarly:
	case oSubmitted:
		heartbeat = ts(h.events[1].ts)
	case oRunning, oCancelling:
		heartbeat = ts(now.Add(-b.uniform(time.Second, 25*time.Second)))
	default:
		heartbeat = ts(last.ts.Add(-b.uniform(0, 25*time.Second)))
	}
	var agent any
	if h.agent != "" {
		agent = h.agent
	}
	params := map[string]any{}
	for k, v := range g.params {
		params[k] = v
	}
	if _, ok := params["date"]; ok {
		params["date"] = sp.sched.Format("2006-01-02")
	}
	if g.def.name == "feature-backfill" {
		params["start_date"] = sp.sched.Add(-7 * 24 * time.Hour).Format("2006-01-02")
	}
	var idem any
	if sp.auto {
		idem = "auto-scheduled:" + sp.sched.Format("2006-01-02T15:04:05.000000+00:00")
	}
	name := sp.name
	if name == "" {
		name = adjNoun(b)
	}
	var lastStart any
	if !last.startTime.IsZero() {
		lastStart = ts(last.startTime)
	}
	updated := ts(last.ts)
	if err := w.add("flow_run", colsFlowRun, id, tenant, ts(created), updated, sp.flow.id, js(params), ts(sp.sched), sp.auto, heartbeat,
		optTime(d.start, d.startSet), optTime(d.end, d.endSet), len(h.events), last.typ, ts(last.ts), nullable(last.msg), nil, lastStart,
		b.serialize(last), name, `{}`, 0, idem, agent, js(g.labels), g.runCfg); err != nil {
		return err
	}
	for i, e := range h.events {
		var st any
		if !e.startTime.IsZero() {
			st = ts(e.startTime)
		}
		if err := w.add("flow_run_state", colsFRState, b.g.next(), tenant, id, ts(e.ts), e.typ, nullable(e.msg), nil, st, b.serialize(e),
			ts(e.ts), ts(e.ts), i+1); err != nil {
			return err
		}
	}
	lg := &logger{b: b, flowRunID: id, flow: g.def.name}
	if len(h.events) > 1 && h.events[1].typ == "Submitted" {
		lg.add(h.events[1].ts, "", "agent", "INFO", "Submitted for execution: Job prefect-job-"+id[:8])
		if len(h.events) > 2 && h.events[2].typ == "Running" {
			lg.flowStart(h.events[2].ts)
		}
	}
	for _, p := range plans {
		trID := b.g.next()
		if err := b.writeTaskRun(trID, id, p, o); err != nil {
			return err
		}
		if b.lean {
			lg.leanTask(trID, p)
		} else {
			lg.task(trID, p)
		}
	}
	lg.flowEnd(h, o)
	return lg.flush()
}

func (b *runBuilder) writeTaskRun(trID, flowRunID string, p *trPlan, o outcome) error {
	w, tenant, now := b.w, b.world.tenantID, b.now
	ts := formatTime
	d := computeDenorm(p.hist)
	last := d.last
	var hb any
	switch {
	case last.typ == "Running" && (o == oRunning || o == oCancelling):
		hb = ts(now.Add(-b.uniform(time.Second, 20*time.Second)))
	case d.startSet:
		hb = ts(maxTime(d.start, last.ts.Add(-b.uniform(0, 10*time.Second))))
	}
	var lastStart any
	if !last.startTime.IsZero() {
		lastStart = ts(last.startTime)
	}
	var cacheKey any
	if p.task.def.cacheKey != "" {
		cacheKey = p.task.def.cacheKey
	}
	var name any
	if p.mapIndex >= 0 {
		name = p.task.name + "[" + strconv.Itoa(p.mapIndex) + "]"
	}
	lastSer := pendingSerialized
	if len(p.hist) > 1 {
		lastSer = b.serialize(last)
	}
	if err := w.add("task_run", colsTaskRun, trID, tenant, ts(p.created), ts(last.ts), flowRunID, p.task.id, p.mapIndex, len(p.hist)-1, hb,
		optTime(d.start, d.startSet), optTime(d.end, d.endSet), last.typ, ts(last.ts), nullable(last.msg), nil, lastStart,
		lastSer, cacheKey, name); err != nil {
		return err
	}
	for i, e := range p.hist {
		if b.lean && i < len(p.hist)-1 {
			// The scale form keeps a task run's current state only.
			continue
		}
		var st any
		if !e.startTime.IsZero() {
			st = ts(e.startTime)
		}
		s := pendingSerialized
		if i > 0 {
			s = b.serialize(e)
		}
		if err := w.add("task_run_state", colsTRState, b.g.next(), tenant, trID, ts(e.ts), e.typ, nullable(e.msg), nil, st, s,
			ts(e.ts), ts(e.ts), i); err != nil {
			return err
		}
	}
	if b.extras && (last.typ == "Success") && len(b.candidates) < 64 && b.rng.IntN(40) == 0 {
		b.candidates = append(b.candidates, trID)
	}
	return nil
}

// pendingSerialized is what the task-run insert trigger writes.
const pendingSerialized = `{"type": "Pending", "message": "Task run created"}`

func adjNoun(b *runBuilder) string {
	return adjectives[b.rng.IntN(len(adjectives))] + "-" + animals[b.rng.IntN(len(animals))]
}

var adjectives = strings.Fields(`able amber ancient bold brave bright calm clever cobalt cosmic crimson curious daring
	dazzling eager electric emerald fancy fearless fluffy gentle golden graceful happy hidden humble icy jolly keen lively
	lucky magnetic mellow mighty nimble noble olive orange patient polite proud quick quiet rapid rustic scarlet shiny`)

var animals = strings.Fields(`aardvark albatross alpaca antelope badger bat beaver bison bobcat buffalo camel caribou
	cheetah chipmunk cobra cougar coyote crane dingo dolphin eagle eel elk falcon ferret finch gazelle gecko gibbon gopher
	heron hyena ibex iguana jackal jaguar kestrel koala lemur lion llama lynx marmot mink moose newt ocelot okapi otter`)

// writeExtras adds the demo's artifacts and messages.
func (b *runBuilder) writeExtras() error {
	ts := store.FormatTime(b.now.Add(-time.Hour))
	for i, tr := range b.candidates {
		if i >= 6 {
			break
		}
		kind, data := "link", js(map[string]any{"link": fmt.Sprintf("https://dashboards.acme.io/runs/%d", 1000+i)})
		if i%2 == 1 {
			kind = "markdown"
			data = js(map[string]any{"markdown": fmt.Sprintf("## Run summary\n\n| metric | value |\n|---|---|\n| rows | %d |\n| null rate | 0.%02d%% |\n", 10000+i*137, i)})
		}
		if err := b.w.add("task_run_artifact", colsArtifact, b.g.next(), ts, ts, b.world.tenantID, tr, kind, data); err != nil {
			return err
		}
	}
	msgs := []struct {
		read      bool
		typ, text string
	}{
		{false, "CLOUD_HOOK", "Flow run failed: etl-payments"},
		{true, "CLOUD_HOOK", "Agent old-vm-agent has not queried for 3 days"},
	}
	for _, m := range msgs {
		if err := b.w.add("message", colsMessage, b.g.next(), ts, ts, b.world.tenantID, m.read, m.typ, m.text, js(map[string]any{"text": m.text})); err != nil {
			return err
		}
	}
	return nil
}
