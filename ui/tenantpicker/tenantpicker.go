// Package tenantpicker is the tenant picker (`:tenants`, and the first screen of a USER
// token without a tenant): every tenant the user can log in to with their role and the
// flow runs running now and failed today, loaded in one request (without the counts,
// marked "–", when the server refuses them to the login: LoadTenants); filtered as you type
// (`/`); `enter` switches to the tenant for this session and remembers it. The switch
// itself is the login's business (Source), the rebuild of every screen the root's
// (screen.SessionChangedMsg).
package tenantpicker

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Tenant is one row of the picker.
type Tenant struct {
	ID, Name, Slug, Role string
	Running, FailedToday int
	// NoCounts is set when the login could not read the tenant's runs (a credential
	// that may list tenants but not read their data): Running and FailedToday mean
	// nothing then.
	NoCounts bool
}

// Switched is the outcome of a switch: the new session and client, and a note for the
// status line (where the choice was remembered, or why it was not).
type Switched struct {
	Session screen.Session
	Client  graphql.Client
	Note    string
}

// Source is what the picker needs of the login.
type Source interface {
	// Tenants loads the tenants the user can use, with role and counts (LoadTenants).
	Tenants(ctx context.Context, since time.Time) ([]Tenant, error)
	// Switch logs in to t for this session and remembers it.
	Switch(ctx context.Context, t Tenant) (Switched, error)
}

// MSG

type tenantsLoadedMsg struct {
	reqID   screen.RequestID
	tenants []Tenant
	err     error
}

type switchedMsg struct {
	reqID  screen.RequestID
	tenant Tenant
	res    Switched
	err    error
}

// MODEL

// Model is the tenant picker. It implements screen.Screen.
type Model struct {
	deps screen.Deps
	src  Source
	keys KeyMap

	width, height int

	tenants []Tenant
	visible []int             // indexes into tenants matching the filter
	win     components.Window // the cursor and the first visible tenant

	filter    textinput.Model
	filtering bool

	loading   bool
	switching bool
	err       error
	lastReqID screen.RequestID
}

// New builds the picker.
func New(deps screen.Deps, src Source) *Model {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "name or slug"
	if deps.Styles != nil {
		in.SetStyles(deps.Styles.TextInput)
	}
	m := &Model{deps: deps, src: src, keys: DefaultKeyMap(), filter: in}
	m.updateKeys()
	return m
}

// Title implements screen.Screen.
func (m *Model) Title() string { return "tenants" }

// CapturesInput implements screen.Screen: true while the filter has focus.
func (m *Model) CapturesInput() bool { return m.filtering }

// SetSize implements screen.Screen.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.filter.SetWidth(max(10, w-4))
}

// INIT

// Init implements screen.Screen: load the tenants.
func (m *Model) Init() tea.Cmd { return m.load() }

func (m *Model) load() tea.Cmd {
	m.loading, m.err = true, nil
	m.lastReqID = screen.NewRequestID()
	id, src, ctx := m.lastReqID, m.src, m.baseCtx()
	now := time.Now
	if m.deps.Now != nil {
		now = m.deps.Now
	}
	t := now()
	since := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	return func() tea.Msg {
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		ts, err := src.Tenants(cctx, since)
		return tenantsLoadedMsg{reqID: id, tenants: ts, err: err}
	}
}

func (m *Model) baseCtx() context.Context {
	if m.deps.Ctx != nil {
		return m.deps.Ctx
	}
	return context.Background()
}

// UPDATE

// Update implements screen.Screen.
func (m *Model) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	defer m.updateKeys()
	switch msg := msg.(type) {
	case tenantsLoadedMsg:
		if msg.reqID != m.lastReqID {
			return m, nil
		}
		m.loading, m.err = false, msg.err
		if msg.err == nil {
			m.tenants = msg.tenants
			m.applyFilter()
			m.cursorToActive()
		}
		return m, nil
	case switchedMsg:
		if msg.reqID != m.lastReqID {
			return m, nil
		}
		m.switching = false
		if msg.err != nil {
			m.err = msg.err
			return m, nil
		}
		res := msg.res
		cmds := []tea.Cmd{func() tea.Msg { return screen.SessionChangedMsg{Session: res.Session, Client: res.Client} }}
		if res.Note != "" {
			cmds = append(cmds, screen.Status(screen.LevelInfo, res.Note))
		}
		return m, tea.Sequence(cmds...)
	case tea.KeyPressMsg:
		if m.filtering {
			return m, m.updateFiltering(msg)
		}
		return m, m.updateBrowsing(msg)
	}
	return m, nil
}

func (m *Model) updateFiltering(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Clear):
		m.filtering = false
		m.filter.Blur()
		m.filter.SetValue("")
		m.applyFilter()
		return nil
	case key.Matches(msg, m.keys.Select):
		m.filtering = false
		m.filter.Blur()
		return m.switchTo()
	case msg.String() == "up", msg.String() == "down":
		m.move(map[string]int{"up": -1, "down": 1}[msg.String()])
		return nil
	}
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(msg)
	m.applyFilter()
	return cmd
}

func (m *Model) updateBrowsing(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Filter):
		m.filtering = true
		return m.filter.Focus()
	case key.Matches(msg, k.Clear):
		m.filter.SetValue("")
		m.applyFilter()
	case key.Matches(msg, k.Reload):
		return m.load()
	case key.Matches(msg, k.Select):
		return m.switchTo()
	case key.Matches(msg, k.Nav.Up):
		m.move(-1)
	case key.Matches(msg, k.Nav.Down):
		m.move(1)
	case key.Matches(msg, k.Nav.Top):
		m.win.Cursor = 0
	case key.Matches(msg, k.Nav.Bottom):
		m.win.Cursor = max(0, len(m.visible)-1)
	case key.Matches(msg, k.Nav.PageUp):
		m.move(-m.pageRows())
	case key.Matches(msg, k.Nav.PageDown):
		m.move(m.pageRows())
	}
	return nil
}

func (m *Model) move(d int) {
	m.win.Cursor = min(max(0, m.win.Cursor+d), max(0, len(m.visible)-1))
}

func (m *Model) switchTo() tea.Cmd {
	t, ok := m.Selected()
	if !ok || m.switching {
		return nil
	}
	m.switching, m.err = true, nil
	m.lastReqID = screen.NewRequestID()
	id, src, ctx := m.lastReqID, m.src, m.baseCtx()
	return func() tea.Msg {
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		res, err := src.Switch(cctx, t)
		return switchedMsg{reqID: id, tenant: t, res: res, err: err}
	}
}

// Selected returns the tenant under the cursor.
func (m *Model) Selected() (Tenant, bool) {
	if m.win.Cursor < 0 || m.win.Cursor >= len(m.visible) {
		return Tenant{}, false
	}
	return m.tenants[m.visible[m.win.Cursor]], true
}

// applyFilter keeps the tenants whose name or slug contains the filter (any case).
func (m *Model) applyFilter() {
	q := strings.ToLower(strings.TrimSpace(m.filter.Value()))
	m.visible = m.visible[:0]
	for i, t := range m.tenants {
		if q == "" || strings.Contains(strings.ToLower(t.Name), q) || strings.Contains(strings.ToLower(t.Slug), q) {
			m.visible = append(m.visible, i)
		}
	}
	m.move(0)
}

// cursorToActive puts the cursor on the session's tenant.
func (m *Model) cursorToActive() {
	for i, idx := range m.visible {
		if m.tenants[idx].ID == m.deps.Session.TenantID {
			m.win.Cursor = i
			return
		}
	}
}

func (m *Model) pageRows() int { return max(1, m.height-4) }
