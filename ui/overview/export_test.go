package overview

import (
	"time"

	"github.com/prefect-tui/prefect-tui/ui/agenthealth"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Test-only views of the model's state.

// Loaded reports whether an answer is shown.
func (m *Model) Loaded() bool { return m.data != nil }

// Err is the last load error.
func (m *Model) Err() error { return m.err }

// Warn is the partial-data warning.
func (m *Model) Warn() string { return m.warn }

// ReqID is the current request id.
func (m *Model) ReqID() screen.RequestID { return m.lastReqID }

// IDs are the run ids a section lists (0 late, 1 failing: last failures, 2 in
// progress, 3 upcoming).
func (m *Model) IDs(sec int) []string {
	var out []string
	for _, r := range m.runs(section(sec)) {
		out = append(out, r.id)
	}
	return out
}

// Counts are the section counts: late, failing flows, in progress, upcoming.
func (m *Model) Counts() [4]int {
	d := m.data
	return [4]int{d.lateCount, len(d.failing), d.inProgCnt, d.upcomingN}
}

// Failing are the failing flows: flow group id → failures.
func (m *Model) Failing() map[string]int {
	out := map[string]int{}
	for _, f := range m.data.failing {
		out[f.groupID] = f.failures
	}
	return out
}

// ByState are the runs in the window per state.
func (m *Model) ByState() map[string]int {
	out := map[string]int{}
	for _, s := range m.data.states {
		out[s.state] = s.n
	}
	return out
}

// Buckets are the history buckets.
func (m *Model) Buckets() []components.HistoryBucket { return m.data.buckets }

// Agents are the agent health counts.
func (m *Model) Agents() agenthealth.Counts { return m.data.agents }

// Focus is the focused section.
func (m *Model) Focus() int { return int(m.focus) }

// Loaded builds a result message for tests of stale results.
func StaleLoaded(reqID screen.RequestID) any { return loadedMsg{reqID: reqID} }

// RefreshTick is the message the current refresh timer sends.
func (m *Model) RefreshTick() any { return m.refresh.Pending() }

// RefreshInterval is the live refresh's current interval.
func (m *Model) RefreshInterval() time.Duration { return m.refresh.Backoff.Current() }

// LoadOnly starts a load without the spinner's timer (benchmarks measure the request,
// not the 100 ms timer).
func (m *Model) LoadOnly() func() any {
	q := m.query()
	m.lastReqID = screen.NewRequestID()
	m.loading = true
	cmd := loadCmd(m.deps.Ctx, m.deps.Client, m.lastReqID, q, q.build())
	return func() any { return cmd() }
}
