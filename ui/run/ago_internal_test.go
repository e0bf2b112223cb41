package run

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
)

// TestUpdatedAgoTicks: the run page's "updated Ns ago" moves on by itself, one timer
// armed for the moment its text changes.
func TestUpdatedAgoTicks(t *testing.T) {
	clock := runtest.Now
	deps := runtest.Deps(nil)
	deps.Now = func() time.Time { return clock }
	m := New(deps, screen.Route{Kind: screen.RouteRun, ID: "00000000-0000-4000-8000-000000000001"}, withTabs(Options{}))
	m.SetSize(100, 30)
	m.load()
	m.Update(loadedMsg{reqID: m.lastReqID, run: runtest.FakeRun(30, 6, runtest.Now.Add(-2*time.Minute)), found: true})
	if v := ansi.Strip(m.View()); !strings.Contains(v, "updated 0s ago") {
		t.Fatalf("after the load:\n%s", v)
	}
	tick, after, ok := m.ago.Pending()
	if !ok || after != time.Second {
		t.Fatalf("no tick pending (%v, after %v)", ok, after)
	}
	clock = clock.Add(12 * time.Second)
	if _, cmd := m.Update(tick); cmd == nil || !strings.Contains(ansi.Strip(m.View()), "updated 12s ago") {
		t.Fatalf("after 12 s:\n%s", ansi.Strip(m.View()))
	}
	if _, cmd := m.Update(tick); cmd != nil {
		t.Fatal("a stale tick armed a timer")
	}
}
