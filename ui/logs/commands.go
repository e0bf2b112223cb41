package logs

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/where"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// loadKind says what a page load was for.
type loadKind int

const (
	loadReset loadKind = iota // the newest page, replacing everything
	loadOlder                 // a page before the first loaded line
	loadNewer                 // lines after the last loaded one (`]`, follow)
)

// pageLoadedMsg is the result of one page load.
type pageLoadedMsg struct {
	reqID screen.RequestID
	kind  loadKind
	lines []Line // ascending
	total int    // -1 when the request did not count
	full  bool   // the page was full: there may be more
	err   error
}

// followTickMsg asks for the next follow poll.
type followTickMsg struct{ gen screen.RequestID }

// loadPageCmd runs LogPage (newest first, counted) or LogTail (oldest first) with the
// given where, and returns the lines in ascending order.
func loadPageCmd(ctx context.Context, c graphql.Client, reqID screen.RequestID, kind loadKind, w, count where.Exp, limit int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		msg := pageLoadedMsg{reqID: reqID, kind: kind, total: -1}
		if kind == loadNewer {
			resp, err := api.LogTail(ctx, c, w.JSON(), limit)
			if resp != nil {
				msg.lines = resp.Log
			}
			msg.err = err
		} else {
			resp, err := api.LogPage(ctx, c, w.JSON(), count.JSON(), orderJSON, limit)
			if resp != nil {
				lines := make([]Line, len(resp.Log))
				for i, l := range resp.Log {
					lines[len(lines)-1-i] = l
				}
				msg.lines = lines
				msg.total = resp.Log_aggregate.Aggregate.Count
			}
			msg.err = err
		}
		msg.full = len(msg.lines) >= limit
		return msg
	}
}

func followTickCmd(gen screen.RequestID, d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return followTickMsg{gen: gen} })
}

// reload starts over with the newest page of the current filter.
func (m *Model) reload() tea.Cmd {
	m.lastReq = screen.NewRequestID()
	m.loading = true
	m.err = nil
	w := whereOf(m.scope, m.filter)
	m.recordQuery(api.LogPage_Operation, w, w, true)
	return loadPageCmd(m.deps.Ctx, m.deps.Client, m.lastReq, loadReset, w, w, PageSize)
}

// loadOlder loads the page before the first loaded line.
func (m *Model) loadOlder() tea.Cmd {
	first, ok := m.buf.first()
	if !ok || m.loading || !m.hasOlder {
		return nil
	}
	m.lastReq = screen.NewRequestID()
	m.loading = true
	base := whereOf(m.scope, m.filter)
	w := withCursor(base, first, true)
	m.recordQuery(api.LogPage_Operation, w, base, true)
	return loadPageCmd(m.deps.Ctx, m.deps.Client, m.lastReq, loadOlder, w, base, PageSize)
}

// loadNewer loads what came after the last loaded line.
func (m *Model) loadNewer() tea.Cmd {
	if m.loading {
		return nil
	}
	m.lastReq = screen.NewRequestID()
	m.loading = true
	w := whereOf(m.scope, m.filter)
	if last, ok := m.buf.last(); ok {
		w = withCursor(w, last, false)
	}
	m.recordQuery(api.LogTail_Operation, w, nil, false)
	return loadPageCmd(m.deps.Ctx, m.deps.Client, m.lastReq, loadNewer, w, nil, PageSize)
}

func (m *Model) recordQuery(op string, w, count where.Exp, page bool) {
	m.lastQuery = op
	if page {
		m.lastVars = map[string]any{"where": w, "countWhere": count, "orderBy": orderBy(true), "limit": PageSize}
	} else {
		m.lastVars = map[string]any{"where": w, "limit": PageSize}
	}
}

// scheduleFollow arms the next follow poll after the current delay.
func (m *Model) scheduleFollow() tea.Cmd {
	if !m.polling() {
		return nil
	}
	return followTickCmd(m.followGen, m.followDelay)
}
