package logs

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// timeLayout is how timestamps are sent in filters: Postgres' own timestamptz text (as
// the API returns them), which both Hasura and the embedded server compare correctly.
const timeLayout = "2006-01-02T15:04:05.000000+00:00"

// Levels are the log levels Prefect writes (log_level enum), lowest first.
var Levels = []string{"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}

// Scope says whose logs are shown: a flow run's (every task run's included) or one task
// run's.
type Scope struct {
	FlowRunID string
	TaskRunID string
	// Name is shown in the title ("nightly-etl › logs"); the short id when empty.
	Name string
}

// Filter is what the user narrowed the logs to. Everything is applied server-side.
type Filter struct {
	// MinLevel indexes Levels; -1 means every level (including non-standard ones).
	MinLevel int
	// Text is matched with _ilike %Text% on the message (% and _ are wildcards).
	Text string
	// From / To bound the timestamps (inclusive); nil means open.
	From, To *time.Time
}

// levels returns the _in list of the filter, nil for all levels.
func (f Filter) levels() []string {
	if f.MinLevel < 0 || f.MinLevel >= len(Levels) {
		return nil
	}
	return Levels[f.MinLevel:]
}

// obj is a JSON object under construction (a Hasura bool_exp or order_by).
type obj = map[string]any

// where builds the log_bool_exp of a scope and filter, without cursor. Only what the
// user asked for is sent (no `{_eq: null}` tricks, which need Hasura's null collapse).
func where(s Scope, f Filter) obj {
	w := obj{}
	if s.TaskRunID != "" {
		w["task_run_id"] = obj{"_eq": s.TaskRunID}
	} else {
		w["flow_run_id"] = obj{"_eq": s.FlowRunID}
	}
	if lv := f.levels(); lv != nil {
		w["level"] = obj{"_in": lv}
	}
	if f.Text != "" {
		w["message"] = obj{"_ilike": "%" + f.Text + "%"}
	}
	ts := obj{}
	if f.From != nil {
		ts["_gte"] = f.From.UTC().Format(timeLayout)
	}
	if f.To != nil {
		ts["_lte"] = f.To.UTC().Format(timeLayout)
	}
	if len(ts) > 0 {
		w["timestamp"] = ts
	}
	return w
}

// withCursor narrows a where to the logs strictly before (before=true) or after a
// keyset position: (ts < c.ts) or (ts = c.ts and id < c.id).
func withCursor(w obj, c cursorKey, before bool) obj {
	op := "_gt"
	if before {
		op = "_lt"
	}
	ts := c.ts.UTC().Format(timeLayout)
	out := obj{}
	for k, v := range w {
		out[k] = v
	}
	cur := obj{"_or": []obj{
		{"timestamp": obj{op: ts}},
		{"timestamp": obj{"_eq": ts}, "id": obj{op: c.id}},
	}}
	// The filter may already constrain timestamp, so the cursor goes under _and.
	out["_and"] = []obj{cur}
	return out
}

// orderBy is the keyset order, newest first when desc.
func orderBy(desc bool) []obj {
	d := "asc"
	if desc {
		d = "desc"
	}
	return []obj{{"timestamp": d}, {"id": d}}
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		// Only maps, slices and strings are marshalled here: cannot fail.
		return json.RawMessage("null")
	}
	return b
}

// parseWindow reads a time window typed by the user, relative to now:
//
//	""            no window
//	"15m" "2h" "3d"   the last 15 minutes, 2 hours, 3 days
//	"A..B"        from A to B, either side optional; A and B are RFC 3339 times,
//	              "2006-01-02 15:04[:05]" or "15:04[:05]" (today), in now's location.
func parseWindow(s string, now time.Time) (from, to *time.Time, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil, nil
	}
	if a, b, ok := strings.Cut(s, ".."); ok {
		if a = strings.TrimSpace(a); a != "" {
			t, err := parseWhen(a, now)
			if err != nil {
				return nil, nil, err
			}
			from = &t
		}
		if b = strings.TrimSpace(b); b != "" {
			t, err := parseWhen(b, now)
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
	d, err := parseAgo(s)
	if err != nil {
		return nil, nil, err
	}
	t := now.Add(-d)
	return &t, nil, nil
}

func parseAgo(s string) (time.Duration, error) {
	if len(s) < 2 {
		return 0, fmt.Errorf("want 15m, 2h, 3d or FROM..TO")
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("want 15m, 2h, 3d or FROM..TO")
	}
	switch s[len(s)-1] {
	case 's':
		return time.Duration(n) * time.Second, nil
	case 'm':
		return time.Duration(n) * time.Minute, nil
	case 'h':
		return time.Duration(n) * time.Hour, nil
	case 'd':
		return time.Duration(n) * 24 * time.Hour, nil
	}
	return 0, fmt.Errorf("want 15m, 2h, 3d or FROM..TO")
}

func parseWhen(s string, now time.Time) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	loc := now.Location()
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	for _, layout := range []string{"15:04:05", "15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			y, mo, d := now.Date()
			return time.Date(y, mo, d, t.Hour(), t.Minute(), t.Second(), 0, loc), nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read time %q", s)
}

// describeWindow renders a window for the filter line.
func describeWindow(from, to *time.Time, loc *time.Location) string {
	f := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.In(loc).Format("01-02 15:04:05")
	}
	if from == nil && to == nil {
		return ""
	}
	return f(from) + ".." + f(to)
}
