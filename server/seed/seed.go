// Package seed fills the embedded server's store: Demo makes a deterministic,
// realistic tenant (projects, versioned flows with DAGs, thousands of runs in every
// state with full histories and logs), Generate makes N runs for benchmarks, NewFile
// seeds a new store file that appears only once complete, and the Simulator keeps the
// data alive with the same state machine as the API. From LeanRuns runs on a seed
// writes the scale form, leaner per run (lean.go), as a bulk load.
package seed

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
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
	// Progress, when set, is told how far a seed of LeanRuns or more has got, a
	// line every 5%.
	Progress io.Writer
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
	// Progress is as in DemoOptions.
	Progress io.Writer
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

// Demo seeds the demo tenant. Same options give identical rows; from LeanRuns runs on
// they are in the scale form (lean.go).
func Demo(ctx context.Context, db *store.DB, opts DemoOptions) (Stats, error) {
	if opts.Runs <= 0 {
		opts.Runs = DefaultRuns
	}
	return build(ctx, db, buildOptions{
		now: opts.Now, tenantID: opts.TenantID, tenantName: opts.TenantName, slug: opts.Slug,
		runs: opts.Runs, seed: opts.Seed, days: 30, extras: true, progress: opts.Progress, scale: defaultScale,
	})
}

// Generate seeds a benchmark tenant with opts.Runs flow runs and proportional task
// runs, histories and logs; from LeanRuns runs on in the scale form, as a bulk load.
func Generate(ctx context.Context, db *store.DB, opts GenerateOptions) (Stats, error) {
	return generate(ctx, db, opts, defaultScale)
}

func generate(ctx context.Context, db *store.DB, opts GenerateOptions, sc scale) (Stats, error) {
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
		runs: opts.Runs, seed: opts.Seed, days: opts.Days, progress: opts.Progress, scale: sc,
	})
}

type buildOptions struct {
	now                        time.Time
	tenantID, tenantName, slug string
	runs                       int
	seed                       int64
	days                       int
	extras                     bool
	progress                   io.Writer
	scale                      scale
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

// scale holds the sizes from which a seed is a bulk load: it writes the scale form
// (lean.go) and drops the secondary indexes of the run tables to create them again at
// the end (one sort each instead of an update per row). Tests lower them to try those
// paths on small seeds.
type scale struct {
	lean, bulk int
}

var defaultScale = scale{lean: LeanRuns, bulk: LeanRuns}

// bulkTables are the tables whose secondary indexes a bulk load defers.
var bulkTables = []string{"flow_run", "flow_run_state", "task_run", "task_run_state", "log"}

// checkEvery is how many flow runs a seed writes between two looks at its context.
const checkEvery = 256

// build writes one tenant in one transaction on one connection, so that a reader
// sees all of it or nothing: an interrupted seed (ctx cancelled) leaves no trace.
func build(ctx context.Context, db *store.DB, o buildOptions) (st Stats, err error) {
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
	st = Stats{TenantID: o.tenantID}
	defer func() {
		// A statement interrupted by the cancelled context fails: report why.
		if err != nil && ctx.Err() != nil {
			err = ctx.Err()
		}
	}()

	conn, err := db.Conn(ctx)
	if err != nil {
		return st, err
	}
	defer conn.Close()
	restore, err := store.TuneForBulk(ctx, conn)
	if err != nil {
		return st, err
	}
	defer func() {
		if rerr := restore(); err == nil {
			err = rerr
		}
	}()
	// The transaction is the seed's own, not database/sql's: database/sql rolls a
	// transaction back as soon as its context is done, and the writer's inserts would
	// then go on in autocommit mode until it stops. The seed stops its writer first.
	if _, err := conn.ExecContext(context.Background(), `BEGIN IMMEDIATE`); err != nil {
		return st, err
	}
	committed := false
	defer func() {
		if !committed {
			conn.ExecContext(context.Background(), `ROLLBACK`) //nolint:errcheck // the seed's error is the one to report
		}
	}()
	var deferred []store.Index
	var resumeSearch func(context.Context) error
	if o.runs >= o.scale.bulk {
		defer relaxGC()()
		if deferred, err = store.DropIndexes(ctx, conn, bulkTables...); err != nil {
			return st, err
		}
		// The runs' search structures and count too are built at the end, in one
		// pass each.
		if resumeSearch, err = store.SuspendSearch(ctx, conn, "flow_run"); err != nil {
			return st, err
		}
	}
	w := newWriter(conn, o.tenantID)
	defer w.stop()
	wd, err := writeWorld(ctx, conn, w, g, o)
	if err != nil {
		return st, err
	}
	lean := o.runs >= o.scale.lean
	b := &runBuilder{w: w, g: g, rng: rng, world: wd, now: o.now, full: o.extras && !lean, extras: o.extras, lean: lean}
	specs := b.specs(o.runs, o.days, !o.extras)
	rep := newReporter(o, len(specs), began)
	for i, sp := range specs {
		if i%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return st, err
			}
			rep.runs(i)
		}
		if err := b.writeRun(sp); err != nil {
			return st, err
		}
	}
	if o.extras {
		if err := b.writeExtras(); err != nil {
			return st, err
		}
		if err := b.writeTriage(); err != nil {
			return st, err
		}
	}
	if err := w.close(); err != nil {
		return st, err
	}
	if len(deferred) > 0 {
		rep.indexes()
		// Before the indexes: they reuse the pages the text index's merges freed.
		if resumeSearch != nil {
			if err := resumeSearch(ctx); err != nil {
				return st, err
			}
		}
		if err := store.CreateIndexes(ctx, conn, deferred); err != nil {
			return st, err
		}
	}
	if err := record(ctx, conn, o, len(specs)); err != nil {
		return st, err
	}
	if err := ctx.Err(); err != nil {
		return st, err
	}
	if _, err := conn.ExecContext(context.Background(), `COMMIT`); err != nil {
		return st, err
	}
	committed = true
	rep.done()
	st.Rows = w.count
	st.FlowRuns = len(specs)
	st.Elapsed = time.Since(began)
	return st, nil
}
