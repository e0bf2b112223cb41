package screen

import (
	"sync/atomic"
	"time"
)

// RequestID names one request (or timer) of a screen, so that its result can be told
// from a stale one. Every id is new in the process, across screens, screens of the same
// kind and tenant switches: a screen keeps the id of its latest request and drops a
// result that carries another (gh-dash prssection's LastFetchTaskId). The zero value is
// no request.
type RequestID uint64

var lastRequestID atomic.Uint64

// NewRequestID returns an id that no other request or timer of this process has.
func NewRequestID() RequestID { return RequestID(lastRequestID.Add(1)) }

// Backoff is a live-refresh interval: it starts at Min, doubles after each refresh that
// changed nothing up to Max, and goes back to Min on a change or a key press.
type Backoff struct {
	Min, Max time.Duration
	cur      time.Duration
}

// DefaultBackoff refreshes after 5 s, doubling to 60 s while nothing changes.
func DefaultBackoff() Backoff { return Backoff{Min: 5 * time.Second, Max: time.Minute} }

// Next returns the delay before the next refresh, given whether the last one changed
// anything.
func (b *Backoff) Next(changed bool) time.Duration {
	switch {
	case changed || b.cur == 0:
		b.cur = b.Min
	default:
		b.cur = min(b.cur*2, b.Max)
	}
	return b.cur
}

// Reset brings the interval back to Min (a key was pressed).
func (b *Backoff) Reset() { b.cur = 0 }

// Current is the interval last returned by Next.
func (b *Backoff) Current() time.Duration { return b.cur }

// BackedOff reports whether the interval has grown past Min.
func (b *Backoff) BackedOff() bool { return b.cur > b.Min }
