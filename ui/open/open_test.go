package open_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/open"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest/demo"
)

// ids finds one id of each kind in the demo: a flow run, one of its task runs, its
// flow, flow group, a task and the project.
func ids(t *testing.T, c *runtest.Counting) map[string]string {
	t.Helper()
	ctx := context.Background()
	resp, err := api.ListFlowRuns(ctx, c, json.RawMessage(`{"state":{"_eq":"Success"}}`), nil, nil, 1, 0, nil)
	if err != nil || len(resp.Flow_run) == 0 {
		t.Fatalf("no run: %v", err)
	}
	fr := resp.Flow_run[0]
	page, err := api.FlowRunPage(ctx, c, fr.Id, 10, false, runtest.Now, 75)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := rundata.FromFlowRunPage(page.Flow_run_by_pk)
	return map[string]string{
		"flow run": fr.Id, "task run": r.Tasks[0].Run.ID, "flow": r.FlowID,
		"flow group": r.FlowGroupID, "task": r.Tasks[0].TaskID, "project": r.ProjectID,
	}
}

func TestResolveEveryKindWithOneRequest(t *testing.T) {
	c := demo.Client(t)
	all := ids(t, c)
	want := map[string]screen.RouteKind{
		"flow run": screen.RouteRun, "task run": screen.RouteTaskRun, "flow": screen.RouteFlow,
		"flow group": screen.RouteFlow, "task": screen.RouteRuns, "project": screen.RouteFlows,
	}
	for kind, id := range all {
		t.Run(kind, func(t *testing.T) {
			c.Reset()
			f, err := open.Resolve(context.Background(), c, strings.ToUpper(id))
			if err != nil {
				t.Fatal(err)
			}
			if ops := c.Ops(); len(ops) != 1 || ops[0] != "OpenByID" {
				t.Fatalf("sent %v", ops)
			}
			if f.Kind != kind || f.Route.Kind != want[kind] {
				t.Fatalf("%s resolved as %s → %v", kind, f.Kind, f.Route)
			}
			if f.Route.Kind == screen.RouteRuns && f.Route.Params["flow_group_id"] != all["flow group"] {
				t.Fatalf("runs route without the flow group: %v", f.Route)
			}
			// A flow opens its page at that version; a flow group its latest.
			if f.Route.Kind == screen.RouteFlow {
				if f.Route.ID != all["flow group"] {
					t.Fatalf("flow page of %q, want the flow group %s", f.Route.ID, all["flow group"])
				}
				if want := map[string]string{"flow": all["flow"], "flow group": ""}[kind]; f.Route.Params["flow_id"] != want {
					t.Errorf("%s opens version %q, want %q", kind, f.Route.Params["flow_id"], want)
				}
			}
			// Runs and pages of a flow, flow group or task are titled with the flow's
			// name, not an id (a flow group's name is its id).
			if f.Route.Kind == screen.RouteRuns || f.Route.Kind == screen.RouteFlow {
				if n := f.Route.Params["flow_name"]; n == "" || n == all["flow group"] {
					t.Errorf("%s opens a screen titled %q", kind, n)
				}
			}
		})
	}
}

func TestScreen(t *testing.T) {
	c := demo.Client(t)
	id := ids(t, c)["flow run"]
	m := open.New(runtest.Deps(c), screen.Route{Kind: screen.RouteOpen, ID: id})
	m.SetSize(80, 24)
	var cmds []tea.Cmd
	runtest.Load(func(msg tea.Msg) {
		_, cmd := m.Update(msg)
		cmds = append(cmds, cmd)
	}, m.Init())
	if len(cmds) != 1 || cmds[0] == nil {
		t.Fatal("resolution returned no command")
	}
	// tea.Sequence(Pop, Open): the open screen replaces itself with the run page.
	msgs := uitest.RunCmd(cmds[0])
	if len(msgs) != 2 {
		t.Fatalf("want pop then open, got %v", msgs)
	}
	if _, ok := msgs[0].(screen.PopMsg); !ok {
		t.Fatalf("first %T, want PopMsg", msgs[0])
	}
	if o, ok := msgs[1].(screen.OpenMsg); !ok || o.Route.Kind != screen.RouteRun || o.Route.ID != id {
		t.Fatalf("second %v, want open run %s", msgs[1], id)
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "is the flow run") {
		t.Fatalf("view: %s", v)
	}
	if _, cmd := m.Update(uitest.Press("enter")); cmd == nil {
		t.Fatal("enter opens it again")
	}

	bad := open.New(runtest.Deps(c), screen.Route{Kind: screen.RouteOpen, ID: "00000000-0000-4000-8000-00000000beef"})
	runtest.Load(func(msg tea.Msg) { bad.Update(msg) }, bad.Init())
	if v := ansi.Strip(bad.View()); !strings.Contains(v, "no flow, flow group, flow run, task, task run or project") {
		t.Fatalf("not found view: %s", v)
	}
	junk := open.New(runtest.Deps(c), screen.Route{Kind: screen.RouteOpen, ID: "nope"})
	c.Reset()
	runtest.Load(func(msg tea.Msg) { junk.Update(msg) }, junk.Init())
	if len(c.Ops()) != 0 || !strings.Contains(ansi.Strip(junk.View()), "not a uuid") {
		t.Fatalf("a non-uuid must not reach the server: %v %s", c.Ops(), junk.View())
	}
}
