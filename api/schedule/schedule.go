// Package schedule reads Prefect 1.x serialized schedules (prefect.schedules.Schedule:
// interval and cron clocks, their start and end dates, time zones, parameter defaults
// and labels, and the serializable filters and adjustments) and computes their next
// events as Schedule.next(n, return_events=True) does. Cron expressions are parsed and
// stepped by github.com/robfig/cron/v3, which has croniter's day-of-month OR
// day-of-week rule.
package schedule

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// maxChecked is how many candidate events Schedule.next looks at before it gives up,
// however few passed the filters.
const maxChecked = 10000

// defaultStart is an interval clock's start date when it has none.
var defaultStart = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)

// Event is one clock event: when a run is due, with the clock's parameter defaults
// and labels (Labels nil: the clock has none).
type Event struct {
	Start             time.Time
	ParameterDefaults map[string]any
	Labels            []string
}

// Schedule is a parsed serialized schedule.
type Schedule struct {
	clocks      []*clock
	filters     []filter
	orFilters   []filter
	notFilters  []filter
	adjustments []adjustment
}

type clock struct {
	interval   time.Duration // IntervalClock
	cron       cron.Schedule // CronClock
	dayAnd     *cron.SpecSchedule
	start, end *time.Time
	loc        *time.Location
	params     map[string]any
	labels     []string
	// expr is the cron string as given, tz the start date's zone name (Describe).
	expr, tz string
}

type dateTZ struct {
	DT string `json:"dt"`
	TZ string `json:"tz"`
}

type rawClock struct {
	Type      string         `json:"type"`
	Interval  *float64       `json:"interval"`
	Cron      string         `json:"cron"`
	DayOr     *bool          `json:"day_or"`
	StartDate *dateTZ        `json:"start_date"`
	EndDate   *dateTZ        `json:"end_date"`
	Params    map[string]any `json:"parameter_defaults"`
	Labels    []string       `json:"labels"`
}

type rawSchedule struct {
	Type        string            `json:"type"`
	Clocks      []json.RawMessage `json:"clocks"`
	Filters     []rawFunc         `json:"filters"`
	OrFilters   []rawFunc         `json:"or_filters"`
	NotFilters  []rawFunc         `json:"not_filters"`
	Adjustments []rawFunc         `json:"adjustments"`
}

// Parse reads a serialized schedule. A schedule with a filter or an adjustment that
// Prefect cannot serialize, or a malformed clock, is an error.
func Parse(raw []byte) (*Schedule, error) {
	var rs rawSchedule
	if err := json.Unmarshal(raw, &rs); err != nil {
		return nil, fmt.Errorf("schedule: %w", err)
	}
	if rs.Type != "" && rs.Type != "Schedule" {
		return nil, fmt.Errorf("schedule: unsupported type %q", rs.Type)
	}
	s := &Schedule{}
	for _, rc := range rs.Clocks {
		c, err := parseClock(rc)
		if err != nil {
			return nil, err
		}
		s.clocks = append(s.clocks, c)
	}
	var err error
	for _, set := range []struct {
		raw []rawFunc
		out *[]filter
	}{{rs.Filters, &s.filters}, {rs.OrFilters, &s.orFilters}, {rs.NotFilters, &s.notFilters}} {
		for _, f := range set.raw {
			fl, ferr := f.filter()
			if ferr != nil {
				err = ferr
			}
			*set.out = append(*set.out, fl)
		}
	}
	for _, a := range rs.Adjustments {
		adj, aerr := a.adjustment()
		if aerr != nil {
			err = aerr
		}
		s.adjustments = append(s.adjustments, adj)
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

func parseDate(d *dateTZ) (*time.Time, *time.Location, error) {
	if d == nil || d.DT == "" {
		return nil, nil, nil
	}
	loc := time.UTC
	if d.TZ != "" && d.TZ != "UTC" {
		l, err := time.LoadLocation(d.TZ)
		if err != nil {
			if off, ok := fixedZone(d.TZ); ok {
				l = off
			} else {
				return nil, nil, fmt.Errorf("schedule: unknown time zone %q", d.TZ)
			}
		}
		loc = l
	}
	s := strings.TrimSuffix(d.DT, "Z")
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return &t, loc, nil
		}
	}
	return nil, nil, fmt.Errorf("schedule: invalid date %q", d.DT)
}

// fixedZone reads pendulum's fixed-offset zone names ("+02:00", "-05:00").
func fixedZone(name string) (*time.Location, bool) {
	t, err := time.Parse("-07:00", name)
	if err != nil {
		return nil, false
	}
	_, off := t.Zone()
	return time.FixedZone(name, off), true
}

func parseClock(raw json.RawMessage) (*clock, error) {
	var rc rawClock
	if err := json.Unmarshal(raw, &rc); err != nil {
		return nil, fmt.Errorf("schedule: clock: %w", err)
	}
	c := &clock{params: rc.Params, labels: rc.Labels, loc: time.UTC, expr: rc.Cron}
	if rc.StartDate != nil {
		c.tz = rc.StartDate.TZ
	}
	var err error
	var loc *time.Location
	if c.start, loc, err = parseDate(rc.StartDate); err != nil {
		return nil, err
	}
	if loc != nil {
		c.loc = loc
	}
	if c.end, _, err = parseDate(rc.EndDate); err != nil {
		return nil, err
	}
	switch rc.Type {
	case "IntervalClock":
		if rc.Interval == nil || *rc.Interval <= 0 {
			return nil, fmt.Errorf("schedule: an interval clock needs a positive interval")
		}
		c.interval = time.Duration(*rc.Interval) * time.Microsecond
	case "CronClock":
		sched, err := cron.ParseStandard(rc.Cron)
		if err != nil {
			return nil, fmt.Errorf("schedule: invalid cron string %q: %v", rc.Cron, err)
		}
		c.cron = sched
		if rc.DayOr != nil && !*rc.DayOr {
			if spec, ok := sched.(*cron.SpecSchedule); ok {
				c.dayAnd = spec
			}
		}
	default:
		return nil, fmt.Errorf("schedule: unsupported clock type %q", rc.Type)
	}
	return c, nil
}

// Next returns the first n events strictly after `after` that pass the filters, with
// the adjustments applied, looking at no more than 10,000 candidates.
func (s *Schedule) Next(n int, after time.Time) []Event {
	if n <= 0 || len(s.clocks) == 0 {
		return nil
	}
	iters := make([]*iterator, 0, len(s.clocks))
	for i, c := range s.clocks {
		it := &iterator{c: c, after: after, index: i}
		it.advance()
		iters = append(iters, it)
	}
	var out []Event
	var last *Event
	for checked := 0; checked < maxChecked && len(out) < n; {
		sort.Slice(iters, func(i, j int) bool { return iters[i].less(iters[j]) })
		it := iters[0]
		if it.done {
			break
		}
		e := it.event()
		it.advance()
		if last != nil && sameEvent(*last, e) {
			continue // two clocks at the same time with the same data: one event
		}
		last = &e
		checked++
		if !s.pass(e.Start) {
			continue
		}
		for _, a := range s.adjustments {
			e.Start = a(e.Start)
		}
		out = append(out, e)
	}
	return out
}

func (s *Schedule) pass(t time.Time) bool {
	for _, f := range s.filters {
		if !f(t) {
			return false
		}
	}
	if len(s.orFilters) > 0 {
		ok := false
		for _, f := range s.orFilters {
			ok = ok || f(t)
		}
		if !ok {
			return false
		}
	}
	for _, f := range s.notFilters {
		if f(t) {
			return false
		}
	}
	return true
}

func sameEvent(a, b Event) bool {
	if !a.Start.Equal(b.Start) {
		return false
	}
	ja, _ := json.Marshal([]any{a.ParameterDefaults, a.Labels})
	jb, _ := json.Marshal([]any{b.ParameterDefaults, b.Labels})
	return string(ja) == string(jb)
}

// ValidCron reports whether s is a cron string a CronClock accepts.
func ValidCron(s string) error {
	_, err := cron.ParseStandard(s)
	return err
}
