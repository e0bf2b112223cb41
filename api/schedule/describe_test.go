package schedule

import (
	"slices"
	"testing"
)

func TestDescribe(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want []string
	}{
		{`{"type": "Schedule", "clocks": [{"type": "IntervalClock", "interval": 3600000000, "start_date": {"dt": "2026-01-01T00:00:00", "tz": "UTC"}}]}`, []string{"every hour"}},
		{`{"clocks": [{"type": "IntervalClock", "interval": 900000000}]}`, []string{"every 15 minutes"}},
		{`{"clocks": [{"type": "CronClock", "cron": "0 2 * * *", "start_date": {"dt": "2026-01-01T00:00:00", "tz": "Europe/Paris"}}]}`, []string{"daily at 02:00 (Europe/Paris)"}},
		{`{"clocks": [{"type": "CronClock", "cron": "30 * * * *"}]}`, []string{"hourly at :30"}},
		{`{"clocks": [{"type": "CronClock", "cron": "*/10 * * * *"}]}`, []string{"every 10 minutes"}},
		{`{"clocks": [{"type": "CronClock", "cron": "0 6 * * 1-5"}]}`, []string{"at 06:00 on Mon-Fri"}},
		{`{"clocks": [{"type": "CronClock", "cron": "15 3 1 * *"}]}`, []string{"monthly on day 1 at 03:15"}},
		{`{"clocks": [{"type": "CronClock", "cron": "0 0 1 1 *"}]}`, []string{"cron 0 0 1 1 *"}},
		{`{"clocks": [{"type": "CronClock", "cron": "0 */4 * * *", "labels": ["gpu"], "parameter_defaults": {"a": 1}}]}`, []string{"every 4 hours at :00 (labels gpu) (parameters)"}},
	} {
		s, err := Parse([]byte(tc.raw))
		if err != nil {
			t.Fatalf("%s: %v", tc.raw, err)
		}
		if got := s.Describe(); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.raw, got, tc.want)
		}
	}
}
