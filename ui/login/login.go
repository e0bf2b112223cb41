// Package login is the login screen, shown when Prefect Cloud needs a credential and
// none was found: paste an API token or key into a masked input (it is never shown,
// only its last four characters), choose where to keep it (OS keyring, a 0600 file, or
// this session only) and log in. The check and the keeping are the login's business
// (Source); on success the root rebuilds the explorer on the new session.
package login

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Kinds of credential, as api/auth names them.
const (
	KindToken  = "token"
	KindAPIKey = "api_key"
)

// Where to keep the credential.
const (
	KeepKeyring = "keyring"
	KeepFile    = "file"
	KeepSession = "session"
)

// Result is a successful login.
type Result struct {
	Session screen.Session
	Client  graphql.Client
	// NeedsTenant is true when the credential has no tenant yet (a USER token): the
	// tenant picker opens next.
	NeedsTenant bool
	// Note is for the status line ("kept in the OS keyring").
	Note string
}

// Source checks a credential and keeps it.
type Source interface {
	Login(ctx context.Context, kind, secret, keep string) (Result, error)
}

type option struct{ value, label string }

var (
	kinds    = []option{{KindToken, "API token"}, {KindAPIKey, "API key"}}
	allKeeps = []option{{KeepKeyring, "OS keyring"}, {KeepFile, "file (mode 0600)"}, {KeepSession, "this session only"}}
)

// keepOptions are the choices of where to keep the credential, in the order given
// (every one when none is).
func keepOptions(values []string) []option {
	if len(values) == 0 {
		return allKeeps
	}
	var out []option
	for _, v := range values {
		for _, o := range allKeeps {
			if o.value == v {
				out = append(out, o)
			}
		}
	}
	if len(out) == 0 {
		return allKeeps
	}
	return out
}

type field int

const (
	fieldSecret field = iota
	fieldKind
	fieldKeep
)

// KeyMap are the login screen's bindings.
type KeyMap struct {
	Submit key.Binding
	Next   key.Binding
	Prev   key.Binding
	Left   key.Binding
	Right  key.Binding
}

// DefaultKeyMap returns the login screen's bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "log in")),
		Next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", "next field")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", "previous field")),
		Left:   key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "previous choice")),
		Right:  key.NewBinding(key.WithKeys("right", "space"), key.WithHelp("→/space", "next choice")),
	}
}

type loggedInMsg struct {
	reqID screen.RequestID
	res   Result
	err   error
}

// Model is the login screen. It implements screen.Screen.
type Model struct {
	deps  screen.Deps
	src   Source
	keys  KeyMap
	input textinput.Model
	focus field
	kind  int
	keep  int
	// keeps are the places offered to keep the credential in.
	keeps []option
	// keepNote says why the keyring is not offered first (no keyring service).
	keepNote string

	width, height int
	busy          bool
	err           error
	last          screen.RequestID
}

// New builds the login screen. keyringNote, when set, says the OS keyring is not
// available: the file is then the default choice and the note is shown. keeps are the
// places the credential may be kept in, preferred first (auth.Account.Keeps: the
// --credential-store choice); none means all of them.
func New(deps screen.Deps, src Source, keyringNote string, keeps ...string) *Model {
	in := textinput.New()
	in.Prompt = "> "
	in.Placeholder = "paste the token or key"
	in.EchoMode = textinput.EchoPassword
	in.EchoCharacter = '•'
	if deps.Styles != nil {
		in.SetStyles(deps.Styles.TextInput)
	}
	m := &Model{deps: deps, src: src, keys: DefaultKeyMap(), input: in, keepNote: keyringNote, keeps: keepOptions(keeps)}
	if keyringNote != "" && m.keeps[0].value == KeepKeyring {
		for i, o := range m.keeps {
			if o.value == KeepFile {
				m.keep = i
			}
		}
	}
	m.updateKeys()
	return m
}

// Title implements screen.Screen.
func (m *Model) Title() string { return "log in" }

// CapturesInput implements screen.Screen: the secret field takes every key.
func (m *Model) CapturesInput() bool { return m.focus == fieldSecret }

// SetSize implements screen.Screen.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.input.SetWidth(max(10, min(60, w-6)))
}

// Init implements screen.Screen.
func (m *Model) Init() tea.Cmd { return m.input.Focus() }

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	return []key.Binding{m.keys.Submit, m.keys.Next, m.keys.Left, m.keys.Right}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	return [][]key.Binding{{m.keys.Next, m.keys.Prev, m.keys.Left, m.keys.Right}, {m.keys.Submit}}
}

func (m *Model) updateKeys() {
	m.keys.Submit.SetEnabled(!m.busy && strings.TrimSpace(m.input.Value()) != "")
	choosing := m.focus != fieldSecret
	m.keys.Left.SetEnabled(choosing)
	m.keys.Right.SetEnabled(choosing)
}

// Update implements screen.Screen.
func (m *Model) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	defer m.updateKeys()
	switch msg := msg.(type) {
	case loggedInMsg:
		if msg.reqID != m.last {
			return m, nil
		}
		m.busy = false
		if msg.err != nil {
			m.err = msg.err
			return m, nil
		}
		res := msg.res
		m.input.SetValue("") // drop the secret from memory we own
		cmds := []tea.Cmd{func() tea.Msg { return screen.SessionChangedMsg{Session: res.Session, Client: res.Client} }}
		if res.NeedsTenant {
			cmds = append(cmds, screen.Open(screen.Route{Kind: screen.RouteTenants}))
		}
		if res.Note != "" {
			cmds = append(cmds, screen.Status(screen.LevelInfo, res.Note))
		}
		return m, tea.Sequence(cmds...)
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	}
	return m, nil
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Submit):
		return m.submit()
	case key.Matches(msg, k.Next):
		return m.setFocus((m.focus + 1) % 3)
	case key.Matches(msg, k.Prev):
		return m.setFocus((m.focus + 2) % 3)
	case key.Matches(msg, k.Left), key.Matches(msg, k.Right):
		d := 1
		if key.Matches(msg, k.Left) {
			d = -1
		}
		switch m.focus {
		case fieldKind:
			m.kind = (m.kind + d + len(kinds)) % len(kinds)
		case fieldKeep:
			m.keep = (m.keep + d + len(m.keeps)) % len(m.keeps)
		}
		return nil
	}
	if m.focus != fieldSecret {
		return nil
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	m.err = nil
	return cmd
}

func (m *Model) setFocus(f field) tea.Cmd {
	m.focus = f
	if f == fieldSecret {
		return m.input.Focus()
	}
	m.input.Blur()
	return nil
}

func (m *Model) submit() tea.Cmd {
	secret := strings.TrimSpace(m.input.Value())
	if secret == "" || m.busy {
		return nil
	}
	m.busy, m.err = true, nil
	m.last = screen.NewRequestID()
	id, src, kind, keep := m.last, m.src, kinds[m.kind].value, m.keeps[m.keep].value
	ctx := m.deps.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	return func() tea.Msg {
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		res, err := src.Login(cctx, kind, secret, keep)
		return loggedInMsg{reqID: id, res: res, err: err}
	}
}
