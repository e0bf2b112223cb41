package schedule

import (
	"math"
	"time"

	"github.com/robfig/cron/v3"
)

// iterator steps one clock's events after a time, in order.
type iterator struct {
	c     *clock
	after time.Time
	next  time.Time
	done  bool
	// k is the interval clock's next multiple of the interval.
	k       int64
	started bool
	// index is the clock's position: ties go to the earlier clock, as heapq.merge does.
	index int
}

func (it *iterator) less(o *iterator) bool {
	if it.done != o.done {
		return !it.done
	}
	if !it.next.Equal(o.next) {
		return it.next.Before(o.next)
	}
	return it.index < o.index
}

func (it *iterator) event() Event {
	return Event{Start: it.next, ParameterDefaults: it.c.params, Labels: it.c.labels}
}

// advance moves to the clock's next event (or marks the clock done).
func (it *iterator) advance() {
	if it.done {
		return
	}
	var t time.Time
	var ok bool
	if it.c.interval > 0 {
		t, ok = it.nextInterval()
	} else {
		t, ok = it.nextCron()
	}
	if !ok || (it.c.end != nil && t.After(*it.c.end)) {
		it.done = true
		return
	}
	it.next = t
}

// nextInterval follows IntervalClock.events: start + k·interval with k skipping to the
// first multiple after `after`; whole days of the interval are added in the clock's
// time zone (so a daily clock keeps its wall-clock time across DST), the rest in UTC.
func (it *iterator) nextInterval() (time.Time, bool) {
	c := it.c
	start := defaultStart
	if c.start != nil {
		start = *c.start
	}
	start = start.In(c.loc)
	if !it.started {
		it.started = true
		skip := float64(it.after.Sub(start)) / float64(c.interval)
		switch {
		case skip < 0:
			skip = 0
		case skip == math.Trunc(skip):
			skip++
		default:
			skip = math.Trunc(skip + 1)
		}
		it.k = int64(skip)
	}
	for i := 0; i < maxChecked; i++ {
		total := time.Duration(it.k) * c.interval
		days := int(total / (24 * time.Hour))
		t := start.AddDate(0, 0, days).Add(total - time.Duration(days)*24*time.Hour)
		it.k++
		if t.Before(it.after) {
			continue
		}
		return t, true
	}
	return time.Time{}, false
}

// nextCron follows CronClock.events: cron times in the start date's time zone (UTC
// without one), strictly after `after` and not before the start date.
func (it *iterator) nextCron() (time.Time, bool) {
	c := it.c
	from := it.after.In(c.loc)
	if it.started {
		from = it.next
	} else {
		it.started = true
		if c.start != nil && c.start.Add(-time.Second).After(from) {
			from = c.start.Add(-time.Second).In(c.loc)
		}
	}
	for i := 0; i < maxChecked; i++ {
		t := c.cron.Next(from)
		if t.IsZero() {
			return t, false
		}
		from = t
		if c.dayAnd != nil && !bothDays(c.dayAnd, t) {
			continue
		}
		return t, true
	}
	return time.Time{}, false
}

// starBit marks a cron field given as "*" (robfig/cron's convention).
const starBit = 1 << 63

// bothDays applies croniter's day_or=False: when both day of month and day of week
// are restricted, a day must match both (robfig/cron, like cron, takes either).
func bothDays(s *cron.SpecSchedule, t time.Time) bool {
	if s.Dom&starBit > 0 || s.Dow&starBit > 0 {
		return true
	}
	return s.Dom&(1<<uint(t.Day())) > 0 && s.Dow&(1<<uint(t.Weekday())) > 0
}
