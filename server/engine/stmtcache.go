package engine

import (
	"context"
	"database/sql"
	"sync"

	lru "github.com/hashicorp/golang-lru/v2"
)

// maxCachedStatements bounds the cache of compiled statements.
const maxCachedStatements = 512

// stmtKey identifies a compiled statement: the document, the operation, the request's
// shape (shape.go) and the root field (its response key).
type stmtKey struct {
	query, op, shape, field string
}

// compiled is one root field compiled to SQL, with how its parameters are computed
// from a request's inputs and, once run, the statement prepared on the engine's store.
type compiled struct {
	sql  string
	srcs []paramSrc

	mu      sync.Mutex
	stmt    *sql.Stmt
	users   int
	evicted bool
}

// acquire returns the statement prepared on db (preparing it on first use) and the
// function that releases it; a nil statement (evicted from the cache) means running
// the SQL text unprepared.
func (c *compiled) acquire(ctx context.Context, db *sql.DB) (*sql.Stmt, func(), error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.evicted {
		return nil, func() {}, nil
	}
	if c.stmt == nil {
		st, err := db.PrepareContext(ctx, c.sql)
		if err != nil {
			return nil, nil, err
		}
		c.stmt = st
	}
	c.users++
	return c.stmt, c.release, nil
}

func (c *compiled) release() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.users--
	c.closeIfDone()
}

// evict closes the statement once no query runs it.
func (c *compiled) evict() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.evicted = true
	c.closeIfDone()
}

func (c *compiled) closeIfDone() {
	if c.evicted && c.users == 0 && c.stmt != nil {
		c.stmt.Close()
		c.stmt = nil
	}
}

// stmtCache holds compiled statements, least recently used evicted first; an evicted
// statement is closed once the queries running it are done.
type stmtCache struct {
	c *lru.Cache[stmtKey, *compiled]
}

func newStmtCache(size int) *stmtCache {
	c, err := lru.NewWithEvict(size, func(_ stmtKey, v *compiled) {
		// Preparing holds the statement's lock: not under the cache's.
		go v.evict()
	})
	if err != nil {
		panic(err) // only for a size <= 0
	}
	return &stmtCache{c: c}
}

func (s *stmtCache) get(k stmtKey) (*compiled, bool) { return s.c.Get(k) }

// add caches v under k unless another request did first, and returns the one to use.
func (s *stmtCache) add(k stmtKey, v *compiled) *compiled {
	if old, ok, _ := s.c.PeekOrAdd(k, v); ok {
		return old
	}
	return v
}

// Len is how many statements the cache holds.
func (s *stmtCache) Len() int { return s.c.Len() }
