package runs

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
)

// TestUpdatedAgoTicks: "updated Ns ago" moves on by itself. The timer is armed for the
// moment the text changes (so each tick redraws something new), and a stale tick is
// dropped without arming another.
func TestUpdatedAgoTicks(t *testing.T) {
	clock := runtest.Now
	deps := runtest.Deps(nil)
	deps.Now = func() time.Time { return clock }
	m := New(deps, screen.Route{Kind: screen.RouteRuns}, Options{})
	m.SetSize(100, 24)
	m.load(0)
	m.Update(loadedMsg{reqID: m.lastReqID, runs: fakeRuns(3), total: 3})
	if v := ansi.Strip(m.View()); !strings.Contains(v, "updated 0s ago") {
		t.Fatalf("after the load:\n%s", v)
	}
	tick, after, ok := m.ago.Pending()
	if !ok || after != time.Second {
		t.Fatalf("no tick pending (%v, after %v)", ok, after)
	}
	clock = clock.Add(7 * time.Second)
	_, cmd := m.Update(tick)
	if v := ansi.Strip(m.View()); !strings.Contains(v, "updated 7s ago") || cmd == nil {
		t.Fatalf("after 7 s (next tick %v):\n%s", cmd != nil, v)
	}
	next, after, _ := m.ago.Pending()
	if after != time.Second {
		t.Fatalf("next tick after %v, want 1s", after)
	}
	// A minute on, the text changes once a minute: so does the timer.
	clock = clock.Add(53 * time.Second)
	m.Update(next)
	if _, after, _ = m.ago.Pending(); after != time.Minute || !strings.Contains(ansi.Strip(m.View()), "updated 1m ago") {
		t.Fatalf("at 1m the next tick is after %v", after)
	}
	// The old tick again: nothing.
	if _, cmd := m.Update(next); cmd != nil {
		t.Fatal("a stale tick armed a timer")
	}
}
