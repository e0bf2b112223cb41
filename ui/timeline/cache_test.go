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
		"up", "+", "+", "right", "left", "-", "0", "s", "down", "f", "f", "end", "home", "s", "pgdown"}
	clock := runtest.Now
	build := func() *timeline.Model {
		deps := runtest.Deps(nil)
		deps.Now = func() time.Time { return clock }
		m := timeline.New(deps)
		m.SetSize(100, 30)
		m.SetRun(runtest.FakeRun(120, 8, start))
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
