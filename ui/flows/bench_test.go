package flows_test

import (
	"testing"

	"github.com/prefect-tui/prefect-tui/ui/flows"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// BenchmarkView renders a full page of flows at 120×40 (target: well under 5 ms).
func BenchmarkView(b *testing.B) {
	t := &testing.T{}
	m := flows.New(newDeps(t, nil), screen.Route{Kind: screen.RouteFlows}, flows.Options{})
	m.SetSize(120, 40)
	m.Init()
	names := make([]string, 50)
	for i := range names {
		names[i] = "flow-with-a-longish-name-" + string(rune('a'+i%26))
	}
	m.Update(flows.Loaded(m.ReqID(), names...))
	m.Update(uitest.Press("down"))
	b.ResetTimer()
	for range b.N {
		_ = m.View()
	}
}
