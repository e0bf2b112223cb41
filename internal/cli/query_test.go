package cli

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/history"
	"github.com/prefect-tui/prefect-tui/api/schemacache"
	"github.com/prefect-tui/prefect-tui/server"
)

// queryServer is a seeded embedded server for the query command's tests.
func queryServer(t *testing.T) string {
	t.Helper()
	now := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	s, err := server.New(server.Options{Seed: "demo", Scale: 30, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts.URL
}

func TestQueryCommandJSON(t *testing.T) {
	t.Parallel()
	url := queryServer(t)
	h := newHarness(t)
	code := h.run(context.Background(), "--api", url, "query", "--query", `{ flow_run(order_by: {name: asc}) { name } flow_run_aggregate { aggregate { count } } }`)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, h.stderr)
	}
	var out struct {
		FlowRun []struct{ Name string } `json:"flow_run"`
	}
	if err := json.Unmarshal([]byte(h.stdout.String()), &out); err != nil || len(out.FlowRun) == 0 {
		t.Fatalf("stdout %q: %v", h.stdout, err)
	}
	if !strings.Contains(h.stderr.String(), "note: added limit: 100 to flow_run") || strings.Contains(h.stderr.String(), "flow_run_aggregate") {
		t.Fatalf("guard note: %q", h.stderr)
	}
	// The run is in the editor's history for this API.
	s, _ := history.Open(filepath.Join(h.home, ".config", "prefect-tui", "history"), url+"/graphql")
	if e := s.Entries(); len(e) != 1 || !strings.Contains(e[0].Query, "flow_run(limit: 100, order_by:") {
		t.Fatalf("history %+v", e)
	}
}

func TestQueryCommandTableFileAndVars(t *testing.T) {
	t.Parallel()
	url := queryServer(t)
	h := newHarness(t)
	f := filepath.Join(t.TempDir(), "q.graphql")
	_ = os.WriteFile(f, []byte(`query($s: String, $n: Int) { flow_run(where: {state: {_eq: $s}}, limit: $n, order_by: {name: asc}) { name state flow { name } } }`), 0o600)
	code := h.run(context.Background(), "--api", url, "query", f, "--var", "s=Success", "--var", "n=3", "--output", "table")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, h.stderr)
	}
	lines := strings.Split(strings.TrimSpace(h.stdout.String()), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "name") || !strings.Contains(lines[1], "Success") || !strings.Contains(lines[1], `{"name":`) {
		t.Fatalf("table:\n%s", h.stdout)
	}
	if h.stderr.String() != "" {
		t.Fatalf("stderr %q", h.stderr)
	}
}

func TestQueryCommandErrors(t *testing.T) {
	t.Parallel()
	url := queryServer(t)
	for _, c := range []struct {
		name string
		args []string
		want string
		code int
	}{
		{"graphql error", []string{"--query", `{ flow_run { nope } }`}, "nope", 1},
		{"syntax error", []string{"--query", `{ flow_run { id }`}, "1:18", 1},
		{"bad variables JSON", []string{"--query", `{ hello }`, "--variables", `{"a": }`}, "variables 1:7", 1},
		{"bad var", []string{"--query", `{ hello }`, "--var", "nope"}, "name=value", 2},
		{"two sources", []string{"--query", `{ hello }`, "--saved", "x"}, "exactly one", 2},
		{"unknown saved", []string{"--saved", "x"}, `no saved query named "x"`, 1},
		{"mutation without --yes", []string{"--query", `mutation { set_schedule_active(input: {flow_id: "x"}) { success } }`}, "--yes", 1},
		{"read-only mutation", []string{"--read-only", "--query", `mutation { set_schedule_active(input: {flow_id: "x"}) { success } }`, "--yes"}, "read-only", 1},
		{"bad output", []string{"--query", `{ hello }`, "--output", "xml"}, "table, wide, json or yaml", 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			h.noTTY = true // a script: nobody to ask about a mutation
			code := h.run(context.Background(), append([]string{"--api", url, "query"}, c.args...)...)
			if code != c.code || !strings.Contains(h.stderr.String(), c.want) {
				t.Fatalf("exit %d (want %d), stderr %q, want %q", code, c.code, h.stderr, c.want)
			}
		})
	}
	t.Run("transport", func(t *testing.T) {
		h := newHarness(t)
		code := h.run(context.Background(), "--api", "http://"+closedPort(t), "query", "--query", "{ hello }")
		if code != 1 || h.stdout.String() != "" || !strings.Contains(h.stderr.String(), "cannot reach") {
			t.Fatalf("exit %d, stdout %q, stderr %q", code, h.stdout, h.stderr)
		}
	})
}

func TestQueryCommandSavedStdinAndCachedSchema(t *testing.T) {
	t.Parallel()
	url := queryServer(t)
	h := newHarness(t)
	endpoint := url + "/graphql"
	s, err := history.Open(filepath.Join(h.home, ".config", "prefect-tui", "history"), endpoint)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Save(history.Saved{Name: "runs", Query: `query($n: Int!) { flow_run(limit: $n) { id } }`, Variables: `{"n": 1}`}); err != nil {
		t.Fatal(err)
	}
	if code := h.run(context.Background(), "--api", url, "query", "--saved", "runs", "--var", "n=2"); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, h.stderr)
	}
	if n := strings.Count(h.stdout.String(), `"id"`); n != 2 {
		t.Fatalf("want 2 runs: %s", h.stdout)
	}

	// With the schema cached, a wrong variable type is caught before sending.
	dir := filepath.Join(h.home, ".cache", "prefect-tui", "schema")
	if _, err := schemacache.Fetch(context.Background(), api.NewClient(api.ClientOptions{Endpoint: endpoint}), dir, endpoint, time.Now()); err != nil {
		t.Fatal(err)
	}
	h2 := newHarness(t)
	h2.home = h.home
	h2.env = h.env
	code := h2.run(context.Background(), "--api", url, "query", "--saved", "runs", "--var", "n=two")
	if code != 1 || !strings.Contains(h2.stderr.String(), "variable $n (Int!): cannot use string as Int") {
		t.Fatalf("exit %d, stderr %q", code, h2.stderr)
	}

	h3 := newHarness(t)
	c := newCLI(strings.NewReader("{ hello }"), h3.stdout, h3.stderr, h3.env)
	if code := run(context.Background(), []string{"--api", url, "query", "-"}, c); code != 0 || !strings.Contains(h3.stdout.String(), `"hello"`) {
		t.Fatalf("stdin: exit %d, stdout %q, stderr %q", code, h3.stdout, h3.stderr)
	}
}

// TestQueryAsksBeforeAMutation: on a terminal, query shows the mutation and sends it
// only when the answer is y; without a terminal it needs --yes.
func TestQueryAsksBeforeAMutation(t *testing.T) {
	t.Parallel()
	url := queryServer(t)
	h := newHarness(t)
	h.noTTY = true
	h.mustRun("--api", url, "query", "--query", "{ tenant(limit: 1) { id } }")
	var ten struct {
		Tenant []struct{ ID string } `json:"tenant"`
	}
	if err := json.Unmarshal([]byte(h.stdout.String()), &ten); err != nil || len(ten.Tenant) != 1 {
		t.Fatalf("tenant: %q %v", h.stdout, err)
	}
	create := func(h *harness, name string) int {
		return h.run(context.Background(), "--api", url, "query", "--var", "t="+ten.Tenant[0].ID, "--var", "n="+name,
			"--query", `mutation($t: UUID!, $n: String!) { create_project(input: {tenant_id: $t, name: $n}) { id } }`)
	}
	projects := func(name string) int {
		h := newHarness(t)
		h.noTTY = true
		out := h.mustRun("--api", url, "query", "--var", "n="+name, "--query", `query($n: String) { project(where: {name: {_eq: $n}}) { id } }`)
		return strings.Count(out, `"id"`)
	}
	for _, tc := range []struct {
		name, answer string
		tty          bool
		code, made   int
		stderr       string
	}{
		{"yes", "y\n", true, 0, 1, "This mutation changes data: create_project\non " + url + "/graphql. Send it? [y/N] "},
		{"no", "n\n", true, 1, 0, "Send it? [y/N] not sent\n"},
		{"enter", "\n", true, 1, 0, "not sent"},
		{"end of input", "", true, 1, 0, "not sent"},
		{"no terminal", "y\n", false, 1, 0, "add --yes"},
	} {
		h := newHarness(t)
		h.noTTY, h.stdin = !tc.tty, tc.answer
		name := "asked-" + strings.ReplaceAll(tc.name, " ", "-")
		if code := create(h, name); code != tc.code {
			t.Errorf("%s: exit %d, want %d; stderr %q", tc.name, code, tc.code, h.stderr)
		}
		if !strings.Contains(h.stderr.String(), tc.stderr) {
			t.Errorf("%s: stderr %q lacks %q", tc.name, h.stderr, tc.stderr)
		}
		if n := projects(name); n != tc.made {
			t.Errorf("%s: %d projects made, want %d", tc.name, n, tc.made)
		}
	}
}
