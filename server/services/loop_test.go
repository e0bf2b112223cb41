package services

import (
	"context"
	"sync"
	"testing"
	"time"
)

type fakeService struct {
	every time.Duration
	calls chan time.Time
}

func (f *fakeService) Name() string         { return "Fake" }
func (f *fakeService) Every() time.Duration { return f.every }
func (f *fakeService) RunOnce(_ context.Context, now time.Time) (int, error) {
	f.calls <- now
	return 0, nil
}

// TestStartFollowsTheClock: passes happen when the given clock (not the wall clock) has
// moved a whole interval; a non-scheduler service waits one interval before its first.
func TestStartFollowsTheClock(t *testing.T) {
	var mu sync.Mutex
	clock := time.Date(2026, 3, 6, 0, 0, 0, 0, time.UTC)
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	set := func(t time.Time) { mu.Lock(); clock = t; mu.Unlock() }
	f := &fakeService{every: time.Minute, calls: make(chan time.Time, 10)}
	stop := Start([]Service{f}, Options{Now: now, Tick: time.Millisecond})
	defer stop()
	select {
	case c := <-f.calls:
		t.Fatalf("pass at %s before the first interval", c)
	case <-time.After(50 * time.Millisecond):
	}
	at := clock.Add(time.Minute)
	set(at)
	if c := <-f.calls; !c.Equal(at) {
		t.Fatalf("first pass at %s, want %s", c, at)
	}
	set(at.Add(59 * time.Second))
	select {
	case c := <-f.calls:
		t.Fatalf("second pass at %s, before its interval", c)
	case <-time.After(50 * time.Millisecond):
	}
	set(at.Add(time.Minute))
	if c := <-f.calls; !c.Equal(at.Add(time.Minute)) {
		t.Fatalf("second pass at %s", c)
	}
}
