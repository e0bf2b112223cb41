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

// Simulator keeps a seeded database alive: due runs are submitted and start, tasks run
// in DAG order and finish (some fail or retry), logs stream, cancelling runs end
// cancelled, and active schedules always have upcoming runs. Every change goes through
// the same state machine as the API, one short transaction per run.
type Simulator struct {
	db   *store.DB
	opts SimulatorOptions
	m    mutations.Machine
	mu   sync.Mutex
	rng  *rand.Rand
	// alive are the agents the simulator keeps polling (set on the first step).
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
	phases := []func(context.Context, time.Time) error{s.touchAgents, s.finishCancelling, s.submitDue, s.startSubmitted, s.advanceRunning, s.scheduleAhead}
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
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
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
	ids, err := s.ids(ctx, `SELECT id FROM flow_run WHERE state = 'Cancelling' AND state_timestamp <= ? ORDER BY state_timestamp, id LIMIT ?`,
		store.FormatTime(now.Add(-3*time.Second)), s.opts.MaxRuns)
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
	rows, err := s.db.QueryContext(ctx, `SELECT id, coalesce(name, ''), labels FROM agent WHERE tenant_id = ? AND last_queried >= ? ORDER BY created, id`,
		tenant, store.FormatTime(now.Add(-5*time.Minute)))
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

func (s *Simulator) startSubmitted(ctx context.Context, now time.Time) error {
	ids, err := s.ids(ctx, `SELECT fr.id FROM flow_run fr WHERE fr.state = 'Submitted' AND fr.state_timestamp <= ? ORDER BY fr.state_timestamp, fr.id LIMIT ?`,
		store.FormatTime(now.Add(-2*time.Second)), s.opts.MaxRuns)
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

// scheduleAhead keeps ten upcoming runs for every active schedule.
func (s *Simulator) scheduleAhead(ctx context.Context, now time.Time) error {
	ids, err := s.ids(ctx, `SELECT id FROM flow WHERE is_schedule_active = 1 AND archived = 0 ORDER BY id`)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := s.inTx(ctx, func(tx *sql.Tx) error {
			_, err := s.m.ScheduleFlowRuns(ctx, tx, id, now, 10)
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}

// touchAgents keeps the healthy agents polling. The agents that were active within an
// hour of the most recent one when the simulator started are the healthy ones, so a
// demo database reopened days later comes back to life, and its stale agent stays
// stale. Agents registered later poll while they are recent.
func (s *Simulator) touchAgents(ctx context.Context, now time.Time) error {
	if s.alive == nil {
		var latest sql.NullString
		if err := s.db.QueryRowContext(ctx, `SELECT max(last_queried) FROM agent`).Scan(&latest); err != nil {
			return err
		}
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
	if _, err := s.db.ExecContext(ctx, `UPDATE agent SET last_queried = ? WHERE last_queried >= ?`, ts, store.FormatTime(now.Add(-5*time.Minute))); err != nil {
		return err
	}
	for _, id := range s.alive {
		if _, err := s.db.ExecContext(ctx, `UPDATE agent SET last_queried = ? WHERE id = ?`, ts, id); err != nil {
			return err
		}
	}
	return nil
}
