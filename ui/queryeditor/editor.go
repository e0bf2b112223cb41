// Package queryeditor is the query editor screen (`:query`, `g q`, and "the query
// behind any screen"): a GraphQL editor with highlighting, undo/redo, bracket
// matching, completion and docs from the cached schema, validation with inline errors,
// a variables pane and a headers view; it runs the operation through the one client
// (api.Run) with the guards (auto-limit, mutation confirmation, read-only), and shows
// the answer as a folding JSON tree or a table. History and saved queries persist per
// API (api/history); the schema is cached per API (api/schemacache).
//
// Layout of the package: editor.go (model, construction), keys.go, update.go (key
// handling by mode), run.go (prepare/run/results), commands.go (all I/O), overlay.go
// (history, saved queries, prompts), view.go and render.go (drawing), styles.go.
package queryeditor

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/answer"
	"github.com/prefect-tui/prefect-tui/api/gqlprep"
	"github.com/prefect-tui/prefect-tui/api/history"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/queryeditor/complete"
	"github.com/prefect-tui/prefect-tui/ui/queryeditor/results"
	"github.com/prefect-tui/prefect-tui/ui/queryeditor/textbuf"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// focus is the pane that has the keyboard.
type focus int

const (
	focusEditor focus = iota
	focusVariables
	focusResults
)

// String names the pane.
func (f focus) String() string { return [...]string{"query", "variables", "result"}[f] }

// overlay is a panel shown over the results pane.
type overlay int

const (
	overlayNone overlay = iota
	overlayHistory
	overlaySaved
	overlayPrompt
)

// promptKind says what a prompt asks for.
type promptKind int

const (
	promptSave promptKind = iota
	promptExport
	promptSearch
)

// Model is the query editor screen.
type Model struct {
	deps   screen.Deps
	keys   KeyMap
	st     styles
	width  int
	height int

	query     *textbuf.Buffer
	variables *textbuf.Buffer
	focus     focus
	editing   bool
	// scroll offsets of the two text panes (first visible line, first visible column).
	qTop, qLeft, vTop, vLeft int

	// Completion popup.
	popup      complete.Result
	popupSel   int
	popupShown bool
	// popupVersion is the buffer version the popup was computed for.
	popupVersion int

	// schema: nil until loaded from the cache or introspected.
	schema        *ast.Schema
	schemaAt      time.Time
	schemaLoading bool
	schemaErr     string
	schemaDir     string

	// Live validation of the query (recomputed when the text changes).
	errs        gqlerror.List
	errsVersion int
	showErrs    bool // errors drawn inline under their lines (after a run attempt)
	// op is the operation at the cursor when the query is valid (for the variables).
	op          *ast.OperationDefinition
	varErr      string
	varsVersion int

	// Headers view (in place of the variables pane).
	showHeaders bool
	headers     []headerLine
	headersErr  string

	// Request in flight.
	reqID   screen.RequestID
	running bool
	cancel  context.CancelFunc
	// notice tells what the guards did ("limit: 100 added to flow_run").
	notice string

	// The last answer.
	result    *api.RawResult
	resultErr string
	tree      *answer.Tree
	treeView  *results.TreeView
	table     *results.TableView
	tableMode bool
	parsing   bool
	sent      string

	// History and saved queries.
	store      *history.Store
	historyDir string
	overlay    overlay
	items      []overlayItem
	itemSel    int
	prompt     textinput.Model
	promptKind promptKind
	// promptSuggest is what an empty prompt submits (shown as its placeholder).
	promptSuggest string

	confirm components.Confirm

	// draft keeps the unsaved text in the history file (draft.go).
	draft draftState

	// Highlighting caches of the two texts.
	qHL, vHL hlCache
}

// queryTemplate is the text of a new editor: an empty selection set with the cursor
// inside. While it is untouched, typed or pasted text that starts a document replaces
// it (templateEdit) and no error is shown.
const queryTemplate = "{\n  \n}"

// Option configures New.
type Option func(*Model)

// WithSchemaDir keeps the schema cache in dir instead of the user cache directory.
func WithSchemaDir(dir string) Option { return func(m *Model) { m.schemaDir = dir } }

// WithHistoryDir keeps history and saved queries in dir instead of the user config
// directory.
func WithHistoryDir(dir string) Option { return func(m *Model) { m.historyDir = dir } }

// New returns the editor for route (RouteQuery: Query and Variables pre-fill it).
func New(deps screen.Deps, route screen.Route, opts ...Option) *Model {
	if deps.Ctx == nil {
		deps.Ctx = context.Background()
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	// A screen's query is genqlient's text, which starts with a newline: no blank
	// first line in the editor.
	q := strings.TrimSpace(route.Query)
	if q == "" {
		q = queryTemplate
	} else if !strings.Contains(q, "\n") && len(q) > 80 {
		// A screen's query on one long line: lay it out for editing.
		if pretty, err := gqlprep.Pretty(q); err == nil {
			q = pretty
		}
	}
	m := &Model{
		deps:      deps,
		keys:      DefaultKeyMap(),
		query:     textbuf.New(q),
		variables: textbuf.New(components.VariablesJSON(route.Variables)),
		editing:   true,
		prompt:    textinput.New(),
	}
	if len(route.Variables) == 0 {
		m.variables = textbuf.New("")
	}
	m.variables.Top()
	if strings.TrimSpace(route.Query) == "" {
		m.query.SetCursor(textbuf.Pos{Row: 1, Col: 2})
	} else {
		m.query.Top()
	}
	for _, o := range opts {
		o(m)
	}
	if m.schemaDir == "" {
		m.schemaDir, _ = schemacacheDefaultDir()
	}
	if m.historyDir == "" {
		m.historyDir, _ = history.DefaultDir()
	}
	if deps.Styles != nil {
		m.prompt.SetStyles(deps.Styles.TextInput)
	}
	m.draft = draftState{restore: strings.TrimSpace(route.Query) == "" && len(route.Variables) == 0,
		seenQ: m.query.Version(), seenV: m.variables.Version()}
	m.validate()
	m.updateKeys()
	return m
}

// Init implements screen.Screen: load the cached schema (or introspect) and open the
// history, both in commands.
func (m *Model) Init() tea.Cmd {
	m.schemaLoading = true
	return tea.Batch(loadSchemaCmd(m.deps, m.schemaDir, false), openHistoryCmd(m.historyDir, m.deps.Session.APIURL))
}

// Title implements screen.Screen.
func (m *Model) Title() string {
	if name := operationName(m.query.Text()); name != "" {
		return "query › " + name
	}
	return "query"
}

// SetSize implements screen.Screen.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.layoutResults()
}

// CapturesInput implements screen.Screen: true while text has focus, a prompt or list
// is open, or a request is in flight (so esc cancels it instead of leaving).
func (m *Model) CapturesInput() bool {
	return m.editing || m.overlay != overlayNone || m.confirm.Open() || m.running
}

// Close implements screen.Closer: cancel the request in flight.
func (m *Model) Close() {
	if m.cancel != nil {
		m.cancel()
	}
}

// LastQuery implements screen.QuerySource: the editor's own operation and variables
// (the variables only when they are valid JSON).
func (m *Model) LastQuery() (string, map[string]any) {
	vars, err := gqlprep.Variables(nil, nil, m.variables.Text())
	if err != nil {
		vars = nil
	}
	return m.query.Text(), vars
}

// Text returns the query and variables texts (tests, "query behind this screen").
func (m *Model) Text() (query, variables string) { return m.query.Text(), m.variables.Text() }

var _ screen.Screen = (*Model)(nil)
