package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/prefect-tui/prefect-tui/ui/open"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/theme"
)

// command is one `:` command.
type command struct {
	name string
	// arg names the argument in the hint ("<uuid>"); "" takes none.
	arg  string
	desc string
}

// commands are the command line's verbs, in hint order.
var commands = []command{
	{name: "overview", desc: "what is wrong right now"},
	{name: "flows", desc: "flows of the tenant"},
	{name: "runs", arg: "[state]", desc: "flow runs"},
	{name: "agents", desc: "agents and what they pick up"},
	{name: "query", desc: "query editor"},
	{name: "tenants", desc: "switch tenant"},
	{name: "fleet", desc: "all tenants at once (projects on Server)"},
	{name: "logs", arg: "<run id>", desc: "logs of a flow run"},
	{name: "open", arg: "<id>", desc: "open any id (or its start)"},
	{name: "tokens", desc: "API tokens and keys"},
	{name: "ctx", arg: "[name]", desc: "switch context"},
	{name: "help", desc: "toggle full help"},
	{name: "quit", desc: "quit"},
}

// cloudOnly are the commands whose screens exist only with Prefect Cloud logins: the
// hint leaves them out when their screen is not there.
var cloudOnly = map[string]screen.RouteKind{"tenants": screen.RouteTenants, "tokens": screen.RouteTokens}

// cmdLine is the `:` command line (k9s prompt): a text input with tab completion.
type cmdLine struct {
	active bool
	input  textinput.Model
	// matches are the completions of the current word, for the hint.
	matches []string
}

func newCmdLine(s *theme.Styles) cmdLine {
	in := textinput.New()
	in.Prompt = ":"
	in.CharLimit = 200
	in.SetStyles(s.TextInput)
	return cmdLine{input: in}
}

func (c *cmdLine) setStyles(s *theme.Styles) { c.input.SetStyles(s.TextInput) }

func (c *cmdLine) open() tea.Cmd {
	c.active = true
	c.input.Reset()
	c.matches = complete("")
	c.input.SetWidth(1)
	return c.input.Focus()
}

// fit sizes the input to its text, so the completion hint follows it closely.
func (c *cmdLine) fit(width int) {
	c.input.SetWidth(max(1, min(width-2, lipgloss.Width(c.input.Value())+1)))
}

// setText replaces the text (a completion), cursor at the end. The width is set before
// the value: the input scrolls its view when the value changes, and a value set while
// the input was still narrow stayed scrolled (":o" tab showed ":n").
func (c *cmdLine) setText(text string, width int) {
	c.input.SetWidth(max(1, min(width-2, lipgloss.Width(text)+1)))
	c.input.SetValue(text)
	c.input.CursorEnd()
}

func (c *cmdLine) close() {
	c.active = false
	c.input.Blur()
	c.input.Reset()
	c.matches = nil
}

// shortForms keep the prefixes that ran a command before a newer command shared them:
// ":fl" is still :flows, not :fleet.
var shortForms = map[string]string{"fl": "flows"}

// complete returns the command names starting with prefix.
func complete(prefix string) []string {
	if name, ok := shortForms[prefix]; ok {
		return []string{name}
	}
	var out []string
	for _, c := range commands {
		if strings.HasPrefix(c.name, prefix) {
			out = append(out, c.name)
		}
	}
	return out
}

// Complete is the completion of the command line text: the completed text and the
// candidates. One candidate completes fully (with a space when it takes an argument);
// several complete to their longest common prefix.
func Complete(text string) (string, []string) { return completeIn(text, nil) }

// completeIn completes among the commands keep accepts (nil: all).
func completeIn(text string, keep func(string) bool) (string, []string) {
	if strings.Contains(text, " ") {
		return text, nil
	}
	var m []string
	for _, name := range complete(strings.ToLower(text)) {
		if keep == nil || keep(name) {
			m = append(m, name)
		}
	}
	switch len(m) {
	case 0:
		return text, nil
	case 1:
		for _, c := range commands {
			if c.name == m[0] && c.arg != "" {
				return m[0] + " ", m
			}
		}
		return m[0], m
	}
	return commonPrefix(m), m
}

func commonPrefix(ss []string) string {
	p := ss[0]
	for _, s := range ss[1:] {
		for !strings.HasPrefix(s, p) {
			p = p[:len(p)-1]
		}
	}
	return p
}

// updateCmdLine handles a key while the command line is open.
func (a *App) updateCmdLine(k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "esc":
		a.cmdline.close()
		return nil
	case "tab":
		text, m := a.complete(a.cmdline.input.Value())
		a.cmdline.setText(text, a.width)
		a.cmdline.matches = m
		return nil
	case "enter":
		text := a.cmdline.input.Value()
		a.cmdline.close()
		return a.runCommand(text)
	}
	var cmd tea.Cmd
	a.cmdline.input, cmd = a.cmdline.input.Update(k)
	a.cmdline.fit(a.width)
	v := a.cmdline.input.Value()
	if !strings.Contains(v, " ") {
		a.cmdline.matches = complete(strings.ToLower(v))
	} else {
		a.cmdline.matches = nil
	}
	return cmd
}

// Parse turns a command line into the route to open, or quit/help, or an error with
// the text to show.
func Parse(text string) (r screen.Route, quit, help bool, err error) {
	fields := strings.Fields(trimColons(text))
	if len(fields) == 0 {
		return r, false, false, errEmpty
	}
	name, args := strings.ToLower(fields[0]), fields[1:]
	// A unique prefix is enough (":fl" runs :flows), as in k9s.
	if m := complete(name); len(m) == 1 {
		name = m[0]
	}
	switch name {
	case "overview":
		r.Kind = screen.RouteOverview
	case "flows":
		r.Kind = screen.RouteFlows
	case "runs":
		r.Kind = screen.RouteRuns
		states, err := runStates(args)
		if err != nil {
			return r, false, false, err
		}
		if states != "" {
			r.Params = map[string]string{"state": states}
		}
	case "agents":
		r.Kind = screen.RouteAgents
	case "query":
		r.Kind = screen.RouteQuery
	case "tenants":
		r.Kind = screen.RouteTenants
	case "fleet":
		r.Kind = screen.RouteFleet
	case "logs":
		r.Kind = screen.RouteLogs
		if len(args) > 0 {
			r.ID = args[0]
		}
	case "tokens":
		r.Kind = screen.RouteTokens
	case "open":
		if len(args) != 1 {
			return r, false, false, fmt.Errorf("usage: :open <uuid or its start>")
		}
		id, perr := open.ParseID(args[0])
		if perr != nil {
			return r, false, false, perr
		}
		r.Kind, r.ID = screen.RouteOpen, id.String()
	case "help":
		return r, false, true, nil
	case "quit", "q":
		return r, true, false, nil
	default:
		return r, false, false, unknownCommandError{name: fields[0]}
	}
	return r, false, false, nil
}

var errEmpty = fmt.Errorf("empty command")

func (a *App) runCommand(text string) tea.Cmd {
	text = a.expandAlias(trimColons(text))
	if fields := strings.Fields(text); isCtxCommand(fields) {
		return a.contextCommand(fields)
	}
	r, quit, help, err := Parse(text)
	switch {
	case err == errEmpty:
		return nil
	case err != nil:
		return a.setStatus(screen.LevelError, a.commandError(err))
	case quit:
		return a.quit()
	case help:
		a.help.ShowAll = !a.help.ShowAll
		a.layout()
		return nil
	}
	if t := a.top(); t != nil && len(a.stack) > 1 && r.Kind == screen.RouteRuns && t.route.Kind == screen.RouteRuns &&
		!sameRoute(t.route, r) {
		// `:runs failed` on a runs screen changes its filter: replace it rather than
		// stacking "runs › runs › runs".
		a.closeEntry(t)
		a.stack = a.stack[:len(a.stack)-1]
	}
	return a.open(r)
}

// cmdLineView renders the open command line with its completion hint.
func (a *App) cmdLineView() string {
	in := a.cmdline.input.View()
	if h := a.contextHint(); h != "" {
		return in + a.styles.App.CommandHint.Render(h)
	}
	if len(a.cmdline.matches) == 0 {
		return in
	}
	hint := ""
	for _, m := range a.cmdline.matches {
		if kind, ok := cloudOnly[m]; ok {
			if _, has := a.routes[kind]; !has {
				continue // Prefect Server: no tenants or tokens screen to offer
			}
		}
		for _, c := range commands {
			if c.name == m {
				h := ":" + c.name
				if c.arg != "" {
					h += " " + c.arg
				}
				hint += "  " + h
			}
		}
	}
	return in + a.styles.App.CommandHint.Render(hint)
}
