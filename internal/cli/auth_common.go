package cli

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/prefect-tui/prefect-tui/api"
	apiauth "github.com/prefect-tui/prefect-tui/api/auth"
	"github.com/prefect-tui/prefect-tui/api/config"
)

// authCmd holds what the auth subcommands share.
type authCmd struct {
	c      *cli
	output string
	// format is the checked output format (json sets it).
	format string
}

// json checks --output and reports whether the command prints data (json, yaml)
// rather than its table (table, wide; "text" is the table's old name).
func (a *authCmd) json() (bool, error) {
	f, err := checkOutput(a.output)
	if err != nil {
		return false, err
	}
	a.format = f
	return structured(f), nil
}

// printJSON prints the command's data as JSON or YAML (--output).
func (a *authCmd) printJSON(v any) error { return writeData(a.c.stdout, a.format, v) }

// newTable returns the column writer of the auth subcommands' text output.
func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
}

// session is a checked login for an auth command.
type session struct {
	settings *config.Settings
	base     *api.Client
	store    apiauth.Store
	note     string // the store's fallback note
	acct     *apiauth.Login
}

// prepare resolves the settings, the logger, the client without credentials and the
// credential store of an auth command. The caller closes the log with closeLog (on
// error prepare has closed it).
func (a *authCmd) prepare() (se *session, closeLog func(), err error) {
	c := a.c
	s, l, closeLog, err := c.start()
	if err != nil {
		return nil, nil, err
	}
	se = &session{settings: s, base: c.newClient(s, nil, l)}
	se.store, se.note, err = c.openStore()
	if err != nil {
		closeLog()
		return nil, nil, err
	}
	return se, closeLog, nil
}

// open resolves the credential chain and checks it against the API.
func (a *authCmd) open(ctx context.Context) (*session, error) {
	se, closeLog, err := a.prepare()
	if err != nil {
		return nil, err
	}
	defer closeLog()
	cred, err := apiauth.Resolve(se.settings, se.settings.Endpoint, se.store)
	if err != nil {
		return se, err
	}
	acct, err := apiauth.Connect(ctx, se.base, cred, nil)
	if err != nil {
		return se, fmt.Errorf("%s: %s", cred, api.Describe(err))
	}
	if err := a.c.contextTenant(ctx, acct); err != nil {
		return se, err
	}
	se.acct = acct
	return se, nil
}

// warnNote tells where the login is kept when the keyring is not used: said once, by
// the command that saves the login.
func (a *authCmd) warnNote(se *session) {
	if se != nil && se.note != "" {
		fmt.Fprintln(a.c.stderr, "note: "+se.note)
	}
}

// need opens the login and fails when there is none. The store's fallback note is
// not repeated here: login said it when the login was saved.
func (a *authCmd) need(ctx context.Context) (*session, error) {
	se, err := a.open(ctx)
	if err != nil {
		return nil, err
	}
	return se, nil
}

// loginRun is the body of an auth subcommand that works on the login: it gets the
// checked login, the arguments and whether the output is JSON.
type loginRun func(ctx context.Context, se *session, args []string, asJSON bool) error

// withLogin completes cmd (whose Args default to cobra.NoArgs) with a RunE that checks
// --output, then the flags (check, when not nil), opens the login (need)
// and hands it to run.
func (a *authCmd) withLogin(cmd *cobra.Command, check func() error, run loginRun) *cobra.Command {
	if cmd.Args == nil {
		cmd.Args = cobra.NoArgs
	}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		asJSON, err := a.json()
		if err != nil {
			return err
		}
		if check != nil {
			if err := check(); err != nil {
				return err
			}
		}
		se, err := a.need(cmd.Context())
		if err != nil {
			return err
		}
		return run(cmd.Context(), se, args, asJSON)
	}
	return cmd
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
