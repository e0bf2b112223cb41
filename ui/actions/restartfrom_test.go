package actions

import (
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// downstreamOf is, independently of the action, every task run of task and of the
// tasks downstream of it (edges), mapped children included.
func downstreamOf(r runRow, task string) map[string]bool {
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
	walk(task)
	want := map[string]bool{}
	for _, tr := range r.TaskRuns {
		if reach[tr.TaskID] {
			want[tr.ID] = true
		}
	}
	return want
}

// TestRestartFromThisTask: on the task-run page of a finished run, H resets this task's
// runs and every task run downstream of it to Pending (nothing upstream), schedules the
// flow run and writes the log line, after a confirmation that shows the mutations; it is
// hidden and refused in read-only mode.
func TestRestartFromThisTask(t *testing.T) {
	c := newServer(t)
	var d struct {
		Runs []runRow `json:"flow_run"`
	}
	query(t, c, `{ flow_run(where: {state: {_eq: "Success"}}, order_by: {id: asc}, limit: 20) { id state task_runs { id task_id map_index state } flow { edges { upstream_task_id downstream_task_id } } } }`, nil, &d)
	// A task in the middle: something upstream stays, something downstream resets.
	var run runRow
	var from trRow
	var want map[string]bool
	for _, r := range d.Runs {
		for _, tr := range r.TaskRuns {
			w := downstreamOf(r, tr.TaskID)
			if tr.MapIndex == -1 && len(w) > 1 && len(w) < len(r.TaskRuns) {
				run, from, want = r, tr, w
				break
			}
		}
		if want != nil {
			break
		}
	}
	if want == nil {
		t.Fatal("the demo has no successful run with a task between others")
	}
	deps := testDeps(c)
	page := openTaskRunPage(t, deps, from.ID)
	if !strings.Contains(helpText(page), "restart from this task") {
		t.Fatalf("help without the action: %s", helpText(page))
	}
	_, cmd := page.Update(uitest.Press("H"))
	dlg := pushed[*Dialog](t, cmd)
	spec := dlg.Spec()
	if spec.Touches != 1+len(want) || !strings.Contains(spec.Mutation, "set_task_run_states") || !strings.Contains(spec.Title, "from") {
		t.Fatalf("dialog: touches %d (want %d), %q\n%s", spec.Touches, 1+len(want), spec.Title, spec.Mutation)
	}
	out := confirm(t, dlg)
	if done := outcome(t, out); done.Action != ActionRestart || done.IDs[0] != run.ID {
		t.Fatalf("done %+v", done)
	}
	after := loadRun(t, c, run.ID)
	if after.State != "Scheduled" {
		t.Fatalf("flow run is %s, want Scheduled", after.State)
	}
	prev := map[string]string{}
	for _, tr := range run.TaskRuns {
		prev[tr.ID] = tr.State
	}
	for _, tr := range after.TaskRuns {
		switch {
		case want[tr.ID] && tr.State != "Pending":
			t.Errorf("task run %s [%d] is %s, want Pending", tr.TaskID, tr.MapIndex, tr.State)
		case !want[tr.ID] && tr.State != prev[tr.ID]:
			t.Errorf("upstream task run %s [%d] changed %s → %s", tr.TaskID, tr.MapIndex, prev[tr.ID], tr.State)
		}
	}

	// A run that has not finished is not restarted from a task.
	page = openTaskRunPage(t, deps, from.ID) // its run is Scheduled now
	_, cmd = page.Update(uitest.Press("H"))
	if st, ok := uitest.Find[screen.StatusMsg](uitest.RunCmd(cmd)); !ok || st.Level != screen.LevelError || !strings.Contains(st.Text, "Scheduled") {
		t.Fatalf("restart from a task of an unfinished run: %+v", st)
	}

	ro := deps
	ro.ReadOnly = true
	page = openTaskRunPage(t, ro, from.ID)
	if strings.Contains(helpText(page), "restart from") {
		t.Fatal("read-only help offers the restart")
	}
	if _, cmd := page.Update(uitest.Press("H")); cmd != nil {
		if _, ok := uitest.Find[screen.PushMsg](uitest.RunCmd(cmd)); ok {
			t.Fatal("read-only H pushed a screen")
		}
	}
}
