package seed_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server/seed"
)

// TestDemoShowsWhyRunsWait: the demo holds a run of each case the explorer's "why isn't
// it running?" explains, and the simulator keeps them waiting.
func TestDemoShowsWhyRunsWait(t *testing.T) {
	t.Parallel()
	db := simWorld(t)
	q := func(query string, args ...any) string { return scalar(t, db, query, args...) }
	ts := func(d time.Duration) string { return now.Add(d).Format("2006-01-02T15:04:05") }

	// Labels no agent has: a late train-recommender run asking for a100.
	a100 := q(`SELECT fr.id FROM flow_run fr JOIN flow f ON f.id = fr.flow_id WHERE f.name = 'train-recommender'
		AND fr.state = 'Scheduled' AND fr.labels = '["a100","gpu","k8s"]' AND fr.scheduled_start_time < ?`, ts(0))
	if a100 == "" {
		t.Fatal("no late run asking for a100")
	}
	if n := q(`SELECT count(*) FROM agent, json_each(agent.labels) WHERE json_each.value = 'a100'`); n != "0" {
		t.Fatalf("%s agents have a100", n)
	}
	// The unhealthy agent, and a late run only it could take.
	if q(`SELECT last_queried < ? FROM agent WHERE name = 'old-vm-agent'`, ts(-12*time.Hour)) != "1" {
		t.Fatal("old-vm-agent is not unhealthy")
	}
	legacy := q(`SELECT fr.id FROM flow_run fr JOIN flow f ON f.id = fr.flow_id WHERE f.name = 'legacy-import'
		AND fr.state = 'Scheduled' AND fr.scheduled_start_time < ?`, ts(0))
	if legacy == "" {
		t.Fatal("no late legacy-import run")
	}
	// A restarted run of an archived version: Scheduled again, started before.
	restarted := q(`SELECT fr.id FROM flow_run fr JOIN flow f ON f.id = fr.flow_id WHERE f.name = 'etl-orders' AND f.archived = 1
		AND fr.state = 'Scheduled' AND fr.start_time IS NOT NULL AND fr.scheduled_start_time < ?`, ts(0))
	if restarted == "" {
		t.Fatal("no restarted run of an archived version")
	}
	if q(`SELECT count(*) FROM task_run WHERE flow_run_id = ? AND state = 'Pending'`, restarted) == "0" {
		t.Error("the restart reset no task run")
	}
	// Submitted eight minutes ago; its pod cannot pull the image.
	stuck := q(`SELECT id FROM flow_run WHERE state = 'Submitted' AND state_timestamp < ? AND agent_id IS NOT NULL`, ts(-5*time.Minute))
	if stuck == "" {
		t.Fatal("no run submitted minutes ago")
	}
	if !strings.Contains(q(`SELECT group_concat(message, '|') FROM log WHERE flow_run_id = ? AND name = 'k8s-infra'`, stuck), "ErrImagePull") {
		t.Fatal("the stuck run has no pod events")
	}

	// Something failed within the last two hours.
	for _, flow := range []string{"s3-ingest", "kpi-digest"} {
		if q(`SELECT count(*) FROM flow_run fr JOIN flow f ON f.id = fr.flow_id WHERE f.name = ? AND fr.state = 'Failed'
			AND fr.state_timestamp > ? AND EXISTS (SELECT 1 FROM task_run tr WHERE tr.flow_run_id = fr.id AND tr.state = 'Failed')`,
			flow, ts(-2*time.Hour)) == "0" {
			t.Errorf("no %s run failed (a task failed) in the last two hours", flow)
		}
	}

	// The simulator, playing the agents, leaves each of them waiting.
	sim := seed.NewSimulator(db, seed.SimulatorOptions{Rand: rand.New(rand.NewPCG(3, 4))})
	for i := 0; i < 5; i++ {
		if err := sim.Step(context.Background(), now.Add(time.Duration(i)*3*time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	for id, want := range map[string]string{a100: "Scheduled", legacy: "Scheduled", restarted: "Scheduled", stuck: "Submitted"} {
		if got := q(`SELECT state FROM flow_run WHERE id = ?`, id); got != want {
			t.Errorf("run %s: %s, want %s", id, got, want)
		}
	}
}
