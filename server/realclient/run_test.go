package realclient_test

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server"
)

// startServer starts an empty embedded server on the wall clock (the agent schedules
// by it) and returns it with its base URL.
func startServer(t *testing.T) (*server.Server, string) {
	t.Helper()
	s, err := server.New(server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	url, stop, err := s.Start(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stop() })
	return s, url
}

var flowIDRe = regexp.MustCompile(`└── ID: ([0-9a-f-]{36})`)

// TestRegisterAndRunWithTheRealAgent: Prefect 1.4.1's CLI creates the tenant and the
// project (twice: the second answer is the existing project), registers a file of
// flows (again: skipped, the idempotency key matches), and its LocalAgent runs a flow
// with a mapped task to Success and a failing flow to Failed, reporting states, task
// runs (mapped children included), logs and heartbeats.
func TestRegisterAndRunWithTheRealAgent(t *testing.T) {
	t.Parallel()
	srv, url := startServer(t)
	c := newClient(t, url)
	c.prefect("server", "create-tenant", "--name", "Default", "--slug", "default")
	for range 2 {
		// The second answer is `Uniqueness violation.`, which the client turns into the
		// existing project: both say created.
		if out := c.prefect("create", "project", "realtest"); strings.TrimSpace(out) != "realtest created" {
			t.Fatalf("create project realtest: %s", out)
		}
	}
	d := gql(t, url, `{ project { id name } }`, nil)
	if n := len(d["project"].([]any)); n != 1 {
		t.Fatalf("%d projects after creating the same one twice", n)
	}
	flows, err := filepath.Abs("testdata/flows.py")
	if err != nil {
		t.Fatal(err)
	}
	out := c.prefect("register", "--project", "realtest", "-p", flows)
	if !strings.Contains(out, "3 registered") {
		t.Fatalf("register:\n%s", out)
	}
	ids := flowIDRe.FindAllStringSubmatch(out, -1)
	again := c.prefect("register", "--project", "realtest", "-p", flows)
	if !strings.Contains(again, "0 registered, 3 skipped") {
		t.Fatalf("second register:\n%s", again)
	}
	d = gql(t, url, `{ flow(order_by: {name: asc}) { id name version archived is_schedule_active flow_group { settings }
		storage run_config tasks(order_by: {slug: asc}) { slug mapped is_root_task is_terminal_task is_reference_task } } }`, nil)
	fl := d["flow"].([]any)
	if len(fl) != 3 || len(ids) != 3 {
		t.Fatalf("flows: %v (ids printed: %d)", fl, len(ids))
	}
	byName := map[string]map[string]any{}
	for _, f := range fl {
		m := f.(map[string]any)
		byName[m["name"].(string)] = m
	}
	mapped := byName["mapped-sum"]
	if mapped["version"].(float64) != 1 || mapped["archived"] != false || mapped["is_schedule_active"] != false {
		t.Errorf("mapped-sum: %v", mapped)
	}
	if s := fmt.Sprint(jsonPath(mapped, "storage", "type"), " ", jsonPath(mapped, "storage", "flows", "mapped-sum") != nil); s != "Local true" {
		t.Errorf("storage: %v", mapped["storage"])
	}
	if k := fmt.Sprint(jsonPath(mapped, "flow_group", "settings", "idempotency_key")); len(k) != 64 {
		t.Errorf("flow group settings: %v", jsonPath(mapped, "flow_group", "settings"))
	}
	var tasks []string
	for _, tk := range mapped["tasks"].([]any) {
		m := tk.(map[string]any)
		tasks = append(tasks, fmt.Sprintf("%s:%v%v%v%v", m["slug"], b(m["mapped"]), b(m["is_root_task"]), b(m["is_terminal_task"]), b(m["is_reference_task"])))
	}
	if got := strings.Join(tasks, " "); got != "n:0100 numbers-1:0000 square-1:1000 total-1:0011" {
		t.Errorf("tasks (mapped root terminal reference): %s", got)
	}
	if !byName["scheduled-sum"]["is_schedule_active"].(bool) {
		t.Errorf("scheduled-sum's schedule is off")
	}

	// Runs of both flows, then one agent for both.
	run := func(flowID string) string {
		d := gql(t, url, `mutation($f: UUID!) { create_flow_run(input: {flow_id: $f}) { id } }`, map[string]any{"f": flowID})
		return jsonPath(d, "create_flow_run", "id").(string)
	}
	ok, bad := run(mapped["id"].(string)), run(byName["always-fails"]["id"].(string))
	start := time.Now()
	c.agent("--label", "realtest")
	// Each run is a Python process of a few seconds; the agent polls every few seconds.
	waitFinished(t, url, 2*time.Minute, ok, bad)
	t.Logf("the agent ran both flows in %s", time.Since(start).Round(100*time.Millisecond))
	// Prefect's log handler ships logs in the background, in batches: the last ones may
	// land after the run's final state.
	waitLog(t, url, ok, "Flow run SUCCESS", time.Minute)

	const runQ = `query($id: uuid!) { flow_run_by_pk(id: $id) { state state_message agent_id start_time end_time heartbeat parameters
		states(order_by: {timestamp: asc}) { state }
		task_runs(order_by: [{task: {slug: asc}}, {map_index: asc}]) { map_index state task { slug } }
		logs(order_by: {timestamp: asc}) { level name message task_run_id } } }`
	got := gql(t, url, runQ, map[string]any{"id": ok})["flow_run_by_pk"].(map[string]any)
	if got["state"] != "Success" {
		t.Fatalf("mapped-sum: %v", got)
	}
	for _, k := range []string{"agent_id", "start_time", "end_time", "heartbeat"} {
		if got[k] == nil {
			t.Errorf("mapped-sum: no %s", k)
		}
	}
	var states []string
	for _, s := range got["states"].([]any) {
		states = append(states, s.(map[string]any)["state"].(string))
	}
	if s := strings.Join(states, " "); s != "Scheduled Submitted Running Success" {
		t.Errorf("flow run states: %s", s)
	}
	var trs []string
	for _, tr := range got["task_runs"].([]any) {
		m := tr.(map[string]any)
		trs = append(trs, fmt.Sprintf("%s[%v]=%s", jsonPath(m, "task", "slug"), m["map_index"], m["state"]))
	}
	want := "n[-1]=Success numbers-1[-1]=Success square-1[-1]=Mapped square-1[0]=Success square-1[1]=Success square-1[2]=Success total-1[-1]=Success"
	if s := strings.Join(trs, " "); s != want {
		t.Errorf("task runs:\n got: %s\nwant: %s", s, want)
	}
	// The flow-run process ships its logs in the background and flushes the last ones
	// as it exits, after it set Success: wait for them.
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(fmt.Sprint(got["logs"]), "Flow run SUCCESS") && time.Now().Before(deadline); {
		time.Sleep(250 * time.Millisecond)
		got = gql(t, url, runQ, map[string]any{"id": ok})["flow_run_by_pk"].(map[string]any)
	}
	logs := fmt.Sprint(got["logs"])
	for _, want := range []string{"squaring 2", "total is 5", "Flow run SUCCESS: all reference tasks succeeded"} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %q: %s", want, logs)
		}
	}
	agent := gql(t, url, `query($id: uuid!) { agent_by_pk(id: $id) { type labels core_version last_queried } }`, map[string]any{"id": got["agent_id"]})
	if a := fmt.Sprint(jsonPath(agent, "agent_by_pk", "type"), " ", jsonPath(agent, "agent_by_pk", "core_version")); a != "LocalAgent 1.4.1" {
		t.Errorf("agent: %v", agent)
	}

	failed := gql(t, url, runQ, map[string]any{"id": bad})["flow_run_by_pk"].(map[string]any)
	if failed["state"] != "Failed" || failed["end_time"] == nil {
		t.Fatalf("always-fails: %v", failed)
	}
	if tr := fmt.Sprint(failed["task_runs"]); !strings.Contains(tr, "state:Failed") {
		t.Errorf("always-fails task runs: %s", tr)
	}
	if l := fmt.Sprint(failed["logs"]); !strings.Contains(l, "the flow failed on purpose") || !strings.Contains(l, "level:ERROR") {
		t.Errorf("always-fails logs: %s", l)
	}
	_ = srv
}

func b(v any) int {
	if v == true {
		return 1
	}
	return 0
}
