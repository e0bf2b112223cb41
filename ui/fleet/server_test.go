package fleet_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/server/store"
	"github.com/prefect-tui/prefect-tui/ui/fleet"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/demo"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
)

// TestServerFleet: on Prefect Server the fleet shows the projects of the one tenant,
// all in one request, with the counts the database has; enter opens a project's flows
// or a run.
func TestServerFleet(t *testing.T) {
	srv, c := demo.Server(t)
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			counting := &runtest.Counting{Client: c}
			deps := demo.Deps(counting)
			deps.Session = screen.Session{Backend: "server", TenantName: "Demo", TenantSlug: "demo"}
			m := fleet.New(deps, nil)
			m.SetSize(sz[0], sz[1])
			load(m, m.Init())
			if ops := counting.Ops(); len(ops) != 1 || ops[0] != "FleetProjects" {
				t.Fatalf("load sent %v, want one FleetProjects", ops)
			}
			since := demo.Now.Add(-24 * time.Hour)
			var names []string
			total := 0
			for _, g := range m.Groups() {
				names = append(names, g.Name)
				q := func(where string, args ...any) int {
					var n int
					err := srv.DB.QueryRow(`SELECT count(*) FROM flow_run r JOIN flow f ON f.id = r.flow_id WHERE f.project_id = ? AND `+where,
						append([]any{g.ID}, args...)...).Scan(&n)
					if err != nil {
						t.Fatal(err)
					}
					return n
				}
				f := q(`r.state IN ('Failed','TimedOut','TriggerFailed','ValidationFailed') AND r.state_timestamp >= ?`, store.FormatTime(since))
				l := q(`r.state = 'Scheduled' AND r.scheduled_start_time < ?`, store.FormatTime(demo.Now))
				r := q(`r.state = 'Running'`)
				if g.Failed != f || g.Late != l || g.Running != r || g.Err != nil {
					t.Errorf("%s: %d/%d/%d, want %d/%d/%d (%v)", g.Name, g.Failed, g.Late, g.Running, f, l, r, g.Err)
				}
				if len(g.Failures) != min(f, fleet.FailuresFetched) {
					t.Errorf("%s: %d failures of %d", g.Name, len(g.Failures), f)
				}
				total += f + l + r
			}
			if strings.Join(names, ",") != "data-warehouse,ml-platform,operations" || total == 0 {
				t.Fatalf("projects %v (total %d)", names, total)
			}
			v := m.View()
			if n := strings.Count(v, "\n") + 1; n != sz[1] {
				t.Errorf("%d lines, want %d", n, sz[1])
			}
			if !strings.Contains(ansi.Strip(v), "Projects of Demo") {
				t.Errorf("title:\n%s", ansi.Strip(v))
			}
			uitest.Golden(t, v)

			o, ok := uitest.Find[screen.OpenMsg](load(m, pressCmd(m, "enter")))
			if !ok || o.Route.Kind != screen.RouteFlows || o.Route.Params["project_id"] != m.Groups()[0].ID {
				t.Errorf("enter on a project: %+v", o)
			}
			for i := 0; i < 10 && !strings.Contains(cursorLine(v), " ago "); i++ {
				m.Update(uitest.Press("down"))
				v = m.View()
			}
			o, ok = uitest.Find[screen.OpenMsg](load(m, pressCmd(m, "enter")))
			if !ok || o.Route.Kind != screen.RouteRun || o.Route.ID == "" {
				t.Errorf("enter on a failure: %+v\n%s", o, ansi.Strip(v))
			}
			counting.Reset()
			load(m, pressCmd(m, "r"))
			if ops := counting.Ops(); len(ops) != 1 {
				t.Errorf("reload sent %v", ops)
			}
		})
	}
}
