package taskruns_test

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/taskruns"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
)

func newTable(w, h int) *taskruns.Model {
	m := taskruns.New(runtest.Deps(nil), "Task runs")
	m.SetSize(w, h)
	m.SetRun(runtest.FakeRun(30, 6, runtest.Now.Add(-2*time.Minute)))
	return m
}

func press(m *taskruns.Model, keys ...string) (out []any) {
	for _, k := range keys {
		for _, msg := range uitest.RunCmd(m.Update(uitest.Press(k))) {
			out = append(out, msg)
		}
	}
	return out
}

func TestViewGolden(t *testing.T) {
	for _, sz := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x40", 120, 40}} {
		t.Run(sz.name, func(t *testing.T) {
			m := newTable(sz.w, sz.h)
			press(m, "down", "down", "down", "down", "down", "enter")
			v := m.View()
			for i, l := range strings.Split(v, "\n") {
				if w := ansi.StringWidth(l); w > sz.w {
					t.Errorf("line %d is %d wide: %q", i, w, ansi.Strip(l))
				}
			}
			if n := strings.Count(v, "\n") + 1; n != sz.h {
				t.Errorf("%d lines, want %d", n, sz.h)
			}
			uitest.Golden(t, v)
		})
	}
}

func TestFilterAndChildren(t *testing.T) {
	m := newTable(80, 24)
	press(m, "S") // failed
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "filter failed") || strings.Contains(v, "task-0 ") {
		t.Fatalf("failed filter:\n%s", v)
	}
	// task-3, task-5 (mapped, failed children), task-10, task-15 (mapped), task-17, task-24, task-25 (mapped)
	if !strings.Contains(v, "task-3") || !strings.Contains(v, "▸ task-5 (6)") {
		t.Fatalf("failed filter rows:\n%s", v)
	}
	press(m, "down", "enter")
	v = ansi.Strip(m.View())
	if !strings.Contains(v, "task-5[1]") || strings.Contains(v, "task-5[0]") {
		t.Fatalf("expanded children are filtered too:\n%s", v)
	}
	msgs := press(m, "down", "enter")
	if len(msgs) != 1 {
		t.Fatalf("enter on a child opens it: %v", msgs)
	}
	if open := msgs[0].(screen.OpenMsg); open.Route.ID != "tr-00005-001" || open.Route.Kind != screen.RouteTaskRun {
		t.Fatalf("opened %+v", open.Route)
	}
	for range 5 {
		press(m, "S")
	}
	if !strings.Contains(ansi.Strip(m.View()), "filter all") {
		t.Fatal("S cycles back to all")
	}
}

func TestChildrenMode(t *testing.T) {
	m := taskruns.New(runtest.Deps(nil), "Mapped runs")
	m.SetSize(80, 10)
	run := runtest.FakeRun(10, 4, runtest.Now.Add(-time.Minute))
	m.SetChildren("task-5", run.Tasks[5].Children)
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "task-5[3]") || !strings.Contains(v, "4 rows") {
		t.Fatalf("children rows:\n%s", v)
	}
	press(m, "f")
	if m.SelectedID() != "tr-00005-001" {
		t.Fatalf("f selects the failed child, got %s", m.SelectedID())
	}
}

func TestKeymap(t *testing.T) {
	m := newTable(80, 24)
	seen := map[string]string{}
	n := 0
	for _, col := range m.FullHelp() {
		for _, b := range col {
			n++
			for _, k := range b.Keys() {
				if prev, dup := seen[k]; dup {
					t.Errorf("key %q is %q and %q", k, prev, b.Help().Desc)
				}
				seen[k] = b.Help().Desc
			}
		}
	}
	if n != 11 {
		t.Errorf("FullHelp has %d bindings, want 11", n)
	}
	if seen["S"] != "state filter" || seen["enter"] != "open/expand" {
		t.Errorf("bindings: %v", seen)
	}
}

func TestTinySizesDoNotPanic(t *testing.T) {
	for _, sz := range [][2]int{{0, 0}, {1, 1}, {10, 3}, {20, 6}, {40, 10}} {
		m := newTable(sz[0], sz[1])
		press(m, "down", "down", "down", "down", "down", "enter", "S", "f", "G")
		_ = m.View()
	}
	m := taskruns.New(runtest.Deps(nil), "Task runs")
	m.SetSize(80, 5)
	m.SetTasks(nil)
	press(m, "down", "enter", "f", "S")
	if v := ansi.Strip(m.View()); !strings.Contains(v, "no task runs") {
		t.Fatalf("empty table:\n%s", v)
	}
}

// TestStartOfAnEarlierDayIsNotCut: a run from another day shows its start as
// "Mar 13 11:58", whole (the cell used to cut it to "Mar 13 1").
func TestStartOfAnEarlierDayIsNotCut(t *testing.T) {
	for _, w := range []int{80, 120} {
		m := taskruns.New(runtest.Deps(nil), "Task runs")
		m.SetSize(w, 24)
		start := runtest.Now.Add(-24*time.Hour - 2*time.Minute)
		m.SetRun(runtest.FakeRun(3, 1, start))
		v := ansi.Strip(m.View())
		want := start.UTC().Format("Jan 02 15:04")
		if !strings.Contains(v, want) {
			t.Errorf("width %d: no whole start %q in\n%s", w, want, v)
		}
		for _, l := range strings.Split(v, "\n") {
			if ansi.StringWidth(l) > w {
				t.Errorf("width %d: line too wide: %q", w, l)
			}
		}
	}
}
