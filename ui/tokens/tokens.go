// Package tokens is the API tokens screen (`:tokens`): the tokens the login may see
// (your USER tokens and the active tenant's TENANT and RUNNER tokens; never their
// secrets), `n` to create one, `d` to revoke one after a confirmation that shows the
// mutation and warns when the token is the session's own. A new token's secret is
// masked (its last four characters) until `v` reveals it; `c` copies it to the
// clipboard once, after which it is forgotten.
package tokens

import (
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Token is one row.
type Token = api.ListAPITokensApi_token

var scopes = []api.Api_token_scope{api.Api_token_scopeTenant, api.Api_token_scopeRunner, api.Api_token_scopeUser}

type mode int

const (
	modeList mode = iota
	modeCreate
	modeConfirm
)

// MSG

type loadedMsg struct {
	reqID  screen.RequestID
	tokens []Token
	err    error
}

type createdMsg struct {
	reqID       screen.RequestID
	name, scope string
	id, secret  string
	err         error
}

type revokedMsg struct {
	reqID screen.RequestID
	name  string
	err   error
}

// KeyMap are the tokens screen's bindings.
type KeyMap struct {
	Nav     components.NavKeyMap
	New     key.Binding
	Revoke  key.Binding
	Copy    key.Binding
	Reveal  key.Binding
	Reload  key.Binding
	Scope   key.Binding
	Submit  key.Binding
	Cancel  key.Binding
	Confirm key.Binding
}

// DefaultKeyMap returns the screen's bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Nav:     components.DefaultNavKeyMap(),
		New:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new token")),
		Revoke:  key.NewBinding(key.WithKeys("d", "delete"), key.WithHelp("d", "revoke")),
		Copy:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy new token")),
		Reveal:  key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "reveal/hide new token")),
		Reload:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload")),
		Scope:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "change scope")),
		Submit:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "create")),
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Confirm: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes, revoke")),
	}
}

// MODEL

// Model is the tokens screen. It implements screen.Screen.
type Model struct {
	deps screen.Deps
	keys KeyMap

	width, height int
	tokens        []Token
	win           components.Window // the cursor and the first visible token
	mode          mode
	name          textinput.Model
	scope         int

	// created is the secret of the token just created, kept only until copied or
	// the screen closes; never rendered.
	created     string
	createdName string
	// reveal shows the new token's secret in full (asked for with v).
	reveal bool

	// The revoke dialog (modeConfirm) and the token it is about.
	confirm  components.Confirm
	revoking Token

	loading, busy bool
	err           error
	last          screen.RequestID
}

// New builds the tokens screen.
func New(deps screen.Deps) *Model {
	in := textinput.New()
	in.Prompt = "name: "
	in.Placeholder = "e.g. ci-deploys"
	in.CharLimit = 80
	if deps.Styles != nil {
		in.SetStyles(deps.Styles.TextInput)
	}
	m := &Model{deps: deps, keys: DefaultKeyMap(), name: in}
	m.updateKeys()
	return m
}

// Title implements screen.Screen.
func (m *Model) Title() string { return "API tokens" }

// CapturesInput implements screen.Screen: while a name is typed or a revoke confirmed.
func (m *Model) CapturesInput() bool { return m.mode != modeList }

// SetSize implements screen.Screen. The name field gets a width: without one, a text
// input cuts its placeholder to one character.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.name.SetWidth(max(16, min(30, w-40)))
}

// Close implements screen.Closer: forget a secret that was never copied.
func (m *Model) Close() { m.created, m.reveal = "", false }

// Init implements screen.Screen.
func (m *Model) Init() tea.Cmd { return m.load() }

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.keys
	switch m.mode {
	case modeCreate:
		return []key.Binding{k.Submit, k.Scope, k.Cancel}
	case modeConfirm:
		return m.confirm.ShortHelp()
	}
	return []key.Binding{k.Nav.Up, k.Nav.Down, k.New, k.Revoke, k.Copy, k.Reveal, k.Reload}
}

// FullHelp implements help.KeyMap: navigation | actions.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{k.Nav.Bindings(), {k.New, k.Revoke, k.Copy, k.Reveal, k.Reload, k.Scope, k.Submit, k.Cancel, k.Confirm}}
}

func (m *Model) updateKeys() {
	k := &m.keys
	list := m.mode == modeList
	for _, b := range []*key.Binding{&k.Nav.Up, &k.Nav.Down, &k.Nav.Top, &k.Nav.Bottom, &k.Nav.PageUp, &k.Nav.PageDown, &k.Reload} {
		b.SetEnabled(list)
	}
	k.New.SetEnabled(list && !m.deps.ReadOnly && !m.busy)
	k.Revoke.SetEnabled(list && !m.deps.ReadOnly && !m.busy && len(m.tokens) > 0)
	k.Copy.SetEnabled(list && m.created != "")
	k.Reveal.SetEnabled(list && m.created != "")
	k.Scope.SetEnabled(m.mode == modeCreate)
	k.Submit.SetEnabled(m.mode == modeCreate && m.name.Value() != "")
	k.Cancel.SetEnabled(!list)
	k.Confirm.SetEnabled(m.mode == modeConfirm)
}

// Selected returns the token under the cursor.
func (m *Model) Selected() (Token, bool) {
	if m.win.Cursor < 0 || m.win.Cursor >= len(m.tokens) {
		return Token{}, false
	}
	return m.tokens[m.win.Cursor], true
}

// COMMANDS

func (m *Model) ctx() context.Context {
	if m.deps.Ctx != nil {
		return m.deps.Ctx
	}
	return context.Background()
}

func (m *Model) nextID() screen.RequestID {
	m.last = screen.NewRequestID()
	return m.last
}

func (m *Model) load() tea.Cmd {
	m.loading = true
	id, c, ctx := m.nextID(), m.deps.Client, m.ctx()
	return func() tea.Msg {
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		resp, err := api.ListAPITokens(cctx, c)
		if err != nil {
			return loadedMsg{reqID: id, err: err}
		}
		return loadedMsg{reqID: id, tokens: resp.Api_token}
	}
}

func (m *Model) create() tea.Cmd {
	m.busy = true
	id, c, ctx := m.nextID(), m.deps.Client, m.ctx()
	name, scope := m.name.Value(), scopes[m.scope]
	return func() tea.Msg {
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		resp, err := api.CreateAPIToken(cctx, c, name, scope, nil)
		if err != nil {
			return createdMsg{reqID: id, name: name, err: err}
		}
		return createdMsg{reqID: id, name: name, scope: string(scope), id: resp.Create_api_token.Id, secret: resp.Create_api_token.Token}
	}
}

func (m *Model) revoke(t Token) tea.Cmd {
	m.busy = true
	id, c, ctx := m.nextID(), m.deps.Client, m.ctx()
	return func() tea.Msg {
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		_, err := api.DeleteAPIToken(cctx, c, t.Id)
		return revokedMsg{reqID: id, name: t.Name, err: err}
	}
}
