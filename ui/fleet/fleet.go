// Package fleet is the all-tenants screen (`:fleet`). With a Prefect Cloud login it
// shows, for every tenant the user belongs to, the runs failed in the window, the late
// runs (Scheduled for a time already past), the running runs, the longest-late run and
// the latest failures. Each tenant is read with its own tenant-scoped credential
// (Source.Client), concurrently but at most Concurrency at a time, each with its own
// timeout, in one request per tenant per load (api.FleetTenant); a tenant that fails
// shows why, and the others still show. On Prefect Server it shows the projects of the
// one tenant the same way, all in one request (api.FleetProjects). It refreshes with a
// backoff; `w` cycles the window; `enter` on a run of another tenant switches to that
// tenant (the root rebuilds the stack on screen.SessionChangedMsg) and then opens the
// run there.
package fleet

import (
	"context"
	"time"

	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Concurrency is how many tenants are read at once.
const Concurrency = 4

// Timeouts: a tenant's read (its login included) once it is its turn; listing the
// tenants; a switch.
const (
	tenantTimeout = 20 * time.Second
	listTimeout   = 30 * time.Second
	switchTimeout = 30 * time.Second
)

// FailuresFetched is how many of a tenant's (or project's) latest failures are read;
// as many as fit are shown.
const FailuresFetched = 5

// FailedStates are the states of the Failed family (components.Info(s).Failed): what
// "failed in the window" counts.
var FailedStates = []string{"Failed", "TimedOut", "TriggerFailed", "ValidationFailed"}

// Tenant is a tenant the login can act in (Cloud), with the user's role there.
type Tenant struct {
	ID, Name, Slug, Role string
}

// Switched is the outcome of a switch: the new session and client, and a note for the
// status line.
type Switched struct {
	Session screen.Session
	Client  graphql.Client
	Note    string
}

// Source is what the fleet needs of a Prefect Cloud login.
type Source interface {
	// Tenants lists the tenants the login can act in, with the user's role in each.
	Tenants(ctx context.Context) ([]Tenant, error)
	// Client returns a client acting in t as the login, without switching to t; asking
	// again for the same tenant must cost no request.
	Client(ctx context.Context, t Tenant) (graphql.Client, error)
	// Switch makes t the session's tenant (as the tenant picker does).
	Switch(ctx context.Context, t Tenant) (Switched, error)
}

// Run is a flow run as the fleet lists it.
type Run struct {
	ID, Name, State, Message string
	Flow, Project            string
	// StateTime is when it entered its state; Scheduled its scheduled start.
	StateTime, Scheduled time.Time
}

// Group is one line of the fleet: a tenant (Cloud) or a project (Server), and what was
// read of it.
type Group struct {
	// ID, Name, Slug and Role are the tenant's (a project has ID and Name only).
	ID, Name, Slug, Role  string
	Failed, Late, Running int
	// Failures are the latest failures, newest first; Oldest is the longest-late run
	// (zero ID when none is late).
	Failures []Run
	Oldest   Run
	// Err is why the last read failed (nil when it worked); Loaded is set once a read
	// answered.
	Err    error
	Loaded bool
}

// Window is how far back "failed" looks.
type Window int

// The windows `w` cycles through.
const (
	Window1h Window = iota
	Window24h
	Window7d
	Window30d
)

// Duration is the window's length.
func (w Window) Duration() time.Duration {
	return [...]time.Duration{time.Hour, 24 * time.Hour, 7 * 24 * time.Hour, 30 * 24 * time.Hour}[w]
}

// String implements fmt.Stringer: "1h", "24h", "7d", "30d".
func (w Window) String() string { return [...]string{"1h", "24h", "7d", "30d"}[w] }

func (w Window) next() Window { return (w + 1) % (Window30d + 1) }

// MODEL

// rowKind is what a line of the list shows.
type rowKind int

const (
	rowGroup rowKind = iota
	rowError
	rowLate
	rowFailure
)

// row is one line of the list: a group, or one of its runs (run indexes Failures).
type row struct {
	kind  rowKind
	group int
	run   int
}

// Model is the fleet screen. It implements screen.Screen.
type Model struct {
	deps screen.Deps
	src  Source // nil on Prefect Server: the projects of the one tenant
	keys KeyMap

	width, height int
	window        Window

	// tenants are the login's tenants (Cloud) or the tenant's projects (Server), listed
	// on the first load and on r.
	tenants []Tenant
	groups  []Group
	rows    []row
	win     components.Window
	// perGroup is how many failures each group shows (as many as fit, at least one).
	perGroup int

	loadID screen.RequestID
	// loadCtx is the context of the current load's requests; stopLoad cancels them (a
	// new load replaces it).
	loadCtx  context.Context
	stopLoad context.CancelFunc
	loading  bool
	pending  int // tenants of the current load that have not answered
	listErr  error
	loadedAt time.Time
	sig      string
	refresh  screen.Refresh
	// lastQuery and lastVars are the last request's (LastQuery).
	lastQuery string
	lastVars  map[string]any

	switchID  screen.RequestID
	switching string // the tenant being switched to ("" when none)
	switchErr error

	// sem bounds the tenants read at once, across loads; timeout bounds each read.
	sem     chan struct{}
	timeout time.Duration
}

// New builds the fleet; src is nil on Prefect Server.
func New(deps screen.Deps, src Source) *Model {
	m := &Model{deps: deps, src: src, keys: DefaultKeyMap(), window: Window24h, perGroup: 1,
		refresh: screen.NewRefresh(), sem: make(chan struct{}, Concurrency), timeout: tenantTimeout}
	m.updateKeys()
	return m
}

// Title implements screen.Screen.
func (m *Model) Title() string { return "fleet" }

// CapturesInput implements screen.Screen: the fleet has no text input.
func (m *Model) CapturesInput() bool { return false }

// SetSize implements screen.Screen.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.rebuild()
}

// SetTenantTimeout changes how long one tenant's read may take (tests).
func (m *Model) SetTenantTimeout(d time.Duration) { m.timeout = d }

// Loading reports whether a load is under way (its answers still to come).
func (m *Model) Loading() bool { return m.loading }

// Groups returns the groups as last read (tests).
func (m *Model) Groups() []Group { return m.groups }

// Window returns the window in use.
func (m *Model) Window() Window { return m.window }

// cloud reports whether the fleet shows tenants (else projects).
func (m *Model) cloud() bool { return m.src != nil }

func (m *Model) now() time.Time {
	if m.deps.Now != nil {
		return m.deps.Now()
	}
	return time.Now()
}

func (m *Model) baseCtx() context.Context {
	if m.deps.Ctx != nil {
		return m.deps.Ctx
	}
	return context.Background()
}
