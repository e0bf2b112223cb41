package agents_test

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/servertest"
	"github.com/prefect-tui/prefect-tui/ui/actions"
	"github.com/prefect-tui/prefect-tui/ui/agenthealth"
	"github.com/prefect-tui/prefect-tui/ui/agents"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest/demo"
)

func open(t *testing.T, c graphql.Client, opts agents.Options, w, h int) *agents.Model {
	t.Helper()
	m := agents.New(runtest.Deps(c), screen.Route{Kind: screen.RouteAgents}, opts)
	m.SetSize(w, h)
	runtest.Load(func(msg tea.Msg) { m.Update(msg) }, m.Init())
	return m
}

// press feeds keys and loads what they ask for.
func press(m *agents.Model, keys ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range keys {
		_, cmd := m.Update(uitest.Press(k))
		out = append(out, runtest.Load(func(msg tea.Msg) { m.Update(msg) }, cmd)...)
	}
	return out
}

func TestLoadsWithOneRequest(t *testing.T) {
	c := demo.Client(t)
	for _, sz := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x40", 120, 40}} {
		t.Run(sz.name, func(t *testing.T) {
			c.Reset()
			m := open(t, c, agents.Options{Actions: actions.NewAgents(runtest.Deps(c))}, sz.w, sz.h)
			if ops := c.Ops(); len(ops) != 1 || ops[0] != "AgentsPage" {
				t.Fatalf("load sent %v, want one AgentsPage", ops)
			}
			v := m.View()
			for i, l := range strings.Split(v, "\n") {
				if w := ansi.StringWidth(l); w > sz.w {
					t.Errorf("line %d is %d wide", i, w)
				}
			}
			if n := strings.Count(v, "\n") + 1; n != sz.h {
				t.Errorf("%d lines, want %d", n, sz.h)
			}
			uitest.Golden(t, v)
		})
	}
}

// TestHealthAndOrder: the demo's agents in health order with the web UI's words.
func TestHealthAndOrder(t *testing.T) {
	m := open(t, demo.Client(t), agents.Options{}, 120, 40)
	var names []string
	for _, a := range m.Agents() {
		names = append(names, a.Name+" "+a.Health.Word())
	}
	want := []string{"docker-agent healthy", "k8s-prod-agent healthy", "laptop-local healthy", "old-vm-agent unhealthy"}
	if !slices.Equal(names, want) {
		t.Fatalf("agents %v, want %v", names, want)
	}
	v := ansi.Strip(m.View())
	for _, s := range []string{"4 agents · ● 3 healthy · ○ 1 unhealthy", "○ unhealthy old-vm-agent", "3d ago", "KubernetesAgent", "prod,k8s,gpu,ml", "1.4.1"} {
		if !strings.Contains(v, s) {
			t.Errorf("view lacks %q:\n%s", s, v)
		}
	}
}

// TestPickupIsWhatGetRunsInQueueAnswers: the runs an agent could pick up now are those
// the server's get_runs_in_queue gives an agent with its labels (less the states the
// agent then drops), in the same order.
func TestPickupIsWhatGetRunsInQueueAnswers(t *testing.T) {
	c := demo.Client(t)
	ctx := context.Background()
	m := open(t, c, agents.Options{}, 120, 40)
	var tenant struct{ Tenant []struct{ ID string } }
	raw, err := api.Run(ctx, c, `{ tenant { id } }`, nil, "")
	if err != nil || json.Unmarshal(raw.Data, &tenant) != nil || len(tenant.Tenant) == 0 {
		t.Fatalf("tenant: %v %s", err, raw.Data)
	}
	picked := 0
	for _, a := range m.Agents() {
		var out struct {
			Get_runs_in_queue struct{ Flow_run_ids []string }
		}
		raw, err := api.Run(ctx, c, `mutation($t: UUID!, $l: [String!]) { get_runs_in_queue(input: {tenant_id: $t, labels: $l}) { flow_run_ids } }`,
			map[string]any{"t": tenant.Tenant[0].ID, "l": a.Labels}, "")
		if err != nil || len(raw.Errors) > 0 || json.Unmarshal(raw.Data, &out) != nil {
			t.Fatalf("get_runs_in_queue: %v %v", err, raw.Errors)
		}
		var states struct{ Flow_run []struct{ ID, State string } }
		raw, err = api.Run(ctx, c, `query($ids: [uuid!]) { flow_run(where: {id: {_in: $ids}}) { id state } }`,
			map[string]any{"ids": out.Get_runs_in_queue.Flow_run_ids}, "")
		if err != nil || len(raw.Errors) > 0 || json.Unmarshal(raw.Data, &states) != nil {
			t.Fatalf("states: %v %v", err, raw.Errors)
		}
		state := map[string]string{}
		for _, r := range states.Flow_run {
			state[r.ID] = r.State
		}
		var want, got []string
		for _, id := range out.Get_runs_in_queue.Flow_run_ids {
			if state[id] == "Scheduled" || state[id] == "Running" {
				want = append(want, id)
			}
		}
		for _, r := range a.Pickup {
			got = append(got, r.Id)
		}
		if !slices.Equal(got, want) || a.PickupAll != len(want) {
			t.Errorf("%s could pick up %v, get_runs_in_queue says %v", a.Name, got, want)
		}
		picked += len(got)
	}
	if picked == 0 {
		t.Fatal("no agent could pick up anything: the demo has late runs")
	}
}

func TestProjectScope(t *testing.T) {
	c := demo.Client(t)
	m := open(t, c, agents.Options{}, 100, 30)
	k8s := func() agents.Agent {
		for _, a := range m.Agents() {
			if a.Name == "k8s-prod-agent" {
				return a
			}
		}
		t.Fatal("no k8s-prod-agent")
		return agents.Agent{}
	}
	all := k8s()
	c.Reset()
	press(m, "p")
	if ops := c.Ops(); len(ops) != 1 || ops[0] != "AgentsPage" {
		t.Fatalf("p sent %v", ops)
	}
	if m.Title() != "agents (data-warehouse)" {
		t.Fatalf("title %q", m.Title())
	}
	_, vars := m.LastQuery()
	if !strings.Contains(string(vars["recentWhere"].(json.RawMessage)), `"project_id":{"_eq":"`) {
		t.Fatalf("recent runs not scoped: %s", vars["recentWhere"])
	}
	scoped := k8s()
	if scoped.RecentCount >= all.RecentCount || scoped.PickupAll != all.PickupAll || len(scoped.Pickup) > len(all.Pickup) {
		t.Fatalf("scoped %d recent, %d/%d pickup; all %d recent, %d pickup",
			scoped.RecentCount, len(scoped.Pickup), scoped.PickupAll, all.RecentCount, len(all.Pickup))
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "project data-warehouse (p)") {
		t.Fatalf("toolbar:\n%s", v)
	}
	press(m, "P")
	if m.Title() != "agents" {
		t.Fatalf("P back to all: %q", m.Title())
	}
}

func TestOpenRunAndCopy(t *testing.T) {
	m := open(t, demo.Client(t), agents.Options{}, 100, 30)
	press(m, "j") // k8s-prod-agent
	a, _ := m.Selected()
	if a.Name != "k8s-prod-agent" || len(a.Pickup) == 0 {
		t.Fatalf("selected %+v", a)
	}
	msgs := press(m, "y")
	if len(msgs) != 1 || msgs[0].(screen.CopyMsg).Text != a.ID {
		t.Fatalf("y copies the agent id: %v", msgs)
	}
	press(m, "tab")
	msgs = press(m, "enter")
	if len(msgs) != 1 {
		t.Fatalf("enter sent %v", msgs)
	}
	if o, ok := msgs[0].(screen.OpenMsg); !ok || o.Route.Kind != screen.RouteRun || o.Route.ID != a.Pickup[0].Id {
		t.Fatalf("enter opened %+v, want run %s", msgs[0], a.Pickup[0].Id)
	}
	// Down past the runs it could pick up goes on into those it submitted.
	for range a.Pickup {
		press(m, "j")
	}
	msgs = press(m, "enter")
	if o := msgs[0].(screen.OpenMsg); o.Route.ID != a.Recent[0].Id {
		t.Fatalf("opened %s, want the latest submitted %s", o.Route.ID, a.Recent[0].Id)
	}
	press(m, "tab")
	if msgs = press(m, "enter"); len(msgs) != 0 {
		t.Fatalf("enter on the agents moves to its runs, sent %v", msgs)
	}
}

// TestRemoveStaleAgent removes old-vm-agent through the action, on a server of its own:
// a healthy agent is refused, the dialog shows the exact mutation, and after it the
// agent is gone with one reload.
func TestRemoveStaleAgent(t *testing.T) {
	_, url := servertest.Start(t, servertest.Options{Demo: seed.DemoOptions{Now: runtest.Now, Runs: 120, Seed: 1}})
	c := &runtest.Counting{Client: api.NewClient(api.ClientOptions{Endpoint: url + "/graphql", Log: log.New(io.Discard, "", 0)})}
	deps := runtest.Deps(c)
	m := open(t, c, agents.Options{Actions: actions.NewAgents(deps)}, 100, 30)
	if v := ansi.Strip(m.View()); !strings.Contains(v, "4 agents") {
		t.Fatalf("view:\n%s", v)
	}
	msgs := press(m, "D")
	if st, ok := msgs[0].(screen.StatusMsg); !ok || !strings.Contains(st.Text, "docker-agent is healthy") {
		t.Fatalf("D on a healthy agent: %v", msgs)
	}
	press(m, "G")
	if a, _ := m.Selected(); a.Health != agenthealth.Unhealthy {
		t.Fatalf("selected %+v", a)
	}
	_, cmd := m.Update(uitest.Press("D"))
	var dialog *actions.Dialog
	for _, msg := range uitest.RunCmd(cmd) {
		if p, ok := msg.(screen.PushMsg); ok {
			dialog, _ = p.Screen.(*actions.Dialog)
		}
	}
	if dialog == nil {
		t.Fatal("D on old-vm-agent pushed no dialog")
	}
	spec := dialog.Spec()
	if spec.Mutation != api.DeleteAgent_Operation || spec.Title != "Remove agent old-vm-agent?" ||
		!strings.Contains(spec.Body, "does not stop the agent process") {
		t.Fatalf("dialog %+v", spec)
	}
	a, _ := m.Selected()
	if spec.Variables["agentId"] != a.ID {
		t.Fatalf("variables %v", spec.Variables)
	}
	_, cmd = dialog.Update(components.ConfirmClosedMsg{ID: spec.ID, Confirmed: true})
	var changed *screen.ChangedMsg
	for _, msg := range uitest.RunCmd(cmd) {
		if ch, ok := msg.(screen.ChangedMsg); ok {
			changed = &ch
		}
	}
	if changed == nil || changed.Err != nil || changed.Action != actions.ActionRemoveAgent {
		t.Fatalf("changed %+v", changed)
	}
	c.Reset()
	_, cmd = m.Update(*changed)
	runtest.Load(func(msg tea.Msg) { m.Update(msg) }, cmd)
	if ops := c.Ops(); len(ops) != 1 {
		t.Fatalf("reload sent %v", ops)
	}
	if len(m.Agents()) != 3 || strings.Contains(ansi.Strip(m.View()), "old-vm-agent") {
		t.Fatalf("old-vm-agent is still shown:\n%s", ansi.Strip(m.View()))
	}
}

func TestReadOnlyHidesRemove(t *testing.T) {
	deps := runtest.Deps(nil)
	deps.ReadOnly = true
	m := agents.New(deps, screen.Route{}, agents.Options{Actions: actions.NewAgents(deps)})
	for _, col := range m.FullHelp() {
		for _, b := range col {
			if b.Enabled() && b.Help().Desc == "remove stale agent" {
				t.Fatal("remove is offered in read-only mode")
			}
		}
	}
	if _, cmd := actions.NewAgents(deps).HandleKey(uitest.Press("D"), screen.Selection{Agent: screen.AgentRef{ID: "a"}}); cmd != nil {
		t.Fatal("D acts in read-only mode")
	}
	if msg := actions.RemoveAgent(deps, screen.AgentRef{ID: "a"})(); msg.(screen.StatusMsg).Level != screen.LevelError {
		t.Fatalf("RemoveAgent in read-only mode: %v", msg)
	}
}
