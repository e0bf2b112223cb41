package cli

import (
	"github.com/charmbracelet/x/term"
)

// errNoTerminal is what the explorer says when it has no terminal to draw on: its
// standard input or output is not a terminal (`ssh -T host prefect-tui`, a pipe, a
// redirect). It is said before anything else is done, so nothing hangs or is left
// behind, and the exit status is 2.
var errNoTerminal = usagef("prefect-tui needs a terminal (use ssh -t, or `prefect-tui query`)")

// fdTerminal reports whether s is a file descriptor on a terminal.
func fdTerminal(s any) bool {
	f, ok := s.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(f.Fd())
}

// needTerminal fails unless the explorer can run full-screen on stdin and stdout.
func (c *cli) needTerminal() error {
	if !c.isTerminal(c.stdin) || !c.isTerminal(c.stdout) {
		return errNoTerminal
	}
	return nil
}
