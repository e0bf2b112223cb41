package overview_test

import (
	"io"
	"log"
	"testing"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/servertest"
	"github.com/prefect-tui/prefect-tui/ui/overview"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// BenchmarkOverviewLoad is what a user waits for on start and on every refresh: the
// Overview request (with its default variables: all projects, 24h) against the
// embedded server holding 20,000 flow runs, and the frame at 120×40.
func BenchmarkOverviewLoad(b *testing.B) {
	_, url := servertest.Shared(b, seed.DemoOptions{Runs: 20000, Seed: 1})
	c := api.NewClient(api.ClientOptions{Endpoint: url + "/graphql", Log: log.New(io.Discard, "", 0)})
	m := overview.New(deps(c), screen.Route{Kind: screen.RouteOverview}, overview.Options{})
	m.SetSize(120, 40)
	b.ResetTimer()
	for range b.N {
		m.Update(m.LoadOnly()())
		_ = m.View()
	}
	if m.Err() != nil {
		b.Fatal(m.Err())
	}
}
