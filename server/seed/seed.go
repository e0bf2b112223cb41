// Package seed fills the embedded server's store: Demo makes a deterministic,
// realistic tenant (projects, versioned flows with DAGs, thousands of runs in every
// state with full histories and logs), Generate makes N runs for benchmarks, and the
// Simulator keeps the data alive with the same state machine as the API.
package seed

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/prefect-tui/prefect-tui/server/store"
)

// DemoOptions configures Demo.
type DemoOptions struct {
	// Now is the clock every timestamp is relative to (zero: time.Now()).
	Now time.Time
	// TenantID, TenantName and Slug name the tenant; empty values get defaults. An
	// existing tenant row with TenantID is reused.
	TenantID, TenantName, Slug string
	// Runs is the number of past and present flow runs (default 2,000); future
	// scheduled runs of active schedules come on top.
	Runs int
	// Seed drives every random choice and id.
	Seed int64
}

// GenerateOptions configures Generate.
type GenerateOptions struct {
	// Runs is the number of flow runs to create.
	Runs int
	// Now, TenantID, TenantName, Slug and Seed are as in DemoOptions; Slug defaults to
	// "bench" so that Generate can run next to Demo.
	Now                        time.Time
	TenantID, TenantName, Slug string
	Seed                       int64
	// Days spreads the runs over this many days before Now (default 30).
	Days int
}

// Stats reports what a seeding wrote.
type Stats struct {
	TenantID string
	FlowRuns int
	Rows     int64
	Elapsed  time.Duration
}

// DefaultRuns is the demo's number of flow runs.
const DefaultRuns = 2000

// DefaultTenantSlug is the slug of the demo tenant.
const DefaultTenantSlug = "demo"

// Demo seeds the demo tenant. Same options give identical rows.
func Demo(ctx context.Context, db *store.DB, opts DemoOptions) (Stats, error) {
	if opts.Runs <= 0 {
		opts.Runs = DefaultRuns
	}
	return build(ctx, db, buildOptions{
		now: opts.Now, tenantID: opts.TenantID, tenantName: opts.TenantName, slug: opts.Slug,
		runs: opts.Runs, seed: opts.Seed, days: 30, extras: true,
	})
}

// Generate seeds a benchmark tenant with opts.Runs flow runs and proportional task
// runs, histories and logs, committing in chunks so that 100k runs stay fast.
func Generate(ctx context.Context, db *store.DB, opts GenerateOptions) (Stats, error) {
	if opts.Runs <= 0 {
		return Stats{}, fmt.Errorf("seed: Generate needs Runs > 0")
	}
	if opts.Slug == "" {
		opts.Slug = "bench"
	}
	if opts.TenantName == "" {
		opts.TenantName = "Benchmark"
	}
	if opts.Days <= 0 {
		opts.Days = 30
	}
	return build(ctx, db, buildOptions{
		now: opts.Now, tenantID: opts.TenantID, tenantName: opts.TenantName, slug: opts.Slug,
		runs: opts.Runs, seed: opts.Seed, days: opts.Days,
	})
}

type buildOptions struct {
	now                        time.Time
	tenantID, tenantName, slug string
	runs                       int
	seed                       int64
	days                       int
	extras                     bool
}

// ids makes deterministic ids: name-based (uuid v5) for the fixed world, and for runs
// time-ordered ones (uuid v7 layout: Now's milliseconds, then a sequence number, then
// seeded random bits), so that bulk inserts append to the primary-key indexes instead
// of touching random pages.
type ids struct {
	ns  uuid.UUID
	rng *rand.Rand
	ms  uint64
	seq uint64
}

func (g *ids) named(name string) string { return uuid.NewSHA1(g.ns, []byte(name)).String() }

func (g *ids) next() string {
	g.seq++
	var b [16]byte
	binary.BigEndian.PutUint64(b[8:], g.rng.Uint64())
	ms, seq := g.ms, g.seq
	b[0], b[1], b[2], b[3], b[4], b[5] = byte(ms>>40), byte(ms>>32), byte(ms>>24), byte(ms>>16), byte(ms>>8), byte(ms)
	b[6] = 0x70 | byte(seq>>40)&0x0f
	b[7] = byte(seq >> 32)
	b[8] = 0x80 | byte(seq>>26)&0x3f
	b[9] = byte(seq >> 18)
	b[10] = byte(seq >> 10)
	b[11] = byte(seq >> 2)
	b[12] = byte(seq<<6) | b[12]&0x3f
	return uuid.UUID(b).String()
}

// chunkRuns is how many flow runs one transaction writes.
const chunkRuns = 2000

// bulkRuns is the size from which Generate drops the secondary indexes of the run
// tables and rebuilds them at the end: inserting random uuids into them row by row
// costs more than one sort.
var bulkRuns = 20000

// bulkTables are the tables whose secondary indexes a bulk load rebuilds.
var bulkTables = map[string]bool{"flow_run": true, "log": true, "task_run": true, "task_run_state": true, "flow_run_state": true}

// dropBulkIndexes drops the secondary indexes of bulkTables and returns the statements
// that recreate them.
func dropBulkIndexes(ctx context.Context, db *store.DB) ([]string, error) {
	var rebuild []string
	for _, stmt := range store.DDL() {
		f := strings.Fields(stmt)
		// CREATE [UNIQUE] INDEX IF NOT EXISTS name ON table (...)
		if len(f) < 8 || f[0] != "CREATE" || f[1] == "TABLE" {
			continue
		}
		i := 5
		if f[1] == "UNIQUE" {
			i = 6
		}
		if !bulkTables[f[i+2]] {
			continue
		}
		if _, err := db.ExecContext(ctx, `DROP INDEX IF EXISTS "`+f[i]+`"`); err != nil {
			return nil, err
		}
		rebuild = append(rebuild, stmt)
	}
	return rebuild, nil
}

func build(ctx context.Context, db *store.DB, o buildOptions) (Stats, error) {
	began := time.Now()
	if o.now.IsZero() {
		o.now = time.Now()
	}
	o.now = o.now.UTC().Truncate(time.Microsecond)
	if o.slug == "" {
		o.slug = DefaultTenantSlug
	}
	if o.tenantName == "" {
		o.tenantName = "Demo"
	}
	ns := uuid.NewSHA1(uuid.NameSpaceOID, []byte(fmt.Sprintf("prefect-tui/seed/%s/%d", o.slug, o.seed)))
	// The id generator is seeded from the namespace, so that two tenants seeded with
	// the same Now and Seed (the demo and a benchmark) never share an id.
	g := &ids{ns: ns, rng: rand.New(rand.NewPCG(binary.BigEndian.Uint64(ns[:8]), binary.BigEndian.Uint64(ns[8:]))), ms: uint64(o.now.UnixMilli())}
	if o.tenantID == "" {
		o.tenantID = g.named("tenant")
	}
	rng := rand.New(rand.NewPCG(uint64(o.seed), 0xda7a))
	st := Stats{TenantID: o.tenantID}

	var rebuild []string
	if !o.extras && o.runs >= bulkRuns {
		var err error
		if rebuild, err = dropBulkIndexes(ctx, db); err != nil {
			return st, err
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return st, err
	}
	w := newWriter(ctx, tx)
	wd, err := writeWorld(ctx, tx, w, g, o)
	if err != nil {
		tx.Rollback()
		return st, err
	}
	b := &runBuilder{w: w, g: g, rng: rng, world: wd, now: o.now, full: o.extras}
	specs := b.specs(o.runs, o.days, !o.extras)
	for i, sp := range specs {
		if err := b.writeRun(sp); err != nil {
			tx.Rollback()
			return st, err
		}
		if (i+1)%chunkRuns == 0 && i+1 < len(specs) {
			if err := w.flush(); err != nil {
				tx.Rollback()
				return st, err
			}
			if err := tx.Commit(); err != nil {
				return st, err
			}
			st.Rows += w.count
			if tx, err = db.BeginTx(ctx, nil); err != nil {
				return st, err
			}
			w = newWriter(ctx, tx)
			b.w = w
		}
	}
	if o.extras {
		if err := b.writeExtras(); err != nil {
			tx.Rollback()
			return st, err
		}
		if err := b.writeTriage(); err != nil {
			tx.Rollback()
			return st, err
		}
	}
	if err := w.flush(); err != nil {
		tx.Rollback()
		return st, err
	}
	if err := tx.Commit(); err != nil {
		return st, err
	}
	st.Rows += w.count
	for _, stmt := range rebuild {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return st, err
		}
	}
	st.FlowRuns = len(specs)
	st.Elapsed = time.Since(began)
	return st, nil
}
