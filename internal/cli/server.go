package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/spf13/cobra"

	"github.com/prefect-tui/prefect-tui/server"
)

// serverFlags are the flags of `server` (and, in part, `demo`).
type serverFlags struct {
	Listen         string
	DB             string
	Seed           string
	Scale          int
	Simulate       bool
	Cloud          bool
	AccessTokenTTL time.Duration
	TokenFile      string
	QueryTimeout   time.Duration
}

func (f *serverFlags) options() (server.Options, error) {
	switch f.Seed {
	case "", "none", "demo":
	default:
		return server.Options{}, usagef("--seed must be demo or none, not %q", f.Seed)
	}
	if f.Scale < 0 {
		return server.Options{}, usagef("--scale must not be negative")
	}
	if f.TokenFile != "" && !f.Cloud {
		return server.Options{}, usagef("--token-file needs --cloud (Prefect Server has no tokens)")
	}
	if f.QueryTimeout < 0 {
		return server.Options{}, errors.New("--query-timeout must not be negative (0 turns it off)")
	}
	timeout := f.QueryTimeout
	if timeout == 0 {
		timeout = server.NoQueryTimeout
	}
	return server.Options{
		Listen:         f.Listen,
		DB:             f.DB,
		Seed:           f.Seed,
		Scale:          f.Scale,
		Simulate:       f.Simulate,
		Services:       true,
		Cloud:          f.Cloud,
		AccessTokenTTL: f.AccessTokenTTL,
		TokenFile:      f.TokenFile,
		QueryTimeout:   timeout,
	}, nil
}

func newServerCmd(c *cli) *cobra.Command {
	var f serverFlags
	cmd := &cobra.Command{
		Use:   "server",
		Short: "Run the embedded Prefect-compatible API alone",
		Long: `Run the embedded Prefect 1.x-compatible API (GraphQL at /graphql and /) until SIGINT or SIGTERM.

It prints "listening on URL" once it accepts requests. Point the explorer, the Prefect
Python client or any GraphQL tool at it: prefect-tui --api URL.`,
		Example: `  prefect-tui server --seed demo --simulate
  prefect-tui server --listen 127.0.0.1:4300 --db prefect.db --seed demo --scale 100000
  prefect-tui server --cloud --seed demo --token-file /tmp/user-token --access-token-ttl 30s`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return c.runServer(cmd.Context(), f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.Listen, "listen", "127.0.0.1:4200", "address to listen on (loopback unless you say otherwise)")
	fl.StringVar(&f.DB, "db", "", "SQLite database file (default: in memory)")
	fl.StringVar(&f.Seed, "seed", "none", "demo: load the deterministic demo data; none: start empty")
	fl.IntVar(&f.Scale, "scale", 0, "with --seed demo, generate this many flow runs (benchmarks)")
	fl.BoolVar(&f.Simulate, "simulate", false, "keep the data alive: start scheduled runs, progress tasks, stream logs")
	fl.BoolVar(&f.Cloud, "cloud", false, "Prefect Cloud mode: users, tenants, API tokens and keys")
	fl.DurationVar(&f.AccessTokenTTL, "access-token-ttl", 10*time.Minute, "lifetime of switch_tenant access tokens (--cloud)")
	fl.StringVar(&f.TokenFile, "token-file", "", "write the demo user's USER token to this file, mode 0600 (--cloud)")
	fl.DurationVar(&f.QueryTimeout, "query-timeout", server.DefaultQueryTimeout, "stop a request that runs longer, answering it with a QUERY_TIMEOUT error (0: no limit)")
	return cmd
}

// runServer serves the embedded API until ctx is cancelled (SIGINT, SIGTERM).
func (c *cli) runServer(ctx context.Context, f serverFlags) error {
	opts, err := f.options()
	if err != nil {
		return err
	}
	opts.Progress = c.stderr
	srv, err := server.NewContext(ctx, opts)
	if err != nil {
		return startErr(ctx, "starting the server", err)
	}
	defer srv.Close()
	url, stop, err := srv.Start(ctx, opts.Listen)
	if err != nil {
		// Never "listening on …": scripts wait for that line to know the server is up.
		var oe *net.OpError
		if errors.As(err, &oe) {
			err = oe.Err // "bind: address already in use", without "listen tcp <addr>"
		}
		return fmt.Errorf("cannot listen on %s: %w (choose another address with --listen)", opts.Listen, err)
	}
	fmt.Fprintf(c.stdout, "listening on %s\n", url)
	<-ctx.Done()
	if err := stop(); err != nil {
		return fmt.Errorf("stopping the server: %w", err)
	}
	return nil
}

// startErr words an error of server.NewContext; one caused by SIGINT or SIGTERM while
// the store was being seeded says so.
func startErr(ctx context.Context, what string, err error) error {
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return errors.New("interrupted while seeding: nothing of the seed was kept")
	}
	return fmt.Errorf("%s: %w", what, err)
}
