package runs_test

import (
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/runs"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest/demo"
)

func pressAll(m *runs.Model, keys ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range keys {
		_, cmd := m.Update(uitest.Press(k))
		out = append(out, runtest.Load(func(msg tea.Msg) { m.Update(msg) }, cmd)...)
	}
	return out
}

// TestSortLongestRunning: `o` reaches "longest running": the server orders runs that
// have not ended first, the oldest start first (for a run still going that is the
// longest running), then finished runs, the latest end first. The status line says
// so: Hasura cannot order by end_time − start_time, and the sort does not pretend to.
func TestSortLongestRunning(t *testing.T) {
	c := demo.Client(t)
	m := openList(t, c, screen.Route{Kind: screen.RouteRuns}, 120, 40)
	var st screen.StatusMsg
	for range 10 {
		out := pressAll(m, "o")
		st, _ = uitest.Find[screen.StatusMsg](out)
		if strings.HasPrefix(st.Text, "sort: longest running") {
			break
		}
	}
	if !strings.Contains(st.Text, "longest running") || !strings.Contains(st.Text, "finished") {
		t.Fatalf("no longest-running sort, or it does not say what it means: %q", st.Text)
	}
	rs := m.Runs()
	running := 0
	for i, r := range rs {
		if r.End_time.IsZero() && !r.Start_time.IsZero() {
			running++
			if i > 0 && !rs[i-1].End_time.IsZero() {
				t.Fatalf("run %d is running after a finished one", i)
			}
			if i > 0 && !rs[i-1].Start_time.IsZero() && rs[i-1].Start_time.After(r.Start_time) {
				t.Fatalf("running runs not oldest start first at %d", i)
			}
		}
		if i > 0 && !r.End_time.IsZero() && !rs[i-1].End_time.IsZero() && rs[i-1].End_time.Before(r.End_time) {
			t.Fatalf("finished runs not latest end first at %d", i)
		}
	}
	if running == 0 || !rs[0].End_time.IsZero() {
		t.Fatalf("no running run first: %d running, first %s", running, rs[0].State)
	}
	if v := uitest.Strip(m.View()); !strings.Contains(v, "longest running") {
		t.Fatalf("the header does not name the sort:\n%s", v)
	}
}

// TestJumpToTheLastPage: G goes to the last row of the page, G again (or End) to the
// last run of the list, loading the last page.
func TestJumpToTheLastPage(t *testing.T) {
	c := demo.Client(t)
	m := openList(t, c, screen.Route{Kind: screen.RouteRuns}, 100, 30)
	total := m.Total()
	if total <= 2*runs.PageSize {
		t.Fatalf("the demo has %d runs: not enough pages to test", total)
	}
	pressAll(m, "G")
	if id := m.Selected()[0]; id != m.Runs()[len(m.Runs())-1].Id {
		t.Fatal("G did not go to the last row of the page")
	}
	pressAll(m, "G")
	last := m.Runs()[len(m.Runs())-1].Id
	if v := uitest.Strip(m.View()); !strings.Contains(v, "of "+strconv.Itoa(total)) || !strings.Contains(v, "–"+strconv.Itoa(total)+" of") {
		t.Fatalf("G on the last row did not load the last page:\n%s", v)
	}
	if m.Selected()[0] != last {
		t.Fatal("the cursor is not on the last run")
	}
	pressAll(m, "g", "[", "end")
	if m.Selected()[0] != last {
		t.Fatal("End did not go to the last run")
	}
}
