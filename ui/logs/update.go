package logs

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Update implements screen.Screen. It returns the model itself (a pointer), so a parent
// embedding *Model may ignore the returned Screen.
func (m *Model) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	if m.wantFollow && m.loaded {
		m.wantFollow = false
		if !m.follow {
			start := m.toggleFollowQuiet()
			_, cmd := m.update(msg)
			return m, tea.Batch(start, cmd)
		}
	}
	return m.update(msg)
}

func (m *Model) update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case pageLoadedMsg:
		if msg.reqID != m.lastReq {
			return m, nil
		}
		return m, m.handlePage(msg)
	case followTickMsg:
		if msg.gen != m.followGen || !m.polling() {
			return m, nil
		}
		if m.loading {
			return m, m.scheduleFollow()
		}
		return m, m.loadNewer()
	case exportStartedMsg:
		return m, m.handleExport(msg)
	case exportPageMsg:
		return m, m.handleExport(msg)
	case screen.ChangedMsg:
		// An action ran (a restart writes a log line): fetch what is new.
		return m, m.loadNewer()
	case tea.KeyPressMsg:
		if m.mode == modeDetail {
			return m, m.handleDetail(msg)
		}
		if m.mode != modeBrowse {
			return m, m.handleInput(msg)
		}
		return m, m.handleBrowse(msg)
	}
	if m.mode != modeBrowse && m.mode != modeDetail {
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return m, cmd
	}
	return m, nil
}

// handlePage applies a loaded page.
func (m *Model) handlePage(msg pageLoadedMsg) tea.Cmd {
	m.loading = false
	if msg.err != nil {
		m.err = msg.err
		if m.deps.Log != nil {
			m.deps.Log.Printf("logs %s %s: %v", m.lastQueryName(), m.scope.FlowRunID, msg.err)
		}
		if m.polling() {
			m.backoff(false)
			return m.scheduleFollow()
		}
		return nil
	}
	m.err = nil
	var then func() tea.Cmd
	switch msg.kind {
	case loadReset:
		then = m.applyReset(msg)
	case loadOlder:
		m.applyOlder(msg)
	case loadNewer:
		then = m.applyNewer(msg)
	}
	m.clampView()
	m.updateKeys()
	if then == nil {
		return nil
	}
	return then()
}

// applyReset replaces every line with the newest page; then follows on.
func (m *Model) applyReset(msg pageLoadedMsg) func() tea.Cmd {
	m.bufGen++
	m.buf = buffer{}
	m.buf.appendLines(msg.lines)
	m.total = msg.total
	m.hasOlder = msg.full
	m.loaded = true
	m.win.Cursor = max(0, len(m.buf.rows)-1)
	m.win.Top = 0
	m.newFrom = -1
	m.recomputeMatches()
	return func() tea.Cmd {
		if !m.polling() {
			return nil
		}
		m.followDelay = followMin
		return m.scheduleFollow()
	}
}

// applyOlder puts a page before the first loaded line, the cursor staying on its line.
func (m *Model) applyOlder(msg pageLoadedMsg) {
	m.bufGen++
	_, rows := m.buf.prependLines(msg.lines)
	m.win.Cursor += rows
	m.win.Top += rows
	m.shiftNew(rows)
	m.hasOlder = msg.full
	if msg.total >= 0 {
		m.total = msg.total
	}
	m.recomputeMatches()
}

// applyNewer appends what came after the last line (the oldest lines go past MaxLines),
// the cursor following when it was on the last line; then, while following, polls on
// (at once when the page was full).
func (m *Model) applyNewer(msg pageLoadedMsg) func() tea.Cmd {
	atBottom := m.win.Cursor >= len(m.buf.rows)-1
	before := len(m.buf.rows)
	n := m.buf.appendLines(msg.lines)
	m.total += n
	m.appendMatches(before)
	if dropped := m.buf.dropOldest(MaxLines); dropped > 0 {
		m.bufGen++
		m.hasOlder = true
		m.win.Cursor = max(0, m.win.Cursor-dropped)
		m.win.Top = max(0, m.win.Top-dropped)
		m.shiftNew(-dropped)
		before = max(0, before-dropped)
		m.recomputeMatches()
	}
	switch {
	case n == 0:
	case m.follow && atBottom:
		// Following at the bottom: the view moves with the new lines.
		m.win.Cursor = len(m.buf.rows) - 1
	default:
		// Follow off, or the user moved up: the view stays, the new lines are counted.
		m.clampView()
		m.noteNew(before)
	}
	switch {
	case m.polling():
		m.backoff(n > 0)
		if msg.full {
			return m.loadNewer
		}
		return m.scheduleFollow
	case n == 0:
		return func() tea.Cmd { return screen.Status(screen.LevelInfo, "no newer logs") }
	}
	return nil
}

// backoff adapts the follow interval: back to the minimum when lines came, doubled
// (up to followMax) when nothing did.
func (m *Model) backoff(gotLines bool) {
	if gotLines || m.followDelay == 0 {
		m.followDelay = followMin
		return
	}
	m.followDelay = min(m.followDelay*2, followMax)
}

func (m *Model) lastQueryName() string {
	if m.lastQuery == api.LogTail_Operation {
		return "LogTail"
	}
	return "LogPage"
}

// handleBrowse handles keys while browsing.
func (m *Model) handleBrowse(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	rows := len(m.buf.rows)
	page := max(1, m.bodyHeight()-1)
	switch {
	case key.Matches(msg, k.Up):
		if m.win.Cursor == 0 && m.hasOlder {
			return m.loadOlder()
		}
		m.moveTo(m.win.Cursor - 1)
	case key.Matches(msg, k.Down):
		m.moveTo(m.win.Cursor + 1)
	case key.Matches(msg, k.PageUp):
		if m.win.Cursor == 0 && m.hasOlder {
			return m.loadOlder()
		}
		m.moveTo(m.win.Cursor - page)
	case key.Matches(msg, k.PageDown):
		m.moveTo(m.win.Cursor + page)
	case key.Matches(msg, k.Top):
		m.moveTo(0)
	case key.Matches(msg, k.Bottom):
		m.moveTo(rows - 1)
	case key.Matches(msg, k.Left):
		m.xoff = max(0, m.xoff-8)
	case key.Matches(msg, k.Right):
		m.xoff += 8
	case key.Matches(msg, k.Wrap):
		m.toggleWrap()
	case key.Matches(msg, k.Detail):
		m.openDetail()
	case key.Matches(msg, k.Search):
		return m.openInput(modeSearch, "/", m.search)
	case key.Matches(msg, k.Next):
		m.jumpMatch(1)
	case key.Matches(msg, k.Prev):
		m.jumpMatch(-1)
	case key.Matches(msg, k.Filter):
		return m.openInput(modeFilter, "filter: ", m.filter.Text)
	case key.Matches(msg, k.Window):
		return m.openInput(modeWindow, m.windowRef().prompt(), describeWindow(m.filter.From, m.filter.To, m.loc()))
	case key.Matches(msg, k.Level):
		m.filter.MinLevel = nextLevel(m.filter.MinLevel)
		return m.reload()
	case key.Matches(msg, k.Follow):
		return m.toggleFollow()
	case key.Matches(msg, k.Older):
		return m.loadOlder()
	case key.Matches(msg, k.Newer):
		return m.loadNewer()
	case key.Matches(msg, k.Refresh):
		return m.reload()
	case key.Matches(msg, k.Copy):
		if l, ok := m.selected(); ok {
			return screen.Copy(formatExport(l, m.loc()), "log line")
		}
	case key.Matches(msg, k.Export):
		return m.startExport()
	case key.Matches(msg, k.CancelExport):
		return m.cancelExport()
	case key.Matches(msg, k.Open):
		if id := m.selectedTaskRun(); id != "" {
			return screen.Open(screen.Route{Kind: screen.RouteTaskRun, ID: id})
		}
	}
	return nil
}

// nextLevel cycles all → INFO+ → WARNING+ → ERROR+ → all.
func nextLevel(l int) int {
	switch {
	case l < 1:
		return 1
	case l >= 3:
		return -1
	default:
		return l + 1
	}
}

// toggleFollow is the user's F.
func (m *Model) toggleFollow() tea.Cmd {
	m.followTouched = true
	return m.toggleFollowQuiet()
}

func (m *Model) toggleFollowQuiet() tea.Cmd {
	m.follow = !m.follow
	m.followGen = screen.NewRequestID()
	m.updateKeys()
	if !m.follow {
		if m.paused() && !m.loading {
			// A running run: new lines are still fetched, and counted below the view.
			return tea.Batch(screen.Status(screen.LevelInfo, "follow off: new lines are counted, not shown"), m.scheduleFollow())
		}
		return screen.Status(screen.LevelInfo, "follow off")
	}
	m.followDelay = followMin
	m.moveTo(len(m.buf.rows) - 1)
	if m.loading {
		return m.scheduleFollow()
	}
	return m.loadNewer()
}

// moveTo puts the cursor on a row and scrolls so that it is visible with some context.
func (m *Model) moveTo(r int) {
	m.win.Cursor = r
	m.clampView()
}

// clampView keeps the cursor on a row and visible, with a few lines of context around
// it when there are.
func (m *Model) clampView() {
	m.win.Fit(len(m.buf.rows), m.bodyHeight())
	m.seenNew()
}

// polling is whether new lines are fetched: while following, and while paused.
func (m *Model) polling() bool { return m.follow || m.paused() }

// paused: the user turned follow off on the page of a run that has not finished: the
// view stays put, new lines are still fetched and counted ("N new lines ↓").
func (m *Model) paused() bool {
	return !m.follow && m.followTouched && m.run.known && !m.run.finished
}

func (m *Model) selected() (Line, bool) {
	if m.win.Cursor < 0 || m.win.Cursor >= len(m.buf.rows) {
		return Line{}, false
	}
	return m.buf.lines[m.buf.rows[m.win.Cursor].log], true
}

func (m *Model) selectedTaskRun() string {
	if l, ok := m.selected(); ok {
		return l.Task_run_id
	}
	return ""
}
