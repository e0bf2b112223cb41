// Package demo gives the screens' tests the embedded server seeded with the demo
// tenant (one per test binary, through server/servertest) and screen deps on it at the
// demo's fixed clock. It is apart from uitest so that tests without a server do not
// link one.
package demo

import (
	"context"
	"io"
	"log"
	"testing"
	"time"

	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/servertest"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/theme"
)

// Now is the clock of the seeded data and of the screens (goldens are stable).
var Now = servertest.Now

// Options is what Server seeds the demo tenant with.
var Options = seed.DemoOptions{Now: Now, Runs: 400, Seed: 1}

// Server returns the embedded server shared by the test binary, seeded with Options,
// and a client on it that logs nothing. Tests that change data must undo it.
func Server(t testing.TB) (*server.Server, graphql.Client) {
	t.Helper()
	srv, url := servertest.Shared(t, Options)
	return srv, api.NewClient(api.ClientOptions{Endpoint: url + "/graphql", Log: log.New(io.Discard, "", 0)})
}

// Deps returns screen deps on c with dark styles and the clock fixed at Now.
func Deps(c graphql.Client) screen.Deps {
	return screen.Deps{
		Ctx:    context.Background(),
		Client: c,
		Styles: theme.NewStyles(true, false),
		Now:    func() time.Time { return Now },
	}
}
