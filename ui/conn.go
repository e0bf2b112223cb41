package ui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// The root watches the API through the outcome of every request the client sends (the
// screens' requests are the probes; nothing polls a healthy API). The header says what
// it learnt: "● connected", "✗ offline", "✗ HTTP 500", "! rate limited", "✗ token
// rejected"… and, after a failure, when the next retry comes.
//
// Retrying is the root's, for every screen alike: after a failure that retrying can
// mend (everything but a rejected credential) it waits a growing interval (or the
// Retry-After of a 429), asks the API `hello`, and once the API answers it calls Init
// on the top screen, which (re)loads what it shows — the same call that reloads a
// screen when the one above it is popped. Screens need no code of their own to recover.

// connState is what the header says about the API.
type connState int

const (
	connUnknown connState = iota
	connOK
	// connOffline: the API cannot be reached (a transport error).
	connOffline
	// connFailing: it answers, but not with data: HTTP 5xx, 429, an answer that is not
	// JSON or was cut off, a timeout.
	connFailing
	// connRejected: the credential was refused; retrying does not help, logging in does.
	connRejected
)

// retryMin and retryMax bound the wait before a retry by default: 1 s, doubling to
// 8 s, so that a screen comes back within seconds of its API (a retry is one `hello`).
const (
	retryMin = time.Second
	retryMax = 8 * time.Second
)

// connection is the root's knowledge of the API.
type connection struct {
	state connState
	label string // api.Reason of the failure: "offline", "HTTP 500"
	why   string // api.Describe of it
	// watch hears of every request's outcome; seq is the last one taken.
	watch    *connWatch
	seq      int
	observed bool // the client reports to watch (api.Client does; test fakes may not)
	retry    retry
}

// retry is the pending retry after a failure.
type retry struct {
	backoff screen.Backoff
	id      screen.RequestID // the pending retry's timer; 0 when none
	due     time.Time
}

// newConnection starts knowing nothing; b is the retry's back-off (zero: the default).
func newConnection(b screen.Backoff) connection {
	if b.Min <= 0 {
		b.Min = retryMin
	}
	if b.Max < b.Min {
		b.Max = max(retryMax, b.Min)
	}
	return connection{watch: &connWatch{}, retry: retry{backoff: b}}
}

// connWatch is the client's observer: it keeps the last outcome that tells about the
// API. A success of a request sent before the last failure's is stale (it was on its
// way before the API failed) and is dropped: it must not bring "● connected" back over
// the failure. A failure always counts.
type connWatch struct {
	mu       sync.Mutex
	seq      int    // bumped on every outcome kept
	last     error  // the outcome, nil for success
	failSent uint64 // the send order of the last failure kept
}

// observe is the client's observer (api.Client.SetObserver); it runs on the
// requesting goroutine.
func (w *connWatch) observe(sent uint64, err error) {
	st, told := classify(err)
	if !told {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if st == connOK && sent < w.failSent {
		return
	}
	if st != connOK {
		w.failSent = max(w.failSent, sent)
	}
	w.seq++
	w.last = err
}

func (w *connWatch) get() (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.seq, w.last
}

// observable is a client that reports its requests' outcomes (api.Client).
type observable interface {
	SetObserver(func(sent uint64, err error))
}

// watchClient installs the watch on the client, when it can report.
func (a *App) watchClient() {
	o, ok := a.client.(observable)
	a.conn.observed = ok
	if ok {
		a.conn.watch = &connWatch{}
		a.conn.seq = 0
		o.SetObserver(a.conn.watch.observe)
	}
}

// classify says what an outcome tells about the API; told is false when it tells
// nothing (a cancelled request, a local error).
func classify(err error) (st connState, told bool) {
	var list gqlerror.List
	switch {
	case err == nil:
		return connOK, true
	case errors.Is(err, context.Canceled):
		return 0, false
	case api.IsUnauthenticated(err):
		return connRejected, true
	case errors.As(err, &list):
		return connOK, true // an answer: the API is there
	}
	switch api.Reason(err) {
	case "offline":
		return connOffline, true
	case "timed out", "answer cut off", "bad answer", "rate limited":
		return connFailing, true
	}
	if httpStatus(err) > 0 {
		return connFailing, true
	}
	return 0, false
}

// httpStatus is the HTTP status of a non-200 answer in err (0 when none).
func httpStatus(err error) int {
	var h *api.HTTPError
	if errors.As(err, &h) {
		return h.StatusCode
	}
	return 0
}

// retryAfter is what a 429 or 503 asked to wait (0 when nothing).
func retryAfter(err error) time.Duration {
	var h *api.HTTPError
	if errors.As(err, &h) {
		return h.RetryAfter
	}
	return 0
}

// syncConn takes what the watch learnt since the last message (App.Update calls it
// after every message).
func (a *App) syncConn() tea.Cmd {
	seq, err := a.conn.watch.get()
	if seq == a.conn.seq {
		return nil
	}
	a.conn.seq = seq
	st, told := classify(err)
	if !told {
		return nil
	}
	if st == connOK {
		// A request of a screen worked: the interval starts short again. A pending
		// retry stays: it reloads the top screen, whose own load may have failed.
		a.conn.retry.backoff.Reset()
	}
	return a.setConn(st, err)
}

// setConn records the API's state; it says on the status line when that changed, and
// schedules a retry after a failure that retrying can mend.
func (a *App) setConn(st connState, err error) tea.Cmd {
	prev, prevLabel := a.conn.state, a.conn.label
	if st == connOK {
		a.conn.state, a.conn.label, a.conn.why = connOK, "", ""
		if prev == connOffline || prev == connFailing || prev == connRejected {
			return a.setStatus(screen.LevelInfo, "connected again")
		}
		return nil
	}
	a.conn.state, a.conn.label, a.conn.why = st, api.Reason(err), describe(err)
	var cmds []tea.Cmd
	if st != connRejected && a.conn.retry.id == 0 {
		cmds = append(cmds, a.scheduleRetry(retryAfter(err)))
	}
	if st != prev || a.conn.label != prevLabel {
		text := a.conn.why
		switch {
		case prev == connUnknown && a.session.APIURL != "" && noAPIYet(st, a.conn.label, text):
			text = "no Prefect API answered at " + a.session.APIURL + " (" + text + ") — is it running? Try `prefect-tui demo`, or point --api at your server"
		case st == connOffline:
			text = "API unreachable: " + text
		case st == connFailing:
			text = "API failing: " + text
		}
		if a.conn.retry.id != 0 {
			text += " · retrying in " + a.retryIn()
		}
		cmds = append(cmds, a.setStatus(screen.LevelError, text))
	}
	return tea.Batch(cmds...)
}

// noAPIYet reports whether a failure before the API's first answer (at start, after
// a session change) means that no Prefect API is there: nothing answered, or not with
// GraphQL (a proxy's 502 page). A rate limit or a refused credential is an API's answer;
// an error that already says what to try is shown as it is.
func noAPIYet(st connState, label, why string) bool {
	return (st == connOffline || st == connFailing) && label != "rate limited" &&
		!strings.Contains(why, "prefect-tui demo")
}

// noteErr learns from an error a screen reported, when the client does not report
// its outcomes itself.
func (a *App) noteErr(err error) tea.Cmd {
	if a.conn.observed {
		return nil
	}
	if st, told := classify(err); told && st != connOK {
		return a.setConn(st, err)
	}
	return nil
}

// resetConn forgets what was known of the API (a session change).
func (a *App) resetConn() {
	a.conn.state, a.conn.label, a.conn.why = connUnknown, "", ""
	a.conn.retry.id = 0
	a.conn.retry.backoff.Reset()
}

// connView is the header's connection part.
func (a *App) connView() string {
	s := a.styles.App
	switch a.conn.state {
	case connOK:
		return s.ConnOK.Render("● connected")
	case connUnknown:
		return s.ConnUnknown.Render("○ connecting")
	}
	glyph := "✗ "
	if a.conn.label == "rate limited" {
		glyph = "! "
	}
	text := glyph + a.conn.label
	if a.conn.retry.id != 0 {
		text += " · retry in " + a.retryIn()
	}
	return s.ConnBad.Render(text)
}

// describe is the one-line form of an error (api.Describe).
func describe(err error) string { return api.Describe(err) }
