package schedule

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Describe says what each clock does, in words: "every hour", "every 15 minutes",
// "daily at 02:00", "hourly at :30", "at 06:00 on Mon-Fri", "cron 0 */4 1 * *" when the
// expression is not one of the common forms; with the clock's time zone when it is not
// UTC, its end date, and "(labels a, b)" or "(parameters)" when the clock sets them.
// Filters and adjustments add one last entry. (No Go module on the proxy turns cron
// into words, hence this small reader of the common forms.)
func (s *Schedule) Describe() []string {
	var out []string
	for _, c := range s.clocks {
		d := c.words()
		if c.tz != "" && c.tz != "UTC" {
			d += " (" + c.tz + ")"
		}
		if c.end != nil {
			d += " until " + c.end.Format("2006-01-02 15:04")
		}
		if len(c.labels) > 0 {
			d += " (labels " + strings.Join(c.labels, ", ") + ")"
		}
		if len(c.params) > 0 {
			d += " (parameters)"
		}
		out = append(out, d)
	}
	if n := len(s.filters) + len(s.orFilters) + len(s.notFilters); n > 0 {
		out = append(out, fmt.Sprintf("%d filter%s", n, plural(n)))
	}
	if n := len(s.adjustments); n > 0 {
		out = append(out, fmt.Sprintf("%d adjustment%s", n, plural(n)))
	}
	return out
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func (c *clock) words() string {
	if c.interval > 0 {
		return "every " + interval(c.interval)
	}
	return cronWords(c.expr)
}

// interval says a duration the way people do: "hour", "15 minutes", "2 days",
// "1h30m".
func interval(d time.Duration) string {
	for _, u := range []struct {
		d    time.Duration
		name string
	}{{7 * 24 * time.Hour, "week"}, {24 * time.Hour, "day"}, {time.Hour, "hour"}, {time.Minute, "minute"}, {time.Second, "second"}} {
		if d%u.d == 0 {
			n := int(d / u.d)
			if n == 1 {
				return u.name
			}
			return strconv.Itoa(n) + " " + u.name + "s"
		}
	}
	return d.String()
}

var weekdays = []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

// cronWords reads the common forms of a five-field cron string.
func cronWords(expr string) string {
	raw := "cron " + expr
	f := strings.Fields(expr)
	if len(f) != 5 {
		return raw
	}
	minute, hour, dom, month, dow := f[0], f[1], f[2], f[3], f[4]
	if month != "*" {
		return raw
	}
	m, okM := number(minute, 59)
	h, okH := number(hour, 23)
	switch {
	case strings.HasPrefix(minute, "*/") && hour == "*" && dom == "*" && dow == "*":
		if n, ok := number(minute[2:], 59); ok {
			return "every " + interval(time.Duration(n)*time.Minute)
		}
	case okM && hour == "*" && dom == "*" && dow == "*":
		return fmt.Sprintf("hourly at :%02d", m)
	case okM && strings.HasPrefix(hour, "*/") && dom == "*" && dow == "*":
		if n, ok := number(hour[2:], 23); ok {
			return fmt.Sprintf("every %s at :%02d", interval(time.Duration(n)*time.Hour), m)
		}
	case okM && okH && dom == "*" && dow == "*":
		return fmt.Sprintf("daily at %02d:%02d", h, m)
	case okM && okH && dom == "*":
		if days, ok := dayNames(dow); ok {
			return fmt.Sprintf("at %02d:%02d on %s", h, m, days)
		}
	case okM && okH && dow == "*":
		if d, ok := number(dom, 31); ok && d > 0 {
			return fmt.Sprintf("monthly on day %d at %02d:%02d", d, h, m)
		}
	}
	return raw
}

func number(s string, most int) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0 && n <= most
}

// dayNames reads a day-of-week field of numbers, ranges and lists ("1-5", "0,6").
func dayNames(f string) (string, bool) {
	var parts []string
	for _, p := range strings.Split(f, ",") {
		lo, hi, isRange := strings.Cut(p, "-")
		a, ok := number(lo, 7)
		if !ok {
			return "", false
		}
		if !isRange {
			parts = append(parts, weekdays[a%7])
			continue
		}
		b, ok := number(hi, 7)
		if !ok {
			return "", false
		}
		parts = append(parts, weekdays[a%7]+"-"+weekdays[b%7])
	}
	return strings.Join(parts, ","), true
}
