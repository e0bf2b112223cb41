package runs

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Update implements screen.Screen.
func (m *Model) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.reqID != m.lastReqID {
			return m, nil
		}
		return m, m.loaded(msg)
	case screen.RefreshTickMsg:
		if !m.refresh.Due(msg) || m.loading {
			return m, nil
		}
		return m, m.load(m.offset)
	case screen.AgoTickMsg:
		if !m.ago.Handle(msg) {
			return m, nil
		}
		return m, m.ago.Arm(m.loadedAt, m.deps.Now())
	case screen.ChangedMsg:
		m.afterAction(msg)
		m.refresh.Reset()
		return m, m.load(m.offset)
	case tea.KeyPressMsg:
		var cmd tea.Cmd
		switch {
		case m.filtering:
			cmd = m.handleFilterKey(msg)
		case m.picker != nil:
			cmd = m.handlePickerKey(msg)
		default:
			cmd = m.handleKey(msg)
		}
		m.updateKeys()
		return m, tea.Batch(cmd, m.refresh.Wake(!m.loading && !m.loadedAt.IsZero()))
	}
	if m.filtering {
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return m, cmd
	}
	return m, nil
}

func (m *Model) loaded(msg loadedMsg) tea.Cmd {
	m.loading = false
	m.err, m.partial = msg.err, msg.partial
	if msg.partial != nil && m.deps.Log != nil {
		m.deps.Log.Printf("ListFlowRuns (partial): %v", msg.partial)
	}
	if msg.err != nil {
		m.wantLast = false
		if m.deps.Log != nil {
			m.deps.Log.Printf("ListFlowRuns: %v", msg.err)
		}
		return m.refresh.Schedule(false)
	}
	var sig strings.Builder
	for _, r := range msg.runs {
		sig.WriteString(r.Id + r.State + r.End_time.String() + r.Start_time.String())
	}
	changed := sig.String() != m.sig || msg.total != m.total || msg.capped != m.capped || msg.late != m.late
	m.sig = sig.String()
	keep := ""
	if m.win.Cursor < len(m.runs) && msg.offset == m.offset {
		keep = m.runs[m.win.Cursor].Id
	}
	if msg.offset != m.offset {
		m.win.Cursor = 0
	}
	m.runs, m.total, m.capped, m.late, m.offset = msg.runs, msg.total, msg.capped, msg.late, msg.offset
	m.agents, m.agentsOK = msg.agents, msg.agentsOK
	m.rows.reset()
	m.loadedAt = m.deps.Now()
	for i, r := range m.runs {
		if r.Id == keep {
			m.win.Cursor = i
		}
	}
	m.landLast()
	m.clamp()
	m.updateKeys()
	return tea.Batch(m.refresh.Schedule(changed), m.ago.Arm(m.loadedAt, m.deps.Now()))
}

func (m *Model) handleFilterKey(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.Apply):
		m.filtering = false
		m.input.Blur()
		bad := m.setFilter(m.input.Value())
		m.clearMarks()
		m.offset, m.win.Cursor = 0, 0
		cmd := m.load(0)
		if len(bad) > 0 {
			return tea.Batch(cmd, screen.Status(screen.LevelWarn, "ignored: "+strings.Join(bad, ", ")))
		}
		return cmd
	case key.Matches(k, m.keys.Cancel):
		m.filtering = false
		m.input.Blur()
		return nil
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(k)
	return cmd
}

// handleKey offers a key to the actions first, then to the keys that change what is
// listed, then to the list's; the cursor is kept on a row and in view.
func (m *Model) handleKey(k tea.KeyPressMsg) tea.Cmd {
	if m.opts.Actions != nil {
		if handled, cmd := m.opts.Actions.HandleKey(k, m.selection()); handled {
			return cmd
		}
	}
	cmd, ok := m.handleScopeKey(k)
	if !ok {
		cmd = m.handleListKey(k)
	}
	m.clamp()
	return cmd
}

// selection is what the actions act on: the marked runs and the run under the cursor.
func (m *Model) selection() screen.Selection {
	sel := screen.Selection{Marked: m.Marked()}
	if m.win.Cursor < len(m.runs) {
		r := m.runs[m.win.Cursor]
		sel.FlowRun = screen.RunRef{ID: r.Id, Name: r.Name, State: r.State}
	}
	return sel
}

// handleScopeKey handles the keys that change what is listed: filter, states, late,
// time range, sort; ok is false for other keys.
func (m *Model) handleScopeKey(k tea.KeyPressMsg) (cmd tea.Cmd, ok bool) {
	switch {
	case key.Matches(k, m.keys.Filter):
		m.filtering = true
		m.input.SetValue(m.filterText)
		m.input.CursorEnd()
		m.input.SetWidth(max(m.width-4, 10))
		return m.input.Focus(), true
	case key.Matches(k, m.keys.ClearFilter):
		m.setFilter("")
	case key.Matches(k, m.keys.States):
		m.picker = newPicker(m.filter.States)
		return nil, true
	case key.Matches(k, m.keys.Late):
		if len(m.filter.States) == 1 && m.filter.States[0] == "Late" {
			m.filter.States = nil
		} else {
			m.filter.States = []string{"Late"}
		}
		m.filterText = m.filter.String()
	case key.Matches(k, m.keys.Since):
		m.filter.Since, m.filter.SinceText = nextSince(m.filter.Since)
		m.filterText = m.filter.String()
	case key.Matches(k, m.keys.Sort):
		m.sort = SortMode((int(m.sort) + 1) % sortModes)
		text := "sort: " + m.sort.String()
		if e := m.sort.Explain(); e != "" {
			text += ": " + e
		}
		return tea.Batch(m.load(0), screen.Status(screen.LevelInfo, text)), true
	default:
		return nil, false
	}
	// Another filter lists other runs: the marks go.
	m.clearMarks()
	return m.load(0), true
}

// handleListKey handles moving, paging, marking, opening and copying.
func (m *Model) handleListKey(k tea.KeyPressMsg) tea.Cmd {
	n := m.bodyHeight()
	switch {
	case key.Matches(k, m.keys.Up):
		m.win.Cursor--
	case key.Matches(k, m.keys.Down):
		if m.win.Cursor == len(m.runs)-1 && m.offset+len(m.runs) < m.total && !m.loading {
			return m.load(m.offset + PageSize)
		}
		m.win.Cursor++
	case key.Matches(k, m.keys.PageUp):
		m.win.Cursor -= n
	case key.Matches(k, m.keys.PageDown):
		m.win.Cursor += n
	case key.Matches(k, m.keys.Top):
		m.win.Cursor = 0
	case key.Matches(k, m.keys.Bottom):
		return m.bottom(k)
	case key.Matches(k, m.keys.NextPage):
		return m.load(m.offset + PageSize)
	case key.Matches(k, m.keys.PrevPage):
		return m.load(max(m.offset-PageSize, 0))
	case key.Matches(k, m.keys.Open):
		if m.win.Cursor < len(m.runs) {
			return screen.Open(screen.Route{Kind: screen.RouteRun, ID: m.runs[m.win.Cursor].Id})
		}
	case key.Matches(k, m.keys.Mark):
		if m.win.Cursor < len(m.runs) {
			m.toggleMark(m.runs[m.win.Cursor].Id)
			m.win.Cursor++
		}
	case key.Matches(k, m.keys.MarkAll):
		if len(m.marked) > 0 {
			m.clearMarks()
		} else {
			for _, r := range m.runs {
				m.toggleMark(r.Id)
			}
		}
	case key.Matches(k, m.keys.Reload):
		return m.load(m.offset)
	case key.Matches(k, m.keys.Copy):
		if ids := m.Selected(); len(ids) > 0 {
			return screen.Copy(strings.Join(ids, "\n"), plural(len(ids), "run id"))
		}
	case key.Matches(k, m.keys.CopyLink):
		if m.win.Cursor < len(m.runs) {
			return screen.Copy(m.deps.Session.UILink("flow-run", m.runs[m.win.Cursor].Id), "UI link")
		}
	}
	return nil
}

func plural(n int, what string) string {
	if n == 1 {
		return what
	}
	return itoa(n) + " " + what + "s"
}

func (m *Model) bodyHeight() int { return max(m.height-3, 1) }

func (m *Model) clamp() { m.win.Fit(len(m.runs), m.bodyHeight()) }

// sinceSteps are the time ranges t cycles through (0: any time).
var sinceSteps = []struct {
	d    time.Duration
	text string
}{{0, ""}, {time.Hour, "1h"}, {24 * time.Hour, "24h"}, {7 * 24 * time.Hour, "7d"}, {30 * 24 * time.Hour, "30d"}}

// nextSince is the range after d (a typed range that is not a step goes back to any).
func nextSince(d time.Duration) (time.Duration, string) {
	for i, s := range sinceSteps {
		if s.d == d {
			n := sinceSteps[(i+1)%len(sinceSteps)]
			return n.d, n.text
		}
	}
	return 0, ""
}
