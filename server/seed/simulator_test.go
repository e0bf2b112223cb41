package seed_test

import (
	"context"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server/mutations"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/servertest"
	"github.com/prefect-tui/prefect-tui/server/services"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// simWorld is a private copy of a small demo tenant (its forced recent runs included)
// for simulator tests: seeded once, copied for each test (TestDemoDeterministic covers
// the seeding itself).
func simWorld(t *testing.T) *store.DB {
	t.Helper()
	return servertest.DemoDB(t, seed80)
}

func flowOf(t *testing.T, db *store.DB, name string) string {
	t.Helper()
	return scalar(t, db, `SELECT id FROM flow WHERE name = ? AND archived = 0`, name)
}

func TestSimulatorRunsAScheduledRunToTheEnd(t *testing.T) {
	t.Parallel()
	db := simWorld(t)
	ctx := context.Background()
	due := now.Add(30 * time.Second)
	// etl-orders runs on the healthy Kubernetes agent.
	id, err := mutations.Machine{}.CreateFlowRun(ctx, db, mutations.FlowRunInput{FlowID: flowOf(t, db, "etl-orders"), ScheduledStart: &due}, now)
	if err != nil {
		t.Fatal(err)
	}
	sim := seed.NewSimulator(db, seed.SimulatorOptions{Rand: rand.New(rand.NewPCG(1, 2))})
	clock := due
	state := func() string { return scalar(t, db, `SELECT state FROM flow_run WHERE id = ?`, id) }
	if err := sim.Step(ctx, clock.Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if s := state(); s != "Scheduled" {
		t.Fatalf("before its time: %s", s)
	}
	if err := sim.Step(ctx, clock); err != nil {
		t.Fatal(err)
	}
	if s := state(); s != "Submitted" {
		t.Fatalf("due: %s", s)
	}
	if scalar(t, db, `SELECT agent_id IS NOT NULL FROM flow_run WHERE id = ?`, id) != "1" {
		t.Error("no agent_id on the submitted run")
	}
	clock = clock.Add(3 * time.Second)
	if err := sim.Step(ctx, clock); err != nil {
		t.Fatal(err)
	}
	if s := state(); s != "Running" {
		t.Fatalf("after submit: %s", s)
	}
	seen := map[string]bool{}
	for i := 0; i < 300 && !mutations.IsFinished(state()); i++ {
		clock = clock.Add(3 * time.Second)
		if err := sim.Step(ctx, clock); err != nil {
			t.Fatal(err)
		}
		seen[scalar(t, db, `SELECT group_concat(DISTINCT state) FROM task_run WHERE flow_run_id = ?`, id)] = true
	}
	final := state()
	if final != "Success" && final != "Failed" {
		t.Fatalf("did not finish: %s", final)
	}
	if n := scalar(t, db, `SELECT count(*) FROM task_run WHERE flow_run_id = ? AND state NOT IN ('Success', 'Failed', 'TriggerFailed', 'Mapped', 'Cached', 'Skipped', 'TimedOut')`, id); n != "0" {
		t.Errorf("%s unfinished task runs in a %s run", n, final)
	}
	if n, _ := strconv.Atoi(scalar(t, db, `SELECT count(*) FROM log WHERE flow_run_id = ?`, id)); n < 10 {
		t.Errorf("only %d logs", n)
	}
	row := scalar(t, db, `SELECT (start_time IS NOT NULL) || (end_time IS NOT NULL) || (end_time >= start_time) || version FROM flow_run WHERE id = ?`, id)
	if row != "1114" {
		t.Errorf("start/end/version of the finished run: %s", row)
	}
	if len(seen) < 3 {
		t.Errorf("task runs never progressed through several states: %v", seen)
	}
}

func TestSimulatorLateCancellingAndSchedules(t *testing.T) {
	t.Parallel()
	db := simWorld(t)
	ctx := context.Background()
	late := scalar(t, db, `SELECT count(*) FROM flow_run WHERE state = 'Scheduled' AND scheduled_start_time < ?`, store.FormatTime(now.Add(-15*time.Minute)))
	cancelling := scalar(t, db, `SELECT id FROM flow_run WHERE state = 'Cancelling' LIMIT 1`)
	if cancelling == "" {
		t.Fatal("the demo has no Cancelling run")
	}
	sim := seed.NewSimulator(db, seed.SimulatorOptions{Rand: rand.New(rand.NewPCG(3, 4))})
	at := now.Add(time.Minute)
	if err := sim.Step(ctx, at); err != nil {
		t.Fatal(err)
	}
	if got := scalar(t, db, `SELECT count(*) FROM flow_run WHERE state = 'Scheduled' AND scheduled_start_time < ?`, store.FormatTime(now.Add(-15*time.Minute))); got != late {
		t.Errorf("late runs: %s before, %s after a step", late, got)
	}
	if s := scalar(t, db, `SELECT state || ' ' || (SELECT count(*) FROM task_run WHERE flow_run_id = flow_run.id AND state NOT IN
		('Success', 'Failed', 'TriggerFailed', 'Mapped', 'Cached', 'Skipped', 'TimedOut', 'Cancelled')) FROM flow_run WHERE id = ?`, cancelling); s != "Cancelled 0" {
		t.Errorf("cancelling run after a step: %s", s)
	}
	// With the scheduler service beside it, every active schedule has ten upcoming
	// runs, even far in the future.
	far := now.Add(72 * time.Hour)
	if err := sim.Step(ctx, far); err != nil {
		t.Fatal(err)
	}
	if _, err := services.NewScheduler(db).RunOnce(ctx, far); err != nil {
		t.Fatal(err)
	}
	if n := scalar(t, db, `SELECT count(*) FROM flow WHERE is_schedule_active = 1 AND archived = 0 AND
		(SELECT count(*) FROM flow_run WHERE flow_id = flow.id AND state = 'Scheduled' AND scheduled_start_time > ?) < 10`, store.FormatTime(far)); n != "0" {
		t.Errorf("%s active flows without ten upcoming runs", n)
	}
}

func TestSimulatorDeterministic(t *testing.T) {
	t.Parallel()
	run := func() string {
		db := simWorld(t)
		sim := seed.NewSimulator(db, seed.SimulatorOptions{Rand: rand.New(rand.NewPCG(9, 9))})
		for i := 1; i <= 20; i++ {
			if err := sim.Step(context.Background(), now.Add(time.Duration(i)*5*time.Second)); err != nil {
				t.Fatal(err)
			}
		}
		return hashDB(t, db)
	}
	if a, b := run(), run(); a != b {
		t.Fatal("same steps, different rows")
	}
}

// TestSimulatorRevivesAnOldDemo reopens a demo days later: the healthy agents poll
// again and due runs start, the stale agent stays stale.
func TestSimulatorRevivesAnOldDemo(t *testing.T) {
	t.Parallel()
	db := simWorld(t)
	ctx := context.Background()
	later := now.Add(50 * time.Hour)
	due := later.Add(-time.Second)
	id, err := mutations.Machine{}.CreateFlowRun(ctx, db, mutations.FlowRunInput{FlowID: flowOf(t, db, "kpi-digest"), ScheduledStart: &due}, later.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	sim := seed.NewSimulator(db, seed.SimulatorOptions{Rand: rand.New(rand.NewPCG(5, 6))})
	if err := sim.Step(ctx, later); err != nil {
		t.Fatal(err)
	}
	if s := scalar(t, db, `SELECT state FROM flow_run WHERE id = ?`, id); s != "Submitted" {
		t.Errorf("due run after reopening: %s", s)
	}
	eq(t, "agents", scalar(t, db, `SELECT group_concat(name || ':' || (last_queried = ?), ' ') FROM (SELECT * FROM agent ORDER BY name)`, store.FormatTime(later)),
		"docker-agent:1 k8s-prod-agent:1 laptop-local:1 old-vm-agent:0")
}

// TestSimulatorLeavesRealAgentsRunsAlone: a run submitted by an agent registered after
// the simulator started (a real LocalAgent) is not advanced by the simulator, and that
// agent is not kept looking alive.
func TestSimulatorLeavesRealAgentsRunsAlone(t *testing.T) {
	t.Parallel()
	db := simWorld(t)
	ctx := context.Background()
	sim := seed.NewSimulator(db, seed.SimulatorOptions{Rand: rand.New(rand.NewPCG(7, 8))})
	if err := sim.Step(ctx, now); err != nil {
		t.Fatal(err)
	}
	const agent = "0ea10000-0000-4000-8000-000000000001"
	if _, err := db.Exec(`INSERT INTO agent (id, created, updated, tenant_id, name, type, core_version, labels, last_queried)
		SELECT ?, ?, ?, tenant_id, 'real', 'LocalAgent', '1.4.1', '["dev"]', ? FROM agent LIMIT 1`,
		agent, store.FormatTime(now), store.FormatTime(now), store.FormatTime(now)); err != nil {
		t.Fatal(err)
	}
	due := now.Add(time.Second)
	id, err := mutations.Machine{}.CreateFlowRun(ctx, db, mutations.FlowRunInput{FlowID: flowOf(t, db, "kpi-digest"), ScheduledStart: &due, Labels: []string{"vm"}}, now)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := mutations.ParseState(map[string]any{"type": "Submitted", "message": "Submitted for execution"}, now)
	if err := (mutations.Machine{}).SetFlowRunState(ctx, db, id, "", st, due, agent); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 10; i++ {
		if err := sim.Step(ctx, due.Add(time.Duration(i)*5*time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	eq(t, "real agent's run", scalar(t, db, `SELECT state FROM flow_run WHERE id = ?`, id), "Submitted")
	eq(t, "real agent's last query", scalar(t, db, `SELECT last_queried FROM agent WHERE id = ?`, agent), store.FormatTime(now))
}
