// Package timefmt is how the explorer writes and reads times and durations: one
// compact duration form ("3m05s", "2h14m", "4h"), relative times ("12s ago"), table
// timestamps relative to now, and the durations and times users type ("90s", "1h30m",
// "2d", "2026-03-14 08:00", "15:04").
package timefmt

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Duration formats a duration compactly in its two largest units: 850ms, 42s, 3m05s,
// 2m00s, 2h14m, 4h, 3d04h, 2d. Under an hour the seconds always show (it reads like a
// clock); from an hour on a zero second unit is left out. Negative durations are 0s.
func Duration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	two := func(n int, unit string, rest int, restUnit string) string {
		s := strconv.Itoa(n) + unit
		if rest > 0 {
			s += pad2(rest) + restUnit
		}
		return s
	}
	switch {
	case d == 0:
		return "0s"
	case d < time.Second:
		return strconv.Itoa(int(d/time.Millisecond)) + "ms"
	case d < time.Minute:
		return strconv.Itoa(int(d/time.Second)) + "s"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m" + pad2(int(d%time.Minute/time.Second)) + "s"
	case d < 48*time.Hour:
		return two(int(d/time.Hour), "h", int(d%time.Hour/time.Minute), "m")
	}
	return two(int(d/(24*time.Hour)), "d", int(d%(24*time.Hour)/time.Hour), "h")
}

// Interval formats a period, such as a schedule's interval, in its exact units with the
// zero ones left out: 90s → "1m30s", 30m, 4h, 1h30m, 1d, 1d12h. It reads as typed:
// ParseDuration reads it back.
func Interval(d time.Duration) string {
	if d <= 0 {
		return "0s"
	}
	var b strings.Builder
	for _, u := range []struct {
		size time.Duration
		name string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if n := d / u.size; n > 0 {
			b.WriteString(strconv.FormatInt(int64(n), 10) + u.name)
			d -= n * u.size
		}
	}
	if b.Len() == 0 {
		return strconv.Itoa(int(d/time.Millisecond)) + "ms"
	}
	return b.String()
}

// Elapsed formats how long a request took, with the precision a user compares: 84ms,
// 1.24s, 12.5s, then as Duration from a minute on.
func Elapsed(d time.Duration) string {
	switch {
	case d < time.Second:
		return Duration(d)
	case d < 10*time.Second:
		return strconv.FormatFloat(d.Seconds(), 'f', 2, 64) + "s"
	case d < time.Minute:
		return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) + "s"
	}
	return Duration(d)
}

// ParseDuration reads a duration a user typed: Go's form ("90s", "15m", "1h30m",
// "1.5h") with days in front ("2d", "1d12h", "1.5d"). It must be longer than zero.
func ParseDuration(typed string) (time.Duration, error) {
	s := strings.TrimSpace(typed)
	var days time.Duration
	if i := strings.IndexByte(s, 'd'); i >= 0 {
		n, err := strconv.ParseFloat(s[:i], 64)
		if err != nil || n < 0 {
			return 0, errDuration(typed)
		}
		days = time.Duration(n * float64(24*time.Hour))
		s = s[i+1:]
	}
	var rest time.Duration
	if s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			return 0, errDuration(typed)
		}
		rest = d
	}
	if d := days + rest; d > 0 {
		return d, nil
	}
	return 0, errDuration(typed)
}

func errDuration(s string) error {
	return fmt.Errorf("cannot read duration %q: want 15m, 1h30m or 2d", s)
}

// ParseTime reads a time a user typed, relative to now: RFC 3339, "2006-01-02 15:04[:05]"
// (also with a T), "2006-01-02", "01-02 15:04[:05]" in now's year, or "15:04[:05]" on
// now's day; in now's location unless it says its zone.
func ParseTime(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	loc := now.Location()
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	for _, layout := range []string{"01-02 15:04:05", "01-02 15:04"} {
		// Month and day (as the logs' window line shows times): in now's year.
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return time.Date(now.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc), nil
		}
	}
	for _, layout := range []string{"15:04:05", "15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			y, mo, d := now.Date()
			return time.Date(y, mo, d, t.Hour(), t.Minute(), t.Second(), 0, loc), nil
		}
	}
	return time.Time{}, errors.New("cannot read time " + strconv.Quote(s))
}

// Times describes a run's times for a page header: "start 12:00:01", then "end
// 12:04:10" and "took 4m09s", or "running 2m00s" while it runs (finished says it is
// over); nothing before it started.
func Times(start, end, now time.Time, finished bool) []string {
	if start.IsZero() {
		return nil
	}
	out := []string{"start " + Stamp(start, now)}
	switch {
	case !end.IsZero():
		out = append(out, "end "+Stamp(end, now), "took "+Duration(end.Sub(start)))
	case !finished:
		out = append(out, "running "+Duration(now.Sub(start)))
	}
	return out
}

// Ago formats how long ago t was from now: "12s ago", "3m ago", "in 5m" for the future.
func Ago(t, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := now.Sub(t)
	future := d < 0
	if future {
		d = -d
	}
	var s string
	switch {
	case d < time.Minute:
		s = strconv.Itoa(int(d/time.Second)) + "s"
	case d < time.Hour:
		s = strconv.Itoa(int(d/time.Minute)) + "m"
	case d < 48*time.Hour:
		s = strconv.Itoa(int(d/time.Hour)) + "h"
	default:
		s = strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
	if future {
		return "in " + s
	}
	return s + " ago"
}

// Stamp formats a timestamp for a table cell relative to now: "15:04:05" today,
// "Jan 02 15:04" this year, "2006-01-02" otherwise; "—" when zero. Times show in UTC
// so that screens are deterministic and match the API.
func Stamp(t, now time.Time) string {
	if t.IsZero() {
		return "—"
	}
	t, now = t.UTC(), now.UTC()
	switch {
	case t.YearDay() == now.YearDay() && t.Year() == now.Year():
		return t.Format("15:04:05")
	case t.Year() == now.Year():
		return t.Format("Jan 02 15:04")
	}
	return t.Format("2006-01-02")
}

func pad2(i int) string {
	if i < 10 {
		return "0" + strconv.Itoa(i)
	}
	return strconv.Itoa(i)
}
