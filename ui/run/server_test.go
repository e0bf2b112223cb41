package run_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components/tabs"
	"github.com/prefect-tui/prefect-tui/ui/run"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/taskruns"
	"github.com/prefect-tui/prefect-tui/ui/timeline"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest/demo"
)

// findRun returns the newest started run matching where.
func findRun(t *testing.T, c *runtest.Counting, where string) string {
	t.Helper()
	resp, err := api.ListFlowRuns(context.Background(), c, json.RawMessage(where), nil,
		json.RawMessage(`[{"start_time":"desc_nulls_last"},{"id":"asc"}]`), 1, 0, nil)
	if err != nil || len(resp.Flow_run) == 0 {
		t.Fatalf("no run for %s: %v", where, err)
	}
	return resp.Flow_run[0].Id
}

func openRun(t *testing.T, c *runtest.Counting, id string, w, h int) *run.Model {
	t.Helper()
	// The tabs of the page that need no request of their own (Logs and Schematic load
	// their own data).
	opts := run.Options{Tabs: []tabs.Factory{timeline.NewTab, taskruns.NewTab}}
	m := run.New(runtest.Deps(c), screen.Route{Kind: screen.RouteRun, ID: id}, opts)
	m.SetSize(w, h)
	c.Reset()
	runtest.Load(func(msg tea.Msg) { m.Update(msg) }, m.Init())
	if ops := c.Ops(); len(ops) != 1 || ops[0] != "FlowRunPage" {
		t.Fatalf("run page load sent %v, want one FlowRunPage", ops)
	}
	if m.Run() == nil {
		t.Fatalf("run %s did not load: %s", id, m.View())
	}
	return m
}

func TestRunPageGolden(t *testing.T) {
	c := demo.Client(t)
	mapped := findRun(t, c, `{"_and":[{"state":{"_eq":"Failed"}},{"task_runs":{"map_index":{"_gte":0}}}]}`)
	for _, sz := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x40", 120, 40}} {
		t.Run(sz.name, func(t *testing.T) {
			m := openRun(t, c, mapped, sz.w, sz.h)
			v := m.View()
			if n := strings.Count(v, "\n") + 1; n != sz.h {
				t.Errorf("%d lines, want %d", n, sz.h)
			}
			uitest.Golden(t, v)
		})
	}
}

func TestMappedChildrenAndOpen(t *testing.T) {
	c := demo.Client(t)
	id := findRun(t, c, `{"task_runs":{"map_index":{"_gte":0}}}`)
	m := openRun(t, c, id, 100, 30)
	r := m.Run()
	var mappedTask string
	children := 0
	for _, tk := range r.Tasks {
		if len(tk.Children) > 0 {
			mappedTask = tk.Name
			children = len(tk.Children)
			n := 0
			for _, c := range tk.Counts {
				n += c
			}
			if n != len(tk.Children) {
				t.Fatalf("counts %v for %d children", tk.Counts, len(tk.Children))
			}
		}
	}
	if mappedTask == "" || r.Children < children {
		t.Fatalf("no mapped task in %s (children %d)", id, r.Children)
	}
	// Walk the timeline to the mapped row, expand it, open its first child.
	var s screen.Screen = m
	for i := 0; i < len(r.Tasks) && !strings.Contains(lineWithCursor(m.View()), mappedTask); i++ {
		s, _ = uitest.Send(s, uitest.Press("down"))
	}
	s, _ = uitest.Send(s, uitest.Press("enter"), uitest.Press("down"))
	if !strings.Contains(lineWithCursor(m.View()), "[0]") {
		t.Fatalf("expanding %s did not show its children:\n%s", mappedTask, ansi.Strip(m.View()))
	}
	_, msgs := uitest.Send(s, uitest.Press("enter"))
	open, ok := uitest.Find[screen.OpenMsg](msgs)
	if !ok || open.Route.Kind != screen.RouteTaskRun {
		t.Fatalf("enter on a child: %v", msgs)
	}
	// r reloads with one request.
	c.Reset()
	_, cmd := m.Update(uitest.Press("r"))
	runtest.Load(func(msg tea.Msg) { m.Update(msg) }, cmd)
	if ops := c.Ops(); len(ops) != 1 {
		t.Fatalf("reload sent %v", ops)
	}
}

func lineWithCursor(v string) string {
	for _, l := range strings.Split(ansi.Strip(v), "\n") {
		if strings.HasPrefix(l, "›") {
			return l
		}
	}
	return ""
}
