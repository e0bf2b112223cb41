package agenthealth_test

import (
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/ui/agenthealth"
)

func TestHealthFollowsTheWebUI(t *testing.T) {
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		ago  time.Duration
		want agenthealth.State
	}{
		{0, agenthealth.Healthy},
		{-time.Minute, agenthealth.Healthy}, // a clock a little ahead
		{4*time.Minute + 59*time.Second, agenthealth.Healthy},
		{5 * time.Minute, agenthealth.Stale},
		{11*time.Hour + 59*time.Minute, agenthealth.Stale},
		{12 * time.Hour, agenthealth.Unhealthy},
		{72 * time.Hour, agenthealth.Unhealthy},
	} {
		if got := agenthealth.Health(now.Add(-tc.ago), now); got != tc.want {
			t.Errorf("queried %v ago: %v, want %v", tc.ago, got, tc.want)
		}
	}
	if got := agenthealth.Health(time.Time{}, now); got != agenthealth.Unhealthy {
		t.Errorf("never queried: %v", got)
	}
	c := agenthealth.Count([]time.Time{now, now.Add(-time.Hour), {}, now.Add(-time.Minute)}, now)
	if c != (agenthealth.Counts{Healthy: 2, Stale: 1, Unhealthy: 1}) || c.Total() != 4 {
		t.Errorf("counts %+v", c)
	}
	seen := map[string]bool{}
	for _, s := range []agenthealth.State{agenthealth.Healthy, agenthealth.Stale, agenthealth.Unhealthy} {
		if seen[s.Glyph()] || seen[s.String()] {
			t.Errorf("%v: glyph or word shared", s)
		}
		seen[s.Glyph()], seen[s.String()] = true, true
	}
}
