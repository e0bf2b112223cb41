package auth_test

import (
	"crypto/sha256"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/auth"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/servertest"
)

// mutationNames are the Mutation fields of the schema, sorted.
func mutationNames(t *testing.T) (*ast.Schema, []string) {
	t.Helper()
	schema, err := server.Schema()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, fd := range schema.Mutation.Fields {
		if !strings.HasPrefix(fd.Name, "__") {
			names = append(names, fd.Name)
		}
	}
	sort.Strings(names)
	return schema, names
}

// TestMutationAccessCoversSchema: the policy table names every mutation of the schema,
// and nothing else; a mutation added to the schema without a rule fails here.
func TestMutationAccessCoversSchema(t *testing.T) {
	_, names := mutationNames(t)
	seen := map[string]bool{}
	for _, n := range names {
		seen[n] = true
		if _, ok := auth.MutationAccess[n]; !ok {
			t.Errorf("mutation %s has no rule in auth.MutationAccess", n)
		}
	}
	for n := range auth.MutationAccess {
		if !seen[n] {
			t.Errorf("auth.MutationAccess has a rule for %s, which the schema does not have", n)
		}
	}
	if len(names) < 60 {
		t.Fatalf("only %d mutations in the schema", len(names))
	}
}

// pinned are the mutations outside the daily work of a member (Write): what a
// credential may do without writing rights, what a RUNNER token may do, and what only
// tenant admins may do. A change to the table that widens or narrows them fails here.
var pinned = map[auth.Access][]string{
	auth.Session: {"log_in", "log_out", "refresh_token", "switch_tenant"},
	auth.Own:     {"create_api_key", "create_api_token", "delete_api_key", "delete_api_token"},
	auth.Agent: {"create_flow_run", "create_task_run_artifact", "delete_task_run_artifact", "get_or_create_task_run",
		"get_or_create_task_run_info", "get_runs_in_queue", "register_agent", "set_flow_run_name", "set_flow_run_states",
		"set_task_run_name", "set_task_run_states", "update_flow_run_heartbeat", "update_task_run_artifact",
		"update_task_run_heartbeat", "write_run_logs"},
	auth.Admin: {"create_tenant", "delete_tenant", "update_tenant_name", "update_tenant_settings", "update_tenant_slug"},
}

func TestMutationAccessPinned(t *testing.T) {
	got := map[auth.Access][]string{}
	for n, a := range auth.MutationAccess {
		if a != auth.Write {
			got[a] = append(got[a], n)
		}
	}
	for a, want := range pinned {
		sort.Strings(got[a])
		if strings.Join(got[a], " ") != strings.Join(want, " ") {
			t.Errorf("%s mutations:\n got %v\nwant %v", a, got[a], want)
		}
		delete(got, a)
	}
	for a, ns := range got {
		t.Errorf("mutations of unexpected access %v: %v", a, ns)
	}
}

// role is one credential of the mutation × role test and what it may call.
type role struct {
	name string
	// tenant whose ids its calls aim at.
	tenant string
	// allowed: the accesses it may call; the others are refused.
	allowed []auth.Access
	// noTenant: its refusals of tenant mutations are UNAUTHENTICATED (no tenant).
	noTenant bool
	make     func(c *cloud) cred
}

// roles are every kind of Cloud credential, with each tenant role.
var roles = []role{
	{name: "USER token", tenant: prodID, allowed: []auth.Access{auth.Session, auth.Own}, noTenant: true,
		make: func(c *cloud) cred { return c.user() }},
	{name: "READ_ONLY_USER access token", tenant: sandboxID, allowed: []auth.Access{auth.Session, auth.Own},
		make: func(c *cloud) cred { return c.access(sandboxID) }},
	{name: "READ_ONLY_USER API key", tenant: sandboxID, allowed: []auth.Access{auth.Session, auth.Own},
		make: func(c *cloud) cred { return c.key(sandboxID) }},
	{name: "USER access token", tenant: stagingID, allowed: []auth.Access{auth.Session, auth.Own, auth.Agent, auth.Write},
		make: func(c *cloud) cred { return c.access(stagingID) }},
	{name: "USER API key", tenant: stagingID, allowed: []auth.Access{auth.Session, auth.Own, auth.Agent, auth.Write},
		make: func(c *cloud) cred { return c.key(stagingID) }},
	{name: "TENANT_ADMIN access token", tenant: prodID, allowed: []auth.Access{auth.Session, auth.Own, auth.Agent, auth.Write, auth.Admin},
		make: func(c *cloud) cred { return c.access(prodID) }},
	{name: "TENANT_ADMIN API key", tenant: prodID, allowed: []auth.Access{auth.Session, auth.Own, auth.Agent, auth.Write, auth.Admin},
		make: func(c *cloud) cred { return c.key(prodID) }},
	{name: "TENANT token of a READ_ONLY_USER", tenant: sandboxID, allowed: []auth.Access{auth.Session},
		make: func(c *cloud) cred { return c.serviceToken(sandboxID, auth.ScopeTenant) }},
	{name: "TENANT token of a USER", tenant: stagingID, allowed: []auth.Access{auth.Session, auth.Agent, auth.Write},
		make: func(c *cloud) cred { return c.serviceToken(stagingID, auth.ScopeTenant) }},
	{name: "TENANT token of a TENANT_ADMIN", tenant: prodID, allowed: []auth.Access{auth.Session, auth.Agent, auth.Write, auth.Admin},
		make: func(c *cloud) cred { return c.serviceToken(prodID, auth.ScopeTenant) }},
	{name: "RUNNER token", tenant: prodID, allowed: []auth.Access{auth.Session, auth.Agent},
		make: func(c *cloud) cred { return c.serviceToken(prodID, auth.ScopeRunner) }},
}

func (c *cloud) access(tenant string) cred {
	a, _ := c.login(c.user(), tenant)
	return cred{name: "access token", bearer: a}
}

func (c *cloud) key(tenant string) cred {
	c.t.Helper()
	_, key, err := c.srv.Auth.CreateKey(c.t.Context(), auth.DemoUserID, "roles", "", nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return cred{name: "API key", bearer: key, tenant: tenant}
}

// serviceToken is a TENANT or RUNNER token of the demo user in tenant (stored directly:
// the API lets only some roles create them, which TestTenantAndRunnerTokens checks).
func (c *cloud) serviceToken(tenant, scope string) cred {
	c.t.Helper()
	_, tok, err := c.srv.Auth.CreateToken(c.t.Context(), auth.DemoUserID, tenant, "roles", scope, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return cred{name: scope + " token", bearer: tok}
}

// ownCalls are the Own mutations with arguments that succeed for a credential acting
// for the demo user: its own token and key to delete are created first.
func ownCalls(c *cloud) map[string]string {
	c.t.Helper()
	tokID, _, err := c.srv.Auth.CreateToken(c.t.Context(), auth.DemoUserID, "", "to delete", auth.ScopeUser, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	keyID, _, err := c.srv.Auth.CreateKey(c.t.Context(), auth.DemoUserID, "to delete", "", nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return map[string]string{
		"create_api_token": `create_api_token(input: {name: "mine", scope: USER}) { id }`,
		"delete_api_token": `delete_api_token(input: {token_id: "` + tokID + `"}) { success }`,
		"create_api_key":   `create_api_key(input: {user_id: "` + auth.DemoUserID + `", name: "mine"}) { id }`,
		"delete_api_key":   `delete_api_key(input: {key_id: "` + keyID + `"}) { success }`,
	}
}

// dbSnapshot hashes every row of every table of the store.
func dbSnapshot(t *testing.T, c *cloud) string {
	t.Helper()
	rows, err := c.srv.DB.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		_ = rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	h := sha256.New()
	for _, tb := range tables {
		fmt.Fprintf(h, "table %s\n", tb)
		rs, err := c.srv.DB.Query(fmt.Sprintf(`SELECT * FROM %q ORDER BY rowid`, tb))
		if err != nil && strings.Contains(err.Error(), "no such column: rowid") {
			// A WITHOUT ROWID table (the search indexes' own): in primary key order.
			rs, err = c.srv.DB.Query(fmt.Sprintf(`SELECT * FROM %q`, tb))
		}
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rs.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rs.Next() {
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%v\n", vals)
		}
		rs.Close()
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// TestMutationRoles: every Mutation field of the schema × every kind of Cloud
// credential and role. A mutation the role may not call is refused with FORBIDDEN
// (UNAUTHENTICATED for a credential without a tenant), answers null, and changes no
// table; one it may call is not refused for permission (it may still fail on its
// arguments), and the own-credential ones succeed.
func TestMutationRoles(t *testing.T) {
	schema, names := mutationNames(t)
	for _, rl := range roles {
		t.Run(rl.name, func(t *testing.T) {
			t.Parallel() // each on its own server
			c := newCloudScale(t, time.Hour, 4)
			cr := rl.make(c)
			cr.name = rl.name
			may := map[auth.Access]bool{}
			for _, a := range rl.allowed {
				may[a] = true
			}
			own := ownCalls(c)
			ids := collectForeign(t, c, rl.tenant)
			call := func(name string) string {
				if q, ok := own[name]; ok {
					return q
				}
				return ids.call(t, schema, schema.Mutation.Fields.ForName(name), "")
			}
			var allowed, refused []string
			for _, n := range names {
				if may[auth.MutationAccess[n]] {
					allowed = append(allowed, n)
				} else {
					refused = append(refused, n)
				}
			}
			// delete_tenant, then the login's own mutations last: the others need the
			// tenant, and log_out ends an access token's session.
			late := map[string]int{"delete_tenant": 1, "switch_tenant": 2, "refresh_token": 2, "log_in": 2, "log_out": 3}
			sort.SliceStable(allowed, func(i, j int) bool { return late[allowed[i]] < late[allowed[j]] })

			c.ok(cr, authInfoQ, nil) // the first use records last_used
			before := dbSnapshot(t, c)
			for _, n := range refused {
				q := "mutation { " + call(n) + " }"
				r := c.do(cr, q, nil)
				wantCode, wantMsg := "FORBIDDEN", "Unauthorized: "+n+" is not allowed"
				if rl.noTenant {
					wantCode, wantMsg = "UNAUTHENTICATED", "Unauthenticated: "+n+" needs a tenant"
				}
				if r.code() != wantCode || !strings.HasPrefix(r.msg(), wantMsg) || get(r.Data, n) != nil {
					t.Errorf("%s: %s %q, data %v; want %s\n%s", n, r.code(), r.msg(), r.Data, wantCode, q)
				}
			}
			if dbSnapshot(t, c) != before {
				t.Fatalf("refused mutations changed the store")
			}
			for _, n := range allowed {
				q := "mutation { " + call(n) + " }"
				r := c.do(cr, q, nil)
				switch {
				case own[n] != "":
					if len(r.Errors) > 0 {
						t.Errorf("%s: %s (%s)\n%s", n, r.msg(), r.code(), q)
					}
				case auth.MutationAccess[n] == auth.Session:
					// The resolver decides which credentials it takes: only the policy's
					// refusal is checked here.
					if strings.Contains(r.msg(), n+" is not allowed") || strings.Contains(r.msg(), n+" needs a tenant") {
						t.Errorf("%s: refused by the policy: %s", n, r.msg())
					}
				case r.code() == "FORBIDDEN" || r.code() == "UNAUTHENTICATED":
					t.Errorf("%s: refused: %s (%s)\n%s", n, r.msg(), r.code(), q)
				}
			}
			if len(allowed)+len(refused) != len(names) || len(names) < 60 {
				t.Fatalf("%d allowed + %d refused of %d", len(allowed), len(refused), len(names))
			}
		})
	}
}

// TestRolesDoWhatTheyMay spot-checks the policy with real work: a RUNNER token moves a
// run through its states and writes its logs, a READ_ONLY_USER cannot, a USER member
// cannot delete the tenant or revoke the admin's RUNNER token, and the admin can.
func TestRolesDoWhatTheyMay(t *testing.T) {
	c := newCloudScale(t, time.Hour, 4)
	run := func(tenant string) string {
		var id string
		if err := c.srv.DB.QueryRow(`SELECT id FROM flow_run WHERE tenant_id = ? AND state = 'Scheduled' ORDER BY id LIMIT 1`, tenant).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	const setStates = `mutation($id: UUID!) { set_flow_run_states(input: {states: [{flow_run_id: $id, state: {type: "Running", message: "go"}}]}) { states { status } } }`
	const writeLogs = `mutation($id: UUID!) { write_run_logs(input: {logs: [{flow_run_id: $id, message: "hello", level: INFO, name: "agent"}]}) { success } }`
	runner := c.serviceToken(prodID, auth.ScopeRunner)
	prodRun := run(prodID)
	c.ok(runner, setStates, map[string]any{"id": prodRun})
	c.ok(runner, writeLogs, map[string]any{"id": prodRun})
	var state string
	_ = c.srv.DB.QueryRow(`SELECT state FROM flow_run WHERE id = ?`, prodRun).Scan(&state)
	if state != "Running" {
		t.Fatalf("RUNNER token: run is %s", state)
	}
	c.fails(runner, "FORBIDDEN", `mutation($t: UUID!) { create_project(input: {tenant_id: $t, name: "agent's"}) { id } }`, map[string]any{"t": prodID})

	readOnly := c.access(sandboxID)
	sbRun := run(sandboxID)
	c.fails(readOnly, "FORBIDDEN", setStates, map[string]any{"id": sbRun})
	c.fails(readOnly, "FORBIDDEN", writeLogs, map[string]any{"id": sbRun})

	member := c.access(stagingID)
	c.ok(member, setStates, map[string]any{"id": run(stagingID)})
	c.fails(member, "FORBIDDEN", `mutation($t: UUID!) { delete_tenant(input: {tenant_id: $t, confirm: true}) { success } }`, map[string]any{"t": stagingID})
	admin := c.access(prodID)
	runnerID, _ := c.createToken(admin, "agent", "RUNNER")
	// The demo user is a USER in staging: it cannot revoke a RUNNER token there even
	// when it created it before a demotion.
	stRunnerID, _, err := c.srv.Auth.CreateToken(t.Context(), auth.DemoUserID, stagingID, "old agent", auth.ScopeRunner, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.fails(member, "FORBIDDEN", `mutation($id: UUID!) { delete_api_token(input: {token_id: $id}) { success } }`, map[string]any{"id": stRunnerID})
	c.ok(admin, `mutation($id: UUID!) { delete_api_token(input: {token_id: $id}) { success } }`, map[string]any{"id": runnerID})
	c.ok(admin, `mutation($t: UUID!) { update_tenant_name(input: {tenant_id: $t, name: "Prod"}) { id } }`, map[string]any{"t": prodID})
}

// TestServerModeAllowsEveryMutation: without --cloud there is no auth and no role:
// no mutation is refused for permission (the Cloud auth ones answer that Cloud auth is
// off).
func TestServerModeAllowsEveryMutation(t *testing.T) {
	schema, names := mutationNames(t)
	s, url := servertest.Start(t, servertest.Options{Demo: seed.DemoOptions{Runs: 20}})
	c := &cloud{t: t, srv: s, url: url + "/graphql"}
	var tenant string
	if err := s.DB.QueryRow(`SELECT id FROM tenant LIMIT 1`).Scan(&tenant); err != nil {
		t.Fatal(err)
	}
	ids := collectForeign(t, c, tenant)
	sort.SliceStable(names, func(i, j int) bool { return names[j] == "delete_tenant" && names[i] != "delete_tenant" })
	for _, n := range names {
		q := "mutation { " + ids.call(t, schema, schema.Mutation.Fields.ForName(n), "") + " }"
		r := c.do(cred{name: "anonymous"}, q, nil)
		if r.code() == "FORBIDDEN" || r.code() == "UNAUTHENTICATED" {
			t.Errorf("%s refused in Server mode: %s", n, r.msg())
		}
	}
}
