// Command prefect-tui is a terminal explorer for the Prefect 1.x GraphQL API, with an
// embedded Prefect-compatible server for trying it out (`prefect-tui demo`).
//
// main only wires: the commands are in cmd_*.go, the client in api/, the server in
// server/, the explorer in ui/.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/prefect-tui/prefect-tui/server"
)

func main() {
	// Set once, before any goroutine: GET /health of `server` and `demo` reports it.
	server.Version = versionString()
	// SIGINT/SIGTERM cancel the context: `server` shuts down cleanly, the explorer quits.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], newCLI(os.Stdin, os.Stdout, os.Stderr, os.Environ()))
	stop()
	os.Exit(code)
}
