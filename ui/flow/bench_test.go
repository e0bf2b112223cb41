package flow_test

import (
	"io"
	"log"
	"testing"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/servertest"
	"github.com/prefect-tui/prefect-tui/ui/flow"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// BenchmarkFlowPageLoad is what a user waits for when opening a flow and on every
// refresh: the FlowPage request (24h window) for the busiest demo flow against the
// embedded server holding 20,000 flow runs, and the frame at 120×40.
func BenchmarkFlowPageLoad(b *testing.B) {
	_, url := servertest.Shared(b, seed.DemoOptions{Runs: 20000, Seed: 1})
	c := api.NewClient(api.ClientOptions{Endpoint: url + "/graphql", Log: log.New(io.Discard, "", 0)})
	f := findFlow(b, c, "etl-orders")
	m := flow.New(deps(c), screen.Route{Kind: screen.RouteFlow, ID: f.Group}, flow.Options{})
	m.SetSize(120, 40)
	b.ResetTimer()
	for range b.N {
		m.Update(m.LoadOnly()())
		_ = m.View()
	}
	if m.Err() != nil || !m.Found() {
		b.Fatal(m.Err())
	}
}
