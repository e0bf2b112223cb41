package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"
)

// Exit statuses: 0 success, 1 a failure (the API refused, not logged in, an error in
// what was sent), 2 a usage error (unknown command or flag, wrong arguments, a flag
// value the command cannot take, no terminal for the explorer).
const (
	exitFailure = 1
	exitUsage   = 2
)

// usageError is an error in how the command was called: it exits with status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usagef is a usage error with a formatted message.
func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// errReported means the command already told the user what went wrong (exit 1).
var errReported = errors.New("reported")

// exitStatus is the exit status for a command's error.
func exitStatus(err error) int {
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitFailure
}

// markUsageErrors makes cobra's own errors usage errors: bad flags (through the root's
// flag error function, which subcommands inherit) and wrong arguments (each command's
// Args validator is wrapped). A command group without a Run of its own rejects an
// unknown subcommand instead of printing its help with status 0.
func markUsageErrors(root *cobra.Command) {
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Args != nil {
			args := c.Args
			c.Args = func(cmd *cobra.Command, a []string) error {
				if err := args(cmd, a); err != nil {
					return usageError{err}
				}
				return nil
			}
		}
		if !c.Runnable() && c.HasSubCommands() {
			c.Args = cobra.ArbitraryArgs
			c.RunE = func(cmd *cobra.Command, a []string) error {
				if len(a) > 0 {
					return usagef("unknown command %q for %q", a[0], cmd.CommandPath())
				}
				return cmd.Help()
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
