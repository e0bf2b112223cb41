package screen_test

import (
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/ui/screen"
)

func TestAgoTicker(t *testing.T) {
	var tk screen.AgoTicker
	if _, _, ok := tk.Pending(); ok {
		t.Fatal("the zero ticker is armed")
	}
	t0 := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	if tk.Arm(t0, t0.Add(3*time.Minute+10*time.Second)) == nil {
		t.Fatal("no timer")
	}
	first, after, ok := tk.Pending()
	if !ok || after != 50*time.Second {
		t.Fatalf("armed for %v (%v), want 50s", after, ok)
	}
	tk.Arm(t0, t0.Add(7*time.Second))
	if tk.Handle(first) {
		t.Fatal("a tick of an earlier arming was taken")
	}
	live, after, _ := tk.Pending()
	if after != time.Second || !tk.Handle(live) || tk.Handle(live) {
		t.Fatalf("live tick: after %v", after)
	}
	if tk.Arm(time.Time{}, t0) != nil {
		t.Fatal("a zero time armed a timer")
	}
}
