package seed

import (
	"context"
	"database/sql"
	"errors"

	"github.com/prefect-tui/prefect-tui/server/store"
)

// Every completed seed is recorded in the seed table, in the seed's own transaction: a
// store that holds a seeded tenant knows how many runs it was seeded with, so that a
// server asked for another number can say so instead of serving the wrong data. The
// table is the seed's bookkeeping, outside the catalog: the API never serves it.
const seedTableDDL = `CREATE TABLE IF NOT EXISTS prefect_tui_seed (
  slug TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  runs INTEGER NOT NULL,
  flow_runs INTEGER NOT NULL,
  seed INTEGER NOT NULL,
  now TEXT NOT NULL
)`

// Record describes one completed seed of a store.
type Record struct {
	Slug, TenantID string
	// Runs is the number of runs the seed was asked for (Demo's default when it was
	// not given); FlowRuns is how many it wrote (a demo adds upcoming scheduled runs).
	Runs, FlowRuns int
	Seed           int64
	// Now is the seed's clock, in the store's time format.
	Now string
}

func record(ctx context.Context, ex store.Execer, o buildOptions, flowRuns int) error {
	if _, err := ex.ExecContext(ctx, seedTableDDL); err != nil {
		return err
	}
	_, err := ex.ExecContext(ctx, `INSERT OR REPLACE INTO prefect_tui_seed (slug, tenant_id, runs, flow_runs, seed, now) VALUES (?, ?, ?, ?, ?, ?)`,
		o.slug, o.tenantID, o.runs, flowRuns, o.seed, store.FormatTime(o.now))
	return err
}

// Find returns the record of the completed seed of the tenant with slug; ok is false
// when the store has none (never seeded, or seeded before seeds were recorded).
func Find(ctx context.Context, db *store.DB, slug string) (r Record, ok bool, err error) {
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'prefect_tui_seed'`).Scan(&n); err != nil || n == 0 {
		return r, false, err
	}
	err = db.QueryRowContext(ctx, `SELECT slug, tenant_id, runs, flow_runs, seed, now FROM prefect_tui_seed WHERE slug = ?`, slug).
		Scan(&r.Slug, &r.TenantID, &r.Runs, &r.FlowRuns, &r.Seed, &r.Now)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}
