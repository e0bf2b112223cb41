// Package cli is prefect-tui's command line (cobra): the root command opens the
// explorer (ui), the subcommands are listed in commands, and every command gets what
// it needs from the cli value it is built with: the standard streams, the environment
// and the global flags. main calls Main.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/prefect-tui/prefect-tui/api"
	apiauth "github.com/prefect-tui/prefect-tui/api/auth"
	"github.com/prefect-tui/prefect-tui/api/config"
	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Main runs the command line args (without the program name) on the process's
// standard streams and environment and returns the exit status. build is what the
// linker flags said about this build (empty fields are read from the binary).
func Main(ctx context.Context, args []string, build Build) int {
	c := newCLI(os.Stdin, os.Stdout, os.Stderr, os.Environ())
	c.build = readBuild(build)
	c.version = c.build.Version
	// Set once, before any goroutine: GET /health of `server` and `demo` reports it.
	server.Version = c.version
	return run(ctx, args, c)
}

// cli is what every command shares: the standard streams, the environment, the global
// flags and the hooks tests replace. Commands get it at construction.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// environ is the process environment ("KEY=value"); tests pass their own.
	environ []string
	flags   globalFlags
	// build is the program's version, commit and build date; version is build.Version.
	build   Build
	version string

	// runProgram runs the explorer; tests replace it to inspect the model instead of
	// starting a terminal program.
	runProgram func(ctx context.Context, m tea.Model, c *cli) error
	// checkTimeout bounds the "does anything answer?" request before :ctx switches to
	// another context, when --timeout is not given.
	checkTimeout time.Duration
	// isTerminal reports whether a standard stream is a terminal (fdTerminal); tests
	// replace it.
	isTerminal func(stream any) bool
	// storeOpener, when set, replaces apiauth.OpenStore in openStore (tests: a store
	// with the fallback note, whatever keyring the machine has).
	storeOpener func(choice string) (apiauth.Store, string, error)
	// followEvery is how often `get logs --follow` polls while lines come (it backs
	// off to 15 times that while none do).
	followEvery time.Duration
}

// globalFlags are the persistent flags of every command.
type globalFlags struct {
	API      string
	Backend  string
	Token    string
	APIKey   string
	TenantID string
	Timeout  time.Duration
	Debug    bool
	ReadOnly bool
	// CredentialStore is --credential-store (keyring|file, "" for automatic): where the
	// saved login lives (openStore).
	CredentialStore string
	// Context is --context: the named context of the settings file to use.
	Context string
	// Theme is --theme: auto, dark, light or none ("" for the settings file's).
	Theme string
}

// newCLI returns a cli on the given streams and environment.
func newCLI(stdin io.Reader, stdout, stderr io.Writer, environ []string) *cli {
	c := &cli{
		stdin: stdin, stdout: stdout, stderr: stderr, environ: environ,
		build:        readBuild(Build{}),
		runProgram:   runTeaProgram,
		checkTimeout: 5 * time.Second,
		isTerminal:   fdTerminal,
		followEvery:  time.Second,
	}
	c.version = c.build.Version
	return c
}

// run executes the command line and returns the exit status (exit.go). Errors are
// printed to stderr as one sentence (api.Describe), never with a credential in them.
func run(ctx context.Context, args []string, c *cli) int {
	root := newRootCmd(c)
	root.SetArgs(args)
	root.SetIn(c.stdin)
	root.SetOut(c.stdout)
	root.SetErr(c.stderr)
	if err := root.ExecuteContext(ctx); err != nil {
		if !errors.Is(err, errReported) {
			fmt.Fprintln(c.stderr, describeErr(err))
		}
		return exitStatus(err)
	}
	return 0
}

// describeErr is api.Describe, which also scrubs credentials from plain errors.
func describeErr(err error) string {
	return api.Describe(err)
}

func newRootCmd(c *cli) *cobra.Command {
	root := &cobra.Command{
		Use:   "prefect-tui",
		Short: "A terminal explorer for the Prefect 1.x API",
		Long: `prefect-tui explores a Prefect 1.x API (Prefect Server or Prefect Cloud) in the terminal:
flows, flow runs, task runs, logs and a GraphQL editor.

Without a command it opens the explorer on the configured API, read as Prefect reads
it: --api, then PREFECT__CLOUD__API / PREFECT__BACKEND / PREFECT__SERVER__ENDPOINT,
then ~/.prefect/backend.toml and ~/.prefect/config.toml; by default Prefect Server at
http://localhost:4200 (requests go to <api>/graphql).

No Prefect at hand? ` + "`prefect-tui demo`" + ` runs the explorer on an embedded, seeded server.`,
		Args:          cobra.NoArgs,
		Version:       c.build.String(),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := c.needTerminal(); err != nil {
				return err
			}
			return c.explore(cmd.Context(), screen.Route{Kind: screen.RouteOverview})
		},
	}
	pf := root.PersistentFlags()
	pf.StringVar(&c.flags.API, "api", "", "Prefect API URL, e.g. http://localhost:4200 (overrides PREFECT__CLOUD__API and config files)")
	pf.StringVar(&c.flags.Backend, "backend", "", "server or cloud (overrides PREFECT__BACKEND and ~/.prefect/backend.toml)")
	pf.StringVar(&c.flags.Token, "token", "", "Prefect API token (overrides PREFECT__CLOUD__AUTH_TOKEN and the saved login)")
	pf.StringVar(&c.flags.APIKey, "api-key", "", "Prefect Cloud API key (overrides PREFECT__CLOUD__API_KEY and the saved login)")
	pf.StringVar(&c.flags.TenantID, "tenant-id", "", "tenant to use (overrides PREFECT__CLOUD__TENANT_ID)")
	pf.DurationVar(&c.flags.Timeout, "timeout", 0, "per-request timeout (default cloud.request_timeout, 15s)")
	pf.BoolVar(&c.flags.Debug, "debug", false, "write a debug log to ./debug.log (also when DEBUG is set)")
	pf.BoolVar(&c.flags.ReadOnly, "read-only", false, "hide and disable every action that changes data")
	pf.StringVar(&c.flags.CredentialStore, "credential-store", "", "where the saved login lives: keyring or file (default: the keyring when available)")
	pf.StringVar(&c.flags.Context, "context", "", "use this context of the settings file (prefect-tui context list)")
	pf.StringVar(&c.flags.Theme, "theme", "", "explorer colours: auto, dark, light or none (default: the settings file's, else auto)")

	root.SetVersionTemplate("{{.Version}}\n")
	root.AddCommand(c.commands()...)
	markUsageErrors(root)
	return root
}

// commands are the subcommands of prefect-tui: a new one is added here.
func (c *cli) commands() []*cobra.Command {
	return []*cobra.Command{
		newAuthCmd(c),
		newContextCmd(c),
		newDemoCmd(c),
		newDescribeCmd(c),
		newGetCmd(c),
		newOpenCmd(c),
		newQueryCmd(c),
		newServerCmd(c),
		newVersionCmd(c),
	}
}

// start resolves the settings and opens the debug log, what every command that talks
// to the API does first. The caller closes the log with closeLog.
func (c *cli) start() (s *config.Settings, l *log.Logger, closeLog func(), err error) {
	s, err = c.settings()
	if err != nil {
		return nil, nil, nil, err
	}
	l, closeLog, err = c.logger()
	if err != nil {
		return nil, nil, nil, err
	}
	return s, l, closeLog, nil
}

// logger returns the debug logger: debug.log when --debug or DEBUG is set, else a
// discarding one. The standard logger is pointed the same way, so that nothing a
// library logs reaches the terminal while the explorer runs. close releases the file.
func (c *cli) logger() (l *log.Logger, closeFn func(), err error) {
	if !c.flags.Debug && c.getenv("DEBUG") == "" {
		log.SetOutput(io.Discard)
		return log.New(io.Discard, "", 0), func() {}, nil
	}
	f, err := tea.LogToFile("debug.log", "prefect-tui ")
	if err != nil {
		return nil, nil, fmt.Errorf("opening debug.log: %w", err)
	}
	return log.Default(), func() { _ = f.Close() }, nil
}

// getenv reads the cli's environment.
func (c *cli) getenv(name string) string {
	for _, kv := range c.environ {
		if len(kv) > len(name) && kv[len(name)] == '=' && kv[:len(name)] == name {
			return kv[len(name)+1:]
		}
	}
	return ""
}
