package auth_test

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/auth"
	"github.com/prefect-tui/prefect-tui/server/catalog"
)

// foreign is what tenant B has: every row id, and one id per table for arguments.
type foreign struct {
	ids   map[string]bool
	first map[string]string // table → an id of B
	// mine are the ids of B that B's members see with any credential acting for them as
	// users: B's tenant row (they list their tenants) and their memberships in B.
	mine map[string]bool
}

func collectForeign(t *testing.T, c *cloud, tenant string) foreign {
	t.Helper()
	f := foreign{ids: map[string]bool{tenant: true}, first: map[string]string{"tenant": tenant}, mine: map[string]bool{tenant: true}}
	add := func(table, q string) {
		rows, err := c.srv.DB.Query(q, tenant)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			f.ids[id] = true
			if f.first[table] == "" {
				f.first[table] = id
			}
		}
	}
	for _, tb := range catalog.Tables {
		if tb.Virtual || tb.Cloud || !tb.HasTenant() || tb.Column("id") == nil {
			continue
		}
		add(tb.Name, fmt.Sprintf(`SELECT id FROM %q WHERE tenant_id = ? ORDER BY id`, tb.Name))
	}
	add("api_token", `SELECT id FROM cloud_api_token WHERE tenant_id = ?`)
	add("membership", `SELECT id FROM cloud_membership WHERE tenant_id = ?`)
	// API keys are their users' (a key acts in any of its user's tenants), not a
	// tenant's: their default tenant is only where they act without a header.
	var m string
	if err := c.srv.DB.QueryRow(`SELECT id FROM cloud_membership WHERE tenant_id = ? AND user_id = ?`, tenant, auth.DemoUserID).Scan(&m); err == nil {
		f.mine[m] = true
	}
	return f
}

// snapshot hashes every row of the tenant, in every table (the auth tables included).
func snapshot(t *testing.T, c *cloud, tenant string) string {
	t.Helper()
	h := sha256.New()
	dump := func(q string) {
		rows, err := c.srv.DB.Query(q, tenant)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		n := 0
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%v\n", vals)
			n++
		}
		fmt.Fprintf(h, "%s: %d rows\n", q, n)
	}
	for _, tb := range catalog.Tables {
		if tb.Virtual || tb.Cloud {
			continue
		}
		switch {
		case tb.Name == "tenant":
			dump(`SELECT * FROM tenant WHERE id = ?`)
		case tb.HasTenant():
			dump(fmt.Sprintf(`SELECT * FROM %q WHERE tenant_id = ? ORDER BY rowid`, tb.Name))
		}
	}
	dump(`SELECT id, name, scope, expires_at, tenant_id, user_id, token_hash FROM cloud_api_token WHERE tenant_id = ? ORDER BY id`)
	dump(`SELECT * FROM cloud_membership WHERE tenant_id = ? ORDER BY id`)
	return fmt.Sprintf("%x", h.Sum(nil))
}

// selection renders a selection set of every scalar field of a type, and of its
// object fields down to depth levels.
func selection(s *ast.Schema, typ string, depth int) string {
	def := s.Types[typ]
	var parts []string
	for _, f := range def.Fields {
		if strings.HasPrefix(f.Name, "__") || hasRequiredArg(f) {
			continue
		}
		ft := s.Types[f.Type.Name()]
		switch ft.Kind {
		case ast.Scalar, ast.Enum:
			parts = append(parts, f.Name)
		case ast.Object:
			if depth > 0 {
				if sub := selection(s, ft.Name, depth-1); sub != "" {
					parts = append(parts, f.Name+" "+sub)
				}
			}
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "{ " + strings.Join(parts, " ") + " }"
}

func hasRequiredArg(f *ast.FieldDefinition) bool {
	for _, a := range f.Arguments {
		if a.Type.NonNull && a.DefaultValue == nil {
			return true
		}
	}
	return false
}

// idTables maps argument names to the table whose id they take.
var idTables = map[string]string{
	"flow_run_id": "flow_run", "task_run_id": "task_run", "flow_id": "flow", "task_id": "task",
	"project_id": "project", "flow_group_id": "flow_group", "tenant_id": "tenant", "agent_id": "agent",
	"agent_config_id": "agent_config", "cloud_hook_id": "cloud_hook", "message_id": "message",
	"task_run_artifact_id": "task_run_artifact", "token_id": "api_token", "key_id": "auth_api_key",
	"default_tenant_id": "tenant",
}

// value renders a GraphQL literal for an argument of type typ named name, aimed at B.
func (f foreign) value(t *testing.T, s *ast.Schema, name string, typ *ast.Type, table string) string {
	if typ.Elem != nil {
		return "[" + f.value(t, s, name, typ.Elem, table) + "]"
	}
	def := s.Types[typ.Name()]
	switch def.Kind {
	case ast.Enum:
		return def.EnumValues[0].Name
	case ast.InputObject:
		var parts []string
		for _, fd := range def.Fields {
			if fd.Type.NonNull || idTables[fd.Name] != "" {
				parts = append(parts, fd.Name+": "+f.value(t, s, fd.Name, fd.Type, table))
			}
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	if tb := idTables[name]; tb != "" {
		return fmt.Sprintf("%q", f.first[tb])
	}
	switch {
	case name == "id" && table != "":
		return fmt.Sprintf("%q", f.first[table])
	case name == "user_id":
		return `"5a1d3c7e-0000-4000-8000-00000000d002"`
	case name == "start_task_ids":
		return fmt.Sprintf(`"{%s}"`, f.first["task"])
	}
	switch typ.Name() {
	case "Int":
		return "1"
	case "Float":
		return "1.5"
	case "Boolean":
		return "true"
	case "JSON", "jsonb":
		if name == "state" {
			return `{type: "Failed", message: "cross-tenant"}`
		}
		return "{}"
	case "DateTime", "timestamptz":
		return `"2026-05-04T12:00:00+00:00"`
	case "UUID", "uuid":
		return fmt.Sprintf("%q", f.first["flow_run"])
	}
	return `"cross-tenant"`
}

func (f foreign) call(t *testing.T, s *ast.Schema, fd *ast.FieldDefinition, table string) string {
	var args []string
	for _, a := range fd.Arguments {
		if a.Type.NonNull || a.Name == "input" {
			args = append(args, a.Name+": "+f.value(t, s, a.Name, a.Type, table))
		}
	}
	q := fd.Name
	if len(args) > 0 {
		q += "(" + strings.Join(args, ", ") + ")"
	}
	ft := s.Types[fd.Type.Name()]
	if ft.Kind == ast.Object {
		q += " " + selection(s, ft.Name, 1)
	}
	return q
}

// findUUIDs returns the lowercase uuids in s, left to right and not overlapping: what
// regexp `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}` finds with
// FindAllString, several times faster (the answers scanned are large, and this runs
// under -race).
func findUUIDs(s string) []string {
	var out []string
	for i := 0; i+36 <= len(s); {
		if isUUID(s[i : i+36]) {
			out = append(out, s[i:i+36])
			i += 36
			continue
		}
		i++
	}
	return out
}

func isUUID(s string) bool {
	for j := 0; j < 36; j++ {
		c := s[j]
		switch j {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
				return false
			}
		}
	}
	return true
}

// leaked returns a B id found in an answer: anywhere in its data, and in its errors
// unless the query itself sent it (an error may name the id it refuses). asUser: the
// credential acts for the user, who may see f.mine.
func (f foreign) leaked(r gqlResult, query string, asUser bool) string {
	data, _ := json.Marshal(r.Data)
	for _, id := range findUUIDs(string(data)) {
		if f.ids[id] && !(asUser && f.mine[id]) {
			return id
		}
	}
	for _, e := range r.Errors {
		for _, id := range findUUIDs(e.Message) {
			if f.ids[id] && !strings.Contains(query, id) {
				return id
			}
		}
	}
	return ""
}

// TestCrossTenantIsolation: with tenant A's credentials (access token, TENANT and
// RUNNER tokens, API key + header), no row of tenant B is visible through any root
// field of the schema (with every relationship one level down, and every aggregate), and no mutation aimed at B's ids changes any of B's rows.
func TestCrossTenantIsolation(t *testing.T) {
	// Few runs per tenant: every id of B is checked in every answer, and B is hashed
	// after every mutation that succeeds.
	c := newCloudScale(t, time.Hour, 6)
	schema, err := server.Schema()
	if err != nil {
		t.Fatal(err)
	}
	a, b := prodID, stagingID
	// Give B auth rows too: a TENANT token and a key defaulting to B.
	bAccess, _ := c.login(c.user(), b)
	c.createToken(cred{name: "B member", bearer: bAccess}, "b-ci", "TENANT")
	uid := getStr(c.ok(c.user(), authInfoQ, nil), "auth_info", "user_id")
	c.ok(c.user(), createKeyQ, map[string]any{"u": uid, "n": "b-key", "t": b})
	fb := collectForeign(t, c, b)
	if len(fb.ids) < 100 {
		t.Fatalf("tenant B has only %d rows: the test would prove little", len(fb.ids))
	}

	aAccess, _ := c.login(c.user(), a)
	admin := cred{name: "A access token", bearer: aAccess, asUser: true}
	_, tenantTok := c.createToken(admin, "a-ci", "TENANT")
	_, runnerTok := c.createToken(admin, "a-agent", "RUNNER")
	key := getStr(c.ok(c.user(), createKeyQ, map[string]any{"u": uid, "n": "a-key"}), "create_api_key", "key")
	creds := []cred{
		admin,
		{name: "A TENANT token", bearer: tenantTok},
		{name: "A RUNNER token", bearer: runnerTok},
		{name: "API key + A header", bearer: key, tenant: a, asUser: true},
	}

	began := time.Now()
	before := snapshot(t, c, b)
	t.Logf("snapshot in %s", time.Since(began))
	query := schema.Query
	names := make([]string, 0, len(query.Fields))
	for _, fd := range query.Fields {
		if !strings.HasPrefix(fd.Name, "__") {
			names = append(names, fd.Name)
		}
	}
	sort.Strings(names)
	// Every auth path: JWT, API token (TENANT here, RUNNER for the mutations), key.
	for _, cr := range []cred{creds[0], creds[1], creds[3]} {
		for _, name := range names {
			fd := query.Fields.ForName(name)
			table := strings.TrimSuffix(name, "_by_pk")
			q := "{ " + fb.call(t, schema, fd, table) + " }"
			began := time.Now()
			r := c.do(cr, q, nil)
			if testing.Verbose() {
				t.Logf("%s %s: %s", cr.name, name, time.Since(began))
			}
			if id := fb.leaked(r, q, cr.asUser); id != "" {
				t.Errorf("%s: %s shows B's row %s", cr.name, name, id)
			}
			if len(r.Errors) > 0 && r.code() == "GRAPHQL_VALIDATION_FAILED" {
				t.Errorf("%s: the test built an invalid query for %s: %s\n%s", cr.name, name, r.msg(), q)
			}
			// Aggregates count A's rows only.
			if base, ok := strings.CutSuffix(name, "_aggregate"); ok && len(r.Errors) == 0 {
				if tb := catalog.Lookup(base); tb != nil && tb.HasTenant() {
					var want int
					_ = c.srv.DB.QueryRow(fmt.Sprintf(`SELECT count(*) FROM %q WHERE tenant_id = ?`, base), a).Scan(&want)
					if got, _ := get(r.Data, name, "aggregate", "count").(float64); int(got) != want {
						t.Errorf("%s: %s count %v, want A's %d", cr.name, name, got, want)
					}
				}
			}
		}
	}

	t.Logf("queries done after %s", time.Since(began))
	snaps := 0
	// Mutations aimed at B's ids change nothing of B.
	// (Every auth path once: JWT, API token, key; TENANT tokens take the RUNNER path.)
	mut := schema.Mutation
	for _, cr := range []cred{creds[0], creds[2], creds[3]} {
		for _, fd := range mut.Fields {
			if strings.HasPrefix(fd.Name, "__") {
				continue
			}
			q := "mutation { " + fb.call(t, schema, fd, "") + " }"
			r := c.do(cr, q, nil)
			if r.code() == "GRAPHQL_VALIDATION_FAILED" {
				t.Errorf("%s: the test built an invalid mutation %s: %s\n%s", cr.name, fd.Name, r.msg(), q)
			}
			if fd.Name == "switch_tenant" && len(r.Errors) == 0 && cr.name != admin.name {
				t.Errorf("%s: switch_tenant to B succeeded", cr.name)
			}
			if fd.Name != "switch_tenant" {
				// A payload may name the id it refuses ("flow run … not found"); any other
				// id of B is a leak, and so is a success.
				if id := fb.leaked(gqlResult{Errors: r.Errors}, q, cr.asUser); id != "" {
					t.Errorf("%s: %s answer shows B's id %s", cr.name, fd.Name, id)
				}
				data, _ := json.Marshal(r.Data)
				for _, id := range findUUIDs(string(data)) {
					if fb.ids[id] && !strings.Contains(q, id) && !(cr.asUser && fb.mine[id]) {
						t.Errorf("%s: %s answer shows B's id %s", cr.name, fd.Name, id)
					}
				}
				if strings.Contains(string(data), `"success":true`) && strings.Contains(q, fb.first["tenant"]) == false && touchesB(q, fb) {
					t.Logf("%s: %s reports success on B's ids (a no-op; B unchanged): %s", cr.name, fd.Name, data)
				}
			}
			// Snapshots are costly: take one after every mutation that did not fail, and
			// one after each credential's whole round (below) for those that did.
			if len(r.Errors) == 0 {
				snaps++
				if after := snapshot(t, c, b); after != before {
					t.Fatalf("%s: mutation %s changed tenant B's rows\n%s\n%s", cr.name, fd.Name, q, r.raw)
				}
			}
		}
		if after := snapshot(t, c, b); after != before {
			t.Fatalf("%s: a failed mutation changed tenant B's rows", cr.name)
		}
	}

	t.Logf("mutations done after %s (%d snapshots)", time.Since(began), snaps)
	// Control: the snapshot does see a change made with B's own credentials.
	c.ok(cred{name: "B access", bearer: bAccess}, `mutation($id: UUID!) { set_flow_run_name(input: {flow_run_id: $id, name: "renamed"}) { success } }`,
		map[string]any{"id": fb.first["flow_run"]})
	if snapshot(t, c, b) == before {
		t.Fatal("control: B's own change is not seen by the snapshot")
	}
}

// touchesB reports whether a query names one of B's ids.
func touchesB(q string, f foreign) bool {
	for _, id := range findUUIDs(q) {
		if f.ids[id] {
			return true
		}
	}
	return false
}

// TestFindUUIDs checks findUUIDs against the regexp it stands for.
func TestFindUUIDs(t *testing.T) {
	re := regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	id := "7e4a0000-0000-4000-8000-0000000000a1"
	for _, s := range []string{
		"", id, `{"id":"` + id + `","x":"` + strings.ToUpper(id) + `"}`, id + id, "a" + id + "f", id[:35], "x" + id[1:],
		`"7e4a0000-0000-4000-8000-0000000000a1-0000-4000-8000-0000000000a2"`, "00000000-0000-0000-0000-00000000000g" + id,
	} {
		got, want := findUUIDs(s), re.FindAllString(s, -1)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%q: %q, regexp %q", s, got, want)
		}
	}
}
