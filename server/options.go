// Package server is prefect-tui's embedded Prefect-compatible API: the Hasura-style
// engine over SQLite, Prefect's own mutations, Cloud auth, demo data and a simulator.
package server

import (
	"io"
	"time"
)

// Options configures the embedded server.
type Options struct {
	// Listen is the address to bind; "127.0.0.1:0" picks a free port. The server never
	// binds beyond loopback unless told to.
	Listen string
	// DB is the SQLite file, "" for an in-memory database.
	DB string
	// Seed is "demo" for the deterministic demo tenant(s), "" or "none" for nothing.
	Seed string
	// Scale, when > 0, generates that many flow runs (with proportional task runs and
	// logs) for benchmarks, in place of the demo's default count.
	Scale int
	// Progress, when set, receives a line now and then while a big seed runs.
	Progress io.Writer
	// Simulate keeps the data alive: scheduled runs start, tasks progress, logs stream.
	Simulate bool
	// Services runs Prefect Server's background services (scheduler, zombie killer,
	// Lazarus) on the Now clock. `server` and `demo` turn them on; tests drive them
	// through Server.Services with their own clock instead.
	Services bool
	// Cloud turns on Prefect Cloud auth (users, tenants, tokens, keys).
	Cloud bool
	// AccessTokenTTL is the lifetime of switch_tenant access tokens (default 10m).
	AccessTokenTTL time.Duration
	// TokenFile, when set in Cloud mode, receives the demo user's USER token (0600).
	TokenFile string
	// Now is the clock (tests fix it); nil means time.Now.
	Now func() time.Time
	// QueryTimeout bounds each GraphQL request: SQLite is interrupted when it runs out
	// and the request answers with a QUERY_TIMEOUT error. Zero means
	// DefaultQueryTimeout, NoQueryTimeout no limit.
	QueryTimeout time.Duration
}

// DefaultQueryTimeout is the query timeout of a server whose Options leave it zero.
const DefaultQueryTimeout = 10 * time.Second

// NoQueryTimeout in Options.QueryTimeout turns the query timeout off.
const NoQueryTimeout time.Duration = -1
