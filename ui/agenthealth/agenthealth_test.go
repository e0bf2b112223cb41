package agenthealth_test

import (
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/agenthealth"
	"github.com/prefect-tui/prefect-tui/ui/theme"
)

func TestHealth(t *testing.T) {
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		ago  time.Duration
		zero bool
		want agenthealth.State
	}{
		{ago: 0, want: agenthealth.Healthy},
		{ago: 12 * time.Second, want: agenthealth.Healthy},
		{ago: 5*time.Minute - time.Second, want: agenthealth.Healthy},
		{ago: 5 * time.Minute, want: agenthealth.Stale},
		{ago: 11*time.Hour + 59*time.Minute, want: agenthealth.Stale},
		{ago: 12 * time.Hour, want: agenthealth.Unhealthy},
		{ago: 3 * 24 * time.Hour, want: agenthealth.Unhealthy},
		// An agent that never queried is unhealthy, as in the web UI.
		{zero: true, want: agenthealth.Unhealthy},
		// A clock slightly behind the server's: a query "in the future" is healthy.
		{ago: -3 * time.Second, want: agenthealth.Healthy},
	}
	for _, c := range cases {
		last := now.Add(-c.ago)
		if c.zero {
			last = time.Time{}
		}
		if got := agenthealth.Health(last, now); got != c.want {
			t.Errorf("Health(%v ago, zero=%v) = %v, want %v", c.ago, c.zero, got, c.want)
		}
	}
}

func TestWordsAndGlyphsDiffer(t *testing.T) {
	st := theme.NewStyles(true, true)
	seen := map[string]bool{}
	for _, s := range []agenthealth.State{agenthealth.Healthy, agenthealth.Stale, agenthealth.Unhealthy} {
		if seen[s.Word()] || seen[s.Glyph()] {
			t.Fatalf("%v: word or glyph shared with another state", s)
		}
		seen[s.Word()], seen[s.Glyph()] = true, true
		if got := ansi.Strip(s.Render(st)); got != s.String() {
			t.Errorf("NO_COLOR render %q, want %q", got, s.String())
		}
	}
	if agenthealth.Healthy.String() != "● healthy" || agenthealth.Unhealthy.String() != "○ unhealthy" {
		t.Errorf("strings %q %q", agenthealth.Healthy, agenthealth.Unhealthy)
	}
}

func TestCount(t *testing.T) {
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	c := agenthealth.Count([]time.Time{now, now.Add(-time.Hour), {}, now.Add(-time.Minute)}, now)
	if c != (agenthealth.Counts{Healthy: 2, Stale: 1, Unhealthy: 1}) || c.Total() != 4 {
		t.Errorf("counts %+v", c)
	}
}
