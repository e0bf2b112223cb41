package open_test

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/open"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest/demo"
)

// everyID lists the ids `:open` can find, of every kind.
func everyID(t *testing.T, c graphql) []string {
	t.Helper()
	var resp struct {
		Flow      []struct{ ID string } `json:"flow"`
		FlowGroup []struct{ ID string } `json:"flow_group"`
		FlowRun   []struct{ ID string } `json:"flow_run"`
		Task      []struct{ ID string } `json:"task"`
		TaskRun   []struct{ ID string } `json:"task_run"`
		Project   []struct{ ID string } `json:"project"`
	}
	res, err := api.Run(context.Background(), c, `{ flow { id } flow_group { id } flow_run { id } task { id } task_run { id } project { id } }`, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(res.Data, &resp); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range [][]struct{ ID string }{resp.Flow, resp.FlowGroup, resp.FlowRun, resp.Task, resp.TaskRun, resp.Project} {
		for _, x := range l {
			out = append(out, x.ID)
		}
	}
	sort.Strings(out)
	return out
}

type graphql = *runtest.Counting

// shortestUnique is the shortest start of id (8 characters at least, as the explorer
// prints ids) that no other id has.
func shortestUnique(id string, all []string) string {
	for n := 8; n <= len(id); n++ {
		p, clash := id[:n], false
		for _, o := range all {
			if o != id && strings.HasPrefix(o, p) {
				clash = true
			}
		}
		if !clash {
			return p
		}
	}
	return id
}

// TestOpenByPrefix: the 8 characters the explorer prints open the entity (one request,
// a range of ids: uuid has no _like in Hasura); a prefix that several ids start with
// says so and names them. The ids are random ones (runs created by the API, seeded
// flows and projects), which differ early, as real ids do.
func TestOpenByPrefix(t *testing.T) {
	c := demo.Client(t)
	ctx := context.Background()
	flows, err := api.ListFlows(ctx, c, json.RawMessage(`{"archived":{"_eq":false}}`), nil, 5, 0, runtest.Now)
	if err != nil || len(flows.Flow) == 0 {
		t.Fatalf("flows: %v", err)
	}
	var created []string
	for range 3 {
		r, err := api.CreateFlowRun(ctx, c, flows.Flow[0].Id, nil, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		created = append(created, r.Create_flow_run.Id)
	}
	all := everyID(t, c)
	for _, id := range append(created, flows.Flow[0].Id) {
		p := shortestUnique(id, all)
		c.Reset()
		f, err := open.Resolve(ctx, c, strings.ToUpper(p))
		if err != nil {
			t.Fatalf("%s (of %s): %v", p, id, err)
		}
		if f.ID != id {
			t.Fatalf("%s opened %s %s, want %s", p, f.Kind, f.ID, id)
		}
		if ops := c.Ops(); len(ops) != 1 || ops[0] != "OpenByPrefix" {
			t.Fatalf("sent %v", ops)
		}
	}
	// Two ids that share their start: ambiguous, both named.
	var a, b string
	for i := 1; i < len(all); i++ {
		if all[i][:2] == all[i-1][:2] {
			a, b = all[i-1], all[i]
			break
		}
	}
	common := a[:2]
	for len(common) < 8 && strings.HasPrefix(b, a[:len(common)+1]) {
		common = a[:len(common)+1]
	}
	_, err = open.Resolve(ctx, c, common)
	if !open.IsAmbiguous(err) {
		t.Fatalf("%s (of %s and %s): %v", common, a, b, err)
	}
	if !strings.Contains(err.Error(), a) || !strings.Contains(err.Error(), "more than one") {
		t.Fatalf("ambiguity does not name the ids: %v", err)
	}
	// Nothing starts with it.
	missing := "0000000"
	for _, id := range all {
		if strings.HasPrefix(id, missing) {
			missing = ""
		}
	}
	if missing != "" {
		if _, err := open.Resolve(ctx, c, missing); err != open.ErrNotFound {
			t.Fatalf("%s: %v", missing, err)
		}
	}
	// The screen shows the candidates, every one readable at 80 columns.
	m := open.New(runtest.Deps(c), screen.Route{Kind: screen.RouteOpen, ID: common})
	m.SetSize(80, 24)
	runtest.Load(func(msg tea.Msg) { m.Update(msg) }, m.Init())
	v := ansi.Strip(m.View())
	if !strings.Contains(v, a) || !strings.Contains(v, b) {
		t.Fatalf("screen:\n%s", v)
	}
	for _, l := range strings.Split(v, "\n") {
		if ansi.StringWidth(l) > 80 {
			t.Fatalf("line wider than the screen: %q", l)
		}
	}
}

func TestParseID(t *testing.T) {
	for in, want := range map[string]open.ID{
		"4C6D3F1E":                             {Prefix: "4c6d3f1e"},
		"4c6d3f1e-2a8b":                        {Prefix: "4c6d3f1e2a8b"},
		"4c6d3f1e-2a8b-4d3e-9c1f-0b7a5e6d8c21": {Full: "4c6d3f1e-2a8b-4d3e-9c1f-0b7a5e6d8c21"},
	} {
		got, err := open.ParseID(in)
		if err != nil || got != want {
			t.Errorf("ParseID(%q) = %+v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "nope", "4c6d3f1g", "4c6d3f1e2a8b4d3e9c1f0b7a5e6d8c21ff"} {
		if _, err := open.ParseID(bad); err == nil {
			t.Errorf("ParseID(%q) took it", bad)
		}
	}
	from, to := open.ID{Prefix: "4c6d3"}.Range()
	if from != "4c6d3000-0000-0000-0000-000000000000" || to != "4c6d3fff-ffff-ffff-ffff-ffffffffffff" {
		t.Errorf("range %s..%s", from, to)
	}
}
