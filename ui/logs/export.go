package logs

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/where"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// exportState is an export in progress: the file, the filter it was started with and
// where the next page starts. Pages are fetched one command at a time, so the file is
// only ever touched by one goroutine at a time.
type exportState struct {
	id      screen.RequestID
	path    string
	note    string // where path is, when not a configured directory (ExportPath)
	file    *os.File
	w       *bufio.Writer
	base    where.Exp
	written int
	total   int
	cancel  context.CancelFunc
	ctx     context.Context
	loc     *time.Location
	// stopping is set when the user stopped the export: the page in flight is
	// abandoned and the file closed when its message arrives.
	stopping bool
}

// finish flushes and closes the file; only called from Update, never while a page
// command is in flight.
func (e *exportState) finish() error {
	e.cancel()
	if e.file == nil {
		return nil
	}
	err := e.w.Flush()
	if cerr := e.file.Close(); err == nil {
		err = cerr
	}
	return err
}

// exportStartedMsg reports the file an export writes to (or why it could not start).
type exportStartedMsg struct {
	id         screen.RequestID
	path, note string
	file       *os.File
	err        error
}

// exportPageMsg reports one exported page.
type exportPageMsg struct {
	id     screen.RequestID
	n      int
	next   cursorKey
	done   bool
	err    error
	loaded int // lines in the page
	// closed: the command closed the file itself (its context was cancelled: the
	// screen was closed or the user stopped the export).
	closed bool
}

// exportFileName is the name of an export of a scope at a time.
func exportFileName(s Scope, now time.Time) string {
	kind, id := "flow-run", s.FlowRunID
	if s.TaskRunID != "" {
		kind, id = "task-run", s.TaskRunID
	}
	return fmt.Sprintf("prefect-logs-%s-%s-%s.log", kind, short(id), now.UTC().Format("20060102T150405Z"))
}

// startExport creates the export file (in a command: it is I/O).
func (m *Model) startExport() tea.Cmd {
	if m.export != nil {
		return nil
	}
	dir := m.opts.ExportDir
	if dir == "" {
		dir = m.deps.ExportDir
	}
	name := exportFileName(m.scope, m.deps.Now())
	id := screen.NewRequestID() // its own id: a page load in flight must not turn stale
	ctx, cancel := context.WithCancel(m.deps.Ctx)
	m.export = &exportState{id: id, base: whereOf(m.scope, m.filter), total: m.total, cancel: cancel, ctx: ctx, loc: m.loc()}
	m.updateKeys()
	return func() tea.Msg {
		path, note, err := screen.ExportPath(dir, name)
		if err != nil {
			return exportStartedMsg{id: id, err: err}
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return exportStartedMsg{id: id, err: err}
		}
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, screen.ExportMode)
		return exportStartedMsg{id: id, path: path, note: note, file: f, err: err}
	}
}

// exportPageCmd fetches the page after cursor and appends it to the file.
func exportPageCmd(c graphql.Client, e *exportState, cursor *cursorKey) tea.Cmd {
	ctx, id, w, bw, f, loc := e.ctx, e.id, e.base, e.w, e.file, e.loc
	if cursor != nil {
		w = withCursor(w, *cursor, false)
	}
	return func() tea.Msg {
		rctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		resp, err := api.LogTail(rctx, c, w.JSON(), ExportPageSize)
		if ctx.Err() != nil {
			// Nobody will continue this export: keep what was written.
			_ = bw.Flush()
			_ = f.Close()
			return exportPageMsg{id: id, err: ctx.Err(), closed: true}
		}
		if err != nil {
			return exportPageMsg{id: id, err: err}
		}
		msg := exportPageMsg{id: id, loaded: len(resp.Log)}
		for _, l := range resp.Log {
			if _, err := bw.WriteString(formatExport(l, loc)); err != nil {
				return exportPageMsg{id: id, err: err}
			}
			msg.n++
		}
		if n := len(resp.Log); n > 0 {
			last := resp.Log[n-1]
			msg.next = cursorKey{last.Timestamp, last.Id}
		}
		msg.done = len(resp.Log) < ExportPageSize
		return msg
	}
}

// formatExport renders one exported line: RFC 3339 time, level, logger name, message;
// continuation lines of a multi-line message are indented by a tab.
func formatExport(l Line, loc *time.Location) string {
	msg := strings.ReplaceAll(strings.TrimRight(l.Message, "\n"), "\n", "\n\t")
	return fmt.Sprintf("%s %-8s %s: %s\n", l.Timestamp.In(loc).Format("2006-01-02T15:04:05.000000Z07:00"), l.Level, l.Name, msg)
}

// handleExport advances an export on its messages.
func (m *Model) handleExport(msg tea.Msg) tea.Cmd {
	e := m.export
	switch msg := msg.(type) {
	case exportStartedMsg:
		if e == nil || msg.id != e.id {
			if msg.file != nil {
				_ = msg.file.Close()
			}
			return nil
		}
		if msg.err != nil {
			e.cancel()
			m.export = nil
			m.updateKeys()
			return screen.Status(screen.LevelError, "export failed: "+msg.err.Error())
		}
		if e.stopping {
			_ = msg.file.Close()
			m.export = nil
			m.updateKeys()
			return screen.Status(screen.LevelWarn, "export stopped: "+msg.path)
		}
		e.path, e.note, e.file, e.w = msg.path, msg.note, msg.file, bufio.NewWriterSize(msg.file, 256<<10)
		return exportPageCmd(m.deps.Client, e, nil)
	case exportPageMsg:
		if e == nil || msg.id != e.id {
			return nil
		}
		e.written += msg.n
		if msg.closed {
			e.file = nil
		}
		if e.stopping {
			_ = e.finish()
			m.export = nil
			m.updateKeys()
			return screen.Status(screen.LevelWarn, fmt.Sprintf("export stopped after %d lines: %s", e.written, e.path))
		}
		if msg.err != nil {
			_ = e.finish()
			m.export = nil
			m.updateKeys()
			if m.deps.Log != nil {
				m.deps.Log.Printf("logs export %s: %v", e.path, msg.err)
			}
			return screen.Status(screen.LevelError, fmt.Sprintf("export stopped after %d lines (%s): %s", e.written, e.path, api.Describe(msg.err)))
		}
		if e.written > e.total {
			e.total = e.written
		}
		if !msg.done {
			next := msg.next
			return exportPageCmd(m.deps.Client, e, &next)
		}
		err := e.finish()
		m.export = nil
		m.updateKeys()
		if err != nil {
			return screen.Status(screen.LevelError, fmt.Sprintf("export failed writing %s: %v", e.path, err))
		}
		return screen.Status(screen.LevelInfo, fmt.Sprintf("exported %d lines to %s%s", e.written, e.path, e.note))
	}
	return nil
}

// cancelExport stops an export, keeping what was written: the request in flight is
// cancelled and its message closes the file.
func (m *Model) cancelExport() tea.Cmd {
	e := m.export
	if e == nil || e.stopping {
		return nil
	}
	e.stopping = true
	e.cancel()
	return nil
}
