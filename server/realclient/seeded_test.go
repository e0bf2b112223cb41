package realclient_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/servertest"
)

// TestSeededRunWithTheRealAgent: the demo's flows exist only as rows; their run
// configs and storage name where they would run and where their code would be, so a
// real LocalAgent that picks up a demo run fails it with the true reason, and `prefect
// execute` writes its one log line (sent as a single object for write_run_logs' list
// of logs).
func TestSeededRunWithTheRealAgent(t *testing.T) {
	t.Parallel()
	// The demo seeded at the wall clock the agent goes by (with its future runs still
	// in the future), smaller than the default.
	_, url := servertest.Start(t, servertest.Options{Demo: seed.DemoOptions{Now: time.Now().UTC().Truncate(time.Second), Runs: 300},
		Server: server.Options{Now: time.Now}})
	c := newClient(t, url)
	d := gql(t, url, `{ flow(where: {name: {_eq: "kpi-digest"}, archived: {_eq: false}}) { id storage } }`, nil)
	flowID := jsonPath(d, "flow", 0, "id").(string)
	// Labels no demo run has, so the agent takes these runs only: one as the demo's
	// run config has it (LocalRun in /srv/flows), one with a plain LocalRun.
	create := func(runConfig map[string]any) string {
		d := gql(t, url, `mutation($f: UUID!, $rc: JSON) { create_flow_run(input: {flow_id: $f, labels: ["seed-probe"], run_config: $rc}) { id } }`,
			map[string]any{"f": flowID, "rc": runConfig})
		return jsonPath(d, "create_flow_run", "id").(string)
	}
	asSeeded := create(nil)
	plain := create(map[string]any{"type": "LocalRun", "labels": []any{"seed-probe"}})
	c.agent("--no-hostname-label", "--label", "seed-probe")
	waitFinished(t, url, time.Minute, asSeeded, plain)
	// `prefect execute` ships its logs in the background: the failure it logs may land
	// after the Failed state.
	waitLog(t, url, plain, "No module named 'acme_flows'", time.Minute)
	const q = `query($id: uuid!) { flow_run_by_pk(id: $id) { state state_message logs { name level message } } }`
	r := gql(t, url, q, map[string]any{"id": asSeeded})["flow_run_by_pk"].(map[string]any)
	if r["state"] != "Failed" || !strings.Contains(fmt.Sprint(r["state_message"]), "has a nonexistent `working_dir` configured: /srv/flows") {
		t.Errorf("demo run: %v %v", r["state"], r["state_message"])
	}
	r = gql(t, url, q, map[string]any{"id": plain})["flow_run_by_pk"].(map[string]any)
	want := `Failed to load and execute flow run: ModuleNotFoundError("No module named 'acme_flows'")`
	if r["state"] != "Failed" || r["state_message"] != want {
		t.Errorf("demo run with a plain LocalRun: %v %v", r["state"], r["state_message"])
	}
	if l := fmt.Sprint(r["logs"]); !strings.Contains(l, "name:execute flow-run") || !strings.Contains(l, "No module named 'acme_flows'") {
		t.Errorf("logs: %s", l)
	}
	// The agent took no other demo run.
	d = gql(t, url, `{ flow_run_aggregate(where: {state: {_in: ["Submitted", "Running"]}, agent: {type: {_eq: "LocalAgent"}, name: {_eq: "agent"}}}) { aggregate { count } } }`, nil)
	if n := fmt.Sprint(jsonPath(d, "flow_run_aggregate", "aggregate", "count")); n != "0" {
		t.Errorf("%s demo runs taken by the real agent", n)
	}
}
