package screen

import (
	"testing"
	"time"
)

// TestRefresh: the timer backs off while nothing changes and comes back to the
// shortest interval on a change; a replaced timer's tick is never due; a key wakes
// only a backed-off, idle timer.
func TestRefresh(t *testing.T) {
	r := NewRefresh()
	if r.Due(r.Pending()) {
		t.Fatal("a tick is due before any timer was started")
	}
	if r.Schedule(false) == nil || r.Backoff.Current() != 5*time.Second {
		t.Fatalf("first interval %v", r.Backoff.Current())
	}
	first := r.Pending()
	if !r.Due(first) {
		t.Fatal("the running timer's tick is not due")
	}
	for _, want := range []time.Duration{10, 20, 40, 60, 60} {
		r.Schedule(false)
		if r.Backoff.Current() != want*time.Second {
			t.Fatalf("unchanged: %v, want %v s", r.Backoff.Current(), want)
		}
	}
	if r.Due(first) {
		t.Fatal("a replaced timer's tick is due")
	}
	if r.Wake(false) != nil {
		t.Fatal("a busy screen's timer was woken")
	}
	before := r.Pending()
	if r.Wake(true) == nil || r.Backoff.Current() != 5*time.Second || r.Due(before) {
		t.Fatalf("a key did not wake a backed-off timer: %v", r.Backoff.Current())
	}
	if r.Wake(true) != nil {
		t.Fatal("a timer at its shortest interval was restarted")
	}
	r.Schedule(false)
	r.Reset()
	if r.Schedule(false); r.Backoff.Current() != 5*time.Second {
		t.Fatalf("after Reset: %v", r.Backoff.Current())
	}
}

// TestSpinnerAfterDelay: the timer fires with the request it was started for.
func TestSpinnerAfterDelay(t *testing.T) {
	id := NewRequestID()
	if msg, ok := SpinnerAfterDelay(id)().(SpinnerDueMsg); !ok || msg.ReqID != id {
		t.Fatalf("got %#v, want SpinnerDueMsg for %d", msg, id)
	}
}
