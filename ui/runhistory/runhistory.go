// Package runhistory is the run-history chart's data: its time windows, the buckets
// a RunHistory answer counts, and the states it counts as succeeded or failed; the
// overview and the flow page share it.
package runhistory

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
)

// Window is a time window of the run-history chart and the counts beside it: the last
// Span, in buckets of Bucket.
type Window struct {
	Name   string
	Span   time.Duration
	Bucket time.Duration
}

// Windows are the windows `w` cycles through: 1h in 5-minute buckets, 24h in hours,
// 7d in 6-hour buckets, 30d in days.
var Windows = []Window{
	{Name: "1h", Span: time.Hour, Bucket: 5 * time.Minute},
	{Name: "24h", Span: 24 * time.Hour, Bucket: time.Hour},
	{Name: "7d", Span: 7 * 24 * time.Hour, Bucket: 6 * time.Hour},
	{Name: "30d", Span: 30 * 24 * time.Hour, Bucket: 24 * time.Hour},
}

// DefaultWindow is the index in Windows a screen starts with (24h).
const DefaultWindow = 1

// HistorySlots is how many buckets the RunHistory fragment has.
const HistorySlots = 30

// Buckets is the number of buckets of the window (at most HistorySlots).
func (w Window) Buckets() int { return min(HistorySlots, int(w.Span/w.Bucket)) }

// Since is the window's start at now.
func (w Window) Since(now time.Time) time.Time { return now.Add(-w.Span) }

// HistoryEdges are the RunHistory variables $t00 … $t30 for the window at now: bucket i
// is [edges[i], edges[i+1]); the last used edge is now, and the unused buckets after it
// are empty ranges at now.
func HistoryEdges(w Window, now time.Time) [HistorySlots + 1]time.Time {
	var e [HistorySlots + 1]time.Time
	n := w.Buckets()
	for i := range e {
		if i <= n {
			e[i] = now.Add(-time.Duration(n-i) * w.Bucket).UTC()
		} else {
			e[i] = now.UTC()
		}
	}
	return e
}

// HistoryStates are the chart's groups of states (components.HistoryGroupOf): the
// succeeded ones, the failed ones ($failed of the RunHistory fragment) and the others
// ($other), neither succeeded nor failed.
func HistoryStates() (succeeded, failed, other []string) {
	for _, s := range components.StateNames() {
		switch components.HistoryGroupOf(s) {
		case components.HistorySucceeded:
			succeeded = append(succeeded, s)
		case components.HistoryFailed:
			failed = append(failed, s)
		default:
			other = append(other, s)
		}
	}
	return succeeded, failed, other
}

// HistoryBuckets turns a RunHistory answer into the chart's buckets for the window
// whose edges were sent: the fragment counts every run of a bucket, the failed ones
// and the others; the succeeded ones are the rest (Prefect's states are the fixed
// set of components.StateNames).
func HistoryBuckets(h api.RunHistory, w Window, edges [HistorySlots + 1]time.Time) []components.HistoryBucket {
	// The fragment's fields are h00, h00f, h00o, ...: read them by their JSON names.
	raw, err := json.Marshal(h)
	counts := map[string]api.RunCount{}
	if err == nil {
		_ = json.Unmarshal(raw, &counts)
	}
	n := w.Buckets()
	out := make([]components.HistoryBucket, n)
	for i := range n {
		key := fmt.Sprintf("h%02d", i)
		total := counts[key].Aggregate.Count
		failed, other := counts[key+"f"].Aggregate.Count, counts[key+"o"].Aggregate.Count
		out[i].Start = edges[i]
		out[i].Counts[components.HistorySucceeded] = max(0, total-failed-other)
		out[i].Counts[components.HistoryFailed] = failed
		out[i].Counts[components.HistoryOther] = other
	}
	return out
}

// Total is the number of runs in buckets: every run of the window, which they tile.
func Total(buckets []components.HistoryBucket) int {
	n := 0
	for _, b := range buckets {
		for _, c := range b.Counts {
			n += c
		}
	}
	return n
}
