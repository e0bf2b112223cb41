// Package services runs Prefect Server's background services on the embedded store:
// the scheduler (runs ahead for active schedules), the zombie killer (task runs of
// flow runs whose heartbeat stopped, stuck Cancelling runs) and Lazarus (flow runs
// left with nothing running). Each has a RunOnce(ctx, now) that tests drive with
// their own clock, and Start runs them all on a clock until stopped.
package services

import (
	"context"
	"database/sql"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/prefect-tui/prefect-tui/server/store"
)

// Service is one of Prefect Server's loop services.
type Service interface {
	// Name is the service's logger name ("Scheduler", "ZombieKiller", "Lazarus").
	Name() string
	// Every is the time between two passes (Prefect's loop_seconds_default).
	Every() time.Duration
	// RunOnce makes one pass at time now and returns how many runs it handled.
	RunOnce(ctx context.Context, now time.Time) (int, error)
}

// Options configures Start.
type Options struct {
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Logger receives each pass's counts and errors (nil: discarded).
	Logger *slog.Logger
	// Tick is how often Start looks at the clock (default 1 s): a pass is due when the
	// clock has moved Every past the previous one.
	Tick time.Duration
}

// All returns Prefect Server's services over db.
func All(db *store.DB) []Service {
	return []Service{NewScheduler(db), NewZombieKiller(db), NewLazarus(db)}
}

// Start runs svcs until the returned stop function is called. The scheduler's first
// pass is at once, as in Prefect Server; the others first run one interval after the
// start, so a reopened database's heartbeats get a chance to resume first. Passes
// follow the clock given, not the wall clock, so a test clock drives them too.
func Start(svcs []Service, opts Options) (stop func()) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Tick <= 0 {
		opts.Tick = time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, s := range svcs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			loop(ctx, s, opts)
		}()
	}
	return func() {
		cancel()
		wg.Wait()
	}
}

func loop(ctx context.Context, s Service, opts Options) {
	next := opts.Now()
	if _, ok := s.(*Scheduler); !ok {
		next = next.Add(s.Every())
	}
	t := time.NewTicker(opts.Tick)
	defer t.Stop()
	for {
		if now := opts.Now(); !now.Before(next) {
			n, err := s.RunOnce(ctx, now)
			switch {
			case err != nil && ctx.Err() == nil:
				opts.Logger.Error("service pass failed", "service", s.Name(), "error", err)
			case n > 0:
				opts.Logger.Info("service pass", "service", s.Name(), "runs", n)
			}
			next = now.Add(s.Every())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// inTx runs f in one short write transaction.
func inTx(ctx context.Context, db *store.DB, f func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// ids reads one column of ids (the rows are closed before any write: an in-memory
// store has a single connection).
func ids(ctx context.Context, db *store.DB, query string, args ...any) ([]string, error) {
	return store.Strings(ctx, db, query, args...)
}

// writeLog adds one log line of a service to a flow run (and task run).
func writeLog(ctx context.Context, tx *sql.Tx, now time.Time, flowRunID, taskRunID, name, level, msg string) error {
	ts := store.FormatTime(now)
	var tr any
	if taskRunID != "" {
		tr = taskRunID
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO log (id, tenant_id, flow_run_id, task_run_id, timestamp, name, level, message, info, created, updated, is_loaded_from_archive)
		SELECT ?, tenant_id, id, ?, ?, ?, ?, ?, NULL, ?, ?, 0 FROM flow_run WHERE id = ?`,
		uuid.NewString(), tr, ts, name, level, msg, ts, ts, flowRunID)
	return err
}
