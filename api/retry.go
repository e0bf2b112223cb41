package api

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// RetryPolicy says how often and how long the client retries.
//
// What is retried, and why:
//   - A request that never left this machine (connection refused, DNS failure, any dial
//     error) is retried for every operation, mutations included: the server cannot have
//     seen it.
//   - HTTP 429 and 503 are retried for every operation: both mean the server (or its
//     gateway) refused the request before doing anything. Retry-After is honoured; when
//     it asks for longer than MaxRetryAfter the client gives up at once rather than wait
//     less than it was told to.
//   - Other 5xx (500, 502, 504) and a connection that broke after the request was sent
//     are retried for queries only: a mutation may already have been applied (a 502
//     from a proxy can hide a completed set_flow_run_states), and Prefect's mutations are
//     not idempotent (create_flow_run would create two runs).
//   - An attempt that ran out of its timeout is not retried: the server is slow, and
//     repeating the wait MaxAttempts times helps nobody; the user can retry.
//   - GraphQL errors (HTTP 200 or 400) are answers, not failures, and are not retried,
//     except UNAUTHENTICATED, which gets one Credentials.Refresh and one re-send.
//
// Waits grow exponentially from BaseDelay up to MaxDelay with jitter (a random wait in
// [d/2, d]), and every wait ends early when the request's context ends.
type RetryPolicy struct {
	// MaxAttempts counts the first try (default 4; 1 disables retries).
	MaxAttempts int
	// BaseDelay is the first back-off (default 250 ms).
	BaseDelay time.Duration
	// MaxDelay caps the exponential back-off (default 4 s).
	MaxDelay time.Duration
	// MaxRetryAfter is the longest Retry-After the client waits (default 30 s).
	MaxRetryAfter time.Duration
}

// DefaultRetryPolicy is the policy used when ClientOptions.Retry is the zero value.
var DefaultRetryPolicy = RetryPolicy{
	MaxAttempts:   4,
	BaseDelay:     250 * time.Millisecond,
	MaxDelay:      4 * time.Second,
	MaxRetryAfter: 30 * time.Second,
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	d := DefaultRetryPolicy
	if p.MaxAttempts > 0 {
		d.MaxAttempts = p.MaxAttempts
	}
	if p.BaseDelay > 0 {
		d.BaseDelay = p.BaseDelay
	}
	if p.MaxDelay > 0 {
		d.MaxDelay = p.MaxDelay
	}
	if p.MaxRetryAfter > 0 {
		d.MaxRetryAfter = p.MaxRetryAfter
	}
	return d
}

// failureKind classifies a failed attempt.
type failureKind int

const (
	failPermanent failureKind = iota // an answer or a local error: never retried
	failDial                         // the request never left: always safe to retry
	failAfterSend                    // broke after sending: retried for queries only
	failTimeout                      // the attempt's timeout expired
	failHTTP                         // a non-200 status
)

// decide says whether attempt (1-based) is retried, and after how long.
func (p RetryPolicy) decide(r result, mutation bool, attempt int) (time.Duration, bool) {
	if attempt >= p.MaxAttempts {
		return 0, false
	}
	switch r.kind {
	case failDial:
		return p.backoff(attempt), true
	case failAfterSend:
		return p.backoff(attempt), !mutation
	case failHTTP:
		switch r.status {
		case http.StatusTooManyRequests, http.StatusServiceUnavailable:
			if r.retryAfter >= 0 {
				if r.retryAfter > p.MaxRetryAfter {
					return 0, false
				}
				return r.retryAfter, true
			}
			return p.backoff(attempt), true
		case http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout:
			return p.backoff(attempt), !mutation
		}
	}
	return 0, false
}

// backoff is the jittered exponential wait before retry number attempt.
func (p RetryPolicy) backoff(attempt int) time.Duration {
	d := p.MaxDelay
	if shift := attempt - 1; shift < 30 {
		if b := p.BaseDelay << shift; b > 0 && b < d {
			d = b
		}
	}
	half := d / 2
	return half + rand.N(half+1)
}

// classifyTransport tells a request that never left (dial errors) from one that may
// have reached the server.
func classifyTransport(err error) failureKind {
	if errors.Is(err, syscall.ECONNREFUSED) {
		return failDial
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return failDial
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return failDial
	}
	return failAfterSend
}

// parseRetryAfter reads a Retry-After header (seconds or an HTTP date); -1 when absent
// or unreadable.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return -1
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
		return 0
	}
	return -1
}

// isMutation reports whether the operation opName of query (or its only operation) is
// a mutation. A document that does not parse counts as one: the server will reject it
// anyway, and erring towards "do not retry" is the safe side.
func isMutation(query, opName string) bool {
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		return true
	}
	for _, op := range doc.Operations {
		if opName == "" || op.Name == opName {
			return op.Operation == ast.Mutation
		}
	}
	return true
}

// requestStats receives the size of the last answer (for api.Run).
type requestStats struct{ bytes int }

type statsKey struct{}

func withStats(ctx context.Context, st *requestStats) context.Context {
	return context.WithValue(ctx, statsKey{}, st)
}

func statsFrom(ctx context.Context) *requestStats {
	st, _ := ctx.Value(statsKey{}).(*requestStats)
	return st
}
