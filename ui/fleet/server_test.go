package fleet_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/Khan/genqlient/graphql"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/server/store"
	"github.com/prefect-tui/prefect-tui/ui/fleet"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/demo"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
)

// TestServerFleet: on Prefect Server the fleet shows the projects of the one tenant,
// listed once and then all read in one request per load, with the counts the database
// has; enter opens a project's flows or a run.
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
			if ops := strings.Join(counting.Ops(), ","); ops != "FleetProjectList,FleetProjects" {
				t.Fatalf("first load sent %s", ops)
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
			load(m, pressCmd(m, "w"))
			if ops := strings.Join(counting.Ops(), ","); ops != "FleetProjects" {
				t.Errorf("a load sent %s", ops)
			}
			if q, vars := m.LastQuery(); !strings.Contains(q, "p2_failures: flow_run(") || vars["p2"] != m.Groups()[2].ID {
				t.Errorf("the query behind the screen:\n%s\n%v", q, vars)
			}
			counting.Reset()
			load(m, pressCmd(m, "r"))
			if ops := strings.Join(counting.Ops(), ","); ops != "FleetProjectList,FleetProjects" {
				t.Errorf("r sent %s", ops)
			}
		})
	}
}

// failingOp fails one operation and passes the others on.
type failingOp struct {
	graphql.Client
	op string
}

func (f failingOp) MakeRequest(ctx context.Context, req *graphql.Request, resp *graphql.Response) error {
	if req.OpName == f.op {
		return errors.New("the database is locked")
	}
	return f.Client.MakeRequest(ctx, req, resp)
}

// TestServerFleetFailing: when the one request of a load fails every project says why;
// when the projects cannot be listed the screen says so, with r to retry.
func TestServerFleetFailing(t *testing.T) {
	_, c := demo.Server(t)
	for _, op := range []string{"FleetProjects", "FleetProjectList"} {
		deps := demo.Deps(failingOp{c, op})
		m := fleet.New(deps, nil)
		m.SetSize(100, 30)
		load(m, m.Init())
		v := ansi.Strip(m.View())
		switch op {
		case "FleetProjects":
			if strings.Count(v, "the database is locked") != 3 || strings.Count(v, "couldn't read") != 3 {
				t.Errorf("%s failing:\n%s", op, v)
			}
		default:
			if !strings.Contains(v, "Couldn't read the projects: the database is locked") || !strings.Contains(v, "r retry") {
				t.Errorf("%s failing:\n%s", op, v)
			}
		}
	}
}
