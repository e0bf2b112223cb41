package cli

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// queryStdin runs `query` with stdin and returns the exit status, stdout and stderr.
func queryStdin(t *testing.T, url, stdin string, args ...string) (int, string, string) {
	t.Helper()
	h := newHarness(t)
	c := newCLI(strings.NewReader(stdin), h.stdout, h.stderr, h.env)
	code := run(context.Background(), append([]string{"--api", url, "query"}, args...), c)
	return code, h.stdout.String(), h.stderr.String()
}

func TestQueryTakesAJSONRequestBody(t *testing.T) {
	t.Parallel()
	url := getServer(t)
	two := `query Names($n: Int!) { flow_run(limit: $n, order_by: {name: asc}) { name } } query Ids { flow_run(limit: 1) { id } }`
	body, _ := json.Marshal(map[string]any{"query": two, "variables": map[string]any{"n": 2}, "operationName": "Names"})
	code, out, errOut := queryStdin(t, url, string(body), "-")
	var got struct {
		Runs []struct{ Name string } `json:"flow_run"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || len(got.Runs) != 2 || got.Runs[0].Name == "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}

	// From a file, with the variables as a JSON string (what Prefect's Python client
	// sends), and --var over the body's variables.
	prefectStyle, _ := json.Marshal(map[string]any{"query": two, "variables": `{"n": 5}`, "operationName": "Names"})
	f := filepath.Join(t.TempDir(), "request.json")
	if err := os.WriteFile(f, prefectStyle, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = queryStdin(t, url, "", f, "--var", "n=3")
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || len(got.Runs) != 3 {
		t.Fatalf("file: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// --operation over the body's operationName.
	code, out, _ = queryStdin(t, url, string(body), "-", "--operation", "Ids")
	if code != 0 || !strings.Contains(out, `"id"`) {
		t.Fatalf("--operation: exit %d, %s", code, out)
	}

	for _, c := range []struct{ body, want string }{
		{`{"query": 1}`, `"query" must be a string, not number`},
		{`{"quer": "{ hello }"}`, `no "query" member`},
		{`{"query": "{ hello }", }`, "request body 1:24:"},
		{`{"query": "{ hello }", "variables": [1]}`, `"variables" must be an object`},
		{`{"query": "{ hello }", "variables": "{\"n\": }"}`, "variables 1:7"},
	} {
		code, out, errOut := queryStdin(t, url, c.body, "-")
		if code != 1 || out != "" || !strings.Contains(errOut, c.want) {
			t.Fatalf("%s: exit %d, stdout %q, stderr %q, want %q", c.body, code, out, errOut, c.want)
		}
	}
}

func TestQueryVariableErrorsNameTheVariableAndItsType(t *testing.T) {
	t.Parallel()
	url := getServer(t)
	q := `query($n: Int!, $states: [String!]) { flow_run(limit: $n, where: {state: {_in: $states}}) { id } }`
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--var", "n=two"}, "error: variable $n (Int!): cannot use string as Int"},
		{nil, "error: variable $n (Int!): must be defined"},
		{[]string{"--var", "n=1", "--variables", `{"states": [1]}`}, "error: variable $states[0] ([String!]): cannot use"},
	} {
		code, out, errOut := queryStdin(t, url, "", append([]string{"--query", q}, c.args...)...)
		if code != 1 || out != "" || !strings.Contains(errOut, c.want) {
			t.Fatalf("%v: exit %d, stdout %q, stderr %q, want %q", c.args, code, out, errOut, c.want)
		}
	}

	// An API's own error about a variable (the path says which) is printed with its name.
	fake := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"errors":[{"message":"cannot use string as Int","path":["variable","n"],"extensions":{"code":"BAD_USER_INPUT"}}]}`)
	})
	code, _, errOut := queryStdin(t, fake.URL, "", "--query", `query($n: Int!) { no_such_field(n: $n) }`, "--var", "n=x")
	if code != 1 || !strings.Contains(errOut, "error: variable $n: cannot use string as Int") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

func TestQueryPrintsEveryRootField(t *testing.T) {
	t.Parallel()
	url := getServer(t)
	q := `{ flow_run(limit: 2, order_by: {name: asc}) { name flow { name } } hello flow_run_aggregate { aggregate { count } } project(limit: 0) { id } }`
	code, out, errOut := queryStdin(t, url, "", "--query", q, "-o", "table")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	sections := strings.Split(strings.TrimSpace(out), "\n\n")
	if len(sections) != 4 {
		t.Fatalf("want 4 tables:\n%s", out)
	}
	for i, want := range [][]string{
		{"flow_run", "name", `{"name":`},
		{"hello", "hello"},
		{"flow_run_aggregate", "aggregate", `{"count":`},
		{"project", "(none)"},
	} {
		lines := strings.Split(sections[i], "\n")
		if lines[0] != want[0] || !strings.HasPrefix(lines[1], want[1]) || (len(want) > 2 && !strings.Contains(sections[i], want[2])) {
			t.Fatalf("table %d:\n%s", i, sections[i])
		}
	}
	code, out, _ = queryStdin(t, url, "", "--query", q, "-o", "yaml")
	var doc map[string]any
	if code != 0 || yaml.Unmarshal([]byte(out), &doc) != nil || len(doc["flow_run"].([]any)) != 2 || doc["hello"] == nil {
		t.Fatalf("yaml: exit %d\n%s", code, out)
	}
}
