package logs

import (
	"encoding/json"
	"time"

	"github.com/prefect-tui/prefect-tui/api/where"
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
	// Text is matched anywhere in the message, case-insensitively and literally (a %
	// or _ matches itself).
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

// obj is a JSON object under construction (a Hasura order_by).
type obj = map[string]any

// whereOf builds the log_bool_exp of a scope and filter, without cursor. Only what the
// user asked for is sent (no `{_eq: null}` tricks, which need Hasura's null collapse).
func whereOf(s Scope, f Filter) where.Exp {
	scope := where.Eq("flow_run_id", s.FlowRunID)
	if s.TaskRunID != "" {
		scope = where.Eq("task_run_id", s.TaskRunID)
	}
	var level, text, from, to where.Exp
	if lv := f.levels(); lv != nil {
		level = where.In("level", lv)
	}
	if f.Text != "" {
		text = where.Contains("message", f.Text)
	}
	if f.From != nil {
		from = where.Field("timestamp", "_gte", f.From.UTC().Format(timeLayout))
	}
	if f.To != nil {
		to = where.Field("timestamp", "_lte", f.To.UTC().Format(timeLayout))
	}
	return where.And(scope, level, text, from, to)
}

// withCursor narrows a where to the logs strictly before (before=true) or after a
// keyset position: (ts < c.ts) or (ts = c.ts and id < c.id).
func withCursor(w where.Exp, c cursorKey, before bool) where.Exp {
	op := "_gt"
	if before {
		op = "_lt"
	}
	ts := c.ts.UTC().Format(timeLayout)
	return where.And(w, where.Or(
		where.Field("timestamp", op, ts),
		where.And(where.Eq("timestamp", ts), where.Field("id", op, c.id)),
	))
}

// orderJSON is the newest-first keyset order, as sent.
var orderJSON, _ = json.Marshal(orderBy(true))

// orderBy is the keyset order, newest first when desc.
func orderBy(desc bool) []obj {
	d := "asc"
	if desc {
		d = "desc"
	}
	return []obj{{"timestamp": d}, {"id": d}}
}

// parseWindow reads a time window typed by the user, relative to now (see
// windowRef.parse, which resolves it against a run's times).
func parseWindow(s string, now time.Time) (from, to *time.Time, err error) {
	return windowRef{days: []time.Time{now}, rel: now, now: now}.parse(s)
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
