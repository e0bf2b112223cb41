package flows

import (
	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Test-only views of the model's state.

// RowNames are the names of the loaded rows, in order.
func (m *Model) RowNames() []string {
	out := make([]string, len(m.rows))
	for i, r := range m.rows {
		out[i] = r.name
	}
	return out
}

// RowProjects are the project names of the loaded rows, in order.
func (m *Model) RowProjects() []string {
	out := make([]string, len(m.rows))
	for i, r := range m.rows {
		out[i] = r.project
	}
	return out
}

// RowVersions are the versions of the loaded rows.
func (m *Model) RowVersions() []int {
	out := make([]int, len(m.rows))
	for i, r := range m.rows {
		out[i] = r.version
	}
	return out
}

// Cursor is the selected row index.
func (m *Model) Cursor() int { return m.win.Cursor }

// Total is the server's count.
func (m *Model) Total() int { return m.total }

// Err is the load error.
func (m *Model) Err() error { return m.err }

// Warn is the partial-data warning.
func (m *Model) Warn() string { return m.warn }

// Loading reports an in-flight request.
func (m *Model) Loading() bool { return m.loading }

// Filtering reports the filter input has focus.
func (m *Model) Filtering() bool { return m.filtering }

// ReqID is the current request id.
func (m *Model) ReqID() screen.RequestID { return m.lastReqID }

// Loaded builds a result message for tests of stale results.
func Loaded(reqID screen.RequestID, names ...string) any {
	return flowsLoadedMsg{reqID: reqID, resp: fakeResp(names...)}
}

func fakeResp(names ...string) *api.ListFlowsResponse {
	r := &api.ListFlowsResponse{}
	for i, n := range names {
		r.Flow = append(r.Flow, api.ListFlowsFlow{Id: n + "-id", Name: n, Version: i + 1, Flow_group_id: n + "-group"})
	}
	r.Flow_aggregate.Aggregate.Count = len(names)
	return r
}

// RowLabels are the LABELS column of the loaded rows.
func (m *Model) RowLabels() []string {
	out := make([]string, len(m.rows))
	for i, r := range m.rows {
		out[i] = r.labelText()
	}
	return out
}
