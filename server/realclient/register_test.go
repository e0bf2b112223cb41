package realclient_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// registerProgram registers testdata/flows.py's flows through Client.register as
// flow.register() does, compressed (create_flow_from_compressed_string) or not
// (create_flow), with idempotency keys, and prints "name id" per call.
const registerProgram = `
import sys
sys.path.insert(0, sys.argv[1])
import prefect, flows
from prefect.storage import Local
c = prefect.Client()
for f in (flows.mapped, flows.scheduled):
    f.storage = Local()
c.create_project("api")
def reg(flow, **kw):
    print(flow.name, flow.register(project_name="api", no_url=True, **kw))
reg(flows.mapped, idempotency_key="k1")
reg(flows.mapped, idempotency_key="k1")
reg(flows.mapped, idempotency_key="k2", compressed=False)
reg(flows.scheduled, set_schedule_active=False)
`

// TestRegisterThroughTheClientAndSchedule: Client.register's versions, idempotency keys,
// uncompressed create_flow and set_schedule_active=False, then the scheduler service
// creates the schedule's runs, and set_schedule_inactive deletes them.
func TestRegisterThroughTheClientAndSchedule(t *testing.T) {
	t.Parallel()
	srv, url := startServer(t)
	c := newClient(t, url)
	c.prefect("server", "create-tenant", "--name", "Default", "--slug", "default")
	dir, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	out := c.run(false, "-c", registerProgram, dir)
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if f := strings.Fields(l); len(f) == 2 && len(f[1]) == 36 {
			lines = append(lines, l)
		}
	}
	if len(lines) != 4 {
		t.Fatalf("register output:\n%s", out)
	}
	id := func(i int) string { return strings.Fields(lines[i])[1] }
	if id(0) != id(1) || id(1) == id(2) {
		t.Errorf("idempotency keys: %v", lines)
	}
	d := gql(t, url, `{ flow(where: {name: {_eq: "mapped-sum"}}, order_by: {version: asc}) { id version archived version_group_id } }`, nil)
	if s := fmt.Sprint(d["flow"]); !strings.Contains(s, "version:1") || !strings.Contains(s, "version:2") || strings.Count(s, "archived:true") != 1 {
		t.Errorf("versions: %s", s)
	}
	if v := jsonPath(d, "flow", 1, "archived"); v != false || jsonPath(d, "flow", 1, "id") != id(2) {
		t.Errorf("the newest version is not the live one: %s", d["flow"])
	}
	sched := id(3)
	count := func() string {
		d := gql(t, url, `query($f: uuid!) { flow_run_aggregate(where: {flow_id: {_eq: $f}, auto_scheduled: {_eq: true}}) { aggregate { count } } }`,
			map[string]any{"f": sched})
		return fmt.Sprint(jsonPath(d, "flow_run_aggregate", "aggregate", "count"))
	}
	if n := count(); n != "0" {
		t.Fatalf("%s runs with the schedule off", n)
	}
	gql(t, url, `mutation($f: UUID!) { set_schedule_active(input: {flow_id: $f}) { success } }`, map[string]any{"f": sched})
	if n := count(); n != "10" {
		t.Fatalf("%s runs once the schedule is on", n)
	}
	// Three hours on, the scheduler service tops the runs up to ten ahead again.
	var sc interface {
		RunOnce(context.Context, time.Time) (int, error)
	}
	for _, s := range srv.Services {
		if s.Name() == "Scheduler" {
			sc = s
		}
	}
	later := time.Now().Add(3 * time.Hour)
	if _, err := sc.RunOnce(context.Background(), later); err != nil {
		t.Fatal(err)
	}
	d = gql(t, url, `query($f: uuid!, $t: timestamptz) { flow_run(where: {flow_id: {_eq: $f}, scheduled_start_time: {_gt: $t}}) { labels parameters } }`,
		map[string]any{"f": sched, "t": later.UTC().Format(time.RFC3339)})
	runs := d["flow_run"].([]any)
	if len(runs) != 10 {
		t.Fatalf("%d runs ahead after the scheduler's pass", len(runs))
	}
	s := fmt.Sprint(runs)
	if !strings.Contains(s, "labels:[big] parameters:map[n:7]") || !strings.Contains(s, "parameters:map[n:2]") {
		t.Errorf("runs of the two clocks: %s", s)
	}
	gql(t, url, `mutation($f: UUID!) { set_schedule_inactive(input: {flow_id: $f}) { success } }`, map[string]any{"f": sched})
	if n := count(); n != "0" {
		t.Errorf("%s auto-scheduled runs left with the schedule off", n)
	}
}
