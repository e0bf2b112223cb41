// Command prefect-tui is a terminal explorer for the Prefect 1.x GraphQL API, with an
// embedded Prefect-compatible server for trying it out (`prefect-tui demo`).
//
// main only starts the command line (internal/cli); the client is in api/, the server
// in server/, the explorer in ui/.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/prefect-tui/prefect-tui/internal/cli"
)

// version, commit and date are set at build time (make build, make dist, goreleaser):
// go build -ldflags "-X main.version=v1.2.3 -X main.commit=<sha> -X main.date=<RFC 3339>".
// Left empty, they are read from the binary's build information.
var version, commit, date string

func main() {
	// SIGINT, SIGTERM and SIGHUP (the SSH session or terminal went away) cancel the
	// context: `server` shuts down cleanly, the explorer quits.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	code := cli.Main(ctx, os.Args[1:], cli.Build{Version: version, Commit: commit, Date: date})
	stop()
	os.Exit(code)
}
