// Package timeline is the run page's text Gantt: one row per task on a shared time
// axis, bars in state colour and glyph, running bars growing to a "now" marker, the flow
// run's state changes as marks on the axis, and mapped tasks as one row split by their
// children's state counts, expandable into the children. Only visible rows are rendered,
// so a frame costs the same for 20 or 20,000 task runs.
package timeline

import (
	"sort"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/components/tabs"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/theme"
)

// SortMode orders the timeline's rows.
type SortMode int

// Sort modes.
const (
	SortStart SortMode = iota
	SortDuration
)

// String implements fmt.Stringer.
func (s SortMode) String() string { return [...]string{"start", "duration"}[s] }

// row is one visible line: a task (child -1) or one of its mapped children.
type row struct {
	task  int
	child int
}

// Model is the timeline tab.
type Model struct {
	styles *theme.Styles
	now    func() time.Time
	keys   KeyMap

	run      *rundata.Run
	tasks    []rundata.Task // the tasks rundata.Shown keeps, in sort order
	hidden   int            // tasks it left out
	rows     []row
	expanded map[string]bool
	sortBy   SortMode

	win           components.Window
	width, height int
	labelW        int

	// full is the run's time span; view is the visible window of it.
	fullStart, fullEnd time.Time
	viewStart          time.Time
	viewSpan           time.Duration

	// detail shows the selected row in full (v).
	detail components.Detail

	// cache holds the styled rows (cache.go).
	cache rowCache
}

// New returns an empty timeline; SetRun gives it data.
func New(deps screen.Deps) *Model {
	now := deps.Now
	if now == nil {
		now = time.Now
	}
	return &Model{styles: deps.Styles, now: now, keys: DefaultKeyMap(), expanded: map[string]bool{}, detail: components.NewDetail()}
}

// NewTab is the run page's Timeline tab (a tabs.Factory); the page gives it the run
// through SetRun.
func NewTab(deps screen.Deps, _ string) tabs.Tab { return New(deps) }

// Title implements tabs.Tab.
func (m *Model) Title() string { return "Timeline" }

// Init implements tabs.Tab.
func (m *Model) Init() tea.Cmd { return nil }

// CapturesInput implements tabs.Tab: the open detail takes every key (esc closes it,
// rather than the page).
func (m *Model) CapturesInput() bool { return m.detail.IsOpen() }

// SetSize implements tabs.Tab.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.layoutLabels()
	m.fitRows()
}

// SetRun gives the timeline a (re)loaded run, keeping the cursor on the same task run,
// the expansions, the sort and, when the axis did not change, the zoom.
func (m *Model) SetRun(r *rundata.Run) {
	sel := m.SelectedID()
	m.run = r
	m.tasks, m.hidden = rundata.ShownTasks(r.Tasks, failedState)
	oldStart, oldEnd := m.fullStart, m.fullEnd
	m.computeAxis()
	if m.viewSpan == 0 || !oldStart.Equal(m.fullStart) || (m.viewSpan == oldEnd.Sub(oldStart)) {
		m.fit()
	}
	m.sortTasks()
	m.rebuild()
	m.layoutLabels()
	m.selectID(sel)
	m.refreshDetail()
}

// SelectedID is the id of the task run under the cursor ("" when none).
func (m *Model) SelectedID() string {
	if m.win.Cursor < 0 || m.win.Cursor >= len(m.rows) {
		return ""
	}
	return m.taskRun(m.rows[m.win.Cursor]).ID
}

func (m *Model) taskRun(r row) rundata.TaskRun {
	t := &m.tasks[r.task]
	if r.child >= 0 {
		return t.Children[r.child]
	}
	return t.Run
}

func (m *Model) selectID(id string) {
	if id == "" {
		m.fitRows()
		return
	}
	for i, r := range m.rows {
		if m.taskRun(r).ID == id {
			m.win.Cursor = i
			m.fitRows()
			return
		}
	}
	m.fitRows()
}

// Update implements tabs.Tab.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || m.run == nil {
		return nil
	}
	if m.detail.IsOpen() {
		return m.detail.Update(k, m.height)
	}
	switch {
	case key.Matches(k, m.keys.Up):
		m.move(-1)
	case key.Matches(k, m.keys.Down):
		m.move(1)
	case key.Matches(k, m.keys.PageUp):
		m.move(-m.bodyHeight())
	case key.Matches(k, m.keys.PageDown):
		m.move(m.bodyHeight())
	case key.Matches(k, m.keys.Top):
		m.move(-len(m.rows))
	case key.Matches(k, m.keys.Bottom):
		m.move(len(m.rows))
	case key.Matches(k, m.keys.ZoomIn):
		m.zoom(0.5)
	case key.Matches(k, m.keys.ZoomOut):
		m.zoom(2)
	case key.Matches(k, m.keys.Fit):
		m.fit()
	case key.Matches(k, m.keys.PanLeft):
		m.pan(-1)
	case key.Matches(k, m.keys.PanRight):
		m.pan(1)
	case key.Matches(k, m.keys.NextFailed):
		return m.jumpFailed(1)
	case key.Matches(k, m.keys.PrevFailed):
		return m.jumpFailed(-1)
	case key.Matches(k, m.keys.Sort):
		sel := m.SelectedID()
		m.sortBy = (m.sortBy + 1) % 2
		m.sortTasks()
		m.rebuild()
		m.selectID(sel)
	case key.Matches(k, m.keys.Expand):
		return m.enter()
	case key.Matches(k, m.keys.Open):
		return m.open()
	case key.Matches(k, m.keys.Detail):
		m.openDetail()
	}
	return nil
}

func (m *Model) enter() tea.Cmd {
	if m.win.Cursor >= len(m.rows) {
		return nil
	}
	r := m.rows[m.win.Cursor]
	t := m.tasks[r.task]
	if r.child < 0 && len(t.Children) > 0 {
		m.expanded[t.TaskID] = !m.expanded[t.TaskID]
		m.rebuild()
		m.fitRows()
		return nil
	}
	return m.open()
}

func (m *Model) open() tea.Cmd {
	id := m.SelectedID()
	if id == "" {
		return screen.Status(screen.LevelWarn, "this task has no task run yet")
	}
	return screen.Open(screen.Route{Kind: screen.RouteTaskRun, ID: id})
}

func (m *Model) move(d int) { m.win.Move(d, len(m.rows), m.bodyHeight()) }

// fitRows keeps the cursor on a row and in view.
func (m *Model) fitRows() { m.win.Fit(len(m.rows), m.bodyHeight()) }

// jumpFailed moves the cursor to the next (dir 1) or previous failed row, wrapping.
func (m *Model) jumpFailed(dir int) tea.Cmd {
	n := len(m.rows)
	for i := 1; i <= n; i++ {
		j := ((m.win.Cursor+dir*i)%n + n) % n
		if m.rowFailed(m.rows[j]) {
			m.win.Cursor = j
			m.fitRows()
			return nil
		}
	}
	return screen.Status(screen.LevelInfo, "no failed task runs")
}

func (m *Model) rowFailed(r row) bool {
	if components.Info(m.taskRun(r).State).Failed {
		return true
	}
	if r.child < 0 {
		for s, c := range m.tasks[r.task].Counts {
			if c > 0 && components.Info(s).Failed {
				return true
			}
		}
	}
	return false
}

func (m *Model) rebuild() {
	m.cache.reset()
	m.rows = m.rows[:0]
	for i, t := range m.tasks {
		m.rows = append(m.rows, row{task: i, child: -1})
		if m.expanded[t.TaskID] {
			for c := range t.Children {
				m.rows = append(m.rows, row{task: i, child: c})
			}
		}
	}
}

// sortTasks orders tasks by start (unstarted last, as the web UI) or by duration
// (longest first); ties by name then id so the order is stable.
func (m *Model) sortTasks() {
	now := m.now()
	type key struct {
		start time.Time
		dur   time.Duration
	}
	keys := make(map[string]key, len(m.tasks))
	for _, t := range m.tasks {
		s, e, ok := m.span(t, now)
		k := key{}
		if ok {
			k = key{start: s, dur: e.Sub(s)}
		}
		keys[t.TaskID] = k
	}
	sort.SliceStable(m.tasks, func(i, j int) bool {
		a, b := keys[m.tasks[i].TaskID], keys[m.tasks[j].TaskID]
		if m.sortBy == SortDuration && a.dur != b.dur {
			return a.dur > b.dur
		}
		if !a.start.Equal(b.start) {
			if a.start.IsZero() || b.start.IsZero() {
				return b.start.IsZero()
			}
			return a.start.Before(b.start)
		}
		if m.tasks[i].Name != m.tasks[j].Name {
			return m.tasks[i].Name < m.tasks[j].Name
		}
		return m.tasks[i].TaskID < m.tasks[j].TaskID
	})
}

// bodyHeight is the number of task rows that fit: the height less the axis, the marks
// line and the status line.
func (m *Model) bodyHeight() int { return m.height - 3 }
