package mutations_test

import (
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server/engine"
)

func TestSchedules(t *testing.T) {
	f := newFixture(t)
	f.now = t0.Add(10 * time.Minute)
	eq(t, "active", f.must("set_schedule_active", map[string]any{"flow_id": F2}), `{"error":null,"success":true}`)
	eq(t, "scheduled runs", f.rows(`SELECT count(*), min(scheduled_start_time), max(scheduled_start_time), min(auto_scheduled), min(idempotency_key),
		group_concat(DISTINCT state) FROM flow_run WHERE flow_id = ?`, F2),
		"10|"+tsOf(time.Hour)+"|"+tsOf(10*time.Hour)+"|1|auto-scheduled:"+t0.Add(time.Hour).Format("2006-01-02T15:04:05-07:00")+"|Scheduled")
	// Scheduling again creates nothing new.
	f.must("set_schedule_active", map[string]any{"flow_id": F2})
	eq(t, "idempotent", f.rows(`SELECT count(*) FROM flow_run`), "10")
	manual := f.createRun(nil)
	started := f.rows(`SELECT id FROM flow_run WHERE auto_scheduled = 1 ORDER BY scheduled_start_time LIMIT 1`)
	f.setFlowState(started, map[string]any{"type": "Running"})
	eq(t, "inactive", f.must("set_schedule_inactive", map[string]any{"flow_id": F2}), `{"error":null,"success":true}`)
	eq(t, "left", f.rows(`SELECT flow_run.id, is_schedule_active FROM flow_run JOIN flow ON flow.id = flow_run.flow_id ORDER BY flow_run.id`),
		strings.Join(sortedLines(manual+"|0", started+"|0"), "\n"))
	eq(t, "history of deleted runs gone", f.rows(`SELECT count(*) FROM flow_run_state WHERE flow_run_id NOT IN (SELECT id FROM flow_run)`), "0")
	// Without a schedule of its own or of its flow group, nothing changes.
	eq(t, "no schedule", f.must("set_schedule_active", map[string]any{"flow_id": F3}), `{"error":null,"success":false}`)
	if _, err := f.db.Exec(`UPDATE flow SET schedule = (SELECT schedule FROM flow WHERE id = ?) WHERE id = ?`, F2, F3); err != nil {
		t.Fatal(err)
	}
	eq(t, "required params", f.fails("set_schedule_active", map[string]any{"flow_id": F3}), "Can not schedule a flow that has required parameters.")
	eq(t, "missing", f.fails("set_schedule_inactive", map[string]any{"flow_id": Missing}), "Flow "+Missing+" not found")
}

func sortedLines(l ...string) []string {
	for i := range l {
		for j := i + 1; j < len(l); j++ {
			if l[j] < l[i] {
				l[i], l[j] = l[j], l[i]
			}
		}
	}
	return l
}

func TestArchiveAndDeleteFlow(t *testing.T) {
	f := newFixture(t)
	f.must("set_schedule_active", map[string]any{"flow_id": F2})
	manual := f.createRun(nil)
	f.must("archive_flow", map[string]any{"flow_id": F2})
	eq(t, "flow", f.rows(`SELECT archived, is_schedule_active FROM flow WHERE id = ?`, F2), "1|0")
	eq(t, "only the manual run is left", f.rows(`SELECT id FROM flow_run`), manual)
	eq(t, "archived cannot run", f.fails("create_flow_run", map[string]any{"flow_id": F2}), "Flow "+F2+" is archived.")
	f.must("delete_flow", map[string]any{"flow_id": F2})
	for _, tb := range []string{"flow_run", "task_run", "task", "flow_run_state"} {
		if n := f.count(tb, "1"); n != 0 {
			t.Errorf("%s: %d rows left", tb, n)
		}
	}
	eq(t, "group kept (other versions)", f.rows(`SELECT count(*) FROM flow_group WHERE id = ?`, G1), "1")
	f.must("delete_flow", map[string]any{"flow_id": F1})
	f.must("delete_flow", map[string]any{"flow_id": F3})
	eq(t, "group gone with its last flow", f.rows(`SELECT count(*) FROM flow_group WHERE id = ?`, G1), "0")
}

func TestFlowGroupAndSettings(t *testing.T) {
	f := newFixture(t)
	f.now = t0.Add(time.Minute)
	f.must("set_flow_group_description", map[string]any{"flow_group_id": G1, "description": "desc"})
	f.must("set_flow_group_labels", map[string]any{"flow_group_id": G1, "labels": []any{"x"}})
	f.must("set_flow_group_default_parameters", map[string]any{"flow_group_id": G1, "parameters": map[string]any{"a": 5}})
	f.must("set_flow_group_run_config", map[string]any{"flow_group_id": G1, "run_config": map[string]any{"type": "LocalRun"}})
	f.must("disable_flow_heartbeat", map[string]any{"flow_id": F2})
	f.must("disable_flow_lazarus_process", map[string]any{"flow_id": F2})
	eq(t, "group", f.rows(`SELECT description, labels, default_parameters, run_config, settings, updated FROM flow_group WHERE id = ?`, G1),
		`desc|["x"]|{"a":5}|{"type":"LocalRun"}|{"heartbeat_enabled":false,"disable_heartbeat":true,"lazarus_enabled":false}|`+tsOf(time.Minute))
	f.must("enable_flow_heartbeat", map[string]any{"flow_id": F2})
	eq(t, "heartbeat on", f.rows(`SELECT json_extract(settings, '$.heartbeat_enabled'), json_extract(settings, '$.disable_heartbeat') FROM flow_group WHERE id = ?`, G1), "1|0")
	id := f.createRun(nil)
	eq(t, "new defaults apply", f.rows(`SELECT parameters, labels FROM flow_run WHERE id = ?`, id), `{"a":5,"b":2}|["x"]`)
	eq(t, "bad run_config", f.fails("set_flow_group_run_config", map[string]any{"flow_group_id": G1, "run_config": map[string]any{"labels": []any{}}}),
		`Invalid run_config: missing "type".`)
	eq(t, "bad cron", f.fails("set_flow_group_schedule", map[string]any{"flow_group_id": G1, "cron_clocks": []any{map[string]any{"cron": "every day"}}}),
		"Invalid cron string: every day")
	f.must("set_flow_group_schedule", map[string]any{"flow_group_id": G1, "cron_clocks": []any{map[string]any{"cron": "30 */6 * * *"}}})
	eq(t, "runs follow the group schedule", f.rows(`SELECT count(*), min(scheduled_start_time) FROM flow_run WHERE auto_scheduled = 1`),
		"10|"+tsOf(30*time.Minute))
	f.must("delete_flow_group_schedule", map[string]any{"flow_group_id": G1})
	eq(t, "schedule gone", f.rows(`SELECT schedule FROM flow_group WHERE id = ?`, G1), "∅")
	eq(t, "project move", f.fails("update_flow_project", map[string]any{"flow_id": F2, "project_id": P2}), "Project "+P2+" not found")
	eq(t, "missing group", f.fails("set_flow_group_labels", map[string]any{"flow_group_id": Missing, "labels": []any{}}), "Flow group "+Missing+" not found")
	_, err := f.mutateAs(engine.Principal{TenantID: T2, Cloud: true}, "set_flow_group_labels", map[string]any{"flow_group_id": G1, "labels": []any{}})
	if err == nil || err.Error() != "Flow group "+G1+" not found" {
		t.Errorf("other tenant: %v", err)
	}
}

func TestTenantsAndProjects(t *testing.T) {
	f := newFixture(t)
	out := f.must("create_tenant", map[string]any{"name": "New", "slug": "new-co"})
	id := strings.Split(out, `"`)[3]
	eq(t, "tenant", f.rows(`SELECT name, slug, settings FROM tenant WHERE id = ?`, id), "New|new-co|{}")
	eq(t, "dup slug", f.fails("create_tenant", map[string]any{"name": "X", "slug": "acme"}),
		`Uniqueness violation.`)
	eq(t, "bad slug", f.fails("create_tenant", map[string]any{"name": "X", "slug": "Bad Slug"}), `Invalid slug "Bad Slug": use lower-case letters, digits and single dashes.`)
	f.must("update_tenant_name", map[string]any{"tenant_id": id, "name": "Renamed"})
	f.must("update_tenant_slug", map[string]any{"tenant_id": id, "slug": "renamed"})
	f.must("update_tenant_settings", map[string]any{"tenant_id": id, "settings": map[string]any{"a": 1}})
	f.must("update_tenant_settings", map[string]any{"tenant_id": id, "settings": map[string]any{"b": 2}})
	eq(t, "updated", f.rows(`SELECT name, slug, settings FROM tenant WHERE id = ?`, id), `Renamed|renamed|{"a":1,"b":2}`)
	p := strings.Split(f.must("create_project", map[string]any{"tenant_id": T1, "name": "Beta", "description": "d"}), `"`)[3]
	eq(t, "project", f.rows(`SELECT tenant_id, name, description FROM project WHERE id = ?`, p), T1+"|Beta|d")
	eq(t, "dup project", f.fails("create_project", map[string]any{"tenant_id": T1, "name": "Alpha"}),
		`Uniqueness violation.`)
	f.must("create_project", map[string]any{"tenant_id": T2, "name": "Alpha"})
	eq(t, "rename", f.must("set_project_name", map[string]any{"project_id": p, "name": "Beta2"}), `{"id":"`+p+`"}`)
	f.must("set_project_description", map[string]any{"project_id": p, "description": "new"})
	eq(t, "project updated", f.rows(`SELECT name, description FROM project WHERE id = ?`, p), "Beta2|new")
	_, err := f.mutateAs(engine.Principal{TenantID: T2, Cloud: true}, "create_project", map[string]any{"tenant_id": T1, "name": "Sneaky"})
	if err == nil || err.Error() != "Tenant "+T1+" not found" {
		t.Errorf("cloud principal in another tenant: %v", err)
	}
	f.must("delete_project", map[string]any{"project_id": P1})
	eq(t, "project flows gone", f.rows(`SELECT count(*), (SELECT count(*) FROM flow_group WHERE tenant_id = ?) FROM flow WHERE tenant_id = ?`, T1, T1), "0|0")
	eq(t, "confirm", f.fails("delete_tenant", map[string]any{"tenant_id": T2, "confirm": false}), "You must confirm deleting a tenant.")
	f.must("delete_tenant", map[string]any{"tenant_id": T2, "confirm": true})
	eq(t, "tenant gone", f.rows(`SELECT count(*), (SELECT count(*) FROM flow WHERE tenant_id = ?), (SELECT count(*) FROM project WHERE tenant_id = ?) FROM tenant WHERE id = ?`, T2, T2, T2), "0|0|0")
}

func TestAgentsArtifactsMessages(t *testing.T) {
	f := newFixture(t)
	f.hdr = map[string]string{"X-Prefect-Core-Version": "1.4.1"}
	cfg := strings.Split(f.must("create_agent_config", map[string]any{"tenant_id": T1, "name": "cfg", "settings": map[string]any{"c": 1}}), `"`)[3]
	agent := strings.Split(f.must("register_agent", map[string]any{"type": "LocalAgent", "name": "a1", "labels": []any{"x"}, "agent_config_id": cfg}), `"`)[3]
	eq(t, "agent", f.rows(`SELECT tenant_id, agent_config_id, name, type, core_version, labels, last_queried FROM agent WHERE id = ?`, agent),
		T1+"|"+cfg+`|a1|LocalAgent|1.4.1|["x"]|`+tsOf(0))
	f.must("update_agent_config", map[string]any{"agent_config_id": cfg, "settings": map[string]any{"c": 2}})
	eq(t, "config", f.rows(`SELECT name, settings FROM agent_config WHERE id = ?`, cfg), `cfg|{"c":2}`)
	f.must("delete_agent_config", map[string]any{"agent_config_id": cfg})
	eq(t, "agent unlinked", f.rows(`SELECT agent_config_id FROM agent WHERE id = ?`, agent), "∅")
	eq(t, "delete agent", f.must("delete_agent", map[string]any{"agent_id": agent}), `{"error":null,"success":true}`)
	eq(t, "delete agent again", f.must("delete_agent", map[string]any{"agent_id": agent}), `{"error":"Agent `+agent+` not found","success":false}`)

	run := f.createRun(nil)
	tr := f.taskRun(run, K1)
	art := strings.Split(f.must("create_task_run_artifact", map[string]any{"task_run_id": tr, "kind": "link", "data": map[string]any{"link": "https://x"}}), `"`)[3]
	f.must("update_task_run_artifact", map[string]any{"task_run_artifact_id": art, "data": map[string]any{"link": "https://y"}})
	eq(t, "artifact", f.rows(`SELECT tenant_id, task_run_id, kind, data FROM task_run_artifact WHERE id = ?`, art), T1+"|"+tr+`|link|{"link":"https://y"}`)
	eq(t, "bad markdown", f.fails("create_task_run_artifact", map[string]any{"task_run_id": tr, "kind": "markdown", "data": map[string]any{"link": "x"}}),
		"A markdown artifact needs data.markdown.")
	f.must("delete_task_run_artifact", map[string]any{"task_run_artifact_id": art})
	eq(t, "artifact gone", f.rows(`SELECT count(*) FROM task_run_artifact`), "0")

	f.db.Exec(`INSERT INTO message (id, created, updated, tenant_id, read, content) VALUES (?, ?, ?, ?, 0, '{}')`, Missing, tsOf(0), tsOf(0), T1)
	f.must("mark_message_as_read", map[string]any{"message_id": Missing})
	eq(t, "read", f.rows(`SELECT read FROM message`), "1")
	f.must("mark_message_as_unread", map[string]any{"message_id": Missing})
	eq(t, "unread", f.rows(`SELECT read FROM message`), "0")
	f.must("delete_message", map[string]any{"message_id": Missing})
	eq(t, "message gone", f.rows(`SELECT count(*) FROM message`), "0")
}

func TestCloudHooks(t *testing.T) {
	f := newFixture(t)
	id := strings.Split(f.must("create_cloud_hook", map[string]any{"tenant_id": T1, "type": "WEBHOOK", "name": "h", "states": []any{"Failed"},
		"config": map[string]any{"url": "https://example.test/hook"}}), `"`)[3]
	eq(t, "hook", f.rows(`SELECT tenant_id, name, type, states, config, active FROM cloud_hook WHERE id = ?`, id),
		T1+`|h|WEBHOOK|["Failed"]|{"url":"https://example.test/hook"}|1`)
	f.must("set_cloud_hook_inactive", map[string]any{"cloud_hook_id": id})
	eq(t, "inactive", f.rows(`SELECT active FROM cloud_hook WHERE id = ?`, id), "0")
	f.must("set_cloud_hook_active", map[string]any{"cloud_hook_id": id})
	eq(t, "active", f.rows(`SELECT active FROM cloud_hook WHERE id = ?`, id), "1")
	eq(t, "config", f.fails("create_cloud_hook", map[string]any{"tenant_id": T1, "type": "SLACK_WEBHOOK", "states": []any{}}),
		`Invalid config for a SLACK_WEBHOOK hook: missing "url".`)
	eq(t, "state", f.fails("create_cloud_hook", map[string]any{"tenant_id": T1, "type": "PREFECT_MESSAGE", "states": []any{"Bogus"}}), `Invalid state "Bogus".`)
	f.must("delete_cloud_hook", map[string]any{"cloud_hook_id": id})
	eq(t, "deleted", f.rows(`SELECT count(*) FROM cloud_hook`), "0")
}

func TestDatabaseErrorsAreInternal(t *testing.T) {
	f := newFixture(t)
	if _, err := f.db.Exec(`DROP TABLE flow_run_state`); err != nil {
		t.Fatal(err)
	}
	_, err := f.mutate("create_flow_run", map[string]any{"flow_id": F2})
	ge, ok := err.(*engine.Error)
	if !ok || ge.Code != "INTERNAL_SERVER_ERROR" || !strings.HasPrefix(ge.Message, "Database error: ") {
		t.Fatalf("got %#v", err)
	}
	if n := f.count("flow_run", "1"); n != 0 {
		t.Errorf("the failed create left %d runs", n)
	}
}
