// Package servertest starts embedded servers for tests without seeding the demo again
// and again: each demo (per seed options) is seeded once per test binary into a
// template in-memory database, and every server gets its own copy of it through
// SQLite's backup API (a page copy, far cheaper than seeding under -race). Tests that
// change data therefore still never see each other's changes.
package servertest

import (
	"context"
	"database/sql"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"modernc.org/sqlite"

	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// Now is the default fixed clock of the servers this package starts.
var Now = time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)

// Options configures a test server.
type Options struct {
	// Demo is what the demo tenant is seeded with (zero Now: Now; zero Runs: the
	// demo's default). In Cloud mode, Demo.Runs (required) is the runs per Cloud demo
	// tenant, as server.Options.Scale, and Demo.Now and Demo.Seed are ignored: each
	// tenant has its own seed and is seeded at the server's clock, as in the real server.
	Demo seed.DemoOptions
	// Server holds the other server options (AccessTokenTTL, TokenFile, ...). Its Now
	// defaults to a fixed clock at Demo.Now; DB, Seed and Scale are set here.
	Server server.Options
}

// New returns a server whose store holds a private copy of the demo; it is closed
// when the test ends. In Server mode the store is in memory as with server.New; in
// Cloud mode it is a file in t.TempDir() that server.New finds already seeded, so
// that it still sets up the demo users and the demo user's token itself.
func New(t testing.TB, opts Options) *server.Server {
	t.Helper()
	if opts.Demo.Now.IsZero() {
		opts.Demo.Now = Now
	}
	so := opts.Server
	if so.Now == nil {
		now := opts.Demo.Now
		so.Now = func() time.Time { return now }
	}
	cloud := so.Cloud
	if cloud {
		if opts.Demo.Runs <= 0 {
			t.Fatal("servertest: Cloud mode needs Demo.Runs (the Scale of every demo tenant)")
		}
		// The Cloud demo tenants are seeded at the server's clock.
		opts.Demo.Now = so.Now()
		opts.Demo.Seed = 0
	}
	tpl, err := template(opts.Demo, cloud)
	if err != nil {
		t.Fatal(err)
	}
	if cloud {
		path := filepath.Join(t.TempDir(), "prefect.db")
		if err := tpl.backupTo(path); err != nil {
			t.Fatal(err)
		}
		so.DB, so.Seed, so.Scale = path, "demo", opts.Demo.Runs
		s, err := server.New(so)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	so.DB, so.Seed, so.Scale = "", "", 0
	s, err := server.New(so)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := tpl.restoreInto(s.DB); err != nil {
		t.Fatal(err)
	}
	return s
}

// DemoDB returns a private in-memory store (closed when the test ends) holding a copy
// of the demo seeded with opts (zero Now: Now), for tests below the server.
func DemoDB(t testing.TB, opts seed.DemoOptions) *store.DB {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = Now
	}
	tpl, err := template(opts, false)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := tpl.restoreInto(db); err != nil {
		t.Fatal(err)
	}
	return db
}

// Start is New plus an HTTP server on a free loopback port; it returns the server and
// the base URL (without /graphql).
func Start(t testing.TB, opts Options) (*server.Server, string) {
	t.Helper()
	s := New(t, opts)
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(hs.Close)
	return s, hs.URL
}

// Shared returns one Server-mode server per demo options for the whole test binary,
// with its base URL, for tests that only read (or undo what they change). Its clock is
// fixed at demo.Now (zero: Now); it lives until the binary exits.
func Shared(t testing.TB, demo seed.DemoOptions) (*server.Server, string) {
	t.Helper()
	if demo.Now.IsZero() {
		demo.Now = Now
	}
	mu.Lock()
	o := shared[demo]
	if o == nil {
		o = &sharedOnce{}
		shared[demo] = o
	}
	mu.Unlock()
	o.once.Do(func() {
		tpl, err := template(demo, false)
		if err != nil {
			o.err = err
			return
		}
		now := demo.Now
		if o.srv, o.err = server.New(server.Options{Now: func() time.Time { return now }}); o.err != nil {
			return
		}
		if o.err = tpl.restoreInto(o.srv.DB); o.err != nil {
			return
		}
		o.url = httptest.NewServer(o.srv.Handler()).URL
	})
	if o.err != nil {
		t.Fatalf("embedded server: %v", o.err)
	}
	return o.srv, o.url
}

type sharedOnce struct {
	once sync.Once
	srv  *server.Server
	url  string
	err  error
}

var shared = map[seed.DemoOptions]*sharedOnce{}

// tpl is one seeded template database, kept open for the life of the test binary.
type tpl struct {
	uri  string
	db   *sql.DB
	keep *sql.Conn // holds the shared in-memory database alive
}

type key struct {
	opts  seed.DemoOptions
	cloud bool
}

var (
	mu        sync.Mutex
	templates = map[key]*tplOnce{}
	seq       atomic.Int64
)

type tplOnce struct {
	once sync.Once
	tpl  *tpl
	err  error
}

// template returns the template for opts, seeding it on first use.
func template(opts seed.DemoOptions, cloud bool) (*tpl, error) {
	k := key{opts: opts, cloud: cloud}
	mu.Lock()
	o := templates[k]
	if o == nil {
		o = &tplOnce{}
		templates[k] = o
	}
	mu.Unlock()
	o.once.Do(func() { o.tpl, o.err = seedTemplate(opts, cloud) })
	return o.tpl, o.err
}

func seedTemplate(opts seed.DemoOptions, cloud bool) (*tpl, error) {
	ctx := context.Background()
	uri := fmt.Sprintf("file:servertest-%d?mode=memory&cache=shared", seq.Add(1))
	db, err := sql.Open("sqlite", uri+"&_pragma=busy_timeout(10000)&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	keep, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	t := &tpl{uri: uri, db: db, keep: keep}
	sdb := &store.DB{DB: db}
	if err := sdb.Migrate(ctx); err != nil {
		return nil, err
	}
	if !cloud {
		if _, err := seed.Demo(ctx, sdb, opts); err != nil {
			return nil, fmt.Errorf("seed demo: %w", err)
		}
		return t, nil
	}
	// What server.New seeds in Cloud mode (server/cloud.go), before the auth setup.
	for _, ct := range server.CloudDemoTenants {
		if _, err := seed.Demo(ctx, sdb, seed.DemoOptions{
			Now: opts.Now, TenantID: ct.ID, TenantName: ct.Name, Slug: ct.Slug, Runs: opts.Runs, Seed: ct.Seed,
		}); err != nil {
			return nil, fmt.Errorf("seed tenant %s: %w", ct.Slug, err)
		}
	}
	return t, nil
}

// restorer is what modernc.org/sqlite's connections offer for the backup API.
type restorer interface {
	NewRestore(srcURI string) (*sqlite.Backup, error)
	NewBackup(dstURI string) (*sqlite.Backup, error)
}

// restoreInto copies the template over db's main database.
func (t *tpl) restoreInto(db *store.DB) error {
	conn, err := db.Conn(context.Background())
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		r, ok := dc.(restorer)
		if !ok {
			return fmt.Errorf("servertest: driver connection %T has no backup API", dc)
		}
		b, err := r.NewRestore(t.uri)
		if err != nil {
			return fmt.Errorf("servertest: restore: %w", err)
		}
		return finish(b)
	})
}

// backupTo writes the template to a new database file at path.
func (t *tpl) backupTo(path string) error {
	return t.keep.Raw(func(dc any) error {
		r, ok := dc.(restorer)
		if !ok {
			return fmt.Errorf("servertest: driver connection %T has no backup API", dc)
		}
		b, err := r.NewBackup("file:" + path)
		if err != nil {
			return fmt.Errorf("servertest: backup: %w", err)
		}
		return finish(b)
	})
}

func finish(b *sqlite.Backup) error {
	if _, err := b.Step(-1); err != nil {
		b.Finish()
		return fmt.Errorf("servertest: copy: %w", err)
	}
	return b.Finish()
}
