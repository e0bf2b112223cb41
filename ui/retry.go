package ui

import (
	"context"
	"fmt"
	"math"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// retryDueMsg: the pending retry's time has come.
type retryDueMsg struct {
	id    screen.RequestID
	epoch int
}

// retryTickMsg redraws the header's countdown once a second while a retry is pending.
type retryTickMsg struct{ id screen.RequestID }

// connCheckedMsg is the answer to the connection check (retry marks a retry's probe);
// on Prefect Server it carries the tenant the check read (zero when none or not asked).
type connCheckedMsg struct {
	epoch  int
	err    error
	retry  bool
	tenant api.CheckServerTenant
}

// scheduleRetry starts the one retry timer: the next back-off interval, or longer
// when the server asked for it (Retry-After).
func (a *App) scheduleRetry(after time.Duration) tea.Cmd {
	d := max(a.conn.retry.backoff.Next(false), after)
	id, epoch := screen.NewRequestID(), a.epoch
	a.conn.retry.id, a.conn.retry.due = id, a.opts.Now().Add(d)
	return tea.Batch(
		tea.Tick(d, func(time.Time) tea.Msg { return retryDueMsg{id: id, epoch: epoch} }),
		tea.Tick(time.Second, func(time.Time) tea.Msg { return retryTickMsg{id: id} }),
	)
}

// retryIn is the time left before the pending retry: "2s".
func (a *App) retryIn() string {
	left := a.conn.retry.due.Sub(a.opts.Now())
	return fmt.Sprintf("%ds", int(math.Ceil(max(0, left.Seconds()))))
}

// updateConn handles the root's connection messages.
func (a *App) updateConn(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case retryTickMsg:
		if msg.id != a.conn.retry.id {
			return nil
		}
		return tea.Tick(time.Second, func(time.Time) tea.Msg { return retryTickMsg{id: msg.id} })
	case retryDueMsg:
		if msg.id != a.conn.retry.id || msg.epoch != a.epoch {
			return nil
		}
		a.conn.retry.id = 0
		if a.conn.state == connOK {
			// Another request worked meanwhile: reload what failed.
			return a.reloadTop()
		}
		return a.checkConnCmd(true)
	case connCheckedMsg:
		if msg.epoch != a.epoch {
			return nil
		}
		if t := msg.tenant; t.Id != "" && a.session.TenantID == "" {
			a.session.TenantID, a.session.TenantSlug, a.session.TenantName = t.Id, t.Slug, t.Name
		}
		// The check's outcome reaches the header as every request's does (syncConn,
		// through the watch, where a stale success cannot undo a newer failure); a
		// client that does not report its outcomes is told here.
		var cmd tea.Cmd
		if !a.conn.observed {
			if st, told := classify(msg.err); told {
				cmd = a.setConn(st, msg.err)
			}
		}
		if st, told := classify(msg.err); msg.retry && told && st == connOK {
			// The API answers again: reload what the top screen shows.
			cmd = tea.Batch(cmd, a.reloadTop())
		}
		return cmd
	}
	return nil
}

// reloadTop (re)loads what the top screen shows: its Init.
func (a *App) reloadTop() tea.Cmd {
	if top := a.top(); top != nil {
		return top.s.Init()
	}
	return nil
}

// fallbackCheckTimeout bounds the check of a client that has no timeout of its own
// (an api.Client bounds each attempt by --timeout itself).
const fallbackCheckTimeout = api.DefaultTimeout

// checkConnCmd asks the API `hello` once, in the background (at start, after a session
// change, when the user moves on while the API is unreachable, and as a retry's probe):
// the explorer draws at once and the header says "connecting" until it answers. It is
// one attempt, bounded by the client's timeout (--timeout): the retrying is the root's
// (scheduleRetry). On Prefect Server, when the session does not know its tenant, the
// same request reads it (CheckServer).
func (a *App) checkConnCmd(retry bool) tea.Cmd {
	client, epoch := a.client, a.epoch
	if client == nil {
		return nil
	}
	wantTenant := a.session.Backend != "cloud" && a.session.TenantID == ""
	limit := fallbackCheckTimeout
	if c, ok := client.(*api.Client); ok {
		client, limit = c.WithRetry(api.RetryPolicy{MaxAttempts: 1}), 0
	}
	return func() tea.Msg {
		ctx := context.Background()
		if limit > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, limit)
			defer cancel()
		}
		msg := connCheckedMsg{epoch: epoch, retry: retry}
		if !wantTenant {
			_, msg.err = api.Hello(ctx, client)
			return msg
		}
		data, err := api.CheckServer(ctx, client)
		msg.err = err
		if err == nil && len(data.Tenant) > 0 {
			msg.tenant = data.Tenant[0]
		}
		return msg
	}
}

// recheckConn asks the API again after it failed, when the user moves on (the screen
// opened or uncovered loads by itself: the pending retry is not needed for it).
func (a *App) recheckConn() tea.Cmd {
	if a.conn.state != connOffline && a.conn.state != connFailing {
		return nil
	}
	a.conn.retry.id = 0
	return a.checkConnCmd(false)
}
