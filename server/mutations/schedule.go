package mutations

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// NextTimes returns the first n clock times strictly after `after` of an interval clock
// (interval > 0) or a five-field cron clock, both anchored at start (UTC).
func NextTimes(interval time.Duration, cron string, start, after time.Time, n int) []time.Time {
	var out []time.Time
	if interval > 0 {
		k := int64(0)
		if after.After(start) {
			k = int64(after.Sub(start) / interval)
		}
		for t := start.Add(time.Duration(k) * interval); len(out) < n; t = t.Add(interval) {
			if t.After(after) {
				out = append(out, t)
			}
		}
		return out
	}
	c, ok := parseCron(cron)
	if !ok {
		return nil
	}
	t := after.UTC().Truncate(time.Minute).Add(time.Minute)
	if t.Before(start) {
		t = start
	}
	for limit := 0; len(out) < n && limit < 366*24*60; limit++ {
		if c.match(t) {
			out = append(out, t)
		}
		t = t.Add(time.Minute)
	}
	return out
}

type cronSpec struct{ fields [5]map[int]bool }

func (c cronSpec) match(t time.Time) bool {
	v := [5]int{t.Minute(), t.Hour(), t.Day(), int(t.Month()), int(t.Weekday())}
	for i, f := range c.fields {
		if f != nil && !f[v[i]] {
			return false
		}
	}
	return true
}

// parseCron reads "m h dom mon dow" with *, */n, a-b, a-b/n and lists; a nil field
// matches everything.
func parseCron(s string) (cronSpec, bool) {
	var c cronSpec
	parts := strings.Fields(s)
	if len(parts) != 5 {
		return c, false
	}
	bounds := [5][2]int{{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 6}}
	for i, p := range parts {
		if p == "*" {
			continue
		}
		set := map[int]bool{}
		for _, item := range strings.Split(p, ",") {
			step := 1
			if k := strings.Index(item, "/"); k >= 0 {
				n, err := strconv.Atoi(item[k+1:])
				if err != nil || n <= 0 {
					return c, false
				}
				step, item = n, item[:k]
			}
			lo, hi := bounds[i][0], bounds[i][1]
			if item != "*" {
				if k := strings.Index(item, "-"); k >= 0 {
					a, err1 := strconv.Atoi(item[:k])
					b, err2 := strconv.Atoi(item[k+1:])
					if err1 != nil || err2 != nil {
						return c, false
					}
					lo, hi = a, b
				} else {
					a, err := strconv.Atoi(item)
					if err != nil {
						return c, false
					}
					lo = a
					if step == 1 {
						hi = a
					}
				}
			}
			for v := lo; v <= hi; v += step {
				set[v] = true
			}
		}
		c.fields[i] = set
	}
	return c, true
}

// ClockOf reads the first clock of a serialized Prefect schedule: its interval, cron
// and start date.
func ClockOf(schedule string) (interval time.Duration, cron string, start time.Time, ok bool) {
	var s struct {
		Clocks []struct {
			Type      string `json:"type"`
			Interval  int64  `json:"interval"`
			Cron      string `json:"cron"`
			StartDate *struct {
				DT string `json:"dt"`
			} `json:"start_date"`
		} `json:"clocks"`
	}
	if json.Unmarshal([]byte(schedule), &s) != nil || len(s.Clocks) == 0 {
		return 0, "", time.Time{}, false
	}
	c := s.Clocks[0]
	if c.StartDate != nil {
		start, _ = time.Parse("2006-01-02T15:04:05.999999999", strings.TrimSuffix(c.StartDate.DT, "Z"))
	}
	switch c.Type {
	case "IntervalClock":
		if c.Interval <= 0 {
			return 0, "", start, false
		}
		return time.Duration(c.Interval) * time.Microsecond, "", start, true
	case "CronClock":
		_, ok := parseCron(c.Cron)
		return 0, c.Cron, start, ok
	}
	return 0, "", start, false
}
