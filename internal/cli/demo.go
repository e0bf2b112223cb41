package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// demoFlags are the flags of `demo`.
type demoFlags struct {
	db    string
	cloud bool
	ttl   time.Duration
	scale int
}

func newDemoCmd(c *cli) *cobra.Command {
	var f demoFlags
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Open the explorer on an embedded, seeded, simulating server",
		Long: `Start the embedded Prefect API on 127.0.0.1 (a free port) with the demo data and the
simulator (runs start, tasks progress, logs stream), then open the explorer on it. The
data lives in a temporary database that is removed on exit, unless --db names a file.

With --cloud the server runs in Prefect Cloud mode (three tenants, users, tokens) and the
explorer logs in with the demo user's USER token.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return c.runDemo(cmd.Context(), f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.db, "db", "", "keep the demo data in this SQLite file (default: a temporary file)")
	fl.BoolVar(&f.cloud, "cloud", false, "Prefect Cloud mode: tenants, users, tokens; log in as the demo user")
	fl.IntVar(&f.scale, "scale", 0, "generate this many flow runs instead of the demo's usual count")
	fl.DurationVar(&f.ttl, "access-token-ttl", 10*time.Minute, "lifetime of access tokens in --cloud mode")
	return cmd
}

// runDemo starts the demo server and runs the explorer on it until the user quits.
func (c *cli) runDemo(ctx context.Context, f demoFlags) error {
	if f.scale < 0 {
		return usagef("--scale must not be negative")
	}
	if err := c.needTerminal(); err != nil {
		return err
	}
	tmp, err := makeDemoDir()
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	opts := server.Options{
		Listen: "127.0.0.1:0", DB: f.db, Seed: "demo", Simulate: true, Services: true,
		Cloud: f.cloud, AccessTokenTTL: f.ttl, Scale: f.scale,
	}
	if opts.DB == "" {
		opts.DB = filepath.Join(tmp, "demo.db")
	}
	fmt.Fprintln(c.stderr, "starting the demo server…")
	opts.Progress = c.stderr
	srv, err := server.NewContext(ctx, opts)
	if err != nil {
		return startErr(ctx, "starting the demo server", err)
	}
	defer srv.Close()
	url, stop, err := srv.Start(ctx, opts.Listen)
	if err != nil {
		return fmt.Errorf("starting the demo server: %w", err)
	}
	defer func() { _ = stop() }()

	// The explorer talks to the demo server whatever the configuration says.
	c.flags.API, c.flags.Backend = url, "server"
	c.flags.APIKey, c.flags.TenantID = "", ""
	if f.cloud {
		// The demo user's USER token, straight from the server: never on disk.
		tok := srv.DemoUserToken()
		if tok == "" {
			return errors.New("the demo server has no demo user")
		}
		c.flags.Backend, c.flags.Token = "cloud", tok
	}
	return c.explore(ctx, screen.Route{Kind: screen.RouteOverview})
}
