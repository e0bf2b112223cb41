package run

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
)

// TestHeaderCacheFollowsTheClock: the cached header is the header styled afresh while
// the clock runs (seconds of a running run, the scheduled run turning late, the stamps'
// day changing) and after a reload and a resize.
func TestHeaderCacheFollowsTheClock(t *testing.T) {
	m := loadedPage(t, 120, 40, Options{})
	clock := runtest.Now
	m.deps.Now = func() time.Time { return clock }
	check := func(what string) {
		t.Helper()
		if got, want := m.headerLines(), m.styleHeader(clock); !slices.Equal(got, want) {
			t.Fatalf("%s: cached header\n%q\nwant\n%q", what, got, want)
		}
	}
	for _, d := range []time.Duration{0, 400 * time.Millisecond, time.Second, 90 * time.Second, 20 * time.Hour} {
		clock = runtest.Now.Add(d)
		check("at +" + d.String())
	}
	late := runtest.FakeRun(3, 0, runtest.Now.Add(time.Minute))
	late.State, late.Start, late.States = "Scheduled", time.Time{}, late.States[:1]
	m.Update(loadedMsg{reqID: m.lastReqID, run: late, found: true})
	for _, d := range []time.Duration{0, 2 * time.Minute, 10 * time.Minute} {
		clock = runtest.Now.Add(d)
		check("scheduled run at +" + d.String())
	}
	m.SetSize(80, 24)
	check("at 80 columns")
}

// TestTabBarCacheFollowsThePage: the cached tab bar is the bar styled afresh after a
// tab switch, as the data ages, after a failed refresh and a resize.
func TestTabBarCacheFollowsThePage(t *testing.T) {
	m := loadedPage(t, 120, 40, Options{})
	clock := runtest.Now
	m.deps.Now = func() time.Time { return clock }
	m.updated = runtest.Now
	check := func(what string) {
		t.Helper()
		if got, want := m.tabBar(), m.styleTabBar(); got != want {
			t.Fatalf("%s: cached tab bar %q, want %q", what, got, want)
		}
	}
	check("loaded")
	m.tabs.Select(1)
	check("second tab")
	clock = clock.Add(90 * time.Second)
	check("90s later")
	m.err = errors.New("boom")
	check("failed refresh")
	m.SetSize(80, 24)
	check("at 80 columns")
}
