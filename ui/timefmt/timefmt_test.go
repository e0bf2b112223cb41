package timefmt_test

import (
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

func TestFormatting(t *testing.T) {
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	for d, want := range map[time.Duration]string{
		0: "0s", 850 * time.Millisecond: "850ms", 42 * time.Second: "42s", 185 * time.Second: "3m05s",
		134 * time.Minute: "2h14m", 76 * time.Hour: "3d04h", -time.Second: "0s",
		2 * time.Minute: "2m00s", 4 * time.Hour: "4h", 48 * time.Hour: "2d", 90 * time.Minute: "1h30m",
	} {
		if got := timefmt.Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
	if got := timefmt.Ago(now.Add(-90*time.Second), now); got != "1m ago" {
		t.Errorf("Ago %q", got)
	}
	if got := timefmt.Ago(now.Add(5*time.Minute), now); got != "in 5m" {
		t.Errorf("Ago future %q", got)
	}
	if got := timefmt.Stamp(now.Add(-time.Hour), now); got != "11:00:00" {
		t.Errorf("Stamp today %q", got)
	}
	if got := timefmt.Stamp(now.AddDate(0, -1, 0), now); got != "Feb 14 12:00" {
		t.Errorf("Stamp this year %q", got)
	}
}

// TestParseDuration: one reading of a typed duration for every screen (the runs filter's
// since:, the logs window): 1h30m used to work in the runs filter only, 2d in both but
// 1d12h in neither.
func TestParseDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"90s": 90 * time.Second, "15m": 15 * time.Minute, "1h30m": 90 * time.Minute, "1.5h": 90 * time.Minute,
		"2d": 48 * time.Hour, "1d12h": 36 * time.Hour, " 7d ": 7 * 24 * time.Hour, "1.5d": 36 * time.Hour,
	} {
		if got, err := timefmt.ParseDuration(in); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0m", "0", "-1h", "soon", "d", "1x", "2d-1h", "h1"} {
		if got, err := timefmt.ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) = %v, want an error", in, got)
		}
	}
}

func TestParseTime(t *testing.T) {
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]string{
		"2026-03-13T09:00:00Z": "2026-03-13T09:00:00Z", "2026-03-13 08:00": "2026-03-13T08:00:00Z",
		"2026-03-13": "2026-03-13T00:00:00Z", "10:30": "2026-03-14T10:30:00Z", "10:30:15": "2026-03-14T10:30:15Z",
	} {
		got, err := timefmt.ParseTime(in, now)
		if err != nil || got.UTC().Format(time.RFC3339) != want {
			t.Errorf("ParseTime(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	if _, err := timefmt.ParseTime("garbage", now); err == nil {
		t.Error("garbage read as a time")
	}
}

func TestTimes(t *testing.T) {
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	start := now.Add(-2 * time.Minute)
	for _, tc := range []struct {
		end      time.Time
		finished bool
		want     string
	}{
		{time.Time{}, false, "start 11:58:00|running 2m00s"},
		{now.Add(-time.Minute), true, "start 11:58:00|end 11:59:00|took 1m00s"},
		{time.Time{}, true, "start 11:58:00"},
	} {
		if got := strings.Join(timefmt.Times(start, tc.end, now, tc.finished), "|"); got != tc.want {
			t.Errorf("Times = %q, want %q", got, tc.want)
		}
	}
	if got := timefmt.Times(time.Time{}, time.Time{}, now, false); got != nil {
		t.Errorf("not started: %q", got)
	}
}

func TestIntervalAndElapsed(t *testing.T) {
	for d, want := range map[time.Duration]string{
		90 * time.Second:             "1m30s",
		30 * time.Minute:             "30m",
		4 * time.Hour:                "4h",
		90 * time.Minute:             "1h30m",
		24 * time.Hour:               "1d",
		36 * time.Hour:               "1d12h",
		500 * time.Millisecond:       "500ms",
		time.Hour + 30*time.Second:   "1h30s",
		-time.Second:                 "0s",
		7*24*time.Hour + time.Minute: "7d1m",
	} {
		if got := timefmt.Interval(d); got != want {
			t.Errorf("Interval(%v) = %q, want %q", d, got, want)
		}
		if d > 0 {
			if back, err := timefmt.ParseDuration(timefmt.Interval(d)); err != nil || back != d {
				t.Errorf("ParseDuration(Interval(%v)) = %v, %v", d, back, err)
			}
		}
	}
	for d, want := range map[time.Duration]string{
		84 * time.Millisecond:    "84ms",
		1234 * time.Millisecond:  "1.23s",
		12500 * time.Millisecond: "12.5s",
		90 * time.Second:         "1m30s",
	} {
		if got := timefmt.Elapsed(d); got != want {
			t.Errorf("Elapsed(%v) = %q, want %q", d, got, want)
		}
	}
}
