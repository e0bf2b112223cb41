package runtest

import (
	"fmt"
	"time"

	"github.com/prefect-tui/prefect-tui/ui/rundata"
)

// FakeRun builds a deterministic run for tests and benchmarks: n tasks starting every
// few seconds from start, every 7th failed, the last few still running or pending,
// every 10th mapped with children mapped children each. now is where running bars end.
func FakeRun(n, children int, start time.Time) *rundata.Run {
	r := &rundata.Run{
		ID: "00000000-0000-4000-8000-000000000001", Name: "brave-otter", State: "Running",
		Message: "Running flow.", Scheduled: start.Add(-2 * time.Second), Start: start,
		FlowName: "etl-nightly", FlowVersion: 3, FlowID: "f-1", FlowGroupID: "g-1", ProjectName: "data",
		AgentName: "local", AgentType: "LocalAgent", Labels: []string{"prod", "eu"},
		Parameters: []byte(`{"date":"2026-03-14","full":false}`),
		States: []rundata.State{
			{State: "Scheduled", Message: "Flow run scheduled.", Timestamp: start.Add(-2 * time.Second)},
			{State: "Submitted", Message: "Submitted for execution", Timestamp: start.Add(-time.Second)},
			{State: "Running", Message: "Running flow.", Timestamp: start},
		},
	}
	for i := 0; i < n; i++ {
		ts := start.Add(time.Duration(i) * 3 * time.Second)
		t := rundata.Task{TaskID: fmt.Sprintf("t-%05d", i), Name: fmt.Sprintf("task-%d", i)}
		run := rundata.TaskRun{ID: fmt.Sprintf("tr-%05d", i), TaskID: t.TaskID, MapIndex: -1, Start: ts,
			End: ts.Add(time.Duration(5+i%11) * time.Second), State: "Success", StateTime: ts.Add(time.Duration(5+i%11) * time.Second)}
		switch {
		case i == n-1:
			run.Start, run.End, run.State, run.StateTime = time.Time{}, time.Time{}, "Pending", start
		case i == n-2:
			run.End, run.State = time.Time{}, "Running"
		case i%7 == 3:
			run.State = "Failed"
			run.Message = "ValueError: bad row"
		}
		t.Run = run
		if i%10 == 5 && children > 0 {
			t.Mapped = true
			t.Run.State = "Mapped"
			t.Counts = map[string]int{}
			for c := 0; c < children; c++ {
				cs := ts.Add(time.Duration(c) * time.Second)
				ch := rundata.TaskRun{ID: fmt.Sprintf("tr-%05d-%03d", i, c), TaskID: t.TaskID, MapIndex: c, Start: cs,
					End: cs.Add(2 * time.Second), State: "Success", StateTime: cs.Add(2 * time.Second)}
				if c%4 == 1 {
					ch.State = "Failed"
				}
				t.Children = append(t.Children, ch)
				t.Counts[ch.State]++
			}
			r.Children += children
			r.ChildrenLoaded += children
		}
		r.Tasks = append(r.Tasks, t)
	}
	return r
}
