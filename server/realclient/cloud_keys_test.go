package realclient_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/auth"
)

var (
	prodT    = server.CloudDemoTenants[0]
	stagingT = server.CloudDemoTenants[1]
	sandboxT = server.CloudDemoTenants[2]
)

var uuidRe = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// flowIDsIn returns the flow ids a `prefect get flows` output shows, and fails the test
// unless they are some of tenant's flows and no other tenant's.
func flowIDsIn(t *testing.T, cs *cloudServer, out, tenant string) []string {
	t.Helper()
	own := column(t, cs.srv, `SELECT id FROM flow WHERE tenant_id = ?`, tenant)
	ids := uuidRe.FindAllString(out, -1)
	for _, id := range ids {
		if !slices.Contains(own, id) {
			t.Errorf("prefect get flows shows %s, not a flow of tenant %s:\n%s", id, tenant, out)
		}
	}
	if len(ids) < 3 {
		t.Fatalf("prefect get flows shows %d flows:\n%s", len(ids), out)
	}
	return ids
}

const createKeyM = `mutation($u: UUID!, $n: String!, $t: UUID) { create_api_key(input: {user_id: $u, name: $n, default_tenant_id: $t}) { id key } }`

// TestAPIKeysWithPrefect14: Prefect 1.4.1's client and CLI with API keys against Cloud
// mode, as the issue found them:
//  1. a key sent without X-PREFECT-TENANT-ID (`Client(api_key=K).graphql`,
//     `PREFECT__CLOUD__API_KEY=K prefect get flows`) acts in the key's default tenant;
//  2. with a tenant header `prefect auth list-tenants` lists all of the user's tenants
//     and `switch-tenants --slug` switches;
//  3. a key made by `prefect auth create-key` (no default tenant) logs in with `prefect
//     auth login --key`, in the user's default membership's tenant;
//  9. `prefect auth list-keys` and `revoke-key` cover all of the user's keys, whatever
//     tenant is current.
func TestAPIKeysWithPrefect14(t *testing.T) {
	t.Parallel()
	cs := startCloud(t, server.Options{})
	user := cs.srv.DemoUserToken()
	d := authGQL(t, cs.url, user, "", createKeyM, map[string]any{"u": auth.DemoUserID, "n": "staging-key", "t": stagingT.ID})
	k1 := jsonPath(d, "create_api_key", "key").(string)
	k1ID := jsonPath(d, "create_api_key", "id").(string)

	// 1. No tenant header: the key's default tenant.
	c := newCloudClient(t, cs.url, v14)
	flowIDsIn(t, cs, c.prefect([]string{"PREFECT__CLOUD__API_KEY=" + k1}, "get", "flows"), stagingT.ID)
	got := c.python(`
import json, sys, prefect
r = prefect.Client(api_key=sys.argv[1]).graphql({"query": {"flow_run": {"tenant_id"}}})
print(json.dumps(sorted({x.tenant_id for x in r.data.flow_run})))
`, k1)
	if fmt.Sprint(got) != fmt.Sprint([]any{stagingT.ID}) {
		t.Errorf("Client(api_key=K).graphql read the runs of %v, want the key's default tenant %s", got, stagingT.ID)
	}

	// 3. A key made by `prefect auth create-key`, without a default tenant, logs in.
	if out := c.prefect(nil, "auth", "login", "--key", k1); !strings.Contains(out, "Logged in to Prefect Cloud tenant 'Staging' (staging)") {
		t.Fatalf("login with the staging key: %s", out)
	}
	k2 := strings.TrimSpace(c.prefect(nil, "auth", "create-key", "-n", "laptop", "-q"))
	if n := column(t, cs.srv, `SELECT count(*) FROM cloud_api_key WHERE name = 'laptop' AND default_tenant_id IS NULL`); n[0] != "1" {
		t.Fatalf("create-key made %s keys without a default tenant", n[0])
	}
	laptop := newCloudClient(t, cs.url, v14)
	if out := laptop.prefect(nil, "auth", "login", "--key", k2); !strings.Contains(out, "Logged in to Prefect Cloud tenant 'Production' (production)") {
		t.Fatalf("login with a key without a default tenant: %s", out)
	}

	// 2. All of the user's tenants, the current one marked; switching by slug.
	checkTenants := func(current string) {
		t.Helper()
		out := laptop.prefect(nil, "auth", "list-tenants")
		for _, tn := range server.CloudDemoTenants {
			line := regexp.MustCompile(`(?m)^` + tn.Name + `\s+` + tn.Slug + `\s+` + tn.ID + `(\s+\*)?\s*$`).FindStringSubmatch(out)
			if line == nil {
				t.Fatalf("list-tenants does not list %s:\n%s", tn.Slug, out)
			}
			if (line[1] != "") != (tn.Slug == current) {
				t.Fatalf("list-tenants marks the wrong tenant (want %s):\n%s", current, out)
			}
		}
	}
	checkTenants("production")
	if out := laptop.prefect(nil, "auth", "switch-tenants", "--slug", "sandbox"); !strings.Contains(out, "Tenant switched to "+sandboxT.ID) {
		t.Fatalf("switch-tenants --slug sandbox: %s", out)
	}
	checkTenants("sandbox")
	flowIDsIn(t, cs, laptop.prefect(nil, "get", "flows"), sandboxT.ID)

	// 9. Every key of the user, in any tenant; revoking one that defaults elsewhere.
	out := laptop.prefect(nil, "auth", "list-keys")
	if !strings.Contains(out, "staging-key") || !strings.Contains(out, "laptop") || !strings.Contains(out, k1ID) {
		t.Fatalf("list-keys in sandbox:\n%s", out)
	}
	laptop.prefect(nil, "auth", "revoke-key", "--id", k1ID)
	if n := column(t, cs.srv, `SELECT count(*) FROM cloud_api_key WHERE id = ?`, k1ID); n[0] != "0" {
		t.Fatal("revoke-key left the staging key")
	}
}

// TestAnswersWithPrefect14 drives points 6 and 7 through Prefect 1.4.1's Client with
// an API key:
//  6. a single value for a list-typed variable (`_in: $s` with s = "Failed") or input
//     field (write_run_logs(input: {logs: {...}})) is a one-item list, in a query and a
//     mutation;
//  7. a permission error is FORBIDDEN and a revoked key UNAUTHENTICATED, which the
//     client raises at once (API_ERROR would be retried six times): one request each.
func TestAnswersWithPrefect14(t *testing.T) {
	t.Parallel()
	cs := startCloud(t, server.Options{})
	_, key, err := cs.srv.Auth.CreateKey(t.Context(), auth.DemoUserID, "answers", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	run := column(t, cs.srv, `SELECT id FROM flow_run WHERE tenant_id = ? ORDER BY id LIMIT 1`, stagingT.ID)[0]
	c := newCloudClient(t, cs.url, v14)
	got := c.python(`
import json, sys, prefect
c = prefect.Client(api_key=sys.argv[1], tenant_id=sys.argv[2])
n = c.graphql("query($s: [String!]) { flow_run_aggregate(where: {state: {_in: $s}}) { aggregate { count } } }",
    variables={"s": "Failed"}).data.flow_run_aggregate.aggregate.count
ok = c.graphql("mutation($input: write_run_logs_input!) { write_run_logs(input: $input) { success } }",
    variables={"input": {"logs": {"flow_run_id": sys.argv[3], "name": "coercion", "level": "ERROR", "message": "one log"}}}).data.write_run_logs.success
print(json.dumps([n, ok]))
`, key, stagingT.ID, run).([]any)
	failed := column(t, cs.srv, `SELECT count(*) FROM flow_run WHERE tenant_id = ? AND state = 'Failed'`, stagingT.ID)[0]
	if fmt.Sprint(got[0]) != failed || failed == "0" {
		t.Errorf(`_in: $s with s = "Failed" counted %v runs, want %s`, got[0], failed)
	}
	if got[1] != true || column(t, cs.srv, `SELECT count(*) FROM log WHERE flow_run_id = ? AND message = 'one log' AND level = 'ERROR'`, run)[0] != "1" {
		t.Errorf("write_run_logs with a single log: %v", got[1])
	}

	// 7. A READ_ONLY_USER (sandbox) creating a project.
	before := cs.requests.Load()
	refusal := c.python(`
import json, sys, prefect
try:
    prefect.Client(api_key=sys.argv[1], tenant_id=sys.argv[2]).create_project("not mine")
    print(json.dumps("created"))
except prefect.exceptions.ClientError as e:
    print(json.dumps([type(e).__name__, str(e)]))
`, key, sandboxT.ID)
	if msg := fmt.Sprint(refusal); !strings.Contains(msg, "ClientError") || !strings.Contains(msg, "'code': 'FORBIDDEN'") ||
		!strings.Contains(msg, "create_project is not allowed for the READ_ONLY_USER role") {
		t.Errorf("create_project as a READ_ONLY_USER: %s", msg)
	}
	if n := cs.requests.Load() - before; n != 1 {
		t.Errorf("the client sent %d requests for one refused mutation (API_ERROR is retried six times)", n)
	}

	// 7. A revoked key is UNAUTHENTICATED, which the client raises at once as an
	// AuthorizationError: the key revokes itself, then reads.
	_, doomed, err := cs.srv.Auth.CreateKey(t.Context(), auth.DemoUserID, "doomed", stagingT.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	before = cs.requests.Load()
	revoked := c.python(`
import json, sys, prefect
c = prefect.Client(api_key=sys.argv[1])
me = c.graphql("{ auth_api_key(where: {name: {_eq: \"doomed\"}}) { id } }").data.auth_api_key[0].id
c.graphql("mutation($k: UUID!) { delete_api_key(input: {key_id: $k}) { success } }", variables={"k": me})
try:
    c.graphql({"query": {"flow": {"id"}}})
    print(json.dumps("read"))
except prefect.exceptions.AuthorizationError as e:
    print(json.dumps([type(e).__name__, str(e)]))
`, doomed)
	if msg := fmt.Sprint(revoked); !strings.Contains(msg, "AuthorizationError") || !strings.Contains(msg, "'code': 'UNAUTHENTICATED'") {
		t.Errorf("a read with a revoked key: %s", msg)
	}
	if n := cs.requests.Load() - before; n != 3 {
		t.Errorf("the client sent %d requests to find, revoke and read with a key (want 3: no retries)", n)
	}
}

// TestTenantOrderWithPrefect14 (point 4): Prefect's client in Server mode takes
// `tenant { id }[0]` as the default tenant; unordered reads return insertion order,
// whatever the selection, so it is the first tenant created even when its id sorts
// last.
func TestTenantOrderWithPrefect14(t *testing.T) {
	t.Parallel()
	srv, url := startServer(t)
	first, second := "ffffffff-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"
	for i, id := range []string{first, second} {
		if _, err := srv.DB.Exec(`INSERT INTO tenant (id, created, updated, name, slug, settings) VALUES (?, '2026-01-01', '2026-01-01', ?, ?, '{}')`,
			id, fmt.Sprint("T", i), fmt.Sprint("t", i)); err != nil {
			t.Fatal(err)
		}
	}
	out := newClient(t, url).python(`
import json, prefect
c = prefect.Client()
ids = lambda q: [x.id for x in c.graphql({"query": {"tenant": q}}).data.tenant]
print(json.dumps([c.tenant_id, ids({"id"}), ids({"id", "slug"}), ids({"id", "slug", "name", "created"})]))
`)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := fmt.Sprintf(`["%s", ["%s", "%s"], ["%[2]s", "%[3]s"], ["%[2]s", "%[3]s"]]`, first, first, second)
	if last := lines[len(lines)-1]; last != want {
		t.Errorf("default tenant and tenant orders:\n got %s\nwant %s", last, want)
	}
}
