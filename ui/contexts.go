package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api/auth"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/theme"
)

// ContextSource is what :ctx switches between: the named contexts of the settings file
// (the command line implements it).
type ContextSource interface {
	// Contexts are the names to offer, the default context first.
	Contexts() []string
	// Connect resolves a context and checks it as the command line does at start:
	// settings, API, credential. It does I/O: the explorer calls it in a tea.Cmd.
	Connect(ctx context.Context, name string) (Connection, error)
}

// Connection is a context ready to explore.
type Connection struct {
	Client   graphql.Client
	Session  screen.Session
	Account  auth.Account
	ReadOnly bool
	// Start is the first screen when it is not the flows (the tenant picker for a
	// USER token without a tenant, the login screen on Cloud without a credential).
	Start screen.Route
	// Band is the context's tenant band colour ("" for the theme's).
	Band string
}

// builtinAliases are command aliases everyone has (k9s habits); the settings file's
// aliases come first.
var builtinAliases = map[string]string{"fr": "runs", "context": "ctx", "contexts": "ctx"}

// contextState is the root's part of :ctx and the theme: the context in use and the
// switch in flight (a later switch drops an earlier one's result).
type contextState struct {
	current string
	seq     int
}

// contextSwitchedMsg is the result of connecting to a context.
type contextSwitchedMsg struct {
	seq  int
	name string
	conn Connection
	err  error
}

// autoTheme reports whether the theme follows the terminal's background.
func (a *App) autoTheme() bool { return a.opts.Theme == "" || a.opts.Theme == "auto" }

// newStyles are the styles for a background, with the theme's colour choice and the
// context's band.
func (a *App) newStyles(dark bool) *theme.Styles {
	s := theme.NewStyles(dark, a.noColor)
	s.SetBand(a.opts.Band)
	return s
}

// restyle rebuilds the styles in place (screens hold the pointer).
func (a *App) restyle(dark bool) {
	*a.styles = *a.newStyles(dark)
	a.help.Styles = a.styles.Help
	a.cmdline.setStyles(a.styles)
}

// expandAlias replaces the command line's first word when it is an alias: the
// settings file's, then the built-in ones. The rest of the line follows the
// expansion (":ff 24h" with ff = "runs Failed" is ":runs Failed 24h").
func (a *App) expandAlias(text string) string {
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return text
	}
	name := strings.ToLower(fields[0])
	target, ok := a.opts.Aliases[name]
	if !ok {
		target, ok = builtinAliases[name]
	}
	if !ok {
		return text
	}
	return strings.Join(append([]string{target}, fields[1:]...), " ")
}

// isCtxCommand reports whether a command line (aliases expanded) is :ctx, also by a
// unique prefix as every command is.
func isCtxCommand(fields []string) bool {
	if len(fields) == 0 {
		return false
	}
	m := complete(strings.ToLower(fields[0]))
	return len(m) == 1 && m[0] == "ctx"
}

// contextCommand runs :ctx [name]: without a name it lists the contexts; with one it
// connects to it in a command, and the stack rebuilds when that succeeds.
func (a *App) contextCommand(fields []string) tea.Cmd {
	src := a.opts.Contexts
	if src == nil || len(src.Contexts()) == 0 {
		return a.setStatus(screen.LevelError, "no contexts: add one with `prefect-tui context add`")
	}
	names := src.Contexts()
	if len(fields) < 2 {
		var list []string
		for _, n := range names {
			if n == a.contexts.current {
				n = "*" + n
			}
			list = append(list, n)
		}
		return a.setStatus(screen.LevelInfo, "contexts: "+strings.Join(list, " ")+" · :ctx NAME switches")
	}
	name := fields[1]
	if !containsName(names, name) {
		return a.setStatus(screen.LevelError, fmt.Sprintf("no context %q (contexts: %s)", name, strings.Join(names, " ")))
	}
	if name == a.contexts.current {
		return a.setStatus(screen.LevelInfo, "already in context "+name)
	}
	a.contexts.seq++
	seq := a.contexts.seq
	status := a.setStatus(screen.LevelInfo, "connecting to context "+name+"…")
	return tea.Batch(status, func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := src.Connect(ctx, name)
		return contextSwitchedMsg{seq: seq, name: name, conn: conn, err: err}
	})
}

// switchContext handles contextSwitchedMsg: as on a tenant switch, every screen goes
// and the stack rebuilds, here with the context's client, session, account (its
// tenant picker, tokens and login screens), read-only flag and band colour.
func (a *App) switchContext(msg contextSwitchedMsg) tea.Cmd {
	if msg.seq != a.contexts.seq {
		return nil // a later :ctx was asked for
	}
	if msg.err != nil {
		a.opts.Log.Printf("context %s: %v", msg.name, msg.err)
		return a.setStatus(screen.LevelError, "context "+msg.name+": "+describe(msg.err))
	}
	c := msg.conn
	a.contexts.current = msg.name
	a.opts.Account, a.opts.ReadOnly, a.opts.Band = c.Account, c.ReadOnly, c.Band
	a.opts.Start = c.Start
	a.routes = routeTable(a.opts)
	a.restyle(a.styles.Dark)
	cmds := []tea.Cmd{a.switchSession(screen.SessionChangedMsg{Session: c.Session, Client: c.Client})}
	if c.Start.Kind == screen.RouteTenants || c.Start.Kind == screen.RouteLogin {
		cmds = append(cmds, a.open(c.Start))
	}
	cmds = append(cmds, a.setStatus(screen.LevelInfo, "context "+msg.name+" ("+c.Session.APIURL+")"))
	return tea.Batch(cmds...)
}

// complete is Complete with context names after ":ctx ".
func (a *App) complete(text string) (string, []string) {
	fields := strings.Fields(text)
	if a.opts.Contexts == nil || !isCtxCommand(fields) || !strings.Contains(text, " ") || len(fields) > 2 {
		return a.completeCommand(text)
	}
	prefix := ""
	if len(fields) == 2 {
		prefix = fields[1]
	}
	var m []string
	for _, n := range a.opts.Contexts.Contexts() {
		if strings.HasPrefix(n, prefix) {
			m = append(m, n)
		}
	}
	switch len(m) {
	case 0:
		return text, nil
	case 1:
		return fields[0] + " " + m[0], m
	}
	return fields[0] + " " + commonPrefix(m), m
}

// contextHint is the command line's hint while a context name is typed: the matching
// contexts ("" when the line is not :ctx with an argument).
func (a *App) contextHint() string {
	v := a.cmdline.input.Value()
	fields := strings.Fields(v)
	if a.opts.Contexts == nil || !isCtxCommand(fields) || !strings.Contains(v, " ") {
		return ""
	}
	_, m := a.complete(v)
	if len(fields) == 1 {
		m = a.opts.Contexts.Contexts()
	}
	if len(m) == 0 {
		return "  (no such context)"
	}
	return "  " + strings.Join(m, "  ")
}

func containsName(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
