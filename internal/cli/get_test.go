package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/servertest"
)

// getServer is the shared, read-only demo server of the get tests: 300 runs, more than
// two pages of them.
func getServer(t *testing.T) string {
	t.Helper()
	_, url := servertest.Shared(t, seed.DemoOptions{Runs: 300})
	return url
}

// getRun runs the command line against url and returns stdout, failing on a non-zero
// exit.
func getRun(t *testing.T, url string, args ...string) string {
	t.Helper()
	h := newHarness(t)
	if code := h.run(context.Background(), append([]string{"--api", url}, args...)...); code != 0 {
		t.Fatalf("%v: exit %d\nstderr: %s", args, code, h.stderr)
	}
	return h.stdout.String()
}

// getFail runs the command line and returns stderr, failing unless it exits 1.
// getFail runs a command that must fail with status code (1 a failure, 2 a usage
// error) and print nothing on stdout; it returns stderr.
func getFail(t *testing.T, url string, code int, args ...string) string {
	t.Helper()
	h := newHarness(t)
	if got := h.run(context.Background(), append([]string{"--api", url}, args...)...); got != code || h.stdout.String() != "" {
		t.Fatalf("%v: exit %d (want %d), stdout %q, stderr %q", args, got, code, h.stdout, h.stderr)
	}
	return h.stderr.String()
}

type runJSON struct {
	ID       string   `json:"id" yaml:"id"`
	Name     string   `json:"name" yaml:"name"`
	State    string   `json:"state" yaml:"state"`
	Labels   []string `json:"labels" yaml:"labels"`
	Schedule string   `json:"scheduled_start_time" yaml:"scheduled_start_time"`
	Flow     struct {
		Name string `json:"name" yaml:"name"`
	} `json:"flow" yaml:"flow"`
}

func TestGetFlowRunsInEveryFormat(t *testing.T) {
	t.Parallel()
	url := getServer(t)
	var runs []runJSON
	if err := json.Unmarshal([]byte(getRun(t, url, "get", "flow-runs", "--limit", "150", "-o", "json")), &runs); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i, r := range runs {
		if seen[r.ID] || (i > 0 && r.Schedule > runs[i-1].Schedule) {
			t.Fatalf("run %d (%s) repeats or is out of order", i, r.ID)
		}
		seen[r.ID] = true
	}
	if len(runs) != 150 {
		t.Fatalf("--limit 150 gave %d runs", len(runs))
	}

	var fromYAML []runJSON
	if err := yaml.Unmarshal([]byte(getRun(t, url, "get", "flow-runs", "--limit", "150", "-o", "yaml")), &fromYAML); err != nil {
		t.Fatal(err)
	}
	if len(fromYAML) != 150 || fromYAML[149].ID != runs[149].ID || fromYAML[0].Flow.Name != runs[0].Flow.Name {
		t.Fatalf("yaml: %d runs, last %+v", len(fromYAML), fromYAML[len(fromYAML)-1])
	}

	table := strings.Split(strings.TrimSpace(getRun(t, url, "get", "flow-runs", "--limit", "5")), "\n")
	if len(table) != 6 || !strings.HasPrefix(table[0], "ID ") || !strings.Contains(table[0], "STATE") || strings.Contains(table[0], "LABELS") {
		t.Fatalf("table:\n%s", strings.Join(table, "\n"))
	}
	// The demo's ids are time-ordered: the table prints as much of them as tells the
	// rows apart, and that much is a prefix get accepts.
	short := strings.Fields(table[1])[0]
	if len(short) < 8 || len(short) >= len(runs[0].ID) || !strings.HasPrefix(runs[0].ID, short) {
		t.Fatalf("short id %q of %s", short, runs[0].ID)
	}
	if out := getRun(t, url, "describe", short); !strings.Contains(out, runs[0].ID) {
		t.Fatalf("describe %s:\n%s", short, out)
	}
	wide := strings.Split(strings.TrimSpace(getRun(t, url, "get", "flow-runs", "--limit", "5", "-o", "wide")), "\n")
	if !strings.Contains(wide[0], "LABELS") || strings.Fields(wide[1])[0] != runs[0].ID {
		t.Fatalf("wide:\n%s", strings.Join(wide, "\n"))
	}
}

func TestGetFlowRunsFilters(t *testing.T) {
	t.Parallel()
	url := getServer(t)
	var all []runJSON
	if err := json.Unmarshal([]byte(getRun(t, url, "get", "flow-runs", "--limit", "0", "-o", "json")), &all); err != nil {
		t.Fatal(err)
	}
	var pick runJSON
	for _, r := range all {
		if r.State == "Failed" && len(r.Labels) > 0 {
			pick = r
			break
		}
	}
	if pick.ID == "" {
		t.Fatal("no failed run with labels in the demo")
	}
	since := servertest.Now.Add(-10 * 24 * time.Hour).Format(time.RFC3339)
	var got []runJSON
	out := getRun(t, url, "get", "flow-runs", "--state", "failed,success", "--flow", pick.Flow.Name, "--label", pick.Labels[0],
		"--since", since, "--limit", "0", "-o", "json")
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, r := range all {
		if (r.State == "Failed" || r.State == "Success") && r.Flow.Name == pick.Flow.Name && contains(r.Labels, pick.Labels[0]) && r.Schedule >= since[:10] {
			want++
		}
	}
	if len(got) == 0 || len(got) != want {
		t.Fatalf("%d runs match, want %d", len(got), want)
	}
	for _, args := range [][]string{
		{"--state", "Exploded"},
		{"--since", "last tuesday"},
		{"--limit", "-1"},
		{"-o", "xml"},
	} {
		getFail(t, url, 2, append([]string{"get", "flow-runs"}, args...)...)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestGetTaskRunsLogsAndDescribe(t *testing.T) {
	t.Parallel()
	url := getServer(t)
	var failed []runJSON
	if err := json.Unmarshal([]byte(getRun(t, url, "get", "flow-runs", "--state", "Failed", "--limit", "1", "-o", "json")), &failed); err != nil || len(failed) != 1 {
		t.Fatalf("%v %v", failed, err)
	}
	run := failed[0]

	var trs []struct {
		ID    string `json:"id"`
		State string `json:"state"`
	}
	if err := json.Unmarshal([]byte(getRun(t, url, "get", "task-runs", run.ID[:30], "-o", "json")), &trs); err != nil || len(trs) == 0 {
		t.Fatalf("task runs: %v %v", trs, err)
	}
	if table := getRun(t, url, "get", "task-runs", run.Name); !strings.HasPrefix(table, "ID ") || strings.Count(table, "\n") != len(trs)+1 {
		t.Fatalf("task runs table:\n%s", table)
	}
	if msg := getFail(t, url, 1, "get", "task-runs", run.ID[:8]); !strings.Contains(msg, "matches more than one flow run") {
		t.Fatalf("8-character prefix of a demo id: %q", msg)
	}
	if msg := getFail(t, url, 1, "get", "logs", "no-such-run"); !strings.Contains(msg, `no flow run matches "no-such-run"`) {
		t.Fatalf("unknown run: %q", msg)
	}

	errorsOnly := getRun(t, url, "get", "logs", run.Name, "--level", "error")
	all := getRun(t, url, "get", "logs", run.Name)
	if !strings.Contains(errorsOnly, " ERROR ") || strings.Contains(errorsOnly, " INFO ") || len(all) <= len(errorsOnly) {
		t.Fatalf("--level error:\n%s\nall:\n%s", errorsOnly, all)
	}
	var logs []map[string]any
	if err := yaml.Unmarshal([]byte(getRun(t, url, "get", "logs", run.ID, "-o", "yaml")), &logs); err != nil || len(logs) == 0 || logs[0]["flow_run_id"] != run.ID {
		t.Fatalf("yaml logs: %v %v", logs, err)
	}
	getFail(t, url, 2, "get", "logs", run.Name, "--level", "loud")

	desc := getRun(t, url, "describe", run.Name)
	for _, want := range []string{"Flow run:", run.ID, "State:", "Failed", "Task runs:", "States:", "Scheduled"} {
		if !strings.Contains(desc, want) {
			t.Fatalf("describe has no %q:\n%s", want, desc)
		}
	}
	var flow struct {
		Flow struct {
			Name     string `json:"name"`
			Archived bool   `json:"archived"`
			Runs     []any  `json:"flow_runs"`
		} `json:"flow"`
	}
	if err := json.Unmarshal([]byte(getRun(t, url, "describe", run.Flow.Name, "-o", "json")), &flow); err != nil ||
		flow.Flow.Name != run.Flow.Name || flow.Flow.Archived || len(flow.Flow.Runs) == 0 {
		t.Fatalf("describe flow: %+v %v", flow, err)
	}
	if wide := getRun(t, url, "describe", run.Flow.Name, "-o", "wide"); !strings.Contains(wide, "Flow group:") || !strings.Contains(wide, "Recent runs:") {
		t.Fatalf("describe -o wide:\n%s", wide)
	}
	if msg := getFail(t, url, 1, "describe", "nothing-by-this-name"); !strings.Contains(msg, "no flow run or flow matches") {
		t.Fatalf("describe unknown: %q", msg)
	}
}

func TestGetFlowsAgentsProjects(t *testing.T) {
	t.Parallel()
	url := getServer(t)
	for _, c := range []struct {
		what   string
		header []string
	}{
		{"flows", []string{"ID", "NAME", "VERSION", "PROJECT"}},
		{"agents", []string{"ID", "NAME", "TYPE", "LAST QUERIED", "RUNNING"}},
		{"projects", []string{"ID", "NAME", "FLOWS"}},
	} {
		out := getRun(t, url, "get", c.what)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		for _, h := range c.header {
			if !strings.Contains(lines[0], h) {
				t.Fatalf("get %s: no %s column:\n%s", c.what, h, out)
			}
		}
		var rows []map[string]any
		if err := json.Unmarshal([]byte(getRun(t, url, "get", c.what, "-o", "json")), &rows); err != nil || len(rows) != len(lines)-1 {
			t.Fatalf("get %s -o json: %d rows, table %d: %v", c.what, len(rows), len(lines)-1, err)
		}
	}
	var every, current []map[string]any
	_ = json.Unmarshal([]byte(getRun(t, url, "get", "flows", "--all-versions", "-o", "json")), &every)
	_ = json.Unmarshal([]byte(getRun(t, url, "get", "flows", "-o", "json")), &current)
	if len(every) <= len(current) {
		t.Fatalf("--all-versions: %d flows, current %d", len(every), len(current))
	}
}

func TestGetLogsFollowUntilTheRunEnds(t *testing.T) {
	t.Parallel()
	_, url := servertest.Start(t, servertest.Options{Demo: seed.DemoOptions{Runs: 60}})
	client := api.NewClient(api.ClientOptions{Endpoint: url + "/graphql"})
	ctx := context.Background()
	running, err := api.FindFlowRuns(ctx, client, api.FlowRunFilter{States: []string{"Running"}}, 2)
	if err != nil || len(running) < 2 {
		t.Fatalf("running runs: %d, %v", len(running), err)
	}
	target, other := running[0], running[1]

	follow := func(ctx context.Context, ref string, out *syncBuffer) chan int {
		done := make(chan int, 1)
		c := newCLI(strings.NewReader(""), out, &syncBuffer{}, []string{"HOME=" + t.TempDir()})
		c.followEvery = 10 * time.Millisecond
		go func() { done <- run(ctx, []string{"--api", url, "get", "logs", ref, "--follow", "-o", "json"}, c) }()
		return done
	}
	out := &syncBuffer{}
	done := follow(ctx, target.Id, out)
	waitFor(t, out, target.Id)

	write := func(msg string) {
		logs, _ := json.Marshal([]map[string]any{{"flow_run_id": target.Id, "message": msg, "level": "INFO",
			"timestamp": servertest.Now.Add(time.Minute).Format(time.RFC3339)}})
		if _, err := api.WriteRunLogs(ctx, client, logs); err != nil {
			t.Fatal(err)
		}
	}
	write("first line written while following")
	waitFor(t, out, "first line written while following")
	write("second line")
	waitFor(t, out, "second line")
	if _, err := api.SetFlowRunState(ctx, client, api.StateChange{RunID: target.Id, State: "Success"}); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("--follow did not stop after the run finished")
	}
	// One JSON record a line, each line once.
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	seen := map[string]bool{}
	for _, l := range lines {
		var rec struct{ ID string }
		if err := json.Unmarshal([]byte(l), &rec); err != nil || seen[rec.ID] {
			t.Fatalf("line %q: %v (or repeated)", l, err)
		}
		seen[rec.ID] = true
	}

	// Interrupted (SIGINT cancels the context): it stops at once, without an error.
	ictx, cancel := context.WithCancel(ctx)
	out2 := &syncBuffer{}
	done2 := follow(ictx, other.Id, out2)
	waitFor(t, out2, other.Id)
	cancel()
	select {
	case code := <-done2:
		if code != 0 {
			t.Fatalf("interrupted: exit %d", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("--follow did not stop on interrupt")
	}
}

// waitFor waits until out contains s.
func waitFor(t *testing.T, out *syncBuffer, s string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), s) {
		if time.Now().After(deadline) {
			t.Fatalf("never printed %q:\n%s", s, out)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestOutputFormatsOfTheAuthCommands(t *testing.T) {
	h, s, _ := cloudHarness(t)
	h.mustRun("auth", "login", "--token", s.DemoUserToken(), "--tenant", "production")
	if out := h.mustRun("auth", "tokens", "-o", "table"); !strings.HasPrefix(out, "ID") || !strings.Contains(out, "SCOPE") {
		t.Fatalf("auth tokens -o table:\n%s", out)
	}
	h.mustRun("auth", "tokens", "-o", "wide")
	var tenants []struct{ Slug string }
	if err := yaml.Unmarshal([]byte(h.mustRun("auth", "tenants", "-o", "yaml")), &tenants); err != nil || len(tenants) != 3 {
		t.Fatalf("auth tenants -o yaml: %v %v", tenants, err)
	}
	var st map[string]any
	if err := yaml.Unmarshal([]byte(h.mustRun("auth", "status", "-o", "yaml")), &st); err != nil || st["tenant_slug"] != "production" {
		t.Fatalf("auth status -o yaml: %v %v", st, err)
	}
	if code := h.run(context.Background(), "auth", "status", "-o", "xml"); code == 0 || !strings.Contains(h.stderr.String(), "table, wide, json or yaml") {
		t.Fatalf("-o xml: exit %d, %s", code, h.stderr)
	}
}
