package cli

import (
	"context"
	"errors"
	"log"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// maxFPS caps the explorer's frame rate: a streaming log or the simulator must not
// redraw the terminal more often than this.
const maxFPS = 30

// explore opens the explorer on the configured API at route. It does not wait for the
// API: the explorer draws at once, says "connecting" in its header and checks the
// connection in the background (on Prefect Server reading the default tenant in the
// same request); a slow or dead API shows there, not as a failure to start. Only a
// Cloud credential is checked first, since it decides the tenant and the first screen.
func (c *cli) explore(ctx context.Context, start screen.Route) error {
	s, l, closeLog, err := c.start()
	if err != nil {
		return err
	}
	defer closeLog()
	conn, err := c.connectWith(ctx, s, l, serverTenant{})
	if err != nil {
		return err
	}
	l.Printf("explorer: API %s (backend %s, %s from %s)", conn.Settings.Endpoint, conn.Settings.Backend.Value,
		orNone(conn.Login.Identity), orNone(conn.Login.Source))
	return c.runExplorer(ctx, conn, start, l)
}

// runExplorer builds the root model and runs it until the user quits.
func (c *cli) runExplorer(ctx context.Context, conn *connection, start screen.Route, l *log.Logger) error {
	theme, band, aliases, err := c.explorerLook()
	if err != nil {
		return err
	}
	current, _, err := c.activeContext()
	if err != nil {
		return err
	}
	exportDir, err := c.exportDir()
	if err != nil {
		return err
	}
	opts := ui.Options{
		Client:   conn.Client,
		Session:  conn.Session,
		ReadOnly: c.readOnly(),
		Log:      l,
		Start:    start,
		Account:  conn.Login.Account,
		Theme:    theme,
		Band:     band,
		Aliases:  aliases,
		Contexts: &contextSource{c: c, log: l},
		Context:  current,
		// Where exports go: the settings file's export-dir, else the current directory.
		ExportDir: exportDir,
	}
	if conn.Login.Start != nil {
		opts.Start = *conn.Login.Start
	}
	app := ui.New(opts)
	err = c.runProgram(ctx, app, c)
	if errors.Is(err, tea.ErrInterrupted) || (errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil) {
		return nil // ctrl+c, SIGINT, SIGTERM or SIGHUP: a normal way out
	}
	return err
}

// runTeaProgram runs m full-screen on the cli's terminal. Nothing else writes to stdout
// meanwhile (the logger goes to debug.log or nowhere).
func runTeaProgram(ctx context.Context, m tea.Model, c *cli) error {
	p := tea.NewProgram(m,
		tea.WithContext(ctx),
		tea.WithInput(c.stdin),
		tea.WithOutput(c.stdout),
		tea.WithEnvironment(c.environ),
		tea.WithFPS(maxFPS),
	)
	_, err := p.Run()
	return err
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
