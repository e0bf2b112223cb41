// Package demo gives the run screens' tests one embedded server per test binary,
// seeded with the demo tenant at runtest.Now.
package demo

import (
	"context"
	"io"
	"log"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
)

var (
	once   sync.Once
	srvURL string
	srvErr error
)

// Client returns a counting client on the shared demo server (seeded once).
func Client(t testing.TB) *runtest.Counting {
	t.Helper()
	once.Do(func() {
		s, err := server.New(server.Options{Now: func() time.Time { return runtest.Now }})
		if err != nil {
			srvErr = err
			return
		}
		if _, err := seed.Demo(context.Background(), s.DB, seed.DemoOptions{Now: runtest.Now, Runs: 300, Seed: 1}); err != nil {
			srvErr = err
			return
		}
		srvURL = httptest.NewServer(s.Handler()).URL + "/graphql"
	})
	if srvErr != nil {
		t.Fatalf("embedded server: %v", srvErr)
	}
	return &runtest.Counting{Client: api.NewClient(api.ClientOptions{Endpoint: srvURL, Log: log.New(io.Discard, "", 0)})}
}
