// Package ui is the explorer's root model: a stack of screens (ui/screen contract), a
// header (API, backend, tenant band, connection), a footer with the focused screen's
// keys, a status line, full help on `?`, and a `:` command line. It routes messages
// (sizes to every screen; keys to the top screen alone while it captures input, else
// global keys first; its own messages; the rest to the top screen) and owns every
// context: popping a screen or switching tenant cancels the requests of the screens
// that go away.
package ui

import (
	"context"
	"errors"
	"io"
	"log"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api/auth"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/theme"
)

// RouteFunc builds the screen of a route.
type RouteFunc func(screen.Deps, screen.Route) (screen.Screen, error)

// Options configure the explorer (the CLI calls ui.New(ui.Options{...})).
type Options struct {
	Client   graphql.Client
	Session  screen.Session
	ReadOnly bool
	// Log receives debug logging; nil discards it.
	Log *log.Logger
	// Now is the clock (tests pass a fixed one); nil means time.Now.
	Now func() time.Time
	// Start is the first screen (RouteFlows by default, the zero Route).
	Start screen.Route
	// Account is the login on Prefect Cloud, for the tenant picker, the API tokens and
	// the login screens; nil on Prefect Server, which has no logins.
	Account auth.Account
	// Routes add to or override the route table (tests build fakes).
	Routes map[screen.RouteKind]RouteFunc
	// NoColor turns colours off; NO_COLOR in the environment does too.
	NoColor bool
	// Theme is auto ("" too: the terminal's background decides), dark, light or none
	// (no colour).
	Theme string
	// Band is the colour of the header's tenant band (a context's; "" for the theme's).
	Band string
	// Aliases are the user's command aliases (name → command line), over builtinAliases.
	Aliases map[string]string
	// Contexts are what :ctx switches between (nil: none); Context names the one in use.
	Contexts ContextSource
	Context  string
	// ExportDir is where exports go (logs `e`, the editor's `x`); "" is the current
	// directory.
	ExportDir string
	// Retry is the wait before the root retries after a failed request: from Min,
	// doubling to Max (conn.go); zero: 1 s doubling to 8 s. Tests shorten it.
	Retry screen.Backoff
}

// entry is one screen of the stack with its context and the route that built it.
type entry struct {
	s      screen.Screen
	cancel context.CancelFunc
	route  screen.Route
}

// App is the root tea.Model.
type App struct {
	opts    Options
	routes  map[screen.RouteKind]RouteFunc
	styles  *theme.Styles
	noColor bool
	keys    GlobalKeyMap
	help    help.Model

	client  graphql.Client
	session screen.Session
	epoch   int
	stack   []entry

	width, height int
	bodyH         int
	// footerH is the footer height the screens were last sized for.
	footerH int

	// helpCache is the last short help line (view.go).
	helpCache cachedHelp
	// chrome is the last header and breadcrumb (chrome.go).
	chrome chromeCache
	// widths remembers the widths of the lines of the last frames (fit.go).
	widths widthMemo

	status    status
	statusSeq int
	cmdline   cmdLine
	pendingG  bool

	// conn is what the root knows of the API, and its retry (conn.go).
	conn connection
	// contexts is :ctx's state (contexts.go).
	contexts contextState
}

type status struct {
	text  string
	level screen.Level
}

// statusClearedMsg clears the status line if it is still the one with this id.
type statusClearedMsg struct{ id int }

// statusTTL is how long a status line stays without a key press (k9s Flash 6 s).
const statusTTL = 6 * time.Second

// New builds the explorer. It builds the start screen right away so View works before
// the first message; Init starts its loading.
func New(opts Options) *App {
	if opts.Log == nil {
		opts.Log = log.New(io.Discard, "", 0)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	noColor := opts.NoColor || theme.NoColorEnv() || opts.Theme == "none"
	a := &App{
		opts:    opts,
		routes:  routeTable(opts),
		noColor: noColor,
		keys:    DefaultGlobalKeyMap(),
		help:    help.New(),
		client:  opts.Client,
		session: opts.Session,
		conn:    newConnection(opts.Retry),
	}
	a.contexts.current = opts.Context
	// Dark until the terminal says otherwise (auto), or as the theme says.
	a.styles = a.newStyles(opts.Theme != "light")
	a.watchClient()
	a.help.Styles = a.styles.Help
	a.cmdline = newCmdLine(a.styles)
	if err := a.pushRoute(opts.Start); err != nil {
		a.setStatus(screen.LevelError, err.Error())
	}
	return a
}

// Init implements tea.Model: ask for the background colour, start the first screen,
// and check the connection.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{a.checkConnCmd(false), a.learnRoleCmd()}
	if a.autoTheme() {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	if top := a.top(); top != nil {
		cmds = append(cmds, top.s.Init())
	}
	return tea.Batch(cmds...)
}

// Update implements tea.Model, routing as the package says; then it takes what the
// requests answered since about the connection (conn.go).
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := a.update(msg)
	if a.width > 0 && a.footerHeight() != a.footerH {
		// A status line that wraps came or went: the screens get their new height.
		a.layout()
	}
	if c := a.syncConn(); c != nil {
		cmd = tea.Batch(cmd, c)
	}
	return m, cmd
}

func (a *App) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.layout()
		return a, nil
	case tea.BackgroundColorMsg:
		if a.autoTheme() {
			a.restyle(msg.IsDark())
		}
		return a, nil
	case contextSwitchedMsg:
		return a, a.switchContext(msg)
	case tea.KeyPressMsg:
		return a, a.handleKey(msg)
	case screen.OpenMsg:
		return a, tea.Batch(a.open(msg.Route), a.recheckConn())
	case screen.PushMsg:
		return a, a.push(msg.Screen, screen.Route{Kind: -1})
	case screen.PopMsg:
		return a, tea.Batch(a.pop(), a.recheckConn())
	case screen.StatusMsg:
		return a, a.setStatus(msg.Level, msg.Text)
	case screen.ErrMsg:
		return a, a.showErr(msg)
	case screen.CopyMsg:
		label := msg.Label
		if label == "" {
			label = "text"
		}
		return a, tea.Batch(tea.SetClipboard(msg.Text), a.setStatus(screen.LevelInfo, "copied "+label))
	case screen.SessionChangedMsg:
		return a, a.switchSession(msg)
	case statusClearedMsg:
		if msg.id == a.statusSeq {
			a.status = status{}
		}
		return a, nil
	case roleLearnedMsg:
		return a, a.roleLearned(msg)
	case connCheckedMsg, retryDueMsg, retryTickMsg:
		return a, a.updateConn(msg)
	}
	return a, a.updateTop(msg)
}

// handleKey is step 3 of the routing order.
func (a *App) handleKey(k tea.KeyPressMsg) tea.Cmd {
	if matches(k, a.keys.ForceQuit) {
		return a.quit()
	}
	if a.width > 0 && a.tooSmall() {
		// Nothing but the "too small" panel shows: keys must not act unseen (enter
		// opened runs, g q the editor, behind the panel). It offers q.
		if matches(k, a.keys.Quit) {
			return a.quit()
		}
		return nil
	}
	if a.cmdline.active {
		return a.updateCmdLine(k)
	}
	a.status = status{}
	top := a.top()
	if top != nil && top.s.CapturesInput() {
		a.pendingG = false
		return a.updateTop(k)
	}
	if a.pendingG && k.String() == "q" {
		a.pendingG = false
		return a.openQueryEditor()
	}
	a.pendingG = false
	switch {
	case matches(k, a.keys.Help):
		a.help.ShowAll = !a.help.ShowAll
		a.layout()
		return nil
	case matches(k, a.keys.Command):
		a.help.ShowAll = false
		a.layout()
		return a.cmdline.open()
	case matches(k, a.keys.Back) && len(a.stack) > 1:
		return a.pop()
	case k.String() == "esc" && a.help.ShowAll:
		a.help.ShowAll = false
		a.layout()
		return nil
	case matches(k, a.keys.Quit):
		return a.quit()
	}
	// `g` goes to the screen at once (it is "top" in lists) and arms the `g q` chord.
	a.pendingG = k.String() == "g"
	return a.updateTop(k)
}

func (a *App) updateTop(msg tea.Msg) tea.Cmd {
	top := a.top()
	if top == nil {
		return nil
	}
	var cmd tea.Cmd
	top.s, cmd = top.s.Update(msg)
	return cmd
}

func (a *App) quit() tea.Cmd {
	for i := range a.stack {
		a.closeEntry(&a.stack[i])
	}
	return tea.Quit
}

// setStatus shows a status line and schedules its clearing.
func (a *App) setStatus(level screen.Level, text string) tea.Cmd {
	a.statusSeq++
	a.status = status{text: text, level: level}
	id := a.statusSeq
	return tea.Tick(statusTTL, func(time.Time) tea.Msg { return statusClearedMsg{id: id} })
}

// showErr logs an error in full (with its operation) and shows its one-line form in
// place of the footer until the next key.
func (a *App) showErr(msg screen.ErrMsg) tea.Cmd {
	if msg.Err == nil {
		return nil
	}
	a.opts.Log.Printf("error: op=%s tenant=%s: %v", msg.Op, a.session.TenantSlug, msg.Err)
	if errors.Is(msg.Err, context.Canceled) {
		return nil // a screen went away while loading: nothing the user must know
	}
	noted := a.noteErr(msg.Err)
	text := describe(msg.Err)
	if msg.Op != "" {
		text = msg.Op + ": " + text
	}
	return tea.Batch(noted, a.setStatus(screen.LevelError, text))
}

// openQueryEditor opens the editor with the current screen's query (`g q`).
func (a *App) openQueryEditor() tea.Cmd {
	r := screen.Route{Kind: screen.RouteQuery}
	if top := a.top(); top != nil {
		if top.route.Kind == screen.RouteQuery {
			return nil // already in the editor: do not stack another one
		}
		if qs, ok := top.s.(screen.QuerySource); ok {
			r.Query, r.Variables = qs.LastQuery()
		}
	}
	return a.open(r)
}

// Epoch is the current session epoch (tests).
func (a *App) Epoch() int { return a.epoch }

// Depth is the number of screens on the stack (tests).
func (a *App) Depth() int { return len(a.stack) }

// Top returns the focused screen, or nil (tests).
func (a *App) Top() screen.Screen {
	if t := a.top(); t != nil {
		return t.s
	}
	return nil
}

// ExportDir is where the explorer's exports go ("" for the current directory) (tests).
func (a *App) ExportDir() string { return a.opts.ExportDir }

// Session returns the session in use: API, backend, tenant (tests).
func (a *App) Session() screen.Session { return a.session }

// Styles returns the styles in use (tests).
func (a *App) Styles() *theme.Styles { return a.styles }
