package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/agnivade/levenshtein"
	"github.com/charmbracelet/x/ansi"
)

// unknownCommandError is Parse's error for a word that is no command. The root words it
// for the session (unknownCommand): only the commands that have a screen there are
// suggested.
type unknownCommandError struct{ name string }

func (e unknownCommandError) Error() string { return fmt.Sprintf("unknown command %q", e.name) }

// trimColons drops the colons typed after the prompt's own (":" then ":runs").
func trimColons(text string) string { return strings.TrimLeft(strings.TrimSpace(text), ":") }

// hasCommand reports whether a command has a screen in this session: the Cloud-only
// ones (tenants, tokens) have none on Prefect Server.
func (a *App) hasCommand(name string) bool {
	if kind, ok := cloudOnly[name]; ok {
		_, has := a.routes[kind]
		return has
	}
	return true
}

// commandNames are the session's commands, in hint order.
func (a *App) commandNames() []string {
	out := make([]string, 0, len(commands))
	for _, c := range commands {
		if a.hasCommand(c.name) {
			out = append(out, c.name)
		}
	}
	return out
}

// completeCommand completes a command line among the session's commands.
func (a *App) completeCommand(text string) (string, []string) {
	return completeIn(trimColons(text), a.hasCommand)
}

// commandError words a command line's error: an unknown command gets the command it is
// a typo of, else the session's commands when they fit the footer, else where to find
// them.
func (a *App) commandError(err error) string {
	var u unknownCommandError
	if !errors.As(err, &u) {
		return err.Error()
	}
	names := a.commandNames()
	if m := closest(strings.ToLower(u.name), names); m != "" {
		return fmt.Sprintf("%s: did you mean :%s?", u.Error(), m)
	}
	msg := u.Error() + "; try " + strings.Join(names, " ")
	if ansi.StringWidth(msg)+2 <= a.width {
		return msg
	}
	return u.Error() + `; type ":" to list them`
}

// closest is the one name word is a typo of: one edit away, or two when it has the
// same letters (a swap: "rnus"); "" when there is none or several tie. Two free edits
// would make "bogus" a typo of "logs".
func closest(word string, names []string) string {
	best, bestD, tie := "", 3, false
	for _, n := range names {
		d := levenshtein.ComputeDistance(word, n)
		if len(word) < 3 || d > 2 || d == 2 && !sameLetters(word, n) {
			continue
		}
		switch {
		case d < bestD:
			best, bestD, tie = n, d, false
		case d == bestD:
			tie = true
		}
	}
	if tie {
		return ""
	}
	return best
}

func sameLetters(a, b string) bool {
	x, y := []rune(a), []rune(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}
