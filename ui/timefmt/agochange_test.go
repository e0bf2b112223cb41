package timefmt

import (
	"testing"
	"time"
)

// TestUntilAgoChanges: after the returned delay, Ago gives another text; just before
// it, the same one.
func TestUntilAgoChanges(t *testing.T) {
	t0 := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	for _, age := range []time.Duration{0, 300 * time.Millisecond, 7 * time.Second, 59*time.Second + 900*time.Millisecond,
		time.Minute, 3*time.Minute + 10*time.Second, 59 * time.Minute, 5*time.Hour + 1, 47*time.Hour + 59*time.Minute,
		50 * time.Hour, -5*time.Minute - 10*time.Second, -20 * time.Second, -time.Minute} {
		now := t0.Add(age)
		d := UntilAgoChanges(t0, now)
		if d <= 0 {
			t.Fatalf("age %v: delay %v", age, d)
		}
		before, at := Ago(t0, now.Add(d-time.Millisecond)), Ago(t0, now.Add(d))
		if before != Ago(t0, now) || at == before {
			t.Errorf("age %v: delay %v: %q until %q, then %q", age, d, Ago(t0, now), before, at)
		}
	}
	if d := UntilAgoChanges(t0, t0.Add(7*time.Second)); d != time.Second {
		t.Errorf("7s old: next change in %v, want 1s", d)
	}
	if d := UntilAgoChanges(t0, t0.Add(3*time.Minute+10*time.Second)); d != 50*time.Second {
		t.Errorf("3m10s old: next change in %v, want 50s", d)
	}
}
