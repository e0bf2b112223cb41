package taskrun_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components/tabs"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/taskrun"
	"github.com/prefect-tui/prefect-tui/ui/taskruns"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest/demo"
)

// mappedParent finds a mapped task run (map_index -1 with children) in the demo.
func mappedParent(t *testing.T, c *runtest.Counting) (parent rundata.Task) {
	t.Helper()
	ctx := context.Background()
	resp, err := api.ListFlowRuns(ctx, c, json.RawMessage(`{"task_runs":{"map_index":{"_gte":0}}}`), nil,
		json.RawMessage(`[{"start_time":"desc_nulls_last"},{"id":"asc"}]`), 1, 0, nil)
	if err != nil || len(resp.Flow_run) == 0 {
		t.Fatalf("no mapped run: %v", err)
	}
	page, err := api.FlowRunPage(ctx, c, resp.Flow_run[0].Id, 5000, false, runtest.Now, 75)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := rundata.FromFlowRunPage(page.Flow_run_by_pk)
	for _, tk := range r.Tasks {
		if len(tk.Children) > 0 {
			return tk
		}
	}
	t.Fatal("no mapped task")
	return parent
}

func openTaskRun(t *testing.T, c *runtest.Counting, id string, w, h int) *taskrun.Model {
	t.Helper()
	opts := taskrun.Options{Tabs: []tabs.Factory{taskruns.NewMappedTab}}
	m := taskrun.New(runtest.Deps(c), screen.Route{Kind: screen.RouteTaskRun, ID: id}, opts)
	m.SetSize(w, h)
	c.Reset()
	runtest.Load(func(msg tea.Msg) { m.Update(msg) }, m.Init())
	if ops := c.Ops(); len(ops) != 1 || ops[0] != "TaskRunPage" {
		t.Fatalf("task run page sent %v, want one TaskRunPage", ops)
	}
	return m
}

func TestMappedParentPage(t *testing.T) {
	c := demo.Client(t)
	p := mappedParent(t, c)
	for _, sz := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x40", 120, 40}} {
		t.Run(sz.name, func(t *testing.T) {
			m := openTaskRun(t, c, p.Run.ID, sz.w, sz.h)
			d := m.Data()
			if d == nil || d.ChildCount != len(p.Children) || len(d.Children) != len(p.Children) {
				t.Fatalf("children: %+v, want %d", d, len(p.Children))
			}
			var s screen.Screen = m
			s, _ = uitest.Send(s, uitest.Press("tab"))
			v := m.View()
			if !strings.Contains(ansi.Strip(v), "[2 Mapped runs]") || !strings.Contains(ansi.Strip(v), "mapped "+itoa(len(p.Children))) {
				t.Fatalf("mapped tab:\n%s", ansi.Strip(v))
			}
			if n := strings.Count(v, "\n") + 1; n != sz.h {
				t.Errorf("%d lines, want %d", n, sz.h)
			}
			uitest.Golden(t, v)
			_, msgs := uitest.Send(s, uitest.Press("u"))
			if open, ok := uitest.Find[screen.OpenMsg](msgs); !ok || open.Route.Kind != screen.RouteRun || open.Route.ID != d.FlowRunID {
				t.Fatalf("u opens the flow run: %v", msgs)
			}
		})
	}
}

func TestChildPageHasNoChildren(t *testing.T) {
	c := demo.Client(t)
	p := mappedParent(t, c)
	m := openTaskRun(t, c, p.Children[0].ID, 80, 24)
	if d := m.Data(); d == nil || d.ChildCount != 0 || d.Run.MapIndex != 0 {
		t.Fatalf("child page: %+v", d)
	}
	if v := ansi.Strip(m.View()); strings.Contains(v, "Mapped runs") || !strings.Contains(v, "[1 States]") {
		t.Fatalf("child page tabs:\n%s", v)
	}
}

func TestNotFound(t *testing.T) {
	c := demo.Client(t)
	m := openTaskRun(t, c, "00000000-0000-4000-8000-00000000dead", 80, 24)
	// The message is wrapped to the width (not cut), so compare the words.
	if v := ansi.Strip(m.View()); !strings.Contains(strings.Join(strings.Fields(v), " "), "no task run with this id") {
		t.Fatalf("not found view:\n%s", v)
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }
