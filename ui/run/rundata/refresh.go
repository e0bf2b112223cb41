package rundata

import (
	"hash/fnv"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Backoff is the live-refresh interval: it starts at Min, doubles after each refresh
// that changed nothing up to Max, and goes back to Min on a change or a key press.
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

// Signature is a hash of what a run page shows, so a refresh can tell whether
// anything changed.
func (r *Run) Signature() uint64 {
	h := fnv.New64a()
	w := func(s string) { h.Write([]byte(s)); h.Write([]byte{0}) }
	w(r.State)
	w(r.Message)
	w(strconv.Itoa(r.Version))
	w(r.End.String())
	w(strconv.Itoa(len(r.States)))
	for _, t := range r.Tasks {
		w(t.Run.ID)
		w(t.Run.State)
		w(t.Run.End.String())
		for _, c := range t.Children {
			w(c.State)
		}
	}
	return h.Sum64()
}

// UILink builds a Prefect UI link: <ui>/<tenant_slug>/<kind>/<id>, kind being
// "flow-run", "task-run" or "flow" (PREFECT-API.md §3, client get_cloud_url).
func UILink(s screen.Session, kind, id string) string {
	base := strings.TrimRight(s.UIURL, "/")
	if s.TenantSlug != "" {
		base += "/" + s.TenantSlug
	}
	return base + "/" + kind + "/" + id
}

// reqSeq numbers requests across every screen of the explorer, so that a result (or a
// timer) meant for one screen is never taken by another screen of the same kind.
var reqSeq atomic.Int64

// NextID returns a request or timer id unique in the process.
func NextID() int { return int(reqSeq.Add(1)) }
