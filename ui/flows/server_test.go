package flows_test

import (
	"context"
	"io"
	"log"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/seed"
)

// fixedNow is the clock of the seeded data and of the screens (goldens are stable).
var fixedNow = time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)

var (
	srvOnce sync.Once
	srvURL  string
	srvErr  error
)

// demoClient returns a client on one shared embedded server seeded with the demo
// tenant at fixedNow (seeding once keeps the package's tests fast).
func demoClient(t *testing.T) graphql.Client {
	t.Helper()
	srvOnce.Do(func() {
		s, err := server.New(server.Options{Now: func() time.Time { return fixedNow }})
		if err != nil {
			srvErr = err
			return
		}
		if _, err := seed.Demo(context.Background(), s.DB, seed.DemoOptions{Now: fixedNow, Runs: 200, Seed: 1}); err != nil {
			srvErr = err
			return
		}
		srvURL = httptest.NewServer(s.Handler()).URL + "/graphql"
	})
	if srvErr != nil {
		t.Fatalf("embedded server: %v", srvErr)
	}
	return api.NewClient(api.ClientOptions{Endpoint: srvURL, Log: log.New(io.Discard, "", 0)})
}
