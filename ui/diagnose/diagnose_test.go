package diagnose_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/ui/diagnose"
)

var now = time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)

// The demo's agents: three healthy ones and one that stopped three days ago.
var (
	k8s    = diagnose.Agent{ID: "a1", Name: "k8s-prod-agent", Type: "KubernetesAgent", Labels: []string{"prod", "k8s", "gpu", "ml"}, LastQueried: now.Add(-2 * time.Second)}
	docker = diagnose.Agent{ID: "a2", Name: "docker-agent", Type: "DockerAgent", Labels: []string{"prod", "docker"}, LastQueried: now.Add(-5 * time.Second)}
	laptop = diagnose.Agent{ID: "a3", Name: "laptop-local", Type: "LocalAgent", Labels: []string{"dev"}, LastQueried: now.Add(-8 * time.Second)}
	oldVM  = diagnose.Agent{ID: "a4", Name: "old-vm-agent", Type: "LocalAgent", Labels: []string{"legacy"}, LastQueried: now.Add(-3 * 24 * time.Hour)}
	fleet  = []diagnose.Agent{k8s, docker, laptop, oldVM}
)

func late(labels ...string) diagnose.Run {
	return diagnose.Run{ID: "r1", State: "Scheduled", Scheduled: now.Add(-25 * time.Minute), Since: now.Add(-time.Hour),
		Labels: labels, FlowName: "etl-orders", FlowVersion: 3}
}

func explain(t *testing.T, in diagnose.Input) []diagnose.Reason {
	t.Helper()
	if in.Now.IsZero() {
		in.Now = now
	}
	rs := diagnose.Explain(in)
	if len(rs) == 0 {
		t.Fatalf("no reason for %+v", in.Run)
	}
	return rs
}

func TestPicks(t *testing.T) {
	cases := []struct {
		agent, run []string
		want       bool
	}{
		{[]string{"prod", "k8s"}, []string{"prod", "k8s"}, true},
		{[]string{"prod", "k8s", "gpu"}, []string{"k8s"}, true},
		{[]string{"prod"}, []string{"prod", "k8s"}, false},
		// A run without labels goes only to an agent without labels.
		{nil, nil, true},
		{[]string{"prod"}, nil, false},
		{nil, []string{"prod"}, false},
	}
	for _, c := range cases {
		if got := diagnose.Picks(c.agent, c.run); got != c.want {
			t.Errorf("Picks(%v, %v) = %v", c.agent, c.run, got)
		}
	}
}

func TestPickupMirrorsTheQueueLimits(t *testing.T) {
	var window []diagnose.QueuedRun
	for i := 0; i < 100; i++ {
		labels := []string{"gpu"}
		if i%2 == 0 {
			labels = []string{"spark"}
		}
		window = append(window, diagnose.QueuedRun{ID: fmt.Sprint(i), Labels: labels})
	}
	got := diagnose.Pickup([]string{"gpu", "k8s"}, window)
	if len(got) != diagnose.QueueLimit || got[0] != "1" || got[24] != "49" {
		t.Fatalf("pickup %v", got)
	}
	// Only the window's first 75 runs are read: 70 spark runs first hide the gpu ones.
	window = window[:0]
	for i := 0; i < 80; i++ {
		labels := []string{"spark"}
		if i >= 70 && i%2 == 0 {
			labels = []string{"gpu"}
		}
		window = append(window, diagnose.QueuedRun{ID: fmt.Sprint(i), Labels: labels})
	}
	if got := diagnose.Pickup([]string{"gpu"}, window); strings.Join(got, ",") != "70,72,74" {
		t.Fatalf("window: %v", got)
	}
}

func TestScheduledInTheFuture(t *testing.T) {
	r := late("prod", "k8s")
	r.Scheduled = now.Add(14 * time.Minute)
	rs := explain(t, diagnose.Input{Run: r, Agents: fleet})
	if rs[0].Kind != diagnose.KindFuture || rs[0].Text != "Scheduled to start in 14m, at 12:14:00." || rs[0].Short != "in 14m" {
		t.Fatalf("first %+v", rs[0])
	}
	if len(rs) != 2 || rs[1].Kind != diagnose.KindWillRun || !strings.Contains(rs[1].Text, "k8s-prod-agent has all of its labels") {
		t.Fatalf("then %+v", rs)
	}
	// A future run no agent can take says so too.
	r.Labels = []string{"a100"}
	rs = explain(t, diagnose.Input{Run: r, Agents: fleet})
	if rs[0].Kind != diagnose.KindFuture || rs[1].Kind != diagnose.KindNoLabelMatch {
		t.Fatalf("future, no match: %+v", rs)
	}
}

func TestNoAgentAtAll(t *testing.T) {
	rs := explain(t, diagnose.Input{Run: late("prod", "k8s")})
	want := "No agent is registered with this tenant, so nothing picks up its runs: start one with its labels (prefect agent local start --label prod --label k8s)."
	if rs[0].Kind != diagnose.KindNoAgent || rs[0].Text != want || rs[0].Short != "no agent" {
		t.Fatalf("%+v", rs[0])
	}
}

func TestMissingLabel(t *testing.T) {
	rs := explain(t, diagnose.Input{Run: late("a100", "gpu", "k8s"), Agents: fleet})
	want := "No agent has all of its labels (a100, gpu, k8s): missing label: a100 (no healthy agent has it). " +
		"The closest agent, k8s-prod-agent, lacks a100."
	if rs[0].Kind != diagnose.KindNoLabelMatch || rs[0].Text != want || rs[0].Short != "missing label: a100" {
		t.Fatalf("%+v", rs[0])
	}
	// The labels exist, but on different agents.
	rs = explain(t, diagnose.Input{Run: late("gpu", "docker"), Agents: fleet})
	if rs[0].Short != "no agent has all labels" ||
		rs[0].Text != "No agent has all of its labels (gpu, docker) together. The closest agent, k8s-prod-agent, lacks docker." {
		t.Fatalf("%+v", rs[0])
	}
	// A label only an unhealthy agent has counts as missing when that agent does not
	// have all of them: "no healthy agent has it".
	rs = explain(t, diagnose.Input{Run: late("legacy", "gpu"), Agents: fleet})
	if rs[0].Short != "missing label: legacy" {
		t.Fatalf("%+v", rs[0])
	}
	// A run without labels, and every agent has some.
	rs = explain(t, diagnose.Input{Run: late(), Agents: fleet})
	if rs[0].Short != "no agent without labels" || !strings.Contains(rs[0].Text, "only an agent without labels picks up such a run") {
		t.Fatalf("%+v", rs[0])
	}
}

func TestMatchingAgentUnhealthy(t *testing.T) {
	rs := explain(t, diagnose.Input{Run: late("legacy"), Agents: fleet})
	want := "Only old-vm-agent has its labels, and it last queried 3d ago (unhealthy): it is not asking for work."
	if rs[0].Kind != diagnose.KindAgentDown || rs[0].Text != want || rs[0].Short != "agent unhealthy" {
		t.Fatalf("%+v", rs[0])
	}
	// Two stale agents: both named, the most recent first.
	a, b := laptop, laptop
	a.Name, a.LastQueried = "a", now.Add(-20*time.Minute)
	b.Name, b.LastQueried = "b", now.Add(-10*time.Minute)
	rs = explain(t, diagnose.Input{Run: late("dev"), Agents: []diagnose.Agent{a, b, k8s}})
	if rs[0].Short != "agent stale" ||
		rs[0].Text != "The agents with its labels are not asking for work: b last queried 10m ago (stale); a last queried 20m ago (stale)." {
		t.Fatalf("%+v", rs[0])
	}
	// Never queried.
	c := laptop
	c.LastQueried = time.Time{}
	rs = explain(t, diagnose.Input{Run: late("dev"), Agents: []diagnose.Agent{c}})
	if !strings.Contains(rs[0].Text, "it never queried (unhealthy)") {
		t.Fatalf("%+v", rs[0])
	}
}

func TestHealthyAgentAndTheQueue(t *testing.T) {
	r := late("prod", "k8s")
	// Queue unknown (the runs list): a healthy agent has not picked it up.
	rs := explain(t, diagnose.Input{Run: r, Agents: fleet})
	if rs[0].Kind != diagnose.KindNotPicked || rs[0].Short != "not picked up" ||
		!strings.HasPrefix(rs[0].Text, "k8s-prod-agent has all of its labels and last queried 2s ago, yet has not submitted it") {
		t.Fatalf("%+v", rs[0])
	}
	// In the queue it reads: it gets the run.
	q := []diagnose.QueuedRun{{ID: "x", Labels: []string{"dev"}}, {ID: r.ID, Labels: r.Labels}}
	rs = explain(t, diagnose.Input{Run: r, Agents: fleet, Queue: q})
	if rs[0].Kind != diagnose.KindNotPicked || !strings.Contains(rs[0].Text, "gets this run when it asks for work") {
		t.Fatalf("%+v", rs[0])
	}
	// Behind 75 older runs that no agent can take.
	q = nil
	for i := 0; i < diagnose.QueueWindow; i++ {
		q = append(q, diagnose.QueuedRun{ID: fmt.Sprint("old", i), Labels: []string{"spark"}})
	}
	rs = explain(t, diagnose.Input{Run: r, Agents: fleet, Queue: q})
	if rs[0].Kind != diagnose.KindQueueFull || rs[0].Short != "behind 75 older runs" ||
		!strings.Contains(rs[0].Text, "an agent reads only the 75 oldest due runs") {
		t.Fatalf("%+v", rs[0])
	}
	// In the window, but 25 older runs the agent can take come first.
	q = nil
	for i := 0; i < diagnose.QueueLimit; i++ {
		q = append(q, diagnose.QueuedRun{ID: fmt.Sprint("old", i), Labels: []string{"prod"}})
	}
	q = append(q, diagnose.QueuedRun{ID: r.ID, Labels: r.Labels})
	rs = explain(t, diagnose.Input{Run: r, Agents: fleet, Queue: q})
	if rs[0].Short != "behind older runs" || !strings.Contains(rs[0].Text, "takes at most 25 runs per query") {
		t.Fatalf("%+v", rs[0])
	}
}

func TestRestartedRunUsesItsStateStart(t *testing.T) {
	// Restarted: scheduled long ago, its Scheduled state starts in 30 s.
	r := late("prod", "k8s")
	r.Due = now.Add(30 * time.Second)
	rs := explain(t, diagnose.Input{Run: r, Agents: fleet})
	if rs[0].Kind != diagnose.KindFuture || rs[0].Short != "in 30s" {
		t.Fatalf("%+v", rs)
	}
}

func TestSubmitted(t *testing.T) {
	r := diagnose.Run{ID: "r2", State: "Submitted", Since: now.Add(-20 * time.Second), AgentID: k8s.ID, Labels: []string{"prod", "k8s"}}
	rs := explain(t, diagnose.Input{Run: r, Agents: fleet})
	if rs[0].Kind != diagnose.KindStarting || rs[0].Short != "starting" ||
		rs[0].Text != "Submitted 20s ago by k8s-prod-agent; its flow-run process has not reported Running yet." {
		t.Fatalf("%+v", rs[0])
	}
	r.Since = now.Add(-8 * time.Minute)
	for i := 0; i < 7; i++ {
		r.Logs = append(r.Logs, diagnose.Log{Time: now.Add(-time.Duration(i) * time.Minute), Level: "DEBUG", Name: "k8s-infra", Message: fmt.Sprint("event ", i)})
	}
	rs = explain(t, diagnose.Input{Run: r, Agents: fleet})
	want := "Submitted 8m ago by k8s-prod-agent and never started: the agent deployed it, but its flow-run process never reported Running. The last logs for the run:"
	if rs[0].Kind != diagnose.KindNeverStarted || rs[0].Text != want || rs[0].Short != "never started" {
		t.Fatalf("%+v", rs[0])
	}
	// The newest five, oldest first.
	if l := rs[0].Logs; len(l) != diagnose.LogsShown || l[0].Message != "event 4" || l[4].Message != "event 0" {
		t.Fatalf("logs %+v", l)
	}
	// The agent that submitted it has since stopped querying; no logs.
	r.AgentID, r.Logs = oldVM.ID, nil
	rs = explain(t, diagnose.Input{Run: r, Agents: fleet})
	if !strings.Contains(rs[0].Text, "old-vm-agent itself last queried 3d ago.") || !strings.HasSuffix(rs[0].Text, "It has no log that says why.") {
		t.Fatalf("%+v", rs[0])
	}
}

func TestPendingForLong(t *testing.T) {
	r := diagnose.Run{State: "Pending", Since: now.Add(-time.Minute)}
	if diagnose.Applies(r.State, r.Since, now) || diagnose.Explain(diagnose.Input{Run: r, Now: now}) != nil {
		t.Fatal("a run Pending for a minute is not waiting for long")
	}
	r.Since = now.Add(-12 * time.Minute)
	rs := explain(t, diagnose.Input{Run: r, Agents: fleet})
	if rs[0].Kind != diagnose.KindPending || !strings.HasPrefix(rs[0].Text, "Pending for 12m: agents only pick up Scheduled runs") {
		t.Fatalf("%+v", rs[0])
	}
}

func TestArchivedFlowComesAfterTheAgents(t *testing.T) {
	r := late("legacy")
	r.FlowArchived, r.FlowName, r.FlowVersion = true, "legacy-import", 1
	rs := explain(t, diagnose.Input{Run: r, Agents: fleet})
	if len(rs) != 2 || rs[0].Kind != diagnose.KindAgentDown || rs[1].Kind != diagnose.KindArchived ||
		rs[1].Text != "Its flow, legacy-import v1, is archived: new runs of the flow use its current version." {
		t.Fatalf("%+v", rs)
	}
	if diagnose.Short(diagnose.Input{Run: r, Agents: fleet, Now: now}) != "agent unhealthy" {
		t.Fatal("short is the first reason")
	}
}

func TestQueued(t *testing.T) {
	r := late("prod", "k8s")
	r.State, r.Due = "Queued", now.Add(10*time.Second)
	rs := explain(t, diagnose.Input{Run: r, Agents: fleet})
	if rs[0].Kind != diagnose.KindQueued || !strings.Contains(rs[0].Text, "tried again in 10s, at 12:00:10") {
		t.Fatalf("%+v", rs)
	}
}

func TestNotWaiting(t *testing.T) {
	for _, s := range []string{"Running", "Success", "Failed", "Cancelled", "Cancelling", ""} {
		r := late("prod")
		r.State = s
		if diagnose.Explain(diagnose.Input{Run: r, Agents: fleet, Now: now}) != nil || diagnose.Short(diagnose.Input{Run: r, Now: now}) != "" {
			t.Errorf("%q explained", s)
		}
	}
}
