// Package taskruns is the table of a flow run's task runs (a run-page tab) and of a
// mapped task run's children (on the task run page): state glyph and word, start,
// end, duration, with a state filter and mapped parents expandable into their
// children.
package taskruns

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/theme"
)

// Filter is the state filter: all, or one state family.
type Filter int

// Filters, in the order S cycles through them.
const (
	FilterAll Filter = iota
	FilterFailed
	FilterRunning
	FilterPending
	FilterSuccess
	FilterCancelled
)

// String implements fmt.Stringer.
func (f Filter) String() string {
	return [...]string{"all", "failed", "running", "pending", "success", "cancelled"}[f]
}

func (f Filter) match(state string) bool {
	fam := components.Info(state).Family
	switch f {
	case FilterFailed:
		return fam == components.FamilyFailed
	case FilterRunning:
		return fam == components.FamilyRunning
	case FilterPending:
		return fam == components.FamilyPending || fam == components.FamilyScheduled || fam == components.FamilyPaused
	case FilterSuccess:
		return fam == components.FamilySuccess || fam == components.FamilyFinished
	case FilterCancelled:
		return fam == components.FamilyCancelled
	}
	return true
}

type row struct{ task, child int }

// Model is the task runs table.
type Model struct {
	styles *theme.Styles
	now    func() time.Time
	keys   KeyMap
	title  string

	tasks    []rundata.Task
	hidden   int // tasks rundata.Shown left out (SetRun)
	rows     []row
	expanded map[string]bool
	filter   Filter

	win           components.Window
	width, height int
	loaded        bool
	// detail shows the selected row in full (v).
	detail components.Detail
}

// New returns an empty table titled title ("Task runs", "Mapped runs").
func New(deps screen.Deps, title string) *Model {
	now := deps.Now
	if now == nil {
		now = time.Now
	}
	return &Model{styles: deps.Styles, now: now, keys: DefaultKeyMap(), title: title, expanded: map[string]bool{},
		detail: components.NewDetail()}
}

// Title implements tabs.Tab.
func (m *Model) Title() string { return m.title }

// Init implements tabs.Tab.
func (m *Model) Init() tea.Cmd { return nil }

// CapturesInput implements tabs.Tab: the open detail takes every key (esc closes it,
// rather than the page).
func (m *Model) CapturesInput() bool { return m.detail.IsOpen() }

// SetSize implements tabs.Tab.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h; m.clamp() }

// SetRun implements the run page's RunSetter: one row per task rundata.Shown keeps.
func (m *Model) SetRun(r *rundata.Run) {
	tasks, hidden := rundata.ShownTasks(r.Tasks, func(s string) bool { return components.Info(s).Failed })
	m.hidden = hidden
	m.SetTasks(tasks)
}

// SetChildren shows a mapped task run's children as the rows.
func (m *Model) SetChildren(taskName string, children []rundata.TaskRun) {
	tasks := make([]rundata.Task, len(children))
	for i, c := range children {
		tasks[i] = rundata.Task{TaskID: c.ID, Name: c.Label(taskName), Run: c}
	}
	m.SetTasks(tasks)
}

// SetTasks sets the rows, keeping the cursor on the same task run.
func (m *Model) SetTasks(tasks []rundata.Task) {
	sel := m.SelectedID()
	m.tasks = tasks
	m.loaded = true
	m.rebuild()
	for i, r := range m.rows {
		if m.taskRun(r).ID == sel {
			m.win.Cursor = i
		}
	}
	m.clamp()
	m.refreshDetail()
}

// SelectedID implements tabs.Selector.
func (m *Model) SelectedID() string {
	if m.win.Cursor < 0 || m.win.Cursor >= len(m.rows) {
		return ""
	}
	return m.taskRun(m.rows[m.win.Cursor]).ID
}

func (m *Model) taskRun(r row) rundata.TaskRun {
	if r.child >= 0 {
		return m.tasks[r.task].Children[r.child]
	}
	return m.tasks[r.task].Run
}

// rebuild lists the rows that pass the filter: a mapped parent passes when it or one of
// its children does; expanded parents show their matching children.
func (m *Model) rebuild() {
	m.rows = m.rows[:0]
	for i, t := range m.tasks {
		match := m.filter.match(t.Run.State)
		for s, n := range t.Counts {
			if n > 0 && m.filter.match(s) {
				match = true
			}
		}
		if !match {
			continue
		}
		m.rows = append(m.rows, row{task: i, child: -1})
		if m.expanded[t.TaskID] {
			for c, ch := range t.Children {
				if m.filter.match(ch.State) {
					m.rows = append(m.rows, row{task: i, child: c})
				}
			}
		}
	}
}

// Update implements tabs.Tab.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	if m.detail.IsOpen() {
		return m.detail.Update(k, m.height)
	}
	switch {
	case key.Matches(k, m.keys.Up):
		m.win.Cursor--
	case key.Matches(k, m.keys.Down):
		m.win.Cursor++
	case key.Matches(k, m.keys.PageUp):
		m.win.Cursor -= m.bodyHeight()
	case key.Matches(k, m.keys.PageDown):
		m.win.Cursor += m.bodyHeight()
	case key.Matches(k, m.keys.Top):
		m.win.Cursor = 0
	case key.Matches(k, m.keys.Bottom):
		m.win.Cursor = len(m.rows) - 1
	case key.Matches(k, m.keys.Filter):
		sel := m.SelectedID()
		m.filter = (m.filter + 1) % (FilterCancelled + 1)
		m.rebuild()
		m.win.Cursor = 0
		for i, r := range m.rows {
			if m.taskRun(r).ID == sel {
				m.win.Cursor = i
			}
		}
	case key.Matches(k, m.keys.NextFailed):
		for i := 1; i <= len(m.rows); i++ {
			j := (m.win.Cursor + i) % len(m.rows)
			if components.Info(m.taskRun(m.rows[j]).State).Failed {
				m.win.Cursor = j
				break
			}
		}
	case key.Matches(k, m.keys.Expand):
		if m.win.Cursor < len(m.rows) {
			r := m.rows[m.win.Cursor]
			if t := m.tasks[r.task]; r.child < 0 && len(t.Children) > 0 {
				m.expanded[t.TaskID] = !m.expanded[t.TaskID]
				m.rebuild()
				m.clamp()
				return nil
			}
		}
		return m.open()
	case key.Matches(k, m.keys.Open):
		return m.open()
	case key.Matches(k, m.keys.Detail):
		m.openDetail()
		return nil
	}
	m.clamp()
	return nil
}

func (m *Model) open() tea.Cmd {
	id := m.SelectedID()
	if id == "" {
		return nil
	}
	return screen.Open(screen.Route{Kind: screen.RouteTaskRun, ID: id})
}

func (m *Model) bodyHeight() int { return max(m.height-2, 1) }

func (m *Model) clamp() { m.win.Fit(len(m.rows), m.bodyHeight()) }
