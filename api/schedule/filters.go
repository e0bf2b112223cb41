package schedule

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// filter is a serializable prefect.schedules.filters function; adjustment one of
// prefect.schedules.adjustments. Both see an event in its clock's time zone.
type (
	filter     func(time.Time) bool
	adjustment func(time.Time) time.Time
)

// rawFunc is a serialized function reference: {"fn": qualified name, "kwargs": {...}},
// with datetimes as "//datetime:ISO", times as "//time:HH:MM:SS" and timedeltas as
// "//timedelta:seconds".
type rawFunc struct {
	Fn     string         `json:"fn"`
	Kwargs map[string]any `json:"kwargs"`
}

const (
	filtersPkg     = "prefect.schedules.filters."
	adjustmentsPkg = "prefect.schedules.adjustments."
)

func (f rawFunc) num(k string) (int, error) {
	n, ok := f.Kwargs[k].(float64)
	if !ok {
		return 0, fmt.Errorf("schedule: %s needs a number %s", f.Fn, k)
	}
	return int(n), nil
}

func (f rawFunc) str(k, prefix string) (string, error) {
	s, ok := f.Kwargs[k].(string)
	if !ok || !strings.HasPrefix(s, prefix) {
		return "", fmt.Errorf("schedule: %s: invalid %s", f.Fn, k)
	}
	return strings.TrimPrefix(s, prefix), nil
}

func (f rawFunc) datetime(k string) (time.Time, error) {
	s, err := f.str(k, "//datetime:")
	if err != nil {
		return time.Time{}, err
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("schedule: %s: invalid %s %q", f.Fn, k, s)
}

// clockTime is a time of day in seconds (with fractions as nanoseconds).
func (f rawFunc) clockTime(k string) (time.Duration, error) {
	s, err := f.str(k, "//time:")
	if err != nil {
		return 0, err
	}
	t, err := time.Parse("15:04:05.999999999", s)
	if err != nil {
		if t, err = time.Parse("15:04", s); err != nil {
			return 0, fmt.Errorf("schedule: %s: invalid %s %q", f.Fn, k, s)
		}
	}
	return sinceMidnight(t), nil
}

func sinceMidnight(t time.Time) time.Duration {
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute +
		time.Duration(t.Second())*time.Second + time.Duration(t.Nanosecond())
}

// weekday is Python's datetime.weekday(): Monday 0 ... Sunday 6.
func weekday(t time.Time) int { return (int(t.Weekday()) + 6) % 7 }

func (f rawFunc) filter() (filter, error) {
	switch strings.TrimPrefix(f.Fn, filtersPkg) {
	case "is_weekday":
		return func(t time.Time) bool { return weekday(t) < 5 }, nil
	case "is_weekend":
		return func(t time.Time) bool { return weekday(t) > 4 }, nil
	case "is_month_end":
		return func(t time.Time) bool { return t.AddDate(0, 0, 1).Month() != t.Month() }, nil
	case "is_month_start":
		return func(t time.Time) bool { return t.Day() == 1 }, nil
	case "is_day_of_week":
		d, err := f.num("day_of_week")
		return func(t time.Time) bool { return weekday(t) == d }, err
	case "on_date":
		m, err1 := f.num("month")
		d, err2 := f.num("day")
		return func(t time.Time) bool { return int(t.Month()) == m && t.Day() == d }, firstErr(err1, err2)
	case "between_dates":
		sm, e1 := f.num("start_month")
		sd, e2 := f.num("start_day")
		em, e3 := f.num("end_month")
		ed, e4 := f.num("end_day")
		start, end := sm*100+sd, em*100+ed
		return func(t time.Time) bool {
			d := int(t.Month())*100 + t.Day()
			if sm <= em {
				return d >= start && d <= end
			}
			return d >= start || d <= end
		}, firstErr(e1, e2, e3, e4)
	case "at_time":
		at, err := f.clockTime("t")
		return func(t time.Time) bool { return sinceMidnight(t) == at }, err
	case "between_times":
		start, e1 := f.clockTime("start")
		end, e2 := f.clockTime("end")
		return func(t time.Time) bool {
			d := sinceMidnight(t)
			if start <= end {
				return d >= start && d <= end
			}
			return d >= start || d <= end
		}, firstErr(e1, e2)
	case "on_datetime":
		at, err := f.datetime("dt")
		return func(t time.Time) bool { return t.Equal(at) }, err
	case "between_datetimes":
		start, e1 := f.datetime("start")
		end, e2 := f.datetime("end")
		return func(t time.Time) bool { return !t.Before(start) && !t.After(end) }, firstErr(e1, e2)
	}
	return nil, fmt.Errorf("schedule: unsupported filter %q", f.Fn)
}

func (f rawFunc) adjustment() (adjustment, error) {
	switch strings.TrimPrefix(f.Fn, adjustmentsPkg) {
	case "next_weekday":
		return func(t time.Time) time.Time {
			for weekday(t) > 4 {
				t = t.AddDate(0, 0, 1)
			}
			return t
		}, nil
	case "add":
		s, err := f.str("interval", "//timedelta:")
		if err != nil {
			return nil, err
		}
		secs, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("schedule: add: invalid interval %q", s)
		}
		d := time.Duration(secs * float64(time.Second))
		return func(t time.Time) time.Time { return t.Add(d) }, nil
	}
	return nil, fmt.Errorf("schedule: unsupported adjustment %q", f.Fn)
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
