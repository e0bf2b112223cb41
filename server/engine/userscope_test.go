package engine_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/server/catalog"
	"github.com/prefect-tui/prefect-tui/server/engine"
)

var idRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// relPaths lists every relationship path from tenant up to depth levels down, each
// with the selection that reads it: the related rows' id (or tenant_id) at every level,
// and for array relationships the aggregate too (count and nodes).
func relPaths(table *catalog.Table, depth int) []string {
	if depth == 0 {
		return nil
	}
	var out []string
	for _, r := range table.Rels {
		rt := catalog.Lookup(r.Table)
		if rt == nil || rt.Virtual {
			continue
		}
		key := "__typename"
		for _, c := range []string{"id", "tenant_id"} {
			if rt.Column(c) != nil {
				key = c
				break
			}
		}
		out = append(out, r.Name+" { "+key+" }")
		for _, sub := range relPaths(rt, depth-1) {
			out = append(out, r.Name+" { "+key+" "+sub+" }")
		}
		if r.Array {
			out = append(out, r.Name+"_aggregate { aggregate { count } nodes { "+key+" } }")
		}
	}
	return out
}

// TestUserPrincipalReach: a credential that acts for a user (a USER token without a
// tenant, an access token or API key in a tenant) lists the tenant rows of its
// memberships and never another tenant's, and never reads tenant data through them:
// every relationship path from tenant into tenant data, at any depth, in lists,
// aggregates and filters, is refused with FORBIDDEN and shows no row. A USER principal
// is refused every other table root field too; a TENANT principal still reads its own
// tenant's rows through the relationships, and never another tenant's, even where one
// of its rows points at another tenant's row.
func TestUserPrincipalReach(t *testing.T) {
	fx := newFixture(t, engine.WithUserTenants(func(_ context.Context, userID string) []string {
		switch userID {
		case "u1":
			return []string{T2}
		case "u3":
			return []string{T1, T2}
		}
		return nil
	}))
	// T2 rows pointing at T1 rows: relationships from them must stop at the tenant line.
	insert(t, fx.db, "task_run", row{"id": "70000000-0000-0000-0000-000000000009", "tenant_id": T2, "flow_run_id": R6, "task_id": K1, "map_index": 0, "state": "Failed", "version": 1})
	insert(t, fx.db, "edge", row{"id": "f0000000-0000-0000-0000-000000000009", "tenant_id": T2, "flow_id": F4, "upstream_task_id": K4, "downstream_task_id": K1})

	// Every id of T1 (the non-member tenant), and T1 itself.
	t1 := map[string]bool{T1: true}
	for _, tb := range catalog.Tables {
		if tb.Virtual || tb.Cloud || !tb.HasTenant() || tb.Column("id") == nil {
			continue
		}
		rows, err := fx.db.Query(fmt.Sprintf(`SELECT id FROM %q WHERE tenant_id = ?`, tb.Name), T1)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id string
			_ = rows.Scan(&id)
			t1[id] = true
		}
		rows.Close()
	}
	if len(t1) < 20 {
		t.Fatalf("T1 has %d rows: the test would prove little", len(t1))
	}
	user := engine.Principal{Scope: "USER", UserID: "u1", Cloud: true}
	access := engine.Principal{Scope: "ACCESS", UserID: "u3", TenantID: T2, Role: "USER", Cloud: true}
	tenantTok := engine.Principal{Scope: "TENANT", UserID: "u3", TenantID: T2, Role: "USER", Cloud: true}
	tenant := catalog.Lookup("tenant")
	paths := relPaths(tenant, 3)
	if len(paths) < 30 {
		t.Fatalf("only %d relationship paths", len(paths))
	}
	for _, p := range paths {
		for _, root := range []string{
			`tenant { id ` + p + ` }`,
			`tenant_aggregate { nodes { id ` + p + ` } }`,
			`tenant_by_pk(id: "` + T2 + `") { id ` + p + ` }`,
			`tenant(where: {` + strings.TrimSuffix(strings.Fields(p)[0], "_aggregate") + `: {}}) { id }`,
		} {
			q := "{ " + root + " }"
			for _, pr := range []engine.Principal{user, access} {
				res := fx.exec(t, pr, q, nil)
				if len(res.Errors) != 1 || res.Errors[0].Code() != engine.CodeForbidden || idRE.Match(res.Data) {
					t.Errorf("%s as %s: %s %v", q, pr.Scope, res.Data, res.Errors)
				}
			}
			// A TENANT principal reads them, never a row of another tenant.
			res := fx.exec(t, tenantTok, q, nil)
			if len(res.Errors) > 0 {
				t.Errorf("%s as TENANT: %s", q, res.Errors[0].Message)
			}
			for _, id := range idRE.FindAllString(string(res.Data), -1) {
				if t1[id] {
					t.Errorf("%s as TENANT shows the other tenant's row %s", q, id)
					break
				}
			}
		}
	}
	// The tenant rows are the memberships' (with a tenant or without), whatever the filter.
	for _, c := range []struct {
		p       engine.Principal
		q, want string
	}{
		{user, `{ tenant(where: {id: {_eq: "` + T1 + `"}}) { id } }`, `{"tenant":[]}`},
		{user, `{ tenant_by_pk(id: "` + T1 + `") { id } }`, `{"tenant_by_pk":null}`},
		{user, `{ tenant_aggregate { aggregate { count } } }`, `{"tenant_aggregate":{"aggregate":{"count":1}}}`},
		{user, `{ tenant(where: {_not: {slug: {_eq: "other"}}}) { id } }`, `{"tenant":[]}`},
		{access, `{ tenant(order_by: {slug: asc}) { slug } }`, `{"tenant":[{"slug":"acme"},{"slug":"other"}]}`},
		{access, `{ flow(order_by: {name: asc}) { tenant_id tenant { slug } } }`, `{"flow":[{"tenant_id":"` + T2 + `","tenant":{"slug":"other"}}]}`},
		{tenantTok, `{ tenant { slug } }`, `{"tenant":[{"slug":"other"}]}`},
		{tenantTok, `{ tenant { flows { flow_runs { task_runs(where: {map_index: {_eq: 0}}) { task { id } task_id } } } } }`,
			`{"tenant":[{"flows":[{"flow_runs":[{"task_runs":[{"task":null,"task_id":"` + K1 + `"}]}]}]}]}`},
		{tenantTok, `{ tenant { flows { edges { downstream_task { id } } } } }`, `{"tenant":[{"flows":[{"edges":[{"downstream_task":null}]}]}]}`},
		{tenantTok, `{ tenant { flows(where: {edges: {downstream_task: {name: {_eq: "extract"}}}}) { id } } }`, `{"tenant":[{"flows":[]}]}`},
	} {
		fx.check(t, c.p, c.q, c.want)
	}
	// Every other root field of the tables is refused.
	schema := loadSchema(t)
	refused := 0
	for _, fd := range schema.Query.Fields {
		name := fd.Name
		if strings.HasPrefix(name, "__") || strings.HasPrefix(name, "utility_traversal") || strings.TrimSuffix(strings.TrimSuffix(name, "_aggregate"), "_by_pk") == "tenant" {
			continue
		}
		base := strings.TrimSuffix(strings.TrimSuffix(name, "_aggregate"), "_by_pk")
		if tb := catalog.Lookup(base); tb == nil && !strings.HasPrefix(name, "utility_") {
			continue // a resolver's field (Prefect's or Cloud's): not the engine's to scope
		} else if tb != nil && tb.Cloud {
			continue
		}
		var args []string
		for _, a := range fd.Arguments {
			if a.Type.NonNull {
				switch {
				case a.Name == "id":
					args = append(args, `id: "`+T2+`"`)
				case a.Name == "args":
					args = append(args, `args: {start_task_ids: "{}"}`)
				default:
					t.Fatalf("%s: no value for required argument %s", name, a.Name)
				}
			}
		}
		sel := "{ __typename }"
		if strings.HasSuffix(name, "_aggregate") {
			sel = "{ aggregate { count } }"
		}
		q := "{ " + name
		if len(args) > 0 {
			q += "(" + strings.Join(args, ", ") + ")"
		}
		q += " " + sel + " }"
		got := fx.errs(t, user, q, nil)
		if len(got) != 1 || !strings.HasPrefix(got[0], "UNAUTHENTICATED:") {
			t.Errorf("%s as USER: %v", q, got)
		}
		refused++
	}
	if refused < 30 {
		t.Fatalf("only %d root fields checked", refused)
	}
}
