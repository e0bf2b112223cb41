package schematic

import (
	"context"
	"io"
	"log"
	"testing"
	"time"

	"github.com/Khan/genqlient/graphql"

	"prefect-tui/api"
	"prefect-tui/server"
	"prefect-tui/server/seed"
	"prefect-tui/server/servertest"
	"prefect-tui/ui/screen"
	"prefect-tui/ui/theme"
)

// fixedNow is the clock of the seeded data and of the screens (goldens are stable).
var fixedNow = time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)

// demoServer returns the embedded server shared by the package's tests, seeded with
// the demo tenant.
func demoServer(t *testing.T) (*server.Server, graphql.Client) {
	t.Helper()
	srv, url := servertest.Shared(t, seed.DemoOptions{Now: fixedNow, Runs: 400, Seed: 1})
	return srv, api.NewClient(api.ClientOptions{Endpoint: url + "/graphql", Log: log.New(io.Discard, "", 0)})
}

func testDeps(c graphql.Client) screen.Deps {
	return screen.Deps{
		Ctx:    context.Background(),
		Client: c,
		Styles: theme.NewStyles(true, false),
		Now:    func() time.Time { return fixedNow },
	}
}
