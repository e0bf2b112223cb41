package services

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/prefect-tui/prefect-tui/server/mutations"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// Scheduler is Prefect Server's scheduler service (services/towel/scheduler.py): every
// pass visits the flows whose schedule is active and that are not archived, in batches
// of 500, and keeps their next runs created (mutations.Machine.ScheduleFlowRuns: up to
// ten ahead, with the clocks' parameter defaults and labels). A flow whose schedule
// cannot be read does not stop the others.
type Scheduler struct {
	db *store.DB
	// M creates the runs (tests give it fixed ids and names).
	M mutations.Machine
	// MaxRuns is how many runs ahead each flow keeps (default 10).
	MaxRuns int
}

// NewScheduler returns the scheduler over db.
func NewScheduler(db *store.DB) *Scheduler {
	return &Scheduler{db: db, MaxRuns: mutations.MaxScheduledRuns}
}

// Name implements Service.
func (s *Scheduler) Name() string { return "Scheduler" }

// Every implements Service: Prefect's scheduler loops every 150 seconds.
func (s *Scheduler) Every() time.Duration { return 150 * time.Second }

// RunOnce implements Service: it returns the number of runs created.
func (s *Scheduler) RunOnce(ctx context.Context, now time.Time) (int, error) {
	now = now.UTC()
	total := 0
	var errs []error
	for offset := 0; ; offset += 500 {
		flows, err := ids(ctx, s.db, `SELECT id FROM flow WHERE is_schedule_active = 1 AND archived = 0 ORDER BY id DESC LIMIT 500 OFFSET ?`, offset)
		if err != nil {
			return total, err
		}
		for _, id := range flows {
			var n int
			err := inTx(ctx, s.db, func(tx *sql.Tx) error {
				var err error
				n, err = s.M.ScheduleFlowRuns(ctx, tx, id, now, s.MaxRuns)
				return err
			})
			if err != nil {
				if ctx.Err() != nil {
					return total, ctx.Err()
				}
				errs = append(errs, err)
				continue
			}
			total += n
		}
		if len(flows) < 500 {
			break
		}
	}
	if len(errs) > 0 {
		return total, fmt.Errorf("scheduling %d flow(s) failed: %w", len(errs), errors.Join(errs...))
	}
	return total, nil
}
