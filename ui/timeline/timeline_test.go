package timeline_test

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/timeline"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
)

var start = runtest.Now.Add(-2 * time.Minute)

func newTimeline(t testing.TB, n, children, w, h int) *timeline.Model {
	t.Helper()
	m := timeline.New(runtest.Deps(nil))
	m.SetSize(w, h)
	m.SetRun(runtest.FakeRun(n, children, start))
	return m
}

func press(m *timeline.Model, keys ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range keys {
		out = append(out, uitest.RunCmd(m.Update(uitest.Press(k)))...)
	}
	return out
}

func TestViewGolden(t *testing.T) {
	for _, sz := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x40", 120, 40}} {
		t.Run(sz.name, func(t *testing.T) {
			m := newTimeline(t, 30, 8, sz.w, sz.h)
			press(m, "down", "down", "down", "down", "down", "enter")
			v := m.View()
			for i, l := range strings.Split(v, "\n") {
				if w := ansi.StringWidth(l); w > sz.w {
					t.Errorf("line %d is %d wide > %d: %q", i, w, sz.w, ansi.Strip(l))
				}
			}
			if n := strings.Count(v, "\n") + 1; n != sz.h {
				t.Errorf("view has %d lines, want %d", n, sz.h)
			}
			uitest.Golden(t, v)
		})
	}
}

func TestExpandOpenAndFailed(t *testing.T) {
	m := newTimeline(t, 30, 8, 80, 24)
	// Row 5 is task-5, mapped (every 10th from 5) with 8 children.
	press(m, "down", "down", "down", "down", "down")
	if got := m.SelectedID(); got != "tr-00005" {
		t.Fatalf("selected %q, want tr-00005", got)
	}
	press(m, "enter")
	press(m, "down")
	if got := m.SelectedID(); got != "tr-00005-000" {
		t.Fatalf("after expand selected %q, want first child", got)
	}
	msgs := press(m, "enter")
	open, ok := uitest.Find[screen.OpenMsg](msgs)
	if !ok || open.Route.Kind != screen.RouteTaskRun || open.Route.ID != "tr-00005-000" {
		t.Fatalf("enter on a child: %#v", msgs)
	}
	// f jumps to the next failed row: child 1 (c%4==1 failed).
	press(m, "f")
	if got := m.SelectedID(); got != "tr-00005-001" {
		t.Fatalf("f went to %q", got)
	}
	press(m, "F")
	if got := m.SelectedID(); got != "tr-00005" {
		t.Fatalf("F went to %q, want the mapped parent (has failed children)", got)
	}
	// o opens even a mapped parent.
	open, _ = uitest.Find[screen.OpenMsg](press(m, "o"))
	if open.Route.ID != "tr-00005" {
		t.Fatalf("o opened %q", open.Route.ID)
	}
}

func TestZoomPanSort(t *testing.T) {
	m := newTimeline(t, 30, 0, 80, 24)
	fit := ansi.Strip(m.View())
	press(m, "+")
	zoomed := ansi.Strip(m.View())
	if zoomed == fit || !strings.Contains(zoomed, "zoom 2×") {
		t.Fatalf("zoom did not change the view:\n%s", zoomed)
	}
	press(m, "l")
	if ansi.Strip(m.View()) == zoomed {
		t.Fatal("pan did not move the axis")
	}
	press(m, "0")
	if got := ansi.Strip(m.View()); got != fit {
		t.Fatalf("0 did not fit back:\n%s", got)
	}
	press(m, "s", "g")
	if !strings.Contains(ansi.Strip(m.View()), "sort duration") {
		t.Fatal("s did not sort by duration")
	}
	// Longest first: the running task (since 11:59:24, now 12:00) comes first.
	if !strings.Contains(strings.Split(ansi.Strip(m.View()), "\n")[2], "36s") {
		t.Fatalf("first row is not the longest:\n%s", ansi.Strip(m.View()))
	}
}

func TestRunningBarGrowsToNow(t *testing.T) {
	m := newTimeline(t, 5, 0, 80, 12)
	v := ansi.Strip(m.View())
	lines := strings.Split(v, "\n")
	marks := lines[1]
	now := strings.Index(marks, "▼")
	if now < 0 {
		t.Fatalf("no now marker on the marks line:\n%s", v)
	}
	// Task 3 (i == n-2) is running: its bar runs up to the now marker.
	running := []rune(lines[2+3])
	nowCol := len([]rune(marks[:now]))
	if nowCol >= len(running) || running[nowCol-1] != '━' || running[nowCol] != '┊' {
		t.Fatalf("running bar does not reach now (col %d):\n%s", nowCol, v)
	}
	if !strings.Contains(lines[2+4], "○ Pending") {
		t.Fatalf("pending task should show its state, got %q", lines[2+4])
	}
}

func BenchmarkTimelineRender(b *testing.B) {
	m := newTimeline(b, 2000, 0, 120, 40)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Update(uitest.Press("down"))
		_ = m.View()
	}
}

func TestKeymap(t *testing.T) {
	m := newTimeline(t, 3, 0, 80, 24)
	seen := map[string]string{}
	var descs []string
	for _, col := range m.FullHelp() {
		for _, b := range col {
			descs = append(descs, b.Help().Desc)
			for _, k := range b.Keys() {
				if prev, dup := seen[k]; dup {
					t.Errorf("key %q is %q and %q", k, prev, b.Help().Desc)
				}
				seen[k] = b.Help().Desc
			}
		}
	}
	if len(m.FullHelp()) != 3 || len(descs) != 17 {
		t.Errorf("FullHelp: %d columns, %d bindings", len(m.FullHelp()), len(descs))
	}
	all := strings.Join(descs, ",")
	for _, want := range []string{"zoom in", "zoom out", "pan left", "pan right", "next failed", "prev failed", "sort", "open/expand", "open task run", "fit"} {
		if !strings.Contains(all, want) {
			t.Errorf("help lacks %q", want)
		}
	}
	// Each key is named once in the full help ("+/-" then "-" said "-" twice).
	named := map[string]bool{}
	for _, col := range m.FullHelp() {
		for _, b := range col {
			for _, part := range strings.FieldsFunc(b.Help().Key, func(r rune) bool { return r == '/' || r == ' ' }) {
				if named[part] && part != "" {
					t.Errorf("full help names key %q twice", part)
				}
				named[part] = true
			}
		}
	}
	short := map[string]bool{}
	for _, b := range m.ShortHelp() {
		short[b.Help().Key+" "+b.Help().Desc] = true
	}
	for _, want := range []string{"+/- zoom", "←/→ pan", "f/F next/prev failed"} {
		if !short[want] {
			t.Errorf("short help lacks %q: %v", want, short)
		}
	}
}
