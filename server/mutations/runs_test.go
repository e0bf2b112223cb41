package mutations_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server/engine"
)

func TestCreateFlowRunDefaults(t *testing.T) {
	f := newFixture(t)
	id := f.createRun(nil)
	eq(t, "flow_run", f.rows(`SELECT tenant_id, flow_id, parameters, labels, run_config, scheduled_start_time, auto_scheduled, version, state,
		state_message, state_timestamp, state_start_time, start_time, end_time, heartbeat, context, created FROM flow_run WHERE id = ?`, id),
		T1+"|"+F2+`|{"a":1,"b":20}|["flow-rc"]|{"type": "LocalRun", "labels": ["flow-rc"]}|`+tsOf(0)+`|0|1|Scheduled|Flow run scheduled.|`+
			tsOf(0)+"|"+tsOf(0)+"|∅|∅|∅|{}|"+tsOf(0))
	eq(t, "history", f.rows(`SELECT version, state, message, timestamp, start_time, tenant_id FROM flow_run_state WHERE flow_run_id = ?`, id),
		"1|Scheduled|Flow run scheduled.|"+tsOf(0)+"|"+tsOf(0)+"|"+T1)
	eq(t, "task runs", f.rows(`SELECT t.name, tr.map_index, tr.version, tr.state, tr.state_message, tr.cache_key, tr.tenant_id,
		(SELECT group_concat(version || ':' || state || ':' || message) FROM task_run_state WHERE task_run_id = tr.id)
		FROM task_run tr JOIN task t ON t.id = tr.task_id WHERE tr.flow_run_id = ? ORDER BY t.name`, id),
		"extract|-1|0|Pending|Task run created|∅|"+T1+"|0:Pending:Task run created\n"+
			"load|-1|0|Pending|Task run created|∅|"+T1+"|0:Pending:Task run created\n"+
			"transform|-1|0|Pending|Task run created|ck|"+T1+"|0:Pending:Task run created")
	name := f.rows(`SELECT name FROM flow_run WHERE id = ?`, id)
	if !regexp.MustCompile(`^[a-z]+-[a-z]+$`).MatchString(name) {
		t.Errorf("generated name %q is not adjective-animal", name)
	}
}

func TestCreateFlowRunInputs(t *testing.T) {
	f := newFixture(t)
	at := "2026-03-02T08:00:00+02:00"
	id := f.createRun(map[string]any{"parameters": map[string]any{"a": "x", "z": true}, "labels": []any{"l1"}, "flow_run_name": "my-run",
		"scheduled_start_time": at, "context": map[string]any{"k": "v"}, "run_config": map[string]any{"type": "DockerRun", "labels": []any{"rc"}}})
	eq(t, "flow_run", f.rows(`SELECT name, parameters, labels, run_config, scheduled_start_time, state_start_time, context FROM flow_run WHERE id = ?`, id),
		`my-run|{"a":"x","b":20,"z":true}|["l1"]|{"labels":["rc"],"type":"DockerRun"}|2026-03-02T06:00:00.000000+00:00|2026-03-02T06:00:00.000000+00:00|{"k":"v"}`)
	// Labels: input run_config, then flow group labels, then flow group run_config, then the flow's.
	id = f.createRun(map[string]any{"run_config": map[string]any{"type": "DockerRun", "labels": []any{"rc"}}})
	eq(t, "labels from input run_config", f.rows(`SELECT labels FROM flow_run WHERE id = ?`, id), `["rc"]`)
	f.db.Exec(`UPDATE flow_group SET run_config = '{"type": "KubernetesRun", "labels": ["fg-rc"]}' WHERE id = ?`, G1)
	id = f.createRun(nil)
	eq(t, "labels from flow group run_config", f.rows(`SELECT labels, run_config FROM flow_run WHERE id = ?`, id), `["fg-rc"]|{"type": "KubernetesRun", "labels": ["fg-rc"]}`)
	f.db.Exec(`UPDATE flow_group SET labels = '["fg"]' WHERE id = ?`, G1)
	id = f.createRun(nil)
	eq(t, "labels from flow group", f.rows(`SELECT labels FROM flow_run WHERE id = ?`, id), `["fg"]`)
	id = f.createRun(map[string]any{"labels": []any{}})
	eq(t, "empty input labels win", f.rows(`SELECT labels FROM flow_run WHERE id = ?`, id), `[]`)
}

func TestCreateFlowRunIdempotencyAndVersionGroup(t *testing.T) {
	f := newFixture(t)
	a := f.createRun(map[string]any{"idempotency_key": "k1"})
	f.now = t0.Add(time.Minute)
	b := f.createRun(map[string]any{"idempotency_key": "k1", "flow_run_name": "ignored"})
	if a != b {
		t.Fatalf("idempotency key: %s then %s", a, b)
	}
	eq(t, "runs", f.rows(`SELECT count(*), (SELECT count(*) FROM flow_run_state) FROM flow_run`), "1|1")
	out := f.must("create_flow_run", map[string]any{"version_group_id": "vg1"})
	eq(t, "latest unarchived of vg1", f.rows(`SELECT flow_id FROM flow_run WHERE id = ?`, strings.Split(out, `"`)[3]), F2)
}

func TestCreateFlowRunErrors(t *testing.T) {
	f := newFixture(t)
	eq(t, "archived", f.fails("create_flow_run", map[string]any{"flow_id": F1}), "Flow "+F1+" is archived.")
	eq(t, "missing", f.fails("create_flow_run", map[string]any{"flow_id": Missing}), "Flow "+Missing+" not found")
	eq(t, "no id", f.fails("create_flow_run", map[string]any{}), "A flow id or version group ID must be provided.")
	eq(t, "no vg", f.fails("create_flow_run", map[string]any{"version_group_id": "nope"}), "No unarchived flows found in version group nope")
	eq(t, "required", f.fails("create_flow_run", map[string]any{"flow_id": F3, "parameters": map[string]any{"d": 1}}),
		"Required parameters were not supplied: {'c'}")
	eq(t, "required both", f.fails("create_flow_run", map[string]any{"flow_id": F3}), "Required parameters were not supplied: {'c', 'd'}")
	f.must("create_flow_run", map[string]any{"flow_id": F3, "parameters": map[string]any{"c": 1, "d": nil}})
	eq(t, "bad uuid", f.fails("create_flow_run", map[string]any{"flow_id": "nope"}), `invalid input syntax for type uuid: "nope"`)
	eq(t, "bad time", f.fails("create_flow_run", map[string]any{"flow_id": F2, "scheduled_start_time": "soon"}),
		`invalid input syntax for type timestamptz: "soon"`)
	_, err := f.mutateAs(engine.Principal{TenantID: T2, Cloud: true, Scope: "TENANT"}, "create_flow_run", map[string]any{"flow_id": F2})
	if err == nil || err.Error() != "Flow "+F2+" not found" {
		t.Errorf("other tenant: %v", err)
	}
	if n := f.count("flow_run", "1"); n != 1 {
		t.Errorf("failed creates left %d runs", n)
	}
}

func TestStateTriggers(t *testing.T) {
	f := newFixture(t)
	id := f.createRun(nil)
	step := func(d time.Duration, state map[string]any) {
		t.Helper()
		f.now = t0.Add(d)
		if err := f.setFlowState(id, state); err != nil {
			t.Fatal(err)
		}
	}
	cols := `SELECT version, state, state_message, state_timestamp, start_time, end_time, heartbeat FROM flow_run WHERE id = ?`
	step(10*time.Second, map[string]any{"type": "Submitted", "message": "sub"})
	eq(t, "submitted", f.rows(cols, id), "2|Submitted|sub|"+tsOf(10*time.Second)+"|∅|∅|"+tsOf(10*time.Second))
	step(20*time.Second, map[string]any{"type": "Running", "message": "run"})
	eq(t, "running", f.rows(cols, id), "3|Running|run|"+tsOf(20*time.Second)+"|"+tsOf(20*time.Second)+"|∅|"+tsOf(20*time.Second))
	step(30*time.Second, map[string]any{"type": "TriggerFailed"})
	eq(t, "TriggerFailed sets no end_time", f.rows(cols, id), "4|TriggerFailed|∅|"+tsOf(30*time.Second)+"|"+tsOf(20*time.Second)+"|∅|"+tsOf(20*time.Second))
	step(40*time.Second, map[string]any{"type": "Running"})
	eq(t, "second Running keeps the first start", f.rows(cols, id), "5|Running|∅|"+tsOf(40*time.Second)+"|"+tsOf(20*time.Second)+"|∅|"+tsOf(40*time.Second))
	step(50*time.Second, map[string]any{"type": "Success", "message": "done"})
	eq(t, "success", f.rows(cols, id), "6|Success|done|"+tsOf(50*time.Second)+"|"+tsOf(20*time.Second)+"|"+tsOf(50*time.Second)+"|"+tsOf(40*time.Second))
	for _, s := range []string{"Mapped", "Skipped", "Finished", "ValidationFailed"} {
		step(60*time.Second, map[string]any{"type": s})
		eq(t, s+" keeps end_time", f.rows(`SELECT state, end_time FROM flow_run WHERE id = ?`, id), s+"|"+tsOf(50*time.Second))
	}
	step(70*time.Second, map[string]any{"type": "Failed"})
	eq(t, "Failed moves end_time", f.rows(`SELECT state, end_time, version FROM flow_run WHERE id = ?`, id), "Failed|"+tsOf(70*time.Second)+"|11")
	eq(t, "history", f.rows(`SELECT group_concat(version || ':' || state, ' ') FROM (SELECT * FROM flow_run_state WHERE flow_run_id = ? ORDER BY version)`, id),
		"1:Scheduled 2:Submitted 3:Running 4:TriggerFailed 5:Running 6:Success 7:Mapped 8:Skipped 9:Finished 10:ValidationFailed 11:Failed")
	eq(t, "serialized_state", f.rows(`SELECT serialized_state FROM flow_run WHERE id = ?`, id),
		`{"__version__":"1.4.1","_result":{"__version__":"1.4.1","type":"NoResultType"},"cached_inputs":{},"context":{},"message":null,"type":"Failed"}`)
	step(80*time.Second, map[string]any{"type": "Scheduled", "start_time": "2026-03-02T00:00:00Z"})
	eq(t, "scheduled start_time", f.rows(`SELECT state_start_time, end_time FROM flow_run WHERE id = ?`, id), "2026-03-02T00:00:00.000000+00:00|"+tsOf(70*time.Second))
}

func TestSetFlowRunStatesPayloadAndSubmitted(t *testing.T) {
	f := newFixture(t)
	id := f.createRun(nil)
	f.hdr = map[string]string{"X-Prefect-Agent-Id": "agent-1"}
	out := f.must("set_flow_run_states", map[string]any{"states": []any{map[string]any{"flow_run_id": id, "version": int64(99), "state": map[string]any{"type": "Submitted"}}}})
	eq(t, "payload", out, `{"states":[{"id":"`+id+`","message":null,"status":"SUCCESS"}]}`)
	eq(t, "agent", f.rows(`SELECT agent_id, version FROM flow_run WHERE id = ?`, id), "agent-1|2")
	f.now = t0.Add(29 * time.Second)
	eq(t, "double submit", f.fails("set_flow_run_states", map[string]any{"states": []any{map[string]any{"flow_run_id": id, "state": map[string]any{"type": "Submitted"}}}}),
		"State update failed: this run has already been submitted.")
	f.now = t0.Add(31 * time.Second)
	f.must("set_flow_run_states", map[string]any{"states": []any{map[string]any{"flow_run_id": id, "state": `{"type": "Submitted"}`}}})
	eq(t, "version", f.rows(`SELECT version FROM flow_run WHERE id = ?`, id), "3")
}

func TestBadStates(t *testing.T) {
	f := newFixture(t)
	id := f.createRun(nil)
	set := func(state any) string {
		return f.fails("set_flow_run_states", map[string]any{"states": []any{map[string]any{"flow_run_id": id, "state": state}}})
	}
	eq(t, "unknown type", set(map[string]any{"type": "Exploded"}), "Invalid state: unsupported value: Exploded")
	eq(t, "abstract", set(map[string]any{"type": "_MetaState"}), "Invalid state: unsupported value: _MetaState")
	eq(t, "no type", set(map[string]any{"message": "x"}), `Invalid state: missing "type"`)
	eq(t, "not json", set("{nope"), "Invalid state: invalid character 'n' looking for beginning of object key string")
	eq(t, "bad message", set(map[string]any{"type": "Running", "message": int64(3)}), `Invalid state: "message" must be a string`)
	eq(t, "too large", set(map[string]any{"type": "Running", "message": strings.Repeat("x", 1<<20)}), "State payload is too large (1048607 bytes; the limit is 1 MB)")
	eq(t, "missing run", f.fails("set_flow_run_states", map[string]any{"states": []any{map[string]any{"flow_run_id": Missing, "state": map[string]any{"type": "Running"}}}}),
		"Flow run "+Missing+" not found")
	eq(t, "nothing written", f.rows(`SELECT version, (SELECT count(*) FROM flow_run_state) FROM flow_run`), "1|1")
}

func TestCancelledCancelsTaskRuns(t *testing.T) {
	f := newFixture(t)
	id := f.createRun(nil)
	f.setFlowState(id, map[string]any{"type": "Running"})
	f.now = t0.Add(time.Second)
	if err := f.setTaskState(f.taskRun(id, K1), map[string]any{"type": "Running"}); err != nil {
		t.Fatal(err)
	}
	f.now = t0.Add(2 * time.Second)
	f.setTaskState(f.taskRun(id, K1), map[string]any{"type": "Success"})
	f.setTaskState(f.taskRun(id, K2), map[string]any{"type": "Running"})
	f.now = t0.Add(5 * time.Second)
	if err := f.setFlowState(id, map[string]any{"type": "Cancelled", "message": "stop"}); err != nil {
		t.Fatal(err)
	}
	eq(t, "task runs", f.rows(`SELECT t.name, tr.state, tr.state_message, tr.version, tr.end_time FROM task_run tr JOIN task t ON t.id = tr.task_id
		WHERE flow_run_id = ? ORDER BY t.name`, id),
		"extract|Success|∅|2|"+tsOf(2*time.Second)+"\n"+
			"load|Cancelled|stop|1|"+tsOf(5*time.Second)+"\n"+
			"transform|Cancelled|stop|2|"+tsOf(5*time.Second))
	eq(t, "flow run", f.rows(`SELECT state, end_time FROM flow_run WHERE id = ?`, id), "Cancelled|"+tsOf(5*time.Second))
}

func TestSetTaskRunStates(t *testing.T) {
	f := newFixture(t)
	id := f.createRun(nil)
	tr := f.taskRun(id, K1)
	eq(t, "not running", f.fails("set_task_run_states", map[string]any{"states": []any{map[string]any{"task_run_id": tr, "state": map[string]any{"type": "Running"}}}}),
		"State update failed: parent flow run "+id+" is not in a running state.")
	f.setFlowState(id, map[string]any{"type": "Running"})
	f.now = t0.Add(time.Second)
	out := f.must("set_task_run_states", map[string]any{"states": []any{map[string]any{"task_run_id": tr, "state": map[string]any{"type": "Running", "cached_inputs": map[string]any{"x": 1}}}}})
	eq(t, "payload", out, `{"states":[{"id":"`+tr+`","message":null,"status":"SUCCESS"}]}`)
	f.now = t0.Add(3 * time.Second)
	f.setTaskState(tr, map[string]any{"type": "Retrying", "start_time": "2026-03-01T12:01:00Z"})
	eq(t, "retrying", f.rows(`SELECT state, version, start_time, end_time, state_start_time, heartbeat FROM task_run WHERE id = ?`, tr),
		"Retrying|2|"+tsOf(time.Second)+"|∅|"+tsOf(time.Minute)+"|"+tsOf(time.Second))
	eq(t, "cached_inputs carried", f.rows(`SELECT json_extract(serialized_state, '$.cached_inputs.x') FROM task_run WHERE id = ?`, tr), "1")
	f.now = t0.Add(4 * time.Second)
	f.setTaskState(tr, map[string]any{"type": "Cached"})
	eq(t, "cached", f.rows(`SELECT state, version, start_time, end_time FROM task_run WHERE id = ?`, tr), "Cached|3|"+tsOf(time.Second)+"|"+tsOf(4*time.Second))
	eq(t, "history", f.rows(`SELECT group_concat(version || ':' || state, ' ') FROM (SELECT * FROM task_run_state WHERE task_run_id = ? ORDER BY version)`, tr),
		"0:Pending 1:Running 2:Retrying 3:Cached")
	eq(t, "missing", f.fails("set_task_run_states", map[string]any{"states": []any{map[string]any{"task_run_id": Missing, "state": map[string]any{"type": "Success"}}}}),
		"Task run "+Missing+" not found")
}

func TestCancelFlowRun(t *testing.T) {
	f := newFixture(t)
	scheduled := f.createRun(nil)
	running := f.createRun(nil)
	done := f.createRun(nil)
	f.setFlowState(running, map[string]any{"type": "Running"})
	f.setFlowState(done, map[string]any{"type": "Success"})
	f.now = t0.Add(time.Minute)
	eq(t, "scheduled", f.must("cancel_flow_run", map[string]any{"flow_run_id": scheduled}), `{"state":"Cancelled"}`)
	eq(t, "scheduled row", f.rows(`SELECT state, state_message, version, end_time FROM flow_run WHERE id = ?`, scheduled),
		"Cancelled|Flow run is cancelled|2|"+tsOf(time.Minute))
	eq(t, "its task runs", f.rows(`SELECT group_concat(DISTINCT state) FROM task_run WHERE flow_run_id = ?`, scheduled), "Cancelled")
	eq(t, "running", f.must("cancel_flow_run", map[string]any{"flow_run_id": running}), `{"state":"Cancelling"}`)
	eq(t, "running row", f.rows(`SELECT state, state_message, version, end_time FROM flow_run WHERE id = ?`, running),
		"Cancelling|Flow run is cancelling|3|∅")
	eq(t, "running task runs untouched", f.rows(`SELECT group_concat(DISTINCT state) FROM task_run WHERE flow_run_id = ?`, running), "Pending")
	eq(t, "finished", f.must("cancel_flow_run", map[string]any{"flow_run_id": done}), `{"state":"Success"}`)
	eq(t, "finished untouched", f.rows(`SELECT state, version FROM flow_run WHERE id = ?`, done), "Success|2")
	eq(t, "missing", f.fails("cancel_flow_run", map[string]any{"flow_run_id": Missing}), "Flow run "+Missing+" not found")
	_, err := f.mutateAs(engine.Principal{TenantID: T2, Cloud: true, Scope: "TENANT"}, "cancel_flow_run", map[string]any{"flow_run_id": scheduled})
	if err == nil || err.(*engine.Error).Code != "NOT_FOUND" {
		t.Errorf("other tenant: %v", err)
	}
	_, err = f.mutateAs(engine.Principal{Cloud: true, Scope: "USER"}, "cancel_flow_run", map[string]any{"flow_run_id": scheduled})
	if err == nil || err.(*engine.Error).Code != "UNAUTHENTICATED" {
		t.Errorf("tenant-less cloud user: %v", err)
	}
}

func TestRunEdits(t *testing.T) {
	f := newFixture(t)
	id := f.createRun(nil)
	tr := f.taskRun(id, K1)
	f.now = t0.Add(time.Minute)
	eq(t, "name", f.must("set_flow_run_name", map[string]any{"flow_run_id": id, "name": "renamed"}), `{"error":null,"success":true}`)
	f.must("set_flow_run_labels", map[string]any{"flow_run_id": id, "labels": []any{"a", "b"}})
	f.must("set_task_run_name", map[string]any{"task_run_id": tr, "name": "tr-name"})
	f.must("update_flow_run_heartbeat", map[string]any{"flow_run_id": id})
	f.must("update_task_run_heartbeat", map[string]any{"task_run_id": tr})
	eq(t, "flow run", f.rows(`SELECT name, labels, heartbeat, updated FROM flow_run WHERE id = ?`, id), `renamed|["a","b"]|`+tsOf(time.Minute)+"|"+tsOf(time.Minute))
	eq(t, "task run", f.rows(`SELECT name, heartbeat FROM task_run WHERE id = ?`, tr), "tr-name|"+tsOf(time.Minute))
	eq(t, "missing", f.fails("set_flow_run_name", map[string]any{"flow_run_id": Missing, "name": "x"}), "Flow run "+Missing+" not found")
	eq(t, "empty name", f.fails("set_task_run_name", map[string]any{"task_run_id": tr, "name": ""}), "A name must be provided.")
	f.must("write_run_logs", map[string]any{"logs": []any{
		map[string]any{"flow_run_id": id, "message": "hello", "level": "WARNING", "name": "custom", "timestamp": "2026-03-01T12:00:05Z", "info": map[string]any{"k": 1}},
		map[string]any{"flow_run_id": id, "task_run_id": tr, "message": "default level"},
	}})
	eq(t, "logs", f.rows(`SELECT tenant_id, task_run_id, timestamp, name, level, message, info FROM log WHERE flow_run_id = ? ORDER BY timestamp`, id),
		T1+"|∅|"+tsOf(5*time.Second)+`|custom|WARNING|hello|{"k":1}`+"\n"+T1+"|"+tr+"|"+tsOf(time.Minute)+"|∅|INFO|default level|∅")
	eq(t, "bad level", f.fails("write_run_logs", map[string]any{"logs": []any{map[string]any{"flow_run_id": id, "level": "LOUD"}}}), `Invalid log level "LOUD".`)
	eq(t, "delete", f.must("delete_flow_run", map[string]any{"flow_run_id": id}), `{"error":null,"success":true}`)
	for _, tb := range []string{"flow_run", "flow_run_state", "task_run", "task_run_state", "log"} {
		if n := f.count(tb, "1"); n != 0 {
			t.Errorf("%s: %d rows left after delete", tb, n)
		}
	}
	eq(t, "delete missing", f.must("delete_flow_run", map[string]any{"flow_run_id": id}), `{"error":"Flow run `+id+` not found","success":false}`)
}

func TestGetOrCreateTaskRun(t *testing.T) {
	f := newFixture(t)
	id := f.createRun(nil)
	out := f.must("get_or_create_task_run_info", map[string]any{"flow_run_id": id, "task_id": K2, "map_index": int64(3)})
	var child string
	child = f.rows(`SELECT id FROM task_run WHERE flow_run_id = ? AND map_index = 3`, id)
	eq(t, "created child", out, `{"id":"`+child+`","serialized_state":{"type":"Pending","message":"Task run created"},"state":"Pending","version":0}`)
	eq(t, "same again", f.must("get_or_create_task_run", map[string]any{"flow_run_id": id, "task_id": K2, "map_index": int64(3)}), `{"id":"`+child+`"}`)
	eq(t, "parent", f.must("get_or_create_task_run", map[string]any{"flow_run_id": id, "task_id": K1}), `{"id":"`+f.taskRun(id, K1)+`"}`)
	eq(t, "child row", f.rows(`SELECT map_index, cache_key, tenant_id, (SELECT count(*) FROM task_run_state WHERE task_run_id = ?) FROM task_run WHERE id = ?`, child, child),
		"3|ck|"+T1+"|1")
	eq(t, "foreign task", f.fails("get_or_create_task_run", map[string]any{"flow_run_id": id, "task_id": Missing}), "Task "+Missing+" not found")
}
