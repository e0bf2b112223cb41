package logs

import (
	"fmt"
	"strings"
	"time"

	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

// runTimes is what the page tells the view of the run (or task run) whose logs it
// shows; the zero value is "not known" (the `:logs <id>` screen).
type runTimes struct {
	known      bool
	start, end time.Time
	finished   bool
}

// windowRef is what a typed time window resolves against.
type windowRef struct {
	// days are the days a bare clock time ("20:12") may be on, the default first.
	days []time.Time
	// lo..hi is the run's span: a clock time goes on the day that puts it inside.
	lo, hi time.Time
	// rel is what a relative window ("15m") counts back from.
	rel time.Time
	now time.Time
}

// windowRef resolves windows against the run's own times, not today's: clock times on
// the run's day (its end's, or its start's when the time falls in the run there: a run
// across midnight), relative windows back from its end once it ended, else from now.
// Without the run's times (`:logs <id>`), clock times are on the day of the newest
// loaded line, and relative windows count back from now.
func (m *Model) windowRef() windowRef {
	now := m.deps.Now()
	loc := m.loc()
	r := m.run
	switch {
	case r.known && !r.start.IsZero():
		hi := now
		if !r.end.IsZero() {
			hi = r.end
		}
		ref := windowRef{days: []time.Time{hi.In(loc), r.start.In(loc)}, rel: now, now: now,
			lo: r.start.Truncate(time.Minute), hi: hi.Truncate(time.Minute).Add(time.Minute)}
		if r.finished && !r.end.IsZero() {
			ref.rel = r.end
		}
		return ref
	case !r.known:
		if l, ok := m.buf.last(); ok {
			return windowRef{days: []time.Time{l.ts.In(loc)}, rel: now, now: now}
		}
	}
	return windowRef{days: []time.Time{now}, rel: now, now: now}
}

// prompt is the window prompt, saying what the window resolves against when that is
// not today and now.
func (r windowRef) prompt() string {
	now := r.now
	var hint []string
	if d := r.days[0]; !sameDay(d, now) {
		hint = append(hint, d.Format("Jan 02"))
	}
	if !r.rel.Equal(now) {
		hint = append(hint, "15m = before "+r.rel.In(r.days[0].Location()).Format("15:04"))
	}
	h := ""
	if len(hint) > 0 {
		h = "; " + strings.Join(hint, ", ")
	}
	return "window (15m, 2h, FROM..TO" + h + "): "
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.In(a.Location()).Date()
	return ay == by && am == bm && ad == bd
}

// parse reads a time window typed by the user:
//
//	""                  no window
//	"15m" "1h30m" "3d"  the 15 minutes, hour and a half, 3 days before rel
//	                    (timefmt.ParseDuration)
//	"A..B"              from A to B, either side optional; A and B are times as
//	                    timefmt.ParseTime reads them, a bare clock time on one of days.
func (r windowRef) parse(s string) (from, to *time.Time, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil, nil
	}
	if a, b, ok := strings.Cut(s, ".."); ok {
		if a = strings.TrimSpace(a); a != "" {
			t, err := r.time(a)
			if err != nil {
				return nil, nil, err
			}
			from = &t
		}
		if b = strings.TrimSpace(b); b != "" {
			t, err := r.time(b)
			if err != nil {
				return nil, nil, err
			}
			to = &t
		}
		if from != nil && to != nil && to.Before(*from) {
			return nil, nil, fmt.Errorf("window ends before it starts")
		}
		return from, to, nil
	}
	d, err := timefmt.ParseDuration(s)
	if err != nil {
		return nil, nil, fmt.Errorf("want 15m, 1h30m, 3d or FROM..TO")
	}
	t := r.rel.Add(-d)
	return &t, nil, nil
}

// time reads one side of a window: on the first of days that puts it inside the run's
// span, else on the first day.
func (r windowRef) time(s string) (time.Time, error) {
	var first time.Time
	for i, d := range r.days {
		t, err := timefmt.ParseTime(s, d)
		if err != nil {
			return t, err
		}
		if i == 0 {
			first = t
		}
		if !r.lo.IsZero() && !t.Before(r.lo) && !t.After(r.hi) {
			return t, nil
		}
	}
	return first, nil
}
