// Package logs is the Logs view of a flow run or of one task run: level filter, text
// filter (server-side _ilike), search with n/N that keeps the surrounding lines, time
// window, follow mode, older/newer pages, copy a line and export every matching line to
// a file. Lines are paged by the keyset (timestamp, id), since log has no primary key,
// and only the visible rows are rendered, so 10k+ lines stay fast.
//
// It is a screen of its own (`:logs`, screen.RouteLogs) and the Logs tab of the run page,
// which embeds *Model and forwards messages to it.
package logs

import (
	"context"
	"errors"
	"strconv"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Tunables.
const (
	// MaxLines bounds what is kept in memory while following; older lines are dropped
	// (and can be loaded again).
	MaxLines = 100_000
	// followMin / followMax bound the follow-mode poll interval, which doubles while
	// nothing new arrives.
	followMin = time.Second
	followMax = 30 * time.Second
	// requestTimeout bounds each request.
	requestTimeout = 30 * time.Second
)

type inputMode int

const (
	modeBrowse inputMode = iota
	modeSearch
	modeFilter
	modeWindow
	modeDetail // the selected line in full (detail.go)
)

// String implements fmt.Stringer.
func (m inputMode) String() string {
	return [...]string{"browse", "search", "filter", "window", "detail"}[m]
}

// Options tune a Model (tests, the run page).
type Options struct {
	// ExportDir is where exports are written; Deps.ExportDir when empty.
	ExportDir string
	// Follow starts in follow mode.
	Follow bool
}

// PageSize is how many lines one load brings (a variable so tests can make pages small).
var PageSize = 500

// ExportPageSize is how many lines each export request brings (a variable so tests
// can make pages small).
var ExportPageSize = 1000

// Model is the logs view. It is used through its pointer.
type Model struct {
	deps  screen.Deps
	keys  KeyMap
	scope Scope
	opts  Options

	width, height int

	filter Filter

	buf      buffer
	total    int // lines matching the filter (server count at the last full load)
	hasOlder bool
	loaded   bool
	loading  bool
	err      error
	lastReq  screen.RequestID

	// win.Cursor is the selected display row; a few lines of context stay around it.
	win  components.Window
	xoff int // horizontal scroll (cells)
	// wrap: long messages are wrapped to the width instead of cut (w).
	wrap bool
	// detailTop is the first shown row of the detail view (v).
	detailTop int
	// newFrom is the first row of lines that arrived below the view and were not seen
	// yet (-1: none): "N new lines ↓".
	newFrom int

	search  string
	matches []int // display rows that match search
	match   int   // index into matches of the current one

	mode  inputMode
	input textinput.Model

	follow      bool
	followDelay time.Duration
	followGen   screen.RequestID
	// followTouched: the user toggled follow (no more automatic following);
	// wantFollow: the run page asked to follow a running run (started on the next
	// message, since SetRun cannot return a command).
	followTouched bool
	wantFollow    bool

	export *exportState

	// run is what the page says of the run (or task run) whose logs these are: a time
	// window resolves against its times.
	run runTimes

	// rowCache holds rendered rows, selected or not; bufGen changes whenever row
	// indexes shift (reset, older lines prepended, old lines dropped).
	rowCache map[rowID]string
	cacheKey cacheKey
	bufGen   int

	lastQuery string
	lastVars  map[string]any
}

// New builds a logs view for a scope.
func New(deps screen.Deps, scope Scope, opts Options) *Model {
	if deps.Ctx == nil {
		deps.Ctx = context.Background()
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	in := textinput.New()
	if deps.Styles != nil {
		in.SetStyles(deps.Styles.TextInput)
	}
	m := &Model{
		deps:    deps,
		keys:    DefaultKeyMap(),
		scope:   scope,
		opts:    opts,
		filter:  Filter{MinLevel: -1},
		input:   in,
		follow:  opts.Follow,
		win:     components.Window{Margin: 3},
		newFrom: -1,
	}
	m.updateKeys()
	return m
}

// NewFromRoute builds the logs screen of a route: Route.ID is the flow run id;
// Params["task_run_id"] narrows to one task run, Params["name"] titles it and
// Params["follow"] = "1" starts following.
func NewFromRoute(deps screen.Deps, r screen.Route) *Model {
	s := Scope{FlowRunID: r.ID}
	o := Options{}
	if r.Params != nil {
		s.TaskRunID = r.Params["task_run_id"]
		s.Name = r.Params["name"]
		o.Follow = r.Params["follow"] == "1"
	}
	return New(deps, s, o)
}

// Init implements screen.Screen: the first page (the newest lines).
func (m *Model) Init() tea.Cmd { return m.reload() }

// Title implements screen.Screen.
func (m *Model) Title() string {
	name := m.scope.Name
	if name == "" {
		id := m.scope.TaskRunID
		if id == "" {
			id = m.scope.FlowRunID
		}
		name = short(id)
	}
	return name + " › logs"
}

// SetSize implements screen.Screen.
func (m *Model) SetSize(w, h int) {
	rewrap := m.wrap && w != m.width
	m.width, m.height = w, h
	if rewrap {
		m.applyWrap()
	}
	m.input.SetWidth(max(10, w-20))
	m.clampView()
}

// CapturesInput implements screen.Screen: true while a prompt is open.
func (m *Model) CapturesInput() bool { return m.mode != modeBrowse }

// LastQuery implements screen.QuerySource: the operation and variables of the last load.
func (m *Model) LastQuery() (string, map[string]any) { return m.lastQuery, m.lastVars }

// Following reports whether follow mode is on.
func (m *Model) Following() bool { return m.follow }

// Lines returns how many lines are loaded and how many match the filter.
func (m *Model) Lines() (loaded, total int) { return m.buf.len(), m.total }

// Close implements screen.Closer: stops an export in progress (its command in flight
// closes the file, keeping what was written).
func (m *Model) Close() {
	if m.export != nil {
		m.export.cancel()
		m.export = nil
	}
}

func short(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

func itoa(n int) string { return strconv.Itoa(n) }

// Open is the RouteFunc of screen.RouteLogs (`:logs <flow run id>`): see NewFromRoute.
func Open(deps screen.Deps, r screen.Route) (screen.Screen, error) {
	if r.ID == "" {
		return nil, errors.New("usage: :logs <flow run id>")
	}
	return NewFromRoute(deps, r), nil
}
