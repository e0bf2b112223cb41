package rundata_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
)

func TestFromFlowRunPage(t *testing.T) {
	var page api.FlowRunPageResponse
	raw := `{"flow_run_by_pk": {"id": "r1", "name": "n", "state": "Running", "labels": ["a","b"],
	  "scheduled_start_time": "2026-03-14T11:00:00+00:00", "version": 3, "created": "2026-03-14T10:00:00+00:00",
	  "flow": {"id": "f", "name": "etl", "version": 2, "flow_group_id": "g", "project": {"id": "p", "name": "data"}},
	  "agent": null, "states": [{"id": "s", "state": "Running", "message": "m", "timestamp": "2026-03-14T11:00:01+00:00", "start_time": null}],
	  "task_runs": [
	    {"id": "t1", "task_id": "A", "map_index": -1, "name": null, "state": "Mapped", "task": {"id": "A", "name": "fan", "slug": "fan-1", "mapped": true, "auto_generated": false}},
	    {"id": "t2", "task_id": "B", "map_index": -1, "name": null, "state": "Pending", "task": {"id": "B", "name": "sink", "slug": "sink-1", "mapped": false, "auto_generated": false}}],
	  "children": [
	    {"id": "c0", "task_id": "A", "map_index": 0, "name": null, "state": "Success"},
	    {"id": "c1", "task_id": "A", "map_index": 1, "name": null, "state": "Failed"},
	    {"id": "c2", "task_id": "A", "map_index": 2, "name": null, "state": "Success"},
	    {"id": "x0", "task_id": "Z", "map_index": 0, "name": "orphan", "state": "Running"}],
	  "children_count": {"aggregate": {"count": 9}}}}`
	if err := json.Unmarshal([]byte(raw), &page); err != nil {
		t.Fatal(err)
	}
	r, ok := rundata.FromFlowRunPage(page.Flow_run_by_pk)
	if !ok {
		t.Fatal("not found")
	}
	if len(r.Tasks) != 3 || r.Children != 9 || r.ChildrenLoaded != 4 || r.AgentID != "" || r.ProjectName != "data" {
		t.Fatalf("run %+v", r)
	}
	fan := r.Tasks[0]
	if len(fan.Children) != 3 || fan.Counts["Success"] != 2 || fan.Counts["Failed"] != 1 {
		t.Fatalf("fan %+v", fan)
	}
	if orphan := r.Tasks[2]; orphan.TaskID != "Z" || len(orphan.Children) != 1 {
		t.Fatalf("a child without its parent row still gets a row: %+v", orphan)
	}
	if got := fan.Children[1].Label("fan"); got != "fan[1]" {
		t.Fatalf("label %q", got)
	}
	if _, ok := rundata.FromFlowRunPage(api.FlowRunPageFlow_run_by_pkFlow_run{}); ok {
		t.Fatal("null flow_run_by_pk is not found")
	}
	before := r.Signature()
	r.Tasks[1].Run.State = "Running"
	if r.Signature() == before {
		t.Fatal("signature ignores task states")
	}
}

func TestIsLate(t *testing.T) {
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	if !rundata.IsLate("Scheduled", now.Add(-time.Minute), now) ||
		rundata.IsLate("Scheduled", now.Add(time.Minute), now) ||
		rundata.IsLate("Scheduled", time.Time{}, now) ||
		rundata.IsLate("Running", now.Add(-time.Minute), now) ||
		rundata.IsLate("Submitted", now.Add(-time.Minute), now) {
		t.Error("IsLate")
	}
	// The filter says the same, and nothing about start_time: a restarted run that is
	// Scheduled again is late too.
	got := string(rundata.LateWhere(now).JSON())
	want := `{"_and":[{"state":{"_eq":"Scheduled"}},{"scheduled_start_time":{"_lt":"2026-03-14T12:00:00.000000+00:00"}}]}`
	if got != want {
		t.Errorf("LateWhere %s\nwant      %s", got, want)
	}
}
