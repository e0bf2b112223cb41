package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/servertest"
)

// findDemo is the shared demo server of these tests: 300 runs, more than two pages.
func findDemo(t *testing.T) *api.Client {
	t.Helper()
	_, url := servertest.Shared(t, seed.DemoOptions{Runs: 300})
	return api.NewClient(api.ClientOptions{Endpoint: url + "/graphql"})
}

func TestFindFlowRunsPagesWithoutGapsOrRepeats(t *testing.T) {
	t.Parallel()
	c := findDemo(t)
	ctx := context.Background()
	// One request for everything, in the same order, is what the pages must add up to.
	var whole struct {
		Runs []struct{ ID string } `json:"flow_run"`
	}
	err := api.Do(ctx, c, api.Text(`{ flow_run(order_by: [{scheduled_start_time: desc}, {id: desc}], limit: 1000) { id } }`), nil, &whole)
	if err != nil {
		t.Fatal(err)
	}
	if len(whole.Runs) <= 2*api.PageSize {
		t.Fatalf("the demo has %d runs: too few to page", len(whole.Runs))
	}
	for _, limit := range []int{1, api.PageSize, api.PageSize + 1, 250, 0} {
		got, err := api.FindFlowRuns(ctx, c, api.FlowRunFilter{}, limit)
		if err != nil {
			t.Fatal(err)
		}
		want := len(whole.Runs)
		if limit > 0 {
			want = limit
		}
		if len(got) != want {
			t.Fatalf("limit %d: %d runs, want %d", limit, len(got), want)
		}
		for i, r := range got {
			if r.Id != whole.Runs[i].ID {
				t.Fatalf("limit %d: run %d is %s, want %s", limit, i, r.Id, whole.Runs[i].ID)
			}
		}
	}
}

func TestFindFlowRunsFilters(t *testing.T) {
	t.Parallel()
	c := findDemo(t)
	ctx := context.Background()
	all, err := api.FindFlowRuns(ctx, c, api.FlowRunFilter{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	flow := all[len(all)/2].Flow.Name
	since := servertest.Now.Add(-48 * time.Hour)
	f := api.FlowRunFilter{Flow: flow, States: []string{"Success", "Failed"}, Since: since}
	got, err := api.FindFlowRuns(ctx, c, f, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, r := range all {
		if r.Flow.Name == flow && (*r.State == "Success" || *r.State == "Failed") && !r.Scheduled_start_time.Before(since) {
			want++
		}
	}
	if len(got) != want || want == 0 {
		t.Fatalf("%d runs match %+v, want %d (of %d)", len(got), f, want, len(all))
	}
	// Labels: every run that has the label, and only those.
	var label string
	for _, r := range all {
		if string(r.Labels) != "[]" && string(r.Labels) != "null" {
			label = firstLabel(t, r.Labels)
			break
		}
	}
	if label == "" {
		t.Fatal("no run has labels")
	}
	withLabel, err := api.FindFlowRuns(ctx, c, api.FlowRunFilter{Labels: []string{label}}, 0)
	if err != nil || len(withLabel) == 0 || len(withLabel) == len(all) {
		t.Fatalf("label %q: %d of %d runs, %v", label, len(withLabel), len(all), err)
	}
}

func TestRefsResolveIDsPrefixesAndNames(t *testing.T) {
	t.Parallel()
	c := findDemo(t)
	ctx := context.Background()
	runs, err := api.FindFlowRuns(ctx, c, api.FlowRunFilter{States: []string{"Failed"}}, 1)
	if err != nil || len(runs) == 0 {
		t.Fatal(err)
	}
	run := runs[0]
	for _, ref := range []string{run.Id, run.Id[:30], strings.ToUpper(run.Id[:28]), *run.Name} {
		tr, err := api.FindTaskRuns(ctx, c, ref, 0)
		if err != nil {
			t.Fatalf("%q: %v", ref, err)
		}
		if tr.RunID != run.Id || len(tr.TaskRuns) == 0 {
			t.Fatalf("%q: run %s with %d task runs", ref, tr.RunID, len(tr.TaskRuns))
		}
	}
	// The demo's run ids share their first 8 characters (they are time-ordered).
	_, err = api.FindTaskRuns(ctx, c, run.Id[:8], 0)
	var amb *api.AmbiguousError
	if !errors.As(err, &amb) || len(amb.Matches) != 2 {
		t.Fatalf("8-character prefix: %v", err)
	}
	_, err = api.FindTaskRuns(ctx, c, "ffffffff-ffff", 0)
	var nf *api.NotFoundError
	if !errors.As(err, &nf) {
		t.Fatalf("unknown prefix: %v", err)
	}
	if _, err := api.FindTaskRuns(ctx, c, "01a2-", 0); !errors.As(err, &nf) {
		t.Fatalf("a misplaced dash makes a name, not a prefix: %v", err)
	}

	d, err := api.DescribeRef(ctx, c, run.Flow.Name)
	if err != nil || d.Flow == nil || d.Run != nil || d.Flow.Name != run.Flow.Name || d.Flow.Archived {
		t.Fatalf("describe by flow name: %+v %v", d, err)
	}
	d, err = api.DescribeRef(ctx, c, run.Id[:30])
	if err != nil || d.Run == nil || d.Run.Id != run.Id || len(d.Run.States) == 0 {
		t.Fatalf("describe by run id prefix: %+v %v", d, err)
	}
}

func TestFindAndTailRunLogs(t *testing.T) {
	t.Parallel()
	_, url := servertest.Start(t, servertest.Options{Demo: seed.DemoOptions{Runs: 60}})
	c := api.NewClient(api.ClientOptions{Endpoint: url + "/graphql"})
	ctx := context.Background()
	runs, err := api.FindFlowRuns(ctx, c, api.FlowRunFilter{States: []string{"Failed"}}, 1)
	if err != nil || len(runs) == 0 {
		t.Fatal(err)
	}
	run := runs[0].Id
	all, err := api.FindRunLogs(ctx, c, run, nil, 0)
	if err != nil || len(all.Logs) < 3 {
		t.Fatalf("%d logs, %v", len(all.Logs), err)
	}
	for i := 1; i < len(all.Logs); i++ {
		if all.Logs[i].Timestamp.Before(all.Logs[i-1].Timestamp) {
			t.Fatalf("log %d is older than the one before", i)
		}
	}
	first, err := api.FindRunLogs(ctx, c, run, nil, 2)
	if err != nil || len(first.Logs) != 2 || first.Logs[1].Id != all.Logs[1].Id {
		t.Fatalf("limit 2: %v", err)
	}
	if none, err := api.TailRunLogs(ctx, c, run, nil, all.Next); err != nil || len(none.Logs) != 0 || none.State != "Failed" {
		t.Fatalf("nothing new: %+v %v", none, err)
	}

	// Lines stored later are read once each, even with the same time stamps (the
	// server's clock stands still) and in whatever order their ids sort.
	write := func(msgs ...string) {
		var logs []map[string]any
		for _, m := range msgs {
			logs = append(logs, map[string]any{"flow_run_id": run, "message": m, "level": "ERROR"})
		}
		b, _ := json.Marshal(logs)
		if _, err := api.WriteRunLogs(ctx, c, b); err != nil {
			t.Fatal(err)
		}
	}
	cur := all.Next
	var got []string
	for i := 0; i < 6; i++ {
		write("late "+strconv.Itoa(i), "later "+strconv.Itoa(i))
		levels, _ := api.LevelsFrom("warn")
		res, err := api.TailRunLogs(ctx, c, run, levels, cur)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range res.Logs {
			got = append(got, *l.Message)
		}
		cur = res.Next
	}
	if len(got) != 12 {
		t.Fatalf("tailed %d lines, want 12: %q", len(got), got)
	}
	if _, err := api.TailRunLogs(ctx, c, "00000000-0000-0000-0000-000000000000", nil, api.LogCursor{}); err == nil {
		t.Fatal("tailing an unknown run succeeded")
	}

	levels, _ := api.LevelsFrom("warn")
	errs, err := api.FindRunLogs(ctx, c, run, levels, 0)
	if err != nil || len(errs.Logs) == 0 || len(errs.Logs) >= len(all.Logs)+12 {
		t.Fatalf("WARNING and above: %d of %d, %v", len(errs.Logs), len(all.Logs), err)
	}
	for _, l := range errs.Logs {
		if l.Level == nil || *l.Level == "INFO" || *l.Level == "DEBUG" {
			t.Fatalf("level filter let through %v", l.Level)
		}
	}
	if _, err := api.LevelsFrom("loud"); err == nil {
		t.Fatal("an unknown level was accepted")
	}
}

func TestFindAgentsProjectsFlows(t *testing.T) {
	t.Parallel()
	c := findDemo(t)
	ctx := context.Background()
	agents, err := api.FindAgents(ctx, c, 0)
	if err != nil || len(agents) == 0 {
		t.Fatalf("agents: %d, %v", len(agents), err)
	}
	projects, err := api.FindProjects(ctx, c, 0)
	if err != nil || len(projects) == 0 {
		t.Fatalf("projects: %d, %v", len(projects), err)
	}
	current, err := api.FindFlows(ctx, c, api.FlowFilter{}, 0)
	if err != nil || len(current) == 0 {
		t.Fatal(err)
	}
	every, err := api.FindFlows(ctx, c, api.FlowFilter{AllVersions: true}, 0)
	if err != nil || len(every) <= len(current) {
		t.Fatalf("all versions: %d, current: %d, %v", len(every), len(current), err)
	}
	seen := map[string]bool{}
	for _, f := range current {
		if f.Archived || seen[f.Name] {
			t.Fatalf("current flows: %s archived=%v or twice", f.Name, f.Archived)
		}
		seen[f.Name] = true
	}
	one, err := api.FindFlows(ctx, c, api.FlowFilter{Name: current[0].Name, Project: current[0].Project.Name}, 0)
	if err != nil || len(one) != 1 {
		t.Fatalf("by name and project: %d, %v", len(one), err)
	}
}

func firstLabel(t *testing.T, raw []byte) string {
	t.Helper()
	var ls []string
	if err := json.Unmarshal(raw, &ls); err != nil || len(ls) == 0 {
		t.Fatalf("labels %s: %v", raw, err)
	}
	return ls[0]
}

func TestFindTaskRunsInTheOrderTheyStarted(t *testing.T) {
	t.Parallel()
	c := findDemo(t)
	ctx := context.Background()
	runs, err := api.FindFlowRuns(ctx, c, api.FlowRunFilter{States: []string{"Running"}}, 1)
	if err != nil || len(runs) == 0 {
		t.Fatal(err)
	}
	res, err := api.FindTaskRuns(ctx, c, runs[0].Id, 0)
	if err != nil || len(res.TaskRuns) < 2 {
		t.Fatalf("%v %v", res, err)
	}
	started := true
	for i, tr := range res.TaskRuns {
		if tr.Start_time == nil {
			started = false
			continue
		}
		if !started || (i > 0 && tr.Start_time.Before(*res.TaskRuns[i-1].Start_time)) {
			t.Fatalf("task run %d (%s) is out of order", i, tr.Task.Name)
		}
	}
}
