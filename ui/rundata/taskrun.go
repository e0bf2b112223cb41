package rundata

import (
	"strconv"
	"strings"

	"github.com/prefect-tui/prefect-tui/api"
)

// TaskRunDetail is one task run with everything the task-run page shows: the run, its
// task, its flow run, its state history and, for a mapped parent, its children.
type TaskRunDetail struct {
	Run                TaskRun
	Version            int
	TaskName, TaskType string
	TaskSlug           string
	Mapped             bool
	MaxRetries         int
	RetryDelay         string
	FlowRunID          string
	FlowRunName        string
	FlowRunState       string
	FlowName           string
	States             []State
	Children           []TaskRun
	ChildCount         int
	ChildCounts        map[string]int
}

// FromTaskRunPage converts the TaskRunPage answer; nil when the task run does not exist.
func FromTaskRunPage(r *api.TaskRunPageResponse) *TaskRunDetail {
	t := r.Task_run_by_pk
	if t.Id == "" {
		return nil
	}
	d := &TaskRunDetail{
		Run: TaskRun{ID: t.Id, TaskID: t.Task_id, MapIndex: t.Map_index, Name: t.Name, State: t.State,
			Message: t.State_message, StateTime: t.State_timestamp, Start: t.Start_time, End: t.End_time},
		Version: t.Version, TaskName: t.Task.Name, TaskType: t.Task.Type, TaskSlug: t.Task.Slug,
		Mapped: t.Task.Mapped, MaxRetries: t.Task.Max_retries, RetryDelay: t.Task.Retry_delay,
		FlowRunID: t.Flow_run.Id, FlowRunName: t.Flow_run.Name, FlowRunState: t.Flow_run.State, FlowName: t.Flow_run.Flow.Name,
		ChildCount: r.Children_count.Aggregate.Count,
	}
	for _, s := range t.States {
		d.States = append(d.States, State{State: s.State, Message: s.Message, Timestamp: s.Timestamp, Start: s.Start_time})
	}
	if t.Map_index < 0 {
		// The children query matches the runs of the same task and flow run: only a
		// parent (map_index -1) has children.
		for _, c := range r.Children {
			d.Children = append(d.Children, TaskRun{ID: c.Id, TaskID: c.Task_id, MapIndex: c.Map_index, Name: c.Name,
				State: c.State, Message: c.State_message, StateTime: c.State_timestamp, Start: c.Start_time, End: c.End_time})
		}
	} else {
		d.ChildCount = 0
	}
	d.ChildCounts = CountStates(d.Children)
	return d
}

// Signature is what a refresh of the task-run page compares: states and children.
func (d *TaskRunDetail) Signature() string {
	var b strings.Builder
	b.WriteString(d.Run.State + d.Run.End.String() + strconv.Itoa(len(d.States)) + strconv.Itoa(d.ChildCount))
	for _, c := range d.Children {
		b.WriteString(c.State)
	}
	return b.String()
}
