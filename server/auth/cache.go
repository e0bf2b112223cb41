package auth

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/prefect-tui/prefect-tui/server/catalog"
	"github.com/prefect-tui/prefect-tui/server/engine"
)

// The credentials a server sees are few and each is sent many times a second, so the
// service remembers what it verified: the principal each credential stands for, each
// user's tenants and roles. Every entry is tagged with the version of the auth tables
// it was read at, and is used only while that version is current: triggers on the auth
// tables (authVersionDDL) count every change to them, whoever makes it (a resolver, a
// test, another server on the same file), so a revoked token, a changed role or a
// removed membership takes effect on the very next request. The version is read once
// per lookup, before the rows it guards; expiry is checked against the clock on every
// use. Failures are never cached.

// cacheSize bounds each of the caches.
const cacheSize = 4096

// touchEvery is how often a token's last_used is written at most.
const touchEvery = time.Minute

// versionedTables are the tables a cached entry is read from.
var versionedTables = []string{"cloud_api_token", "cloud_api_key", "cloud_user", "cloud_membership", "cloud_session"}

// untracked are the columns whose changes leave cached entries valid: last_used is
// written by the lookups themselves (touchToken).
var untracked = map[string]bool{"cloud_api_token.last_used": true}

// authVersionDDL creates the version counter and the triggers that advance it on every
// insert, delete and (tracked) update of versionedTables.
func authVersionDDL() []string {
	out := []string{`CREATE TABLE IF NOT EXISTS cloud_auth_version (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)`}
	bump := ` BEGIN UPDATE cloud_auth_version SET n = n + 1 WHERE id = 1; END`
	for _, table := range versionedTables {
		out = append(out,
			`CREATE TRIGGER IF NOT EXISTS `+table+`_version_insert AFTER INSERT ON `+table+bump,
			`CREATE TRIGGER IF NOT EXISTS `+table+`_version_delete AFTER DELETE ON `+table+bump)
		update := `AFTER UPDATE ON ` + table
		if cols := trackedColumns(table); cols != nil {
			update = `AFTER UPDATE OF ` + strings.Join(cols, ", ") + ` ON ` + table
		}
		out = append(out, `CREATE TRIGGER IF NOT EXISTS `+table+`_version_update `+update+bump)
	}
	return out
}

// trackedColumns lists the catalog columns of a store table less the untracked ones
// (nil when none is untracked: every update counts).
func trackedColumns(store string) []string {
	var cols []string
	skipped := false
	for _, t := range catalog.Tables {
		if t.Store != store {
			continue
		}
		for _, c := range append(slices.Clone(t.Columns), t.Private...) {
			if untracked[store+"."+c.Name] {
				skipped = true
				continue
			}
			cols = append(cols, c.Name)
		}
	}
	if !skipped {
		return nil
	}
	return cols
}

// initVersion creates the counter, its row (only when missing: no write otherwise) and
// its triggers, and prepares the statement that reads it.
func (s *Service) initVersion(ctx context.Context) error {
	for _, stmt := range authVersionDDL() {
		if _, err := s.db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("auth: migrate: %w", err)
		}
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM cloud_auth_version`).Scan(&n); err != nil {
		return fmt.Errorf("auth: migrate: %w", err)
	}
	if n == 0 {
		if _, err := s.db.ExecContext(ctx, `INSERT OR IGNORE INTO cloud_auth_version (id, n) VALUES (1, 0)`); err != nil {
			return fmt.Errorf("auth: migrate: %w", err)
		}
	}
	st, err := s.db.PrepareContext(ctx, `SELECT n FROM cloud_auth_version WHERE id = 1`)
	if err != nil {
		return fmt.Errorf("auth: prepare: %w", err)
	}
	s.cache = newCredCache(st)
	return nil
}

// credCache holds what the service verified, by version.
type credCache struct {
	version    *sql.Stmt
	principals *lru.Cache[[32]byte, cachedPrincipal]
	tenants    *lru.Cache[string, versioned[[]string]]
	roles      *lru.Cache[[2]string, versioned[string]]

	mu      sync.Mutex
	touched map[string]time.Time // token id → when touchToken last wrote it
}

type versioned[T any] struct {
	v   int64
	val T
}

// cachedPrincipal is a verified credential: its principal, until expires (zero: no
// expiry), and the API token to touch on use ("" for others).
type cachedPrincipal struct {
	v       int64
	p       engine.Principal
	expires time.Time
	tokenID string
}

func newCredCache(version *sql.Stmt) *credCache {
	c := &credCache{version: version, touched: map[string]time.Time{}}
	c.principals, _ = lru.New[[32]byte, cachedPrincipal](cacheSize)
	c.tenants, _ = lru.New[string, versioned[[]string]](cacheSize)
	c.roles, _ = lru.New[[2]string, versioned[string]](cacheSize)
	return c
}

// current reads the version of the auth tables, once per request when ctx comes from
// WithRequestVersion; ok is false when it cannot be read (nothing is cached or used
// from the cache then).
func (c *credCache) current(ctx context.Context) (int64, bool) {
	if c == nil {
		return 0, false
	}
	memo, _ := ctx.Value(versionKey{}).(*versionMemo)
	if memo != nil {
		memo.mu.Lock()
		defer memo.mu.Unlock()
		if memo.read {
			return memo.v, memo.ok
		}
	}
	// One row of a one-row table: nothing to interrupt, so no watch on ctx (the driver
	// starts a goroutine per statement for a context that can end).
	var v int64
	ok := c.version.QueryRowContext(context.WithoutCancel(ctx)).Scan(&v) == nil
	if memo != nil {
		memo.read, memo.v, memo.ok = true, v, ok
	}
	return v, ok
}

type versionKey struct{}

// versionMemo is the version of the auth tables one request reads.
type versionMemo struct {
	mu   sync.Mutex
	read bool
	v    int64
	ok   bool
}

// WithRequestVersion returns a context under which the service reads the version of
// the auth tables at most once: one request's authentication, roles and memberships
// are all checked against the same version, read when the request first needs it.
func WithRequestVersion(ctx context.Context) context.Context {
	return context.WithValue(ctx, versionKey{}, &versionMemo{})
}

// credKey is the cache key of a credential sent with a tenant header: a hash, so the
// cache holds no secret.
func credKey(tok, tenantHeader string) [32]byte {
	h := sha256.New()
	h.Write([]byte(tok))
	h.Write([]byte{0})
	h.Write([]byte(tenantHeader))
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// shouldTouch says whether token id's last_used is due a write at now, and if so
// records it as written.
func (c *credCache) shouldTouch(id string, now time.Time) bool {
	if c == nil {
		return true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if last, ok := c.touched[id]; ok && now.Sub(last) < touchEvery && !now.Before(last) {
		return false
	}
	if len(c.touched) >= cacheSize {
		clear(c.touched)
	}
	c.touched[id] = now
	return true
}

// principalFor returns the principal a credential verified at version v stands
// for, if it is cached and unexpired at now.
func (c *credCache) principalFor(key [32]byte, v int64, now time.Time) (cachedPrincipal, bool) {
	e, ok := c.principals.Get(key)
	if !ok || e.v != v || (!e.expires.IsZero() && !now.Before(e.expires)) {
		return cachedPrincipal{}, false
	}
	return e, true
}

// earliest returns the earlier of two expiry times (zero: none).
func earliest(a, b time.Time) time.Time {
	switch {
	case a.IsZero():
		return b
	case b.IsZero() || a.Before(b):
		return a
	}
	return b
}
