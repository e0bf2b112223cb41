package schedule

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"
	"time"
)

// testdata/prefect141.json holds serialized schedules and the six events after
// 2026-03-06T10:30:00Z that Prefect 1.4.1's Schedule.next(6, after, return_events=True)
// returned for them (DST, time zones, several clocks with parameters and labels, end
// dates, filters, adjustments, croniter's day_or).
func TestNextMatchesPrefect(t *testing.T) {
	raw, err := os.ReadFile("testdata/prefect141.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases map[string]struct {
		Schedule json.RawMessage `json:"schedule"`
		Events   [][3]any        `json:"events"`
	}
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	after := time.Date(2026, 3, 6, 10, 30, 0, 0, time.UTC)
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			s, err := Parse(c.Schedule)
			if err != nil {
				t.Fatal(err)
			}
			got := s.Next(len(c.Events), after)
			if len(got) != len(c.Events) {
				t.Fatalf("got %d events, want %d", len(got), len(c.Events))
			}
			for i, want := range c.Events {
				ws, _ := time.Parse(time.RFC3339, want[0].(string))
				if !got[i].Start.Equal(ws) {
					t.Errorf("event %d at %s, want %s", i, got[i].Start.UTC(), ws)
				}
				params, _ := want[1].(map[string]any)
				if len(params) == 0 {
					params = nil
				}
				gp := got[i].ParameterDefaults
				if len(gp) == 0 {
					gp = nil
				}
				if !reflect.DeepEqual(gp, params) {
					t.Errorf("event %d parameters %v, want %v", i, gp, params)
				}
				var labels []string
				if l, ok := want[2].([]any); ok {
					for _, x := range l {
						labels = append(labels, x.(string))
					}
				}
				if !reflect.DeepEqual(got[i].Labels, labels) {
					t.Errorf("event %d labels %v, want %v", i, got[i].Labels, labels)
				}
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	for name, s := range map[string]string{
		"custom filter": `{"type": "Schedule", "clocks": [{"type": "CronClock", "cron": "* * * * *"}], "filters": [{"fn": "mymodule.f", "kwargs": {}}]}`,
		"bad cron":      `{"type": "Schedule", "clocks": [{"type": "CronClock", "cron": "61 * * * *"}]}`,
		"zero interval": `{"type": "Schedule", "clocks": [{"type": "IntervalClock", "interval": 0}]}`,
		"bad zone":      `{"type": "Schedule", "clocks": [{"type": "IntervalClock", "interval": 60000000, "start_date": {"dt": "2026-01-01T00:00:00", "tz": "Mars/Olympus"}}]}`,
		"unknown clock": `{"type": "Schedule", "clocks": [{"type": "DatesClock"}]}`,
		"not json":      `{`,
	} {
		if _, err := Parse([]byte(s)); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
}

func TestNextIsBounded(t *testing.T) {
	// A filter nothing passes: Next stops after 10,000 candidates.
	s, err := Parse([]byte(`{"type": "Schedule", "clocks": [{"type": "IntervalClock", "interval": 60000000}],
		"filters": [{"fn": "prefect.schedules.filters.on_date", "kwargs": {"month": 2, "day": 30}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Next(10, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)); len(got) != 0 {
		t.Fatalf("got %v", got)
	}
}
