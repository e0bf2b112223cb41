package flow

import (
	"time"

	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Test-only views of the page's state.

// Loaded reports whether an answer is shown.
func (m *Model) Loaded() bool { return m.page != nil }

// Found reports whether the flow exists.
func (m *Model) Found() bool { return m.page != nil && m.page.found() }

// Err is the last load error.
func (m *Model) Err() error { return m.err }

// ReqID is the current request id.
func (m *Model) ReqID() screen.RequestID { return m.lastReqID }

// FlowID and Version are the version shown.
func (m *Model) FlowID() string { return m.page.flowID }

// Version is the version number shown.
func (m *Model) Version() int { return m.page.version }

// RunIDs are the runs listed.
func (m *Model) RunIDs() []string {
	var out []string
	for _, r := range m.page.runs {
		out = append(out, r.id)
	}
	return out
}

// Next are the schedule's next times.
func (m *Model) Next() []time.Time { return m.page.next }

// AgentLabels are the labels agents match.
func (m *Model) AgentLabels() []string { return m.page.agentLabels }

// Details reports whether all details show.
func (m *Model) Details() bool { return m.details }

// StaleLoaded builds a result of an old request.
func StaleLoaded(reqID screen.RequestID) any { return loadedMsg{reqID: reqID} }

// RefreshTick is the message the current refresh timer sends.
func (m *Model) RefreshTick() any { return m.refresh.Pending() }

// LoadOnly starts a load without the spinner's timer (benchmarks measure the request,
// not the 100 ms timer).
func (m *Model) LoadOnly() func() any {
	q := m.query()
	m.lastReqID = screen.NewRequestID()
	m.loading = true
	cmd := loadCmd(m.deps.Ctx, m.deps.Client, m.lastReqID, q, q.build())
	return func() any { return cmd() }
}
