package actions

import (
	"strings"
	"testing"

	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

type trRow struct {
	ID       string `json:"id"`
	TaskID   string `json:"task_id"`
	MapIndex int    `json:"map_index"`
	State    string `json:"state"`
}

type runRow struct {
	ID       string  `json:"id"`
	State    string  `json:"state"`
	TaskRuns []trRow `json:"task_runs"`
	Flow     struct {
		Edges []struct {
			Up   string `json:"upstream_task_id"`
			Down string `json:"downstream_task_id"`
		} `json:"edges"`
	} `json:"flow"`
}

const runQuery = `query($id: uuid!) { flow_run_by_pk(id: $id) { id state task_runs { id task_id map_index state } flow { edges { upstream_task_id downstream_task_id } } } }`

func loadRun(t *testing.T, c graphql.Client, id string) runRow {
	t.Helper()
	var d struct {
		R runRow `json:"flow_run_by_pk"`
	}
	query(t, c, runQuery, map[string]any{"id": id}, &d)
	return d.R
}

// failedRun finds a Failed run whose failures include a mapped child, so the "children
// only where they failed" rule is exercised.
func failedRun(t *testing.T, c graphql.Client) string {
	t.Helper()
	var d struct {
		Runs []struct{ ID string } `json:"flow_run"`
	}
	query(t, c, `{ flow_run(where: {state: {_eq: "Failed"}, task_runs: {map_index: {_gte: 0}, state: {_in: ["Failed", "TimedOut"]}}}, order_by: {id: asc}, limit: 1) { id } }`, nil, &d)
	if len(d.Runs) == 0 {
		t.Fatal("the demo has no Failed run with a failed mapped child")
	}
	return d.Runs[0].ID
}

// expectedRestart computes, independently of the action, which task runs a restart
// resets: runs of the failed tasks and of everything downstream (edges), parents and
// unmapped runs always, mapped children only where they failed.
func expectedRestart(r runRow) map[string]bool {
	failedStates := map[string]bool{"Cancelled": true, "Failed": true, "TimedOut": true, "TriggerFailed": true}
	down := map[string][]string{}
	for _, e := range r.Flow.Edges {
		down[e.Up] = append(down[e.Up], e.Down)
	}
	reach := map[string]bool{}
	var walk func(string)
	walk = func(id string) {
		if reach[id] {
			return
		}
		reach[id] = true
		for _, d := range down[id] {
			walk(d)
		}
	}
	for _, tr := range r.TaskRuns {
		if failedStates[tr.State] {
			walk(tr.TaskID)
		}
	}
	want := map[string]bool{}
	for _, tr := range r.TaskRuns {
		if reach[tr.TaskID] && (tr.MapIndex == -1 || failedStates[tr.State]) {
			want[tr.ID] = true
		}
	}
	return want
}

func TestRestartLikeThePrefectUI(t *testing.T) {
	c := newServer(t)
	id := failedRun(t, c)
	before := loadRun(t, c, id)
	want := expectedRestart(before)
	childrenKept := 0
	for _, tr := range before.TaskRuns {
		if tr.MapIndex >= 0 && !want[tr.ID] {
			childrenKept++
		}
	}

	d := pushed[*Dialog](t, Restart(testDeps(c), id))
	spec := d.Spec()
	if spec.Touches != 1+len(want) {
		t.Fatalf("dialog touches %d, want %d", spec.Touches, 1+len(want))
	}
	if !strings.Contains(spec.Mutation, "set_task_run_states") || !strings.Contains(spec.Mutation, "set_flow_run_states") || !strings.Contains(spec.Mutation, "write_run_logs") {
		t.Fatalf("dialog mutation:\n%s", spec.Mutation)
	}
	vars := uitest.Strip(d.View())
	_ = vars
	out := confirm(t, d)
	done := outcome(t, out)
	if done.Action != ActionRestart || done.IDs[0] != id {
		t.Fatalf("done = %+v", done)
	}
	if _, ok := uitest.Find[screen.ChangedMsg](out); !ok {
		t.Fatal("no ChangedMsg: the run page would not reload")
	}
	if st, ok := uitest.Find[screen.StatusMsg](out); !ok || st.Level != screen.LevelInfo {
		t.Fatalf("status %+v", st)
	}

	after := loadRun(t, c, id)
	if after.State != "Scheduled" {
		t.Fatalf("flow run is %s, want Scheduled", after.State)
	}
	prev := map[string]string{}
	for _, tr := range before.TaskRuns {
		prev[tr.ID] = tr.State
	}
	reset := 0
	for _, tr := range after.TaskRuns {
		switch {
		case want[tr.ID]:
			if tr.State != "Pending" {
				t.Errorf("task run %s [%d] is %s, want Pending", tr.TaskID, tr.MapIndex, tr.State)
			}
			reset++
		case tr.State != prev[tr.ID]:
			t.Errorf("task run %s [%d] changed %s → %s but is not failed nor downstream", tr.TaskID, tr.MapIndex, prev[tr.ID], tr.State)
		}
	}
	if reset == 0 || childrenKept == 0 {
		t.Fatalf("weak fixture: %d reset, %d children kept", reset, childrenKept)
	}
	var logs struct {
		Log []struct {
			Level   string `json:"level"`
			Message string `json:"message"`
		} `json:"log"`
	}
	query(t, c, `query($id: uuid!) { log(where: {flow_run_id: {_eq: $id}, message: {_ilike: "%restarted this flow run%"}}) { level message } }`, map[string]any{"id": id}, &logs)
	if len(logs.Log) != 1 || logs.Log[0].Level != "INFO" {
		t.Fatalf("restart log lines: %+v", logs.Log)
	}
}

func TestRestartRefusesARunWithNothingToRestart(t *testing.T) {
	c := newServer(t)
	var d struct {
		Runs []struct{ ID string } `json:"flow_run"`
	}
	query(t, c, `{ flow_run(where: {state: {_eq: "Success"}}, limit: 1) { id } }`, nil, &d)
	msgs := uitest.RunCmd(Restart(testDeps(c), d.Runs[0].ID))
	st, ok := uitest.Find[screen.StatusMsg](msgs)
	if !ok || st.Level != screen.LevelError || !strings.Contains(st.Text, "nothing to restart") {
		t.Fatalf("got %v", msgs)
	}
}
