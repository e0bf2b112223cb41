package timeline_test

import (
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/timeline"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
)

// TestCachedRowsMatchFresh: after every key (moves, scrolling, expanding, sorting,
// zooming, panning) and every tick of a moving clock, the view drawn from the row cache
// is the view of a timeline that never drew before, colours included.
func TestCachedRowsMatchFresh(t *testing.T) {
	keys := []string{"down", "down", "down", "down", "down", "enter", "down", "down", "pgdown", "pgdown",
		"up", "+", "+", "right", "left", "-", "0", "s", "down", "f", "f", "end", "up", "up", "up", "up",
		"down", "down", "up", "home", "s", "pgdown"}
	// The run started ten minutes ago: its running task's bar and duration grow as the
	// clock runs, and the now marker moves.
	clock := runtest.Now
	build := func() *timeline.Model {
		deps := runtest.Deps(nil)
		deps.Now = func() time.Time { return clock }
		m := timeline.New(deps)
		m.SetSize(100, 30)
		at := clock
		clock = runtest.Now // both load the run at the same time
		m.SetRun(runtest.FakeRun(120, 8, runtest.Now.Add(-10*time.Minute)))
		clock = at
		return m
	}
	cached := build()
	for i, k := range keys {
		clock = runtest.Now.Add(time.Duration(i) * 1500 * time.Millisecond)
		cached.View()
		press(cached, k)
		fresh := build()
		press(fresh, keys[:i+1]...)
		if got, want := cached.View(), fresh.View(); got != want {
			t.Fatalf("after %v the cached view differs:\n%s\nwant:\n%s", keys[:i+1], ansi.Strip(got), ansi.Strip(want))
		}
	}
}
