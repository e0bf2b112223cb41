package realclient_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/auth"
)

// TestCloudRegisterAndRunWithPrefect14: a Prefect 1.4.1 user in Cloud mode with an API
// key, as the 1.x docs have it: `prefect auth login --key` (a key without a default
// tenant: the user's default membership, production, where it is a TENANT_ADMIN),
// `prefect create project` twice (point 5: the second answer is `Uniqueness
// violation.`, which the client turns into the existing project), `prefect register`,
// a LocalAgent on another machine started with `--key` alone (no tenant header: the
// key's tenant), and `prefect run --watch` to Success with the mapped task runs and
// logs. In the sandbox tenant, where the user is a READ_ONLY_USER, the same CLI cannot
// create a project nor register a flow (FORBIDDEN) and changes nothing.
func TestCloudRegisterAndRunWithPrefect14(t *testing.T) {
	t.Parallel()
	cs := startCloud(t, server.Options{})
	_, key, err := cs.srv.Auth.CreateKey(t.Context(), auth.DemoUserID, "laptop", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	c := newCloudClient(t, cs.url, v14)
	if out := c.prefect(nil, "auth", "login", "--key", key); !strings.Contains(out, "Logged in to Prefect Cloud tenant 'Production' (production)") {
		t.Fatalf("auth login --key: %s", out)
	}
	for range 2 {
		if out := c.prefect(nil, "create", "project", "cloudrun"); strings.TrimSpace(out) != "cloudrun created" {
			t.Fatalf("create project cloudrun: %s", out)
		}
	}
	projects := column(t, cs.srv, `SELECT id FROM project WHERE name = 'cloudrun' AND tenant_id = ?`, prodT.ID)
	if len(projects) != 1 {
		t.Fatalf("%d projects cloudrun in production", len(projects))
	}
	if got := c.python(`
import json, prefect
print(json.dumps(prefect.Client().create_project("cloudrun")))
`); got != projects[0] {
		t.Errorf("create_project on an existing name returned %v, want the existing project %s", got, projects[0])
	}

	flows, err := filepath.Abs("testdata/flows.py")
	if err != nil {
		t.Fatal(err)
	}
	if out := c.prefect(nil, "register", "--project", "cloudrun", "-p", flows); !strings.Contains(out, "3 registered") {
		t.Fatalf("register:\n%s", out)
	}
	if n := column(t, cs.srv, `SELECT count(*) FROM flow f JOIN project p ON p.id = f.project_id
		WHERE p.name = 'cloudrun' AND f.tenant_id = ? AND p.tenant_id = ?`, prodT.ID, prodT.ID)[0]; n != "3" {
		t.Fatalf("%s flows of project cloudrun in production", n)
	}

	agent := newCloudClient(t, cs.url, v14)
	agent.agent("-k", key, "-l", "realtest")
	out := c.prefect(nil, "run", "--name", "mapped-sum", "--project", "cloudrun", "--watch")
	if !strings.Contains(out, "Flow run succeeded!") || !strings.Contains(out, "/production/flow-run/") {
		t.Fatalf("prefect run --watch:\n%s", out)
	}
	runs := column(t, cs.srv, `SELECT r.id FROM flow_run r JOIN flow f ON f.id = r.flow_id
		WHERE f.name = 'mapped-sum' AND r.tenant_id = ? AND r.state = 'Success' AND r.agent_id IS NOT NULL
		AND r.start_time IS NOT NULL AND r.end_time IS NOT NULL`, prodT.ID)
	if len(runs) != 1 {
		t.Fatalf("%d finished runs of mapped-sum with an agent, start and end times", len(runs))
	}
	taskRuns := column(t, cs.srv, `SELECT tr.state || ' ' || t.name || ' ' || tr.map_index FROM task_run tr JOIN task t ON t.id = tr.task_id
		WHERE tr.flow_run_id = ? ORDER BY t.name, tr.map_index`, runs[0])
	if got := strings.Join(taskRuns, ", "); got != "Success n -1, Success numbers -1, Mapped square -1, Success square 0, Success square 1, Success square 2, Success total -1" {
		t.Errorf("task runs: %s", got)
	}
	// The flow-run process flushes its last logs as it exits, after it set Success.
	logs := func() string {
		return column(t, cs.srv, `SELECT count(*) FROM log WHERE flow_run_id = ? AND tenant_id = ?
			AND message IN ('squaring 0', 'squaring 1', 'squaring 2', 'total is 5', 'Flow run SUCCESS: all reference tasks succeeded')`, runs[0], prodT.ID)[0]
	}
	for deadline := time.Now().Add(30 * time.Second); logs() != "5" && time.Now().Before(deadline); {
		time.Sleep(250 * time.Millisecond)
	}
	if n := logs(); n != "5" {
		t.Errorf("%s of the run's 5 logs", n)
	}

	// A READ_ONLY_USER in sandbox: refused at once, nothing written.
	c.prefect(nil, "auth", "switch-tenants", "--slug", "sandbox")
	sandboxRows := func() string {
		return column(t, cs.srv, `SELECT (SELECT count(*) FROM project WHERE tenant_id = ?) || ' ' || (SELECT count(*) FROM flow WHERE tenant_id = ?)`, sandboxT.ID, sandboxT.ID)[0]
	}
	before := sandboxRows()
	if out := c.prefect(nil, "create", "project", "not-mine"); !strings.Contains(out, "'code': 'FORBIDDEN'") || !strings.Contains(out, "Error creating project") {
		t.Errorf("create project as a READ_ONLY_USER: %s", out)
	}
	project := column(t, cs.srv, `SELECT name FROM project WHERE tenant_id = ? ORDER BY name LIMIT 1`, sandboxT.ID)[0]
	out = c.prefectFails(nil, "register", "--project", project, "-p", flows)
	if !strings.Contains(out, "0 registered, 3 errored") || !strings.Contains(out, "create_flow_from_compressed_string is not allowed for the READ_ONLY_USER role") {
		t.Errorf("register as a READ_ONLY_USER:\n%s", out)
	}
	if after := sandboxRows(); after != before {
		t.Errorf("sandbox projects and flows: %s before, %s after", before, after)
	}
}
