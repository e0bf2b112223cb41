package logs_test

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/servertest"
	"github.com/prefect-tui/prefect-tui/ui"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// drive feeds msgs to the whole app and feeds back what its commands produce, for a
// few rounds (ticks longer than uitest.Timeout are dropped, so it settles).
func drive(app *ui.App, msgs ...tea.Msg) {
	for round := 0; round < 8 && len(msgs) > 0; round++ {
		var next []tea.Msg
		for _, msg := range msgs {
			_, cmd := app.Update(msg)
			next = append(next, uitest.RunCmd(cmd)...)
		}
		msgs = next
	}
}

// TestRunPageTabsAndActionsInTheApp opens a failed run in the whole explorer (real
// routes, embedded server) and checks the Logs and Schematic tabs and the restart
// action are plugged in.
func TestRunPageTabsAndActionsInTheApp(t *testing.T) {
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	// Its own copy of the package's demo: the restart changes data.
	_, url := servertest.Start(t, servertest.Options{Demo: seed.DemoOptions{Now: now, Runs: 400, Seed: 1}})
	c := api.NewClient(api.ClientOptions{Endpoint: url + "/graphql", Log: log.New(io.Discard, "", 0)})
	r, err := api.Run(context.Background(), c, `{ flow_run(where: {state: {_eq: "Failed"}}, order_by: {id: asc}, limit: 1) { id name } }`, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		FlowRun []struct{ ID, Name string } `json:"flow_run"`
	}
	if err := json.Unmarshal(r.Data, &d); err != nil || len(d.FlowRun) == 0 {
		t.Fatalf("no failed run: %v", err)
	}
	run := d.FlowRun[0]

	app := ui.New(ui.Options{Client: c, Now: func() time.Time { return now }, NoColor: true,
		Start: screen.Route{Kind: screen.RouteRun, ID: run.ID, Params: map[string]string{"tab": "logs"}}})
	drive(app, tea.WindowSizeMsg{Width: 120, Height: 40})
	drive(app, uitest.RunCmd(app.Init())...)
	view := func() string { return uitest.Strip(app.View().Content) }
	if v := view(); !strings.Contains(v, "level: all") || !strings.Contains(v, run.Name) {
		t.Fatalf("Logs tab not shown:\n%s", v)
	}
	drive(app, uitest.Press("4"))
	if v := view(); !strings.Contains(v, "layer 1") {
		t.Fatalf("Schematic tab not shown:\n%s", v)
	}
	drive(app, uitest.Press("R"))
	if v := view(); !strings.Contains(v, "Restart flow run "+run.Name) || !strings.Contains(v, "set_task_run_states") {
		t.Fatalf("restart dialog not shown:\n%s", v)
	}
	drive(app, uitest.Press("n"))
	if v := view(); strings.Contains(v, "Restart flow run") || !strings.Contains(v, "layer 1") {
		t.Fatalf("declining did not return to the run page:\n%s", v)
	}

	// Read-only: the action neither runs nor shows in the help.
	ro := ui.New(ui.Options{Client: c, Now: func() time.Time { return now }, NoColor: true, ReadOnly: true,
		Start: screen.Route{Kind: screen.RouteRun, ID: run.ID}})
	drive(ro, tea.WindowSizeMsg{Width: 120, Height: 40})
	drive(ro, uitest.RunCmd(ro.Init())...)
	drive(ro, uitest.Press("?"))
	if v := uitest.Strip(ro.View().Content); strings.Contains(v, "restart run") || strings.Contains(v, "cancel run") {
		t.Fatalf("read-only help offers actions:\n%s", v)
	}
	drive(ro, uitest.Press("?"), uitest.Press("R"))
	if v := uitest.Strip(ro.View().Content); strings.Contains(v, "Restart flow run") {
		t.Fatalf("read-only R opened the dialog:\n%s", v)
	}
	// …while the writable app's help offers them.
	drive(app, uitest.Press("?"))
	if v := view(); !strings.Contains(v, "restart run") {
		t.Fatalf("help lacks the actions:\n%s", v)
	}
}
