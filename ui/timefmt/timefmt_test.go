package timefmt_test

import (
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

func TestFormatting(t *testing.T) {
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	for d, want := range map[time.Duration]string{
		0: "0s", 850 * time.Millisecond: "850ms", 42 * time.Second: "42s", 185 * time.Second: "3m05s",
		134 * time.Minute: "2h14m", 76 * time.Hour: "3d04h", -time.Second: "0s",
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
