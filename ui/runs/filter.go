package runs

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/prefect-tui/prefect-tui/ui/components"
)

// Filter is what the user asked the runs list for. The text form (typed after `/`) is
// words: plain words match the run name (or, across flows, the flow name); `flow:x`, `label:x` (repeatable),
// `state:Failed,Running,Late` (multi-select, case-insensitive) and `since:24h`.
type Filter struct {
	FlowGroupID string
	Name        string
	Flow        string
	Labels      []string
	States      []string // may include "Late"
	Since       time.Duration
	SinceText   string // as typed: "24h", "7d"
}

// ParseFilter reads the text form, keeping the flow group scope; unknown states are
// reported in bad.
func ParseFilter(s, flowGroupID string) (f Filter, bad []string) {
	f.FlowGroupID = flowGroupID
	var name []string
	for _, w := range strings.Fields(s) {
		k, v, ok := strings.Cut(w, ":")
		switch {
		case ok && k == "flow":
			f.Flow = v
		case ok && k == "label":
			if v != "" {
				f.Labels = append(f.Labels, v)
			}
		case ok && k == "state":
			for _, st := range strings.Split(v, ",") {
				if canon := canonicalState(st); canon != "" {
					f.States = append(f.States, canon)
				} else if st != "" {
					bad = append(bad, st)
				}
			}
		case ok && k == "since":
			if d, err := parseSince(v); err == nil {
				f.Since, f.SinceText = d, v
			} else {
				bad = append(bad, w)
			}
		default:
			name = append(name, w)
		}
	}
	f.Name = strings.Join(name, " ")
	return f, bad
}

func canonicalState(s string) string {
	if strings.EqualFold(s, "late") {
		return "Late"
	}
	for _, n := range components.StateNames() {
		if strings.EqualFold(n, s) {
			return n
		}
	}
	return ""
}

func parseSince(v string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(v, "d"); ok {
		d, err := time.ParseDuration(n + "h")
		return d * 24, err
	}
	return time.ParseDuration(v)
}

// String is the text form of the filter (without the flow group scope).
func (f Filter) String() string {
	var w []string
	if f.Name != "" {
		w = append(w, f.Name)
	}
	if f.Flow != "" {
		w = append(w, "flow:"+f.Flow)
	}
	for _, l := range f.Labels {
		w = append(w, "label:"+l)
	}
	if len(f.States) > 0 {
		w = append(w, "state:"+strings.Join(f.States, ","))
	}
	if f.Since > 0 {
		w = append(w, "since:"+f.SinceText)
	}
	return strings.Join(w, " ")
}

// LateWhere selects the late runs in the list's scope (the flow, not the filter), for
// the "N late" mark.
func (f Filter) LateWhere(now time.Time) json.RawMessage {
	and := []any{lateExp(now)}
	if f.FlowGroupID != "" {
		and = append(and, obj("flow", obj("flow_group_id", obj("_eq", f.FlowGroupID))))
	}
	b, _ := json.Marshal(map[string]any{"_and": and})
	return b
}

// lateExp: Scheduled for a time before now and not started.
func lateExp(now time.Time) any {
	ts := now.UTC().Format("2006-01-02T15:04:05.000000+00:00")
	return map[string]any{"_and": []any{
		obj("state", obj("_eq", "Scheduled")),
		obj("scheduled_start_time", obj("_lt", ts)),
		obj("start_time", obj("_is_null", true)),
	}}
}

// Where builds the Hasura flow_run_bool_exp: only what was asked for goes out. now
// is the clock for "late" and "since".
func (f Filter) Where(now time.Time) json.RawMessage {
	var and []any
	if f.FlowGroupID != "" {
		and = append(and, obj("flow", obj("flow_group_id", obj("_eq", f.FlowGroupID))))
	}
	if f.Name != "" {
		like := obj("_ilike", "%"+f.Name+"%")
		if f.FlowGroupID == "" {
			// Across flows, plain words also match the flow's name: "/etl" finds the
			// runs of etl-orders, whose runs are named like "calm-bobcat".
			and = append(and, map[string]any{"_or": []any{obj("name", like), obj("flow", obj("name", like))}})
		} else {
			and = append(and, obj("name", like))
		}
	}
	if f.Flow != "" {
		and = append(and, obj("flow", obj("name", obj("_ilike", "%"+f.Flow+"%"))))
	}
	if len(f.Labels) > 0 {
		and = append(and, obj("labels", obj("_contains", f.Labels)))
	}
	if f.Since > 0 {
		since := now.Add(-f.Since).UTC().Format("2006-01-02T15:04:05.000000+00:00")
		and = append(and, obj("scheduled_start_time", obj("_gte", since)))
	}
	if len(f.States) > 0 {
		var plain []string
		var or []any
		for _, s := range f.States {
			if s == "Late" {
				or = append(or, lateExp(now))
				continue
			}
			plain = append(plain, s)
		}
		if len(plain) > 0 {
			or = append(or, obj("state", obj("_in", plain)))
		}
		if len(or) == 1 {
			and = append(and, or[0])
		} else {
			and = append(and, map[string]any{"_or": or})
		}
	}
	var where any = map[string]any{}
	switch len(and) {
	case 0:
	case 1:
		where = and[0]
	default:
		where = map[string]any{"_and": and}
	}
	b, _ := json.Marshal(where)
	return b
}

func obj(k string, v any) map[string]any { return map[string]any{k: v} }

// SortMode is the server-side order of the list.
type SortMode int

// Sort modes, in the order `o` cycles through them.
const (
	SortStartDesc SortMode = iota
	SortScheduledDesc
	SortScheduledAsc
	SortName
	SortFlow
	SortState
)

// String implements fmt.Stringer.
func (s SortMode) String() string {
	return [...]string{"started ↓", "scheduled ↓", "scheduled ↑", "name", "flow", "state"}[s]
}

// OrderBy is the Hasura order_by list for the mode, with id last so pages are stable.
func (s SortMode) OrderBy() json.RawMessage {
	var first any
	switch s {
	case SortScheduledAsc:
		first = obj("scheduled_start_time", "asc")
	case SortScheduledDesc:
		first = obj("scheduled_start_time", "desc")
	case SortName:
		first = obj("name", "asc")
	case SortFlow:
		first = obj("flow", obj("name", "asc"))
	case SortState:
		first = obj("state", "asc")
	default:
		// Running and recently finished first; runs that never started last, newest
		// schedule first among them.
		b, _ := json.Marshal([]any{obj("start_time", "desc_nulls_last"), obj("scheduled_start_time", "desc"), obj("id", "asc")})
		return b
	}
	b, _ := json.Marshal([]any{first, obj("id", "asc")})
	return b
}
