package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// tenantSeed is one tenant that Options asks the store to hold.
type tenantSeed struct {
	slug, id string // id "" finds the tenant by slug
	runs     int    // the runs asked for, as the seed records them
	run      func(ctx context.Context, db *store.DB) error
}

// tenantSeeds lists the tenants opts asks for: the demo tenant (Server mode), the
// Cloud demo's tenants, or the benchmark tenant of --scale without --seed demo.
func tenantSeeds(opts Options) ([]tenantSeed, error) {
	now := opts.Now()
	switch {
	case opts.Seed == "demo" && opts.Cloud:
		var out []tenantSeed
		for _, t := range CloudDemoTenants {
			runs := t.Runs
			if opts.Scale > 0 {
				runs = opts.Scale
			}
			do := seed.DemoOptions{Now: now, TenantID: t.ID, TenantName: t.Name, Slug: t.Slug, Runs: runs, Seed: t.Seed, Progress: opts.Progress}
			if runs <= 0 {
				runs = seed.DefaultRuns
			}
			out = append(out, tenantSeed{slug: t.Slug, id: t.ID, runs: runs, run: func(ctx context.Context, db *store.DB) error {
				if _, err := seed.Demo(ctx, db, do); err != nil {
					return fmt.Errorf("seed tenant %s: %w", t.Slug, err)
				}
				return nil
			}})
		}
		return out, nil
	case opts.Seed == "demo":
		runs := opts.Scale
		if runs <= 0 {
			runs = seed.DefaultRuns
		}
		return []tenantSeed{{slug: seed.DefaultTenantSlug, runs: runs, run: func(ctx context.Context, db *store.DB) error {
			if _, err := seed.Demo(ctx, db, seed.DemoOptions{Now: now, Runs: opts.Scale, Progress: opts.Progress}); err != nil {
				return fmt.Errorf("seed demo: %w", err)
			}
			return nil
		}}}, nil
	case opts.Seed != "" && opts.Seed != "none":
		return nil, fmt.Errorf("unknown seed %q (want demo or none)", opts.Seed)
	case opts.Scale > 0 && !opts.Cloud:
		return []tenantSeed{{slug: "bench", runs: opts.Scale, run: func(ctx context.Context, db *store.DB) error {
			if _, err := seed.Generate(ctx, db, seed.GenerateOptions{Now: now, Runs: opts.Scale, Progress: opts.Progress}); err != nil {
				return fmt.Errorf("seed scale: %w", err)
			}
			return nil
		}}}, nil
	}
	return nil, nil
}

// seedData makes db hold the tenants opts asks for. A tenant the store already has is
// kept as it is (a file-backed store is seeded once), unless its recorded seed asked
// for another number of runs: then the store is not what opts describes, and the
// answer is an error rather than the wrong data.
func seedData(ctx context.Context, db *store.DB, opts Options) error {
	seeds, err := tenantSeeds(opts)
	if err != nil {
		return err
	}
	seeded := false
	for _, ts := range seeds {
		exists, err := hasTenant(ctx, db, ts)
		if err != nil {
			return err
		}
		if !exists {
			if err := ts.run(ctx, db); err != nil {
				return err
			}
			seeded = true
			continue
		}
		rec, ok, err := seed.Find(ctx, db, ts.slug)
		if err != nil {
			return err
		}
		if ok && rec.Runs != ts.runs {
			where := "the database"
			if db.Path != "" {
				where = db.Path
			}
			return fmt.Errorf("%s holds tenant %q seeded with %d runs, not %d: remove the file or use another --db", where, ts.slug, rec.Runs, ts.runs)
		}
	}
	if seeded {
		// Filled in bulk: the query planner's statistics are out of date.
		return db.Optimize(ctx)
	}
	return nil
}

func hasTenant(ctx context.Context, db *store.DB, ts tenantSeed) (bool, error) {
	q, arg := `SELECT count(*) FROM tenant WHERE slug = ?`, ts.slug
	if ts.id != "" {
		q, arg = `SELECT count(*) FROM tenant WHERE id = ?`, ts.id
	}
	var n int
	err := db.QueryRowContext(ctx, q, arg).Scan(&n)
	return n > 0, err
}

// seedNewFile seeds a store file that does not exist yet whole, with seed.NewFile:
// the file appears only once complete, so that an interrupted start (SIGINT, SIGTERM:
// ctx) leaves nothing that opens as a seeded store. Other stores are seeded in place
// by seedData.
func seedNewFile(ctx context.Context, opts Options) error {
	if opts.DB == "" || opts.DB == ":memory:" {
		return nil
	}
	seeds, err := tenantSeeds(opts)
	if err != nil || len(seeds) == 0 {
		return err
	}
	if _, err := os.Lstat(opts.DB); !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return seed.NewFile(ctx, opts.DB, func(ctx context.Context, db *store.DB) error { return seedData(ctx, db, opts) })
}
