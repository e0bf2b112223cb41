package flows

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

// Flow is one row of the generated ListFlows result.
type Flow = api.ListFlowsFlow

// scheduleState is a flow's schedule: none, on or off.
type scheduleState int

const (
	scheduleNone scheduleState = iota
	scheduleOn
	scheduleOff
)

// String implements fmt.Stringer.
func (s scheduleState) String() string { return [...]string{"none", "on", "off"}[s] }

// row is what the table shows of one flow.
type row struct {
	id, name, groupID  string
	project, projectID string
	version            int
	archived           bool
	schedule           scheduleState
	scheduleDesc       string
	labels             []string
	runs               []string // states, newest first
}

func newRow(f Flow) row {
	r := row{
		id: f.Id, name: f.Name, groupID: f.Flow_group_id, version: f.Version,
		project: f.Project.Name, projectID: f.Project.Id, archived: f.Archived,
		// The labels agents match the flow's runs against: the flow group's, else
		// the run config's (the flows of a group without labels used to show none).
		labels: rundata.AgentLabels(rundata.LabelSources{
			GroupLabels: f.Flow_group.Labels, GroupRunConfig: f.Flow_group.Run_config_labels,
			RunConfig: f.Run_config_labels, Environment: f.Environment_labels,
		}),
	}
	// A flow group's schedule overrides the version's (Prefect server api/flows.py).
	sched := f.Schedule
	if !isNull(f.Flow_group.Schedule) {
		sched = f.Flow_group.Schedule
	}
	if !isNull(sched) {
		r.schedule = scheduleOff
		if f.Is_schedule_active {
			r.schedule = scheduleOn
		}
		r.scheduleDesc = describeSchedule(sched)
	}
	for _, fr := range f.Flow_runs {
		r.runs = append(r.runs, fr.State)
	}
	return r
}

func isNull(raw json.RawMessage) bool {
	s := strings.TrimSpace(string(raw))
	return s == "" || s == "null"
}

// describeSchedule summarises a serialized Prefect schedule (core serialization/
// schedule.py): its clocks, "cron 0 2 * * *", "every 1h0m0s".
func describeSchedule(raw json.RawMessage) string {
	var s struct {
		Clocks []struct {
			Type     string  `json:"type"`
			Cron     string  `json:"cron"`
			Interval float64 `json:"interval"` // microseconds
			Dates    []any   `json:"dates"`
		} `json:"clocks"`
	}
	if err := json.Unmarshal(raw, &s); err != nil || len(s.Clocks) == 0 {
		return "schedule"
	}
	var parts []string
	for _, c := range s.Clocks {
		switch {
		case c.Cron != "":
			parts = append(parts, "cron "+c.Cron)
		case c.Interval > 0:
			parts = append(parts, "every "+timefmt.Interval(time.Duration(c.Interval)*time.Microsecond))
		case len(c.Dates) > 0:
			parts = append(parts, fmt.Sprintf("%d dates", len(c.Dates)))
		default:
			parts = append(parts, strings.TrimSuffix(c.Type, "Clock"))
		}
	}
	return strings.Join(parts, ", ")
}

// labelText joins the labels for the labels column.
func (r row) labelText() string { return strings.Join(r.labels, ",") }
