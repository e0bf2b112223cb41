// Package screen is the contract between the explorer's root model (package ui) and its
// screens (ui/flows, ui/runs, ui/queryeditor, ...): the Screen interface, the Deps every
// screen is built with, and the cross-screen messages. It is a leaf package so that
// screens and the root can import it without cycles (soft-serve's common package).
package screen

import (
	"context"
	"log"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/ui/theme"
)

// Screen is one page of the explorer. Only the root returns a tea.View.
type Screen interface {
	Init() tea.Cmd
	Update(tea.Msg) (Screen, tea.Cmd)
	View() string
	SetSize(w, h int)
	help.KeyMap
	// Title is the breadcrumb part of the screen: "flows", "etl-nightly › runs".
	Title() string
	// CapturesInput is true while a text input or filter has focus: the root then
	// passes every key (but ctrl+c) to the screen.
	CapturesInput() bool
}

// Closer is implemented by screens that hold resources; the root calls Close when the
// screen is popped or the stack is rebuilt (e.g. on tenant switch). Screens that derive
// their request contexts from Deps.Ctx need not implement it: the root cancels that.
type Closer interface {
	Close()
}

// QuerySource is implemented by screens that load data: the GraphQL operation and
// variables of their last load, so the query editor can open "the query behind this
// screen" exactly.
type QuerySource interface {
	LastQuery() (query string, variables map[string]any)
}

// Session says which API and tenant the explorer is talking to.
type Session struct {
	APIURL  string // GraphQL endpoint
	Backend string // "server" or "cloud"
	// TenantID / TenantSlug / TenantName: the active tenant ("" until known).
	TenantID   string
	TenantSlug string
	TenantName string
	// UIURL is the base of the Prefect web UI, for `Y` (copy a link).
	UIURL string
	// Identity describes the credential in use, never the secret: "USER token …a1b2".
	Identity string
	// Role is the login's role in the tenant (READ_ONLY_USER, USER, TENANT_ADMIN; "" until
	// known, and on Prefect Server). The root learns it once per session; a
	// READ_ONLY_USER session is read-only (Deps.ReadOnly).
	Role string
}

// RoleReadOnly is the tenant role that may only read (Prefect Cloud's READ_ONLY_USER).
const RoleReadOnly = "READ_ONLY_USER"

// UILink builds a Prefect UI link: <ui>/<tenant slug>/<kind>/<id>, kind being
// "flow-run", "task-run" or "flow", as the Prefect client's get_cloud_url builds it.
func (s Session) UILink(kind, id string) string {
	base := strings.TrimRight(s.UIURL, "/")
	if s.TenantSlug != "" {
		base += "/" + s.TenantSlug
	}
	return base + "/" + kind + "/" + id
}

// Deps are given to each screen at construction (soft-serve common.Common): passed by
// value, sizes come through SetSize.
type Deps struct {
	// Ctx is the screen's base context: the root cancels it when the screen is popped
	// or the tenant changes. Derive each request's context from it with a timeout.
	Ctx    context.Context
	Client graphql.Client
	Styles *theme.Styles
	Log    *log.Logger
	Now    func() time.Time
	// Session is read-only for screens.
	Session Session
	// ReadOnly disables (and hides from help) every action that changes data: the
	// --read-only flag, or a READ_ONLY_USER role in the tenant.
	ReadOnly bool
	// ExportDir is where exports go (logs `e`, the editor's `x`); "" is the current
	// directory (ExportPath).
	ExportDir string
}

// RouteKind names a screen the root can build.
type RouteKind int

// The routes of the explorer.
const (
	RouteFlows RouteKind = iota
	RouteRuns
	RouteRun
	RouteTaskRun
	RouteLogs
	RouteQuery
	RouteTenants
	RouteTokens
	RouteOpen // resolve an id of any kind, then open its screen
	// RouteLogin is the login screen (Prefect Cloud without a credential).
	RouteLogin
	// RouteFleet is every tenant of the login at once (the projects on Prefect Server).
	RouteFleet
	// RouteAgents is the agents of the tenant.
	RouteAgents
	// RouteOverview is the overview, the screen the explorer opens on.
	RouteOverview
	// RouteFlow is a flow's page: ID is the flow group, Params["flow_id"] a version
	// (else the latest).
	RouteFlow
)

// Route says which screen to open and with what.
type Route struct {
	Kind RouteKind
	// ID is the entity the screen shows (flow group, flow run, task run, ...).
	ID string
	// Params carry extra filters, e.g. "flow_group_id", "state", "tab".
	Params map[string]string
	// Query / Variables pre-fill the query editor (RouteQuery).
	Query     string
	Variables map[string]any
}

// OpenMsg asks the root to build the screen for a route and push it.
type OpenMsg struct{ Route Route }

// PushMsg asks the root to push an already-built screen.
type PushMsg struct{ Screen Screen }

// PopMsg asks the root to pop the top screen (and cancel its requests).
type PopMsg struct{}

// SessionChangedMsg tells the root that the tenant or the API changed (tenant switch,
// login): the root cancels every screen's context and rebuilds the stack on the home
// screen with the new Session and Client (a nil Client keeps the current one); late
// results from the old tenant carry request ids no new screen knows, and are dropped.
type SessionChangedMsg struct {
	Session Session
	Client  graphql.Client
}

// Level is the severity of a status line.
type Level int

// Status levels, as k9s model/flash.
const (
	LevelInfo Level = iota
	LevelWarn
	LevelError
)

// StatusMsg shows a one-line status in place of the footer until the next key press.
type StatusMsg struct {
	Text  string
	Level Level
}

// ErrMsg reports a transient error (shown as an error status line, logged in full).
type ErrMsg struct {
	Op  string
	Err error
}

// CopyMsg asks the root to copy text to the clipboard (OSC52, works over SSH).
type CopyMsg struct {
	Text  string
	Label string // what was copied, for the status line: "run id"
}

// Cmd helpers.

// Open returns a command that opens a route.
func Open(r Route) tea.Cmd { return func() tea.Msg { return OpenMsg{Route: r} } }

// Pop returns a command that pops the top screen.
func Pop() tea.Cmd { return func() tea.Msg { return PopMsg{} } }

// Status returns a command that shows a status line.
func Status(level Level, text string) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Text: text, Level: level} }
}

// Copy returns a command that copies text.
func Copy(text, label string) tea.Cmd {
	return func() tea.Msg { return CopyMsg{Text: text, Label: label} }
}
