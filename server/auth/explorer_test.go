package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/prefect-tui/prefect-tui/server"
)

// explorerVars gives each variable of an explorer query a value of its type, aimed at
// tenant's rows: ids of a flow run (or of a task run for TaskRun* queries), the
// defaults' sizes, every optional part included, and no filter.
func explorerVars(t *testing.T, c *cloud, op *ast.OperationDefinition, tenant string) map[string]any {
	t.Helper()
	one := func(q string) string {
		var id string
		if err := c.srv.DB.QueryRow(q, tenant).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	run := one(`SELECT id FROM flow_run WHERE tenant_id = ? ORDER BY id LIMIT 1`)
	taskRun := one(`SELECT id FROM task_run WHERE tenant_id = ? ORDER BY id LIMIT 1`)
	flow := one(`SELECT id FROM flow WHERE tenant_id = ? ORDER BY id LIMIT 1`)
	group := one(`SELECT id FROM flow_group WHERE tenant_id = ? ORDER BY id LIMIT 1`)
	vars := map[string]any{}
	for _, v := range op.VariableDefinitions {
		var val any
		switch typ := v.Type.String(); {
		case typ == "uuid!" && strings.HasPrefix(op.Name, "TaskRun"):
			val = taskRun
		case typ == "uuid!" && v.Variable == "flowId":
			val = flow
		case typ == "uuid!" && v.Variable == "groupId":
			val = group
		case typ == "uuid!":
			val = run
		case typ == "[uuid!]!":
			val = []any{run}
		case typ == "_uuid!":
			val = "{}"
		case typ == "Int!":
			val = 20
		case typ == "timestamptz!":
			val = time.Now().UTC().Format(time.RFC3339)
		case typ == "[String!]!":
			val = []any{"Failed"}
		case strings.HasSuffix(typ, "_bool_exp!"):
			val = map[string]any{} // no condition (the Overview's and FlowPage's filters)
		case typ == "Boolean!":
			val = true // every @include part too
		case !v.Type.NonNull:
			continue // filters and orders: the default
		default:
			t.Fatalf("%s: no value for $%s: %s", op.Name, v.Variable, typ)
		}
		vars[v.Variable] = val
	}
	return vars
}

// TestExplorerReadsForEveryRole: every query the explorer sends (queries.graphql) runs
// without an error for a READ_ONLY_USER, through an access token and an API key, as for
// the other roles: roles limit what a member may change, never what it may read. The
// tenant picker's counts (TenantPicker) are refused to every user credential alike
// (FORBIDDEN: tenant data through the tenant table), which the picker answers by
// listing the tenants without counts.
func TestExplorerReadsForEveryRole(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "queries.graphql"))
	if err != nil {
		t.Fatal(err)
	}
	doc, perr := parser.ParseQuery(&ast.Source{Name: "queries.graphql", Input: string(b)})
	if perr != nil {
		t.Fatal(perr)
	}
	c := newCloudScale(t, time.Hour, 8)
	type login struct {
		name   string
		tenant string
		cred   cred
	}
	var logins []login
	for _, tn := range server.CloudDemoTenants {
		logins = append(logins, login{tn.Role + " access token", tn.ID, c.access(tn.ID)}, login{tn.Role + " API key", tn.ID, c.key(tn.ID)})
	}
	queries := 0
	for _, op := range doc.Operations {
		if op.Operation != ast.Query {
			continue
		}
		queries++
		for _, l := range logins {
			r := c.doOp(l.cred, string(b), op.Name, explorerVars(t, c, op, l.tenant))
			switch {
			case op.Name == "TenantPicker":
				if r.code() != "FORBIDDEN" {
					t.Errorf("%s as %s: %s %s, want FORBIDDEN", op.Name, l.name, r.code(), r.msg())
				}
			case len(r.Errors) > 0:
				t.Errorf("%s as %s: %s (%s)", op.Name, l.name, r.msg(), r.code())
			}
		}
	}
	if queries < 15 {
		t.Fatalf("only %d queries in queries.graphql", queries)
	}
}

// doOp runs the operation named op of document doc, as the explorer sends it.
func (c *cloud) doOp(cr cred, doc, op string, vars map[string]any) gqlResult {
	c.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": doc, "operationName": op, "variables": vars})
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, c.url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+cr.bearer)
	if cr.tenant != "" {
		req.Header.Set("X-PREFECT-TENANT-ID", cr.tenant)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var r gqlResult
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		c.t.Fatalf("%s: not JSON: %v", op, err)
	}
	return r
}
