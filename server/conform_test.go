package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/prefect-tui/prefect-tui/server"
)

// TestLegacyUIConformance runs every query document of the Prefect 1.x web UI that is
// valid on Prefect Server against a demo-seeded server, with made-up variables of each
// declared type: each must answer HTTP 200 without errors. The documents and the list
// of those valid on Server (SERVER-VALID.txt) are read from the shared reference folder
// beside the checkout (../shared/reference/legacy-ui-queries from the repository root),
// where CI puts it; without them the test fails.
func TestLegacyUIConformance(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "reference", "legacy-ui-queries")
	list, err := os.ReadFile(filepath.Join(dir, "SERVER-VALID.txt"))
	if err != nil {
		t.Fatalf("the web UI's query documents are missing (shared/ must sit beside the checkout): %v", err)
	}
	if testing.Short() {
		t.Skip("seeds a demo tenant")
	}
	s, err := server.New(server.Options{Seed: "demo", Scale: 150})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	c := &conformClient{url: ts.URL + "/graphql", schema: s.Engine.Schema()}
	c.discoverIDs(t)
	passed, skipped := 0, 0
	for _, rel := range strings.Fields(string(list)) {
		src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			continue
		}
		doc, perr := parser.ParseQuery(&ast.Source{Name: rel, Input: string(src)})
		if perr != nil {
			t.Errorf("%s: parse: %v", rel, perr)
			continue
		}
		for _, op := range doc.Operations {
			if op.Operation != ast.Query {
				skipped++
				continue
			}
			vars := map[string]any{}
			for _, v := range op.VariableDefinitions {
				vars[v.Variable] = c.value(v.Variable, v.Type)
			}
			status, body := c.post(t, string(src), op.Name, vars)
			if status != 200 || strings.Contains(body, `"errors"`) {
				t.Errorf("%s (%s): HTTP %d: %.300s", rel, op.Name, status, body)
				continue
			}
			passed++
		}
	}
	t.Logf("%d queries passed, %d mutations skipped", passed, skipped)
	if passed < 100 {
		t.Errorf("only %d documents ran", passed)
	}
}

type conformClient struct {
	url    string
	schema *ast.Schema
	ids    map[string]string
}

func (c *conformClient) post(t *testing.T, query, op string, vars map[string]any) (int, string) {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"query": query, "operationName": op, "variables": vars})
	resp, err := http.Post(c.url, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	return resp.StatusCode, buf.String()
}

func (c *conformClient) discoverIDs(t *testing.T) {
	_, body := c.post(t, `{ flow_run(limit: 1, order_by: {scheduled_start_time: desc}) { id flow { flow_group_id project_id } }
	  task_run(limit: 1, where: {map_index: {_eq: -1}}) { id task_id } tenant(limit: 1) { id } agent(limit: 1) { id } }`, "", nil)
	var out struct {
		Data struct {
			FlowRun []struct {
				ID   string
				Flow struct {
					FlowGroupID string `json:"flow_group_id"`
					ProjectID   string `json:"project_id"`
				}
			} `json:"flow_run"`
			TaskRun []struct {
				ID     string
				TaskID string `json:"task_id"`
			} `json:"task_run"`
			Tenant []struct{ ID string }
			Agent  []struct{ ID string }
		}
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil || len(out.Data.FlowRun) == 0 || len(out.Data.TaskRun) == 0 {
		t.Fatalf("discover ids: %s", body)
	}
	d := out.Data
	c.ids = map[string]string{
		"flowrun": d.FlowRun[0].ID, "flowgroup": d.FlowRun[0].Flow.FlowGroupID, "project": d.FlowRun[0].Flow.ProjectID,
		"taskrun": d.TaskRun[0].ID, "task": d.TaskRun[0].TaskID,
	}
	if len(d.Tenant) > 0 {
		c.ids["tenant"] = d.Tenant[0].ID
	}
	if len(d.Agent) > 0 {
		c.ids["agent"] = d.Agent[0].ID
	}
}

func (c *conformClient) idFor(name string) string {
	n := strings.ToLower(strings.ReplaceAll(name, "_", ""))
	for _, k := range []string{"flowrun", "taskrun", "flowgroup", "project", "tenant", "agent", "task"} {
		if strings.Contains(n, k) && c.ids[k] != "" {
			return c.ids[k]
		}
	}
	if strings.Contains(n, "flow") {
		return c.ids["flowgroup"]
	}
	return "00000000-0000-0000-0000-000000000000"
}

func (c *conformClient) value(name string, t *ast.Type) any {
	if t.Elem != nil {
		if !t.NonNull {
			return []any{}
		}
		return []any{c.value(name, t.Elem)}
	}
	switch t.NamedType {
	case "uuid", "UUID", "ID":
		return c.idFor(name)
	case "_uuid":
		return "{}"
	case "String":
		n := strings.ToLower(name)
		switch {
		case strings.Contains(n, "search") || strings.Contains(n, "name") || strings.Contains(n, "text"):
			return "%"
		case strings.Contains(n, "state"):
			return "Success"
		}
		return "x"
	case "Int":
		return 10
	case "Float":
		return 1.0
	case "Boolean":
		return false
	case "timestamptz", "DateTime":
		return time.Now().Add(-30 * 24 * time.Hour).UTC().Format(time.RFC3339)
	case "jsonb", "JSON":
		return map[string]any{}
	case "interval":
		return "00:01:00"
	}
	if def := c.schema.Types[t.NamedType]; def != nil {
		switch def.Kind {
		case ast.Enum:
			if len(def.EnumValues) > 0 {
				return def.EnumValues[0].Name
			}
		case ast.InputObject:
			obj := map[string]any{}
			for _, f := range def.Fields {
				if f.Type.NonNull {
					obj[f.Name] = c.value(f.Name, f.Type)
				}
			}
			return obj
		}
	}
	return map[string]any{}
}
