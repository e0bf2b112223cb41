package seed

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/prefect-tui/prefect-tui/server/mutations"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// SimulatorOptions configures a Simulator.
type SimulatorOptions struct {
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Interval is the time between steps of Run (default 2 s).
	Interval time.Duration
	// Rand drives every choice (nil: seeded from the clock).
	Rand *rand.Rand
	// LateAfter is how long past its scheduled time a run may still be picked up;
	// older Scheduled runs stay late, as with no agent polling (default 10 min).
	LateAfter time.Duration
	// MaxRuns caps the runs advanced per phase of one step (default 40).
	MaxRuns int
}

// Simulator keeps a seeded database alive: it plays the agents of the store and the
// flow-run processes they start. Due runs are submitted and start, tasks run in DAG
// order and finish (some fail or retry), logs stream, heartbeats beat, cancelling runs
// end cancelled. Every change goes through the same state machine as the API, one
// short transaction per run. Upcoming runs of active schedules are the scheduler
// service's job (server/services).
type Simulator struct {
	db   *store.DB
	opts SimulatorOptions
	m    mutations.Machine
	mu   sync.Mutex
	rng  *rand.Rand
	// agents are the agents the simulator plays: those of the store when it starts (set
	// on the first step). It drives only runs one of them submitted, so runs of a real
	// agent registered later are left to that agent.
	agents []string
	// alive are the ones it keeps polling and submits runs with.
	alive []string
}

// NewSimulator returns a simulator over db.
func NewSimulator(db *store.DB, opts SimulatorOptions) *Simulator {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Interval <= 0 {
		opts.Interval = 2 * time.Second
	}
	if opts.Rand == nil {
		t := uint64(time.Now().UnixNano())
		opts.Rand = rand.New(rand.NewPCG(t, t>>7))
	}
	if opts.LateAfter <= 0 {
		opts.LateAfter = 10 * time.Minute
	}
	if opts.MaxRuns <= 0 {
		opts.MaxRuns = 40
	}
	s := &Simulator{db: db, opts: opts, rng: opts.Rand}
	s.m = mutations.Machine{NewID: s.newID, Rand: s.rng}
	return s
}

func (s *Simulator) newID() string {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], s.rng.Uint64())
	binary.LittleEndian.PutUint64(b[8:], s.rng.Uint64())
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return uuid.UUID(b).String()
}

// Run steps every Interval until ctx ends. Step errors do not stop it (a busy
// database is retried on the next tick); it returns ctx's error.
func (s *Simulator) Run(ctx context.Context) error {
	t := time.NewTicker(s.opts.Interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			_ = s.Step(ctx, s.opts.Now())
		}
	}
}

// Step advances the world to now once. It is deterministic for a given database,
// Rand and now.
func (s *Simulator) Step(ctx context.Context, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now = now.UTC()
	phases := []func(context.Context, time.Time) error{s.touchAgents, s.finishCancelling, s.submitDue, s.startSubmitted, s.advanceRunning}
	for _, p := range phases {
		if err := p(ctx, now); err != nil {
			return err
		}
	}
	return nil
}

// ids runs a read-only query for a list of ids (closing the rows before any write:
// an in-memory store has a single connection).
func (s *Simulator) ids(ctx context.Context, query string, args ...any) ([]string, error) {
	return store.Strings(ctx, s.db, query, args...)
}

// inTx runs f in its own short write transaction.
func (s *Simulator) inTx(ctx context.Context, f func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (s *Simulator) log(ctx context.Context, tx *sql.Tx, now time.Time, flowRunID, taskRunID, name, level, msg string) error {
	ts := store.FormatTime(now)
	var tr any
	if taskRunID != "" {
		tr = taskRunID
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO log (id, tenant_id, flow_run_id, task_run_id, timestamp, name, level, message, info, created, updated, is_loaded_from_archive)
		SELECT ?, tenant_id, id, ?, ?, ?, ?, ?, NULL, ?, ?, 0 FROM flow_run WHERE id = ?`,
		s.newID(), tr, ts, name, level, msg, ts, ts, flowRunID)
	return err
}

func (s *Simulator) finishCancelling(ctx context.Context, now time.Time) error {
	ids, err := s.ids(ctx, `SELECT id FROM flow_run WHERE state = 'Cancelling' AND state_timestamp <= ? AND `+s.played()+`
		ORDER BY state_timestamp, id LIMIT ?`, store.FormatTime(now.Add(-3*time.Second)), s.agentList(), s.opts.MaxRuns)
	if err != nil {
		return err
	}
	for _, id := range ids {
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			if err := s.m.SetFlowRunState(ctx, tx, id, "", mutations.NewState("Cancelled", "Flow run is cancelled"), now, ""); err != nil {
				return err
			}
			return s.log(ctx, tx, now, id, "", "prefect.FlowRunner", "WARNING", "Flow run was cancelled; cancelled all unfinished task runs.")
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// submitDue submits the due Scheduled runs that a healthy agent can take.
func (s *Simulator) submitDue(ctx context.Context, now time.Time) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id, tenant_id, labels FROM flow_run WHERE state = 'Scheduled'
		AND scheduled_start_time <= ? AND scheduled_start_time > ? ORDER BY scheduled_start_time, id LIMIT ?`,
		store.FormatTime(now), store.FormatTime(now.Add(-s.opts.LateAfter)), s.opts.MaxRuns)
	if err != nil {
		return err
	}
	type due struct{ id, tenant, labels string }
	var runs []due
	for rows.Next() {
		var d due
		var tenant, labels sql.NullString
		if err := rows.Scan(&d.id, &tenant, &labels); err != nil {
			rows.Close()
			return err
		}
		d.tenant, d.labels = tenant.String, labels.String
		runs = append(runs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, d := range runs {
		agent, name, err := s.agentFor(ctx, d.tenant, d.labels, now)
		if err != nil {
			return err
		}
		if agent == "" {
			continue // no agent can run it: it becomes late
		}
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			st, _ := mutations.ParseState(map[string]any{"type": "Submitted", "message": "Submitted for execution",
				"state": map[string]any{"type": "Scheduled", "message": "Flow run scheduled."}}, now)
			if err := s.m.SetFlowRunState(ctx, tx, d.id, "", st, now, agent); err != nil {
				return err
			}
			return s.log(ctx, tx, now, d.id, "", "agent", "INFO", fmt.Sprintf("Submitted for execution: Job prefect-job-%s (agent %s)", d.id[:8], name))
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// agentFor finds a recently active agent of the tenant whose labels cover labels.
func (s *Simulator) agentFor(ctx context.Context, tenant, labels string, now time.Time) (id, name string, err error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, coalesce(name, ''), labels FROM agent WHERE tenant_id = ? AND last_queried >= ?
		AND id IN (SELECT value FROM json_each(?)) ORDER BY created, id`,
		tenant, store.FormatTime(now.Add(-5*time.Minute)), js(s.alive))
	if err != nil {
		return "", "", err
	}
	defer rows.Close()
	want := decodeStrings(labels)
	for rows.Next() {
		var aid, aname string
		var al sql.NullString
		if err := rows.Scan(&aid, &aname, &al); err != nil {
			return "", "", err
		}
		have := map[string]bool{}
		for _, l := range decodeStrings(al.String) {
			have[l] = true
		}
		ok := true
		for _, l := range want {
			ok = ok && have[l]
		}
		if ok && id == "" {
			id, name = aid, aname
		}
	}
	return id, name, rows.Err()
}

// startSubmitted starts the flow-run processes of the runs its agents submitted, but
// for those whose Kubernetes pod cannot pull its image (the agent reported a BackOff
// event for it): they stay Submitted, as on a real cluster.
func (s *Simulator) startSubmitted(ctx context.Context, now time.Time) error {
	ids, err := s.ids(ctx, `SELECT id FROM flow_run WHERE state = 'Submitted' AND state_timestamp <= ? AND `+s.played()+`
		AND NOT EXISTS (SELECT 1 FROM log l WHERE l.flow_run_id = flow_run.id AND l.name = 'k8s-infra' AND l.message LIKE '%''BackOff''%')
		ORDER BY state_timestamp, id LIMIT ?`, store.FormatTime(now.Add(-2*time.Second)), s.agentList(), s.opts.MaxRuns)
	if err != nil {
		return err
	}
	for _, id := range ids {
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			if err := s.m.SetFlowRunState(ctx, tx, id, "", mutations.NewState("Running", "Running flow."), now, ""); err != nil {
				return err
			}
			var flow string
			if err := tx.QueryRowContext(ctx, `SELECT f.name FROM flow f JOIN flow_run fr ON fr.flow_id = f.id WHERE fr.id = ?`, id).Scan(&flow); err != nil {
				return err
			}
			return s.log(ctx, tx, now, id, "", "prefect.FlowRunner", "INFO", fmt.Sprintf("Beginning Flow run for '%s'", flow))
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// played is the SQL test that a flow run was submitted by one of the simulator's
// agents (its argument is agentList()).
func (s *Simulator) played() string {
	return `agent_id IN (SELECT value FROM json_each(?))`
}

func (s *Simulator) agentList() string { return js(s.agents) }

// touchAgents keeps the healthy agents polling. The agents of the store when the
// simulator starts are the ones it plays; those that were active within an hour of the
// most recent one are the healthy ones, so a demo database reopened days later comes
// back to life, and its stale agent stays stale. Agents registered later are real ones:
// they poll (or not) on their own.
func (s *Simulator) touchAgents(ctx context.Context, now time.Time) error {
	if s.alive == nil {
		var latest sql.NullString
		if err := s.db.QueryRowContext(ctx, `SELECT max(last_queried) FROM agent`).Scan(&latest); err != nil {
			return err
		}
		all, err := s.ids(ctx, `SELECT id FROM agent ORDER BY id`)
		if err != nil {
			return err
		}
		s.agents = append([]string{}, all...)
		s.alive = []string{}
		if t, err := store.ParseTime(latest.String); err == nil {
			ids, err := s.ids(ctx, `SELECT id FROM agent WHERE last_queried >= ? ORDER BY id`, store.FormatTime(t.Add(-time.Hour)))
			if err != nil {
				return err
			}
			s.alive = append(s.alive, ids...)
		}
	}
	ts := store.FormatTime(now)
	for _, id := range s.alive {
		if _, err := s.db.ExecContext(ctx, `UPDATE agent SET last_queried = ? WHERE id = ?`, ts, id); err != nil {
			return err
		}
	}
	return nil
}
