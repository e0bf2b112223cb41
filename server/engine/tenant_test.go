package engine_test

import (
	"context"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/server/engine"
)

const TR8 = "70000000-0000-0000-0000-000000000008"

func TestTenantScoping(t *testing.T) {
	fx := newFixture(t)
	// a T1 task run pointing at T2's task: relationship reads must not cross tenants
	insert(t, fx.db, "task_run", row{"id": TR8, "tenant_id": T1, "flow_run_id": R1, "task_id": K4, "map_index": 0, "state": "Running", "version": 1})
	p := engine.Principal{TenantID: T1}
	check := func(p engine.Principal, query, want string) { t.Helper(); fx.check(t, p, query, want) }
	check(p, `{ flow_run_aggregate { aggregate { count } } tenant { slug } flow(order_by: {name: asc}) { name } }`,
		`{"flow_run_aggregate":{"aggregate":{"count":5}},"tenant":[{"slug":"acme"}],"flow":[{"name":"Report_job"},{"name":"etl"},{"name":"etl"}]}`)
	check(p, `{ flow_run_by_pk(id: "`+R6+`") { id } tenant_by_pk(id: "`+T2+`") { id } }`, `{"flow_run_by_pk":null,"tenant_by_pk":null}`)
	check(p, `{ task_run_by_pk(id: "`+TR8+`") { state task { name } } }`, `{"task_run_by_pk":{"state":"Running","task":null}}`)
	check(noPrincipal, `{ task_run_by_pk(id: "`+TR8+`") { task { name } } }`, `{"task_run_by_pk":{"task":{"name":"other"}}}`)
	check(p, `{ task_run_aggregate(where: {task: {name: {_eq: "other"}}}) { aggregate { count } } }`, `{"task_run_aggregate":{"aggregate":{"count":0}}}`)
	check(noPrincipal, `{ task_run_aggregate(where: {task: {name: {_eq: "other"}}}) { aggregate { count } } }`, `{"task_run_aggregate":{"aggregate":{"count":2}}}`)
	check(p, `{ task(where: {task_runs: {id: {_eq: "`+TR8+`"}}}) { id } }`, `{"task":[]}`)
	check(p, `{ task_run(where: {flow_run_id: {_eq: "`+R1+`"}}, order_by: [{task: {name: desc_nulls_first}}, {map_index: asc}]) { map_index } }`,
		`{"task_run":[{"map_index":0},{"map_index":-1},{"map_index":-1},{"map_index":-1}]}`)
	check(engine.Principal{TenantID: T2}, `{ flow_run { name task_runs_aggregate { aggregate { count } } } tenant { projects { name } } }`,
		`{"flow_run":[{"name":"other-run","task_runs_aggregate":{"aggregate":{"count":1}}}],"tenant":[{"projects":[{"name":"Gamma"}]}]}`)
	check(engine.Principal{TenantID: T2}, `{ utility_downstream_tasks(args: {start_task_ids: "{`+K1+`,`+K4+`}"}) { task_id } }`,
		`{"utility_downstream_tasks":[{"task_id":"`+K4+`"}]}`)
}

func TestUserScope(t *testing.T) {
	fx := newFixture(t, engine.WithUserTenants(func(_ context.Context, userID string) []string {
		if userID == "u1" {
			return []string{T2}
		}
		return nil
	}))
	user := engine.Principal{Scope: "USER", UserID: "u1", Cloud: true}
	res := fx.exec(t, user, `{ tenant { name } }`, nil)
	if len(res.Errors) > 0 || string(res.Data) != `{"tenant":[{"name":"Other"}]}` {
		t.Errorf("user tenants: %s %v", res.Data, res.Errors)
	}
	// ... and none of their data through them.
	if got := fx.errs(t, user, `{ tenant { name projects { name } } }`, nil); len(got) != 1 || !strings.HasPrefix(got[0], "FORBIDDEN: ") {
		t.Errorf("user tenants' projects: %v", got)
	}
	res = fx.exec(t, engine.Principal{Scope: "USER", UserID: "u2", Cloud: true}, `{ tenant { name } }`, nil)
	if string(res.Data) != `{"tenant":[]}` {
		t.Errorf("user without memberships: %s", res.Data)
	}
	// any Cloud principal without a tenant is treated the same way
	if got := fx.errs(t, engine.Principal{Scope: "API_KEY", UserID: "u1", Cloud: true}, `{ flow_run { id } }`, nil); len(got) != 1 || got[0] != "UNAUTHENTICATED: this operation requires a tenant; log in to a tenant first" {
		t.Errorf("API key without tenant: %v", got)
	}
	for _, q := range []string{`{ flow_run { id } }`, `{ flow_aggregate { aggregate { count } } }`, `{ project_by_pk(id: "` + P3 + `") { id } }`,
		`{ utility_upstream_tasks(args: {start_task_ids: "{}"}) { depth } }`} {
		got := fx.errs(t, user, q, nil)
		if len(got) != 1 || got[0] != "UNAUTHENTICATED: this operation requires a tenant; log in to a tenant first" {
			t.Errorf("%s as USER: %v", q, got)
		}
	}
}
