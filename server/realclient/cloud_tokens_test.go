package realclient_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server"
)

// apiTokenFlow is the API docs' flow with an API token, through Prefect 0.15.13's
// Client: save the token, list the tenants, log in by slug and by id, refresh (access
// tokens live 20 s here, under the client's 30 s margin, so every request refreshes
// first), load the login from disk, log out (the client forgets the tenant on disk).
// Before the login, the USER token lists the tenants but reads none of their data
// through them (FORBIDDEN).
const apiTokenFlow = `
import json, sys, prefect
tok = sys.argv[1]
c = prefect.Client(api_token=tok)
c.save_api_token()
out = {"tenants": [t["slug"] for t in c.get_available_tenants()]}
try:
    c.graphql("{ tenant { projects { flows { flow_runs { logs { message } } } } } }")
    out["nested"] = "read"
except prefect.exceptions.ClientError as e:
    out["nested"] = [m["extensions"]["code"] for m in e.args[0]]
out["by_slug"] = [c.login_to_tenant(tenant_slug="staging"), c.tenant_id]
first = c._access_token
out["read"] = sorted({f.tenant_id for f in c.graphql({"query": {"flow": {"tenant_id"}}}).data.flow})
out["refreshed"] = c._access_token != first
out["by_id"] = [c.login_to_tenant(tenant_id=sys.argv[2]), c.tenant_id]
out["read_by_id"] = sorted({f.tenant_id for f in c.graphql({"query": {"flow": {"tenant_id"}}}).data.flow})
again = prefect.Client()
out["from_disk"] = [again._api_token == tok, again.tenant_id]
again.logout_from_tenant()
out["after_logout"] = [prefect.Client()._api_token == tok, prefect.Client()._tenant_id]
print(json.dumps(out, sort_keys=True))
`

// TestAPITokenFlowWithPrefect015: the API docs' API-token flow with 0.15.13.
func TestAPITokenFlowWithPrefect015(t *testing.T) {
	t.Parallel()
	cs := startCloud(t, server.Options{AccessTokenTTL: 20 * time.Second})
	c := newCloudClient(t, cs.url, v015)
	got := fmt.Sprint(c.python(apiTokenFlow, cs.srv.DemoUserToken(), prodT.ID))
	want := fmt.Sprint(map[string]any{
		"tenants":      []any{"production", "sandbox", "staging"},
		"nested":       []any{"FORBIDDEN"},
		"by_slug":      []any{true, stagingT.ID},
		"read":         []any{stagingT.ID},
		"refreshed":    true,
		"by_id":        []any{true, prodT.ID},
		"read_by_id":   []any{prodT.ID},
		"from_disk":    []any{true, prodT.ID},
		"after_logout": []any{true, nil},
	})
	if got != want {
		t.Errorf("API token flow:\n got %s\nwant %s", got, want)
	}
}

// TestAuthLoginWithPrefect015 (point 8): `prefect auth login -t` with a USER token
// logs in to the tenant of `user { default_membership { tenant_id } }`; list-tenants
// and get flows follow it.
func TestAuthLoginWithPrefect015(t *testing.T) {
	t.Parallel()
	cs := startCloud(t, server.Options{})
	c := newCloudClient(t, cs.url, v015)
	if out := c.prefect(nil, "auth", "login", "-t", cs.srv.DemoUserToken()); !strings.Contains(out, "Login successful!") {
		t.Fatalf("prefect auth login -t: %s", out)
	}
	out := c.prefect(nil, "auth", "list-tenants")
	if !strings.Contains(out, prodT.ID+"  *") || strings.Count(out, "7e4a0000-") != 3 {
		t.Errorf("list-tenants after login -t:\n%s", out)
	}
	flowIDsIn(t, cs, c.prefect(nil, "get", "flows"), prodT.ID)
}

// agentFlow registers, as a production admin through 0.15.13's Client, a flow with a
// mapped task in Local storage, starts a run of it and makes a RUNNER token; it prints
// the run id and the token.
const agentFlow = `
import json, sys, prefect
from prefect import Flow, task
from prefect.storage import Local
c = prefect.Client(api_token=sys.argv[1])
c.save_api_token()
c.login_to_tenant(tenant_slug="production")
@task
def inc(x):
    prefect.context.get("logger").info("inc %s", x)
    return x + 1
@task
def total(xs):
    return sum(xs)
with Flow("runner-mapped", storage=Local()) as f:
    total(inc.map([1, 2, 3]))
c.create_project("runner")
flow_id = f.register(project_name="runner", labels=["runner-test"], no_url=True)
run_id = c.create_flow_run(flow_id=flow_id)
tok = c.graphql('mutation { create_api_token(input: {name: "agent", scope: RUNNER}) { token } }').data.create_api_token.token
print(json.dumps([run_id, tok]))
`

// TestRunnerTokenAgentWithPrefect015 (roles): a real LocalAgent of 0.15.13 with a
// RUNNER token, in its own HOME as on an agent's machine, picks up the run and
// executes it to Success (states, mapped task runs, logs, heartbeats: what the policy
// lets a RUNNER token do); the same token cannot create a project (FORBIDDEN).
func TestRunnerTokenAgentWithPrefect015(t *testing.T) {
	t.Parallel()
	cs := startCloud(t, server.Options{})
	admin := newCloudClient(t, cs.url, v015)
	out := admin.python(agentFlow, cs.srv.DemoUserToken()).([]any)
	runID, runner := out[0].(string), out[1].(string)
	agent := newCloudClient(t, cs.url, v015)
	agent.agent("-t", runner, "-l", "runner-test")
	deadline := time.Now().Add(90 * time.Second)
	for {
		state := column(t, cs.srv, `SELECT state FROM flow_run WHERE id = ?`, runID)[0]
		if state == "Success" {
			break
		}
		if state == "Failed" || time.Now().After(deadline) {
			t.Fatalf("the run is %s", state)
		}
		time.Sleep(250 * time.Millisecond)
	}
	runs := column(t, cs.srv, `SELECT tr.state || ' ' || t.name || ' ' || tr.map_index FROM task_run tr JOIN task t ON t.id = tr.task_id
		WHERE tr.flow_run_id = ? ORDER BY t.name, tr.map_index`, runID)
	if got := strings.Join(runs, ", "); got != "Success Constant[list] -1, Mapped inc -1, Success inc 0, Success inc 1, Success inc 2, Success total -1" {
		t.Errorf("task runs: %s", got)
	}
	// The flow-run process ships its logs in the background and flushes the last ones
	// as it exits, after it set Success: wait for them.
	logs := func() string {
		return column(t, cs.srv, `SELECT count(*) FROM log WHERE flow_run_id = ? AND message IN ('inc 1', 'inc 2', 'inc 3', 'Flow run SUCCESS: all reference tasks succeeded')`, runID)[0]
	}
	for deadline := time.Now().Add(30 * time.Second); logs() != "4" && time.Now().Before(deadline); {
		time.Sleep(250 * time.Millisecond)
	}
	if n := logs(); n != "4" {
		t.Errorf("%s of the mapped task's and the flow run's logs", n)
	}
	if agentID := column(t, cs.srv, `SELECT COALESCE(agent_id, '') FROM flow_run WHERE id = ?`, runID)[0]; agentID == "" {
		t.Error("the run has no agent_id")
	}
	// The agent's HOME held no login: it acted with the RUNNER token alone.
	if _, err := os.Stat(filepath.Join(agent.home, ".prefect", "client")); err == nil {
		t.Error("the agent's HOME has a saved login")
	}
	refusal := fmt.Sprint(agent.python(`
import json, sys, prefect
try:
    prefect.Client(api_token=sys.argv[1]).graphql(
        "mutation($t: UUID!) { create_project(input: {tenant_id: $t, name: \"agent's\"}) { id } }", variables={"t": sys.argv[2]})
    print(json.dumps("created"))
except prefect.exceptions.ClientError as e:
    print(json.dumps(str(e)))
`, runner, prodT.ID))
	if !strings.Contains(refusal, "FORBIDDEN") || !strings.Contains(refusal, "RUNNER token") {
		t.Errorf("create_project with a RUNNER token: %s", refusal)
	}
}
