package schematic

import (
	"context"
	"io"
	"log"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/Khan/genqlient/graphql"

	"prefect-tui/api"
	"prefect-tui/server"
	"prefect-tui/server/seed"
	"prefect-tui/ui/screen"
	"prefect-tui/ui/theme"
)

// fixedNow is the clock of the seeded data and of the screens (goldens are stable).
var fixedNow = time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)

var (
	srvOnce sync.Once
	srv     *server.Server
	srvURL  string
	srvErr  error
)

// demoServer returns one shared embedded server seeded with the demo tenant.
func demoServer(t *testing.T) (*server.Server, graphql.Client) {
	t.Helper()
	srvOnce.Do(func() {
		srv, srvErr = server.New(server.Options{Now: func() time.Time { return fixedNow }})
		if srvErr != nil {
			return
		}
		if _, srvErr = seed.Demo(context.Background(), srv.DB, seed.DemoOptions{Now: fixedNow, Runs: 400, Seed: 1}); srvErr != nil {
			return
		}
		srvURL = httptest.NewServer(srv.Handler()).URL + "/graphql"
	})
	if srvErr != nil {
		t.Fatalf("embedded server: %v", srvErr)
	}
	return srv, api.NewClient(api.ClientOptions{Endpoint: srvURL, Log: log.New(io.Discard, "", 0)})
}

func testDeps(c graphql.Client) screen.Deps {
	return screen.Deps{
		Ctx:    context.Background(),
		Client: c,
		Styles: theme.NewStyles(true, false),
		Now:    func() time.Time { return fixedNow },
	}
}
