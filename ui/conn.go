package ui

import (
	"context"
	"errors"
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// connWatch learns from every request the client sends whether the API answers, so the
// header's "● connected" / "✗ offline" follows the API going away and coming back
// without polling it (the screens' own requests are the probes).
type connWatch struct {
	mu   sync.Mutex
	seq  int   // bumped on every outcome that says something
	down error // the transport error of the last telling outcome, nil when it answered
}

// observe is the client's observer (api.Client.SetObserver); it runs on the
// requesting goroutine.
func (w *connWatch) observe(err error) {
	switch {
	case err == nil:
	case isTransport(err):
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return // says nothing about the API
	default:
		var t interface{ Timeout() bool }
		if errors.As(err, &t) && t.Timeout() {
			return // slow, not gone: the screen says so
		}
		err = nil // a GraphQL or HTTP answer: the API is there
	}
	w.mu.Lock()
	w.seq++
	w.down = err
	w.mu.Unlock()
}

func (w *connWatch) last() (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.seq, w.down
}

// observable is a client that reports its requests' outcomes (api.Client).
type observable interface{ SetObserver(func(error)) }

// watchClient installs the watch on the client, when it can report.
func (a *App) watchClient() {
	if o, ok := a.client.(observable); ok {
		o.SetObserver(a.watch.observe)
	}
}

// syncConn takes what the watch learnt since the last message: the header state, and a
// status line when the API went away or came back.
func (a *App) syncConn() tea.Cmd {
	seq, down := a.watch.last()
	if seq == a.watchSeq {
		return nil
	}
	a.watchSeq = seq
	switch {
	case down != nil && a.conn != connBad:
		a.conn, a.connErr = connBad, describe(down)
		return a.setStatus(screen.LevelError, "API unreachable: "+a.connErr)
	case down == nil && a.conn == connBad:
		a.conn, a.connErr = connOK, ""
		return a.setStatus(screen.LevelInfo, "connected again")
	case down == nil:
		a.conn, a.connErr = connOK, ""
	}
	return nil
}
