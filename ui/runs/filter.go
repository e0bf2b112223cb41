package runs

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/prefect-tui/prefect-tui/api/where"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
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
			if d, err := timefmt.ParseDuration(v); err == nil {
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

// CountCap is how many runs past the first of a page a filtered list counts: "1–100 of
// 10000+" beyond it. Counting every run a broad filter matches (a third of a million
// runs) is what such a request would spend its time on, not the page.
const CountCap = 10000

// CountLimit is the most runs the request counts for the page at offset: for a
// filtered list CountCap past offset and one more, which says that there are more; nil
// (every run) for the whole list, whose total the server keeps and reads at once.
func (f Filter) CountLimit(offset int) *int {
	if f.FlowGroupID == "" && f.Name == "" && f.Flow == "" && len(f.Labels) == 0 && len(f.States) == 0 && f.Since == 0 {
		return nil
	}
	n := offset + CountCap + 1
	return &n
}

// LateWhere selects the late runs in the list's scope (the flow, not the filter), for
// the "N late" mark.
func (f Filter) LateWhere(now time.Time) json.RawMessage {
	return where.And(lateExp(now), f.scope()).JSON()
}

// scope is the flow the list is of (none across flows).
func (f Filter) scope() where.Exp {
	if f.FlowGroupID == "" {
		return nil
	}
	return where.Eq("flow.flow_group_id", f.FlowGroupID)
}

// lateExp: the late runs (rundata.LateWhere).
func lateExp(now time.Time) where.Exp { return rundata.LateWhere(now) }

// stamp is how a time is sent in a filter.
func stamp(t time.Time) string { return rundata.Stamp(t) }

// Where builds the Hasura flow_run_bool_exp: only what was asked for goes out. now
// is the clock for "late" and "since". Typed text matches literally (% and _ too).
func (f Filter) Where(now time.Time) json.RawMessage {
	var name where.Exp
	switch {
	case f.Name == "":
	case f.FlowGroupID == "":
		// Across flows, plain words also match the flow's name: "/etl" finds the
		// runs of etl-orders, whose runs are named like "calm-bobcat".
		name = where.Or(where.Contains("name", f.Name), where.Contains("flow.name", f.Name))
	default:
		name = where.Contains("name", f.Name)
	}
	var flow, labels, since where.Exp
	if f.Flow != "" {
		flow = where.Contains("flow.name", f.Flow)
	}
	if len(f.Labels) > 0 {
		labels = where.Field("labels", "_contains", f.Labels)
	}
	if f.Since > 0 {
		since = where.Field("scheduled_start_time", "_gte", stamp(now.Add(-f.Since)))
	}
	var states []where.Exp
	var plain []string
	for _, s := range f.States {
		if s == "Late" {
			states = append(states, lateExp(now))
		} else {
			plain = append(plain, s)
		}
	}
	if len(plain) > 0 {
		states = append(states, where.In("state", plain))
	}
	return where.And(f.scope(), name, flow, labels, since, where.Or(states...)).JSON()
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
	SortRunningLongest
)

// sortModes is how many modes `o` cycles through.
const sortModes = int(SortRunningLongest) + 1

// String implements fmt.Stringer.
func (s SortMode) String() string {
	return [...]string{"started ↓", "scheduled ↓", "scheduled ↑", "name", "flow", "state", "longest running"}[s]
}

// Explain says what a mode orders by, when the name alone could mislead.
func (s SortMode) Explain() string {
	if s == SortRunningLongest {
		// Hasura orders by columns, not by end_time − start_time: this is the order
		// that is true for the runs that matter, running ones, and says so.
		return "runs not finished first, the oldest start first (the longest running); then finished runs, the latest end first (not by how long they took)"
	}
	return ""
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
	case SortRunningLongest:
		// No end yet first (running, then never started), by start, oldest first;
		// then the finished ones, latest end first.
		b, _ := json.Marshal([]any{obj("end_time", "desc_nulls_first"), obj("start_time", "asc_nulls_last"),
			obj("scheduled_start_time", "asc"), obj("id", "asc")})
		return b
	default:
		// Running and recently finished first; runs that never started last, newest
		// schedule first among them.
		b, _ := json.Marshal([]any{obj("start_time", "desc_nulls_last"), obj("scheduled_start_time", "desc"), obj("id", "asc")})
		return b
	}
	b, _ := json.Marshal([]any{first, obj("id", "asc")})
	return b
}
