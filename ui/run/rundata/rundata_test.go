package rundata_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/run/rundata"
	"github.com/prefect-tui/prefect-tui/ui/screen"
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

func TestFormatting(t *testing.T) {
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	for d, want := range map[time.Duration]string{
		0: "0s", 850 * time.Millisecond: "850ms", 42 * time.Second: "42s", 185 * time.Second: "3m05s",
		134 * time.Minute: "2h14m", 76 * time.Hour: "3d04h", -time.Second: "0s",
	} {
		if got := rundata.Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
	if got := rundata.Ago(now.Add(-90*time.Second), now); got != "1m ago" {
		t.Errorf("Ago %q", got)
	}
	if got := rundata.Ago(now.Add(5*time.Minute), now); got != "in 5m" {
		t.Errorf("Ago future %q", got)
	}
	if got := rundata.Stamp(now.Add(-time.Hour), now); got != "11:00:00" {
		t.Errorf("Stamp today %q", got)
	}
	if got := rundata.Stamp(now.AddDate(0, -1, 0), now); got != "Feb 14 12:00" {
		t.Errorf("Stamp this year %q", got)
	}
	if !rundata.IsLate("Scheduled", now.Add(-time.Minute), time.Time{}, now) ||
		rundata.IsLate("Scheduled", now.Add(time.Minute), time.Time{}, now) ||
		rundata.IsLate("Running", now.Add(-time.Minute), time.Time{}, now) {
		t.Error("IsLate")
	}
	s := screen.Session{UIURL: "https://cloud.prefect.io/", TenantSlug: "acme"}
	if got := rundata.UILink(s, "flow-run", "id1"); got != "https://cloud.prefect.io/acme/flow-run/id1" {
		t.Errorf("UILink %q", got)
	}
}
