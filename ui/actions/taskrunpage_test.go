package actions

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/taskrun"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// openTaskRunPage opens the task-run page with its actions and loads it.
func openTaskRunPage(t *testing.T, deps screen.Deps, id string) *taskrun.Model {
	t.Helper()
	m := taskrun.New(deps, screen.Route{Kind: screen.RouteTaskRun, ID: id}, taskrun.Options{Actions: NewTaskRunPage(deps)})
	m.SetSize(120, 40)
	for _, msg := range uitest.RunCmd(m.Init()) {
		m.Update(msg)
	}
	if m.Data() == nil {
		t.Fatalf("task run page did not load:\n%s", ansi.Strip(m.View()))
	}
	return m
}

// feed gives msgs to the page; a reload they cause (screen.ChangedMsg) is run and its
// answer fed back (the live-refresh timer is not).
func feed(m *taskrun.Model, msgs []tea.Msg) {
	for _, msg := range msgs {
		_, cmd := m.Update(msg)
		if _, reload := msg.(screen.ChangedMsg); reload && cmd != nil {
			for _, next := range uitest.RunCmd(cmd) {
				m.Update(next)
			}
		}
	}
}

// TestMarkTaskRunFromItsPage: M on the task-run page marks the task run Failed with a
// message (the row and its state history change, the page reloads and shows it); R
// offers to restart the parent flow run; read-only hides and ignores both keys.
func TestMarkTaskRunFromItsPage(t *testing.T) {
	c := newServer(t)
	var d struct {
		TR []struct {
			ID        string `json:"id"`
			FlowRunID string `json:"flow_run_id"`
		} `json:"task_run"`
	}
	query(t, c, `{ task_run(where: {state: {_eq: "Success"}}, order_by: {id: asc}, limit: 1) { id flow_run_id } }`, nil, &d)
	if len(d.TR) == 0 {
		t.Fatal("no successful task run in the demo")
	}
	id := d.TR[0].ID
	deps := testDeps(c)
	page := openTaskRunPage(t, deps, id)
	if !strings.Contains(helpText(page), "mark task run as…") || !strings.Contains(helpText(page), "restart flow run") {
		t.Fatalf("help without the actions: %s", helpText(page))
	}

	_, cmd := page.Update(uitest.Press("M"))
	form := pushed[*MarkForm](t, cmd)
	if form.target.TaskRun.ID != id || form.states[form.cursor] != "Failed" {
		t.Fatalf("form for %+v at %s", form.target, form.states[form.cursor])
	}
	msgs := append([]tea.Msg{uitest.Press("tab")}, uitest.Type("bad input file")...)
	_, out := uitest.Send[screen.Screen](form, append(msgs, uitest.Press("enter"))...)
	p, ok := uitest.Find[screen.PushMsg](out)
	if !ok {
		t.Fatalf("no confirmation: %v", out)
	}
	done := confirm(t, p.Screen.(*Dialog))
	outcome(t, done)

	var after struct {
		T struct {
			State        string `json:"state"`
			StateMessage string `json:"state_message"`
			States       []struct {
				State   string `json:"state"`
				Message string `json:"message"`
			} `json:"states"`
		} `json:"task_run_by_pk"`
	}
	query(t, c, `query($id: uuid!) { task_run_by_pk(id: $id) { state state_message states(order_by: {timestamp: desc}, limit: 1) { state message } } }`,
		map[string]any{"id": id}, &after)
	if after.T.State != "Failed" || after.T.StateMessage != "bad input file" ||
		len(after.T.States) != 1 || after.T.States[0].State != "Failed" || after.T.States[0].Message != "bad input file" {
		t.Fatalf("task run after mark: %+v", after.T)
	}
	// The action's messages reach the page, which reloads.
	feed(page, done)
	if got := page.Data(); got.Run.State != "Failed" || !strings.Contains(ansi.Strip(page.View()), "bad input file") {
		t.Fatalf("page after mark: %s\n%s", got.Run.State, ansi.Strip(page.View()))
	}

	// R restarts the parent flow run (after a confirmation).
	_, cmd = page.Update(uitest.Press("R"))
	if cmd == nil {
		t.Fatal("R did nothing")
	}
	if _, ok := uitest.Find[screen.PushMsg](uitest.RunCmd(cmd)); !ok {
		t.Fatal("R pushed no restart confirmation")
	}

	// Read-only: the keys are neither shown nor acted on.
	ro := deps
	ro.ReadOnly = true
	page = openTaskRunPage(t, ro, id)
	if h := helpText(page); strings.Contains(h, "mark task run") || strings.Contains(h, "restart flow run") {
		t.Fatalf("read-only help shows actions: %s", h)
	}
	for _, k := range []string{"M", "R"} {
		_, cmd := page.Update(uitest.Press(k))
		if _, ok := uitest.Find[screen.PushMsg](uitest.RunCmd(cmd)); ok {
			t.Fatalf("read-only %s pushed a screen", k)
		}
	}
}

// helpText is every enabled binding's help, short and full.
func helpText(m *taskrun.Model) string {
	var b strings.Builder
	for _, k := range m.ShortHelp() {
		if k.Enabled() {
			b.WriteString(k.Help().Desc + ",")
		}
	}
	for _, col := range m.FullHelp() {
		for _, k := range col {
			if k.Enabled() {
				b.WriteString(k.Help().Desc + ",")
			}
		}
	}
	return b.String()
}
