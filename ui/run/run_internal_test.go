package run

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/components/tabs"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/taskruns"
	"github.com/prefect-tui/prefect-tui/ui/timeline"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
)

// fakeTab is a plug-in tab as ui/logs would be: it records what it is given.
type fakeTab struct {
	run   *rundata.Run
	keys  []string
	w, h  int
	other int
}

func (f *fakeTab) Title() string             { return "Logs" }
func (f *fakeTab) Init() tea.Cmd             { return nil }
func (f *fakeTab) CapturesInput() bool       { return false }
func (f *fakeTab) SetSize(w, h int)          { f.w, f.h = w, h }
func (f *fakeTab) ShortHelp() []key.Binding  { return nil }
func (f *fakeTab) FullHelp() [][]key.Binding { return nil }
func (f *fakeTab) SetRun(r *rundata.Run)     { f.run = r }
func (f *fakeTab) View() string              { return "logs of " + f.run.Name }
func (f *fakeTab) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		f.keys = append(f.keys, msg.String())
	default:
		f.other++
	}
	return nil
}

// fakeActions claims "c" as ui/actions would.
type fakeActions struct{ sel screen.Selection }

func (a *fakeActions) ShortHelp() []key.Binding  { return nil }
func (a *fakeActions) FullHelp() [][]key.Binding { return nil }
func (a *fakeActions) HandleKey(k tea.KeyPressMsg, sel screen.Selection) (bool, tea.Cmd) {
	if k.String() != "c" {
		return false, nil
	}
	a.sel = sel
	return true, func() tea.Msg { return screen.ChangedMsg{} }
}

// withTabs gives the page the tabs the root wires before the plug-ins of opts: Timeline
// and Task runs.
func withTabs(opts Options) Options {
	opts.Tabs = append([]tabs.Factory{timeline.NewTab, taskruns.NewTab}, opts.Tabs...)
	return opts
}

func loadedPage(t *testing.T, w, h int, opts Options) *Model {
	t.Helper()
	m := New(runtest.Deps(nil), screen.Route{Kind: screen.RouteRun, ID: "00000000-0000-4000-8000-000000000001"}, withTabs(opts))
	m.SetSize(w, h)
	m.load()
	m.Update(loadedMsg{reqID: m.lastReqID, run: runtest.FakeRun(30, 6, runtest.Now.Add(-2*time.Minute)), found: true})
	return m
}

func TestViewGolden(t *testing.T) {
	for _, sz := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x40", 120, 40}} {
		t.Run(sz.name, func(t *testing.T) {
			m := loadedPage(t, sz.w, sz.h, Options{})
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

func TestTabsAndPlugins(t *testing.T) {
	logs := &fakeTab{}
	acts := &fakeActions{}
	m := loadedPage(t, 80, 24, Options{
		Tabs:    []tabs.Factory{func(screen.Deps, string) tabs.Tab { return logs }},
		Actions: acts,
	})
	if logs.run == nil || logs.w != 80 {
		t.Fatalf("plug-in tab not given the run/size: %+v", logs)
	}
	var s screen.Screen = m
	s, _ = uitest.Send(s, uitest.Press("3"))
	if m.ActiveTab() != "Logs" || !strings.Contains(m.View(), "logs of brave-otter") {
		t.Fatalf("3 should show the Logs tab, got %s", m.ActiveTab())
	}
	s, _ = uitest.Send(s, uitest.Press("x"), tea.WindowSizeMsg{})
	if len(logs.keys) != 1 || logs.keys[0] != "x" || logs.other == 0 {
		t.Fatalf("tab keys %v other %d", logs.keys, logs.other)
	}
	s, _ = uitest.Send(s, uitest.Press("tab"))
	if m.ActiveTab() != "Details" {
		t.Fatalf("tab → %s", m.ActiveTab())
	}
	s, _ = uitest.Send(s, uitest.Press("tab"), uitest.Press("down"))
	_, msgs := uitest.Send(s, uitest.Press("c"))
	if _, ok := uitest.Find[screen.ChangedMsg](msgs); !ok || acts.sel.FlowRun.ID == "" || acts.sel.TaskRunID == "" {
		t.Fatalf("actions did not get the key with the selection: %+v %v", acts.sel, msgs)
	}
}

func TestCopy(t *testing.T) {
	m := loadedPage(t, 80, 24, Options{})
	var s screen.Screen = m
	_, msgs := uitest.Send(s, uitest.Press("y"))
	cp, _ := uitest.Find[screen.CopyMsg](msgs)
	if cp.Text != "tr-00000" {
		t.Fatalf("y on the timeline copies the task run id, got %q", cp.Text)
	}
	s, _ = uitest.Send(s, uitest.Press("3")) // Details: no task-run cursor
	_, msgs = uitest.Send(s, uitest.Press("Y"))
	cp, _ = uitest.Find[screen.CopyMsg](msgs)
	if cp.Text != "http://localhost:8080/demo/flow-run/00000000-0000-4000-8000-000000000001" {
		t.Fatalf("Y copies %q", cp.Text)
	}
}

func TestNotFoundAndStale(t *testing.T) {
	m := New(runtest.Deps(nil), screen.Route{Kind: screen.RouteRun, ID: "x"}, Options{})
	m.SetSize(80, 24)
	m.load()
	old := m.lastReqID
	m.load()
	m.Update(loadedMsg{reqID: old, run: runtest.FakeRun(1, 0, runtest.Now), found: true})
	if m.Run() != nil {
		t.Fatal("stale result applied")
	}
	m.Update(loadedMsg{reqID: m.lastReqID})
	if !strings.Contains(m.View(), "No flow run with id x") {
		t.Fatalf("not found view: %s", m.View())
	}
}

// TestCursorMoveBytes measures what moving the timeline cursor one row costs on the
// wire: two consecutive frames through bubbletea v2's diffing renderer, bytes of the
// second.
func TestCursorMoveBytes(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		m := loadedPage(t, sz[0], sz[1], Options{})
		term := runtest.NewTerminal(sz[0], sz[1])
		first := term.Frame(m.View())
		m.Update(uitest.Press("down"))
		n := term.Frame(m.View())
		t.Logf("%dx%d: first frame %d bytes, timeline cursor down %d bytes", sz[0], sz[1], first, n)
		if n >= 512 {
			t.Errorf("%dx%d: cursor move wrote %d bytes, want < 512", sz[0], sz[1], n)
		}
	}
}

func TestRefreshBacksOff(t *testing.T) {
	m := loadedPage(t, 80, 24, Options{})
	if got := m.refresh.Backoff.Current(); got != 5*time.Second {
		t.Fatalf("first interval %v", got)
	}
	same := runtest.FakeRun(30, 6, runtest.Now.Add(-2*time.Minute))
	for _, want := range []time.Duration{10, 20, 40, 60, 60} {
		m.load()
		m.Update(loadedMsg{reqID: m.lastReqID, run: same, found: true})
		if got := m.refresh.Backoff.Current(); got != want*time.Second {
			t.Fatalf("unchanged refresh: %v, want %v s", got, want)
		}
	}
	stale := m.refresh.Pending()
	changed := runtest.FakeRun(30, 6, runtest.Now.Add(-2*time.Minute))
	changed.State = "Success"
	m.load()
	m.Update(loadedMsg{reqID: m.lastReqID, run: changed, found: true})
	if got := m.refresh.Backoff.Current(); got != 5*time.Second {
		t.Fatalf("a change resets to 5 s, got %v", got)
	}
	// A stale tick does nothing; the current one reloads.
	if _, cmd := m.Update(stale); cmd != nil {
		t.Fatal("stale tick reloaded")
	}
	if _, cmd := m.Update(m.refresh.Pending()); cmd == nil || !m.loading {
		t.Fatal("tick did not reload")
	}
}

func TestKeymapHelp(t *testing.T) {
	m := loadedPage(t, 80, 24, Options{})
	var labels []string
	for _, col := range m.FullHelp() {
		for _, b := range col {
			labels = append(labels, b.Help().Desc)
		}
	}
	all := strings.Join(labels, ",")
	for _, want := range []string{"next tab", "copy id", "copy UI link", "zoom in", "zoom out", "next failed", "prev failed", "sort", "open/expand"} {
		if !strings.Contains(all, want) {
			t.Errorf("help lacks %q: %s", want, all)
		}
	}
	if n := len(m.FullHelp()); n != 4 {
		t.Errorf("FullHelp has %d columns, want 4 (timeline 3 + page)", n)
	}
	// No key is bound twice among the page's and each tab's enabled bindings.
	for i, tab := range m.tabs.Shown() {
		m.tabs.Select(i)
		seen := map[string]string{}
		for _, col := range m.FullHelp() {
			for _, b := range col {
				if !b.Enabled() {
					continue
				}
				for _, k := range b.Keys() {
					if prev, dup := seen[k]; dup && prev != b.Help().Desc {
						t.Errorf("tab %s: key %q is %q and %q", tab.Title(), k, prev, b.Help().Desc)
					}
					seen[k] = b.Help().Desc
				}
			}
		}
	}
}

// claimingTab binds y and r itself, as the Logs tab does.
type claimingTab struct{ fakeTab }

func (c *claimingTab) FullHelp() [][]key.Binding {
	return [][]key.Binding{{
		key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy line")),
		key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload logs")),
	}}
}

func TestTabShadowsPageKeys(t *testing.T) {
	tab := &claimingTab{}
	m := loadedPage(t, 80, 24, Options{Tabs: []tabs.Factory{func(screen.Deps, string) tabs.Tab { return tab }}})
	var s screen.Screen = m
	s, _ = uitest.Send(s, uitest.Press("3"))
	_, msgs := uitest.Send(s, uitest.Press("y"))
	if _, copied := uitest.Find[screen.CopyMsg](msgs); copied || len(tab.keys) != 1 || tab.keys[0] != "y" {
		t.Fatalf("y on a tab that binds it goes to the tab: keys %v msgs %v", tab.keys, msgs)
	}
	for _, col := range m.FullHelp() {
		for _, b := range col {
			if b.Help().Desc == "copy id" || b.Help().Desc == "reload" {
				t.Fatalf("help shows the shadowed page binding %q", b.Help().Desc)
			}
		}
	}
	s, _ = uitest.Send(s, uitest.Press("1"))
	if _, msgs = uitest.Send(s, uitest.Press("y")); len(msgs) == 0 {
		t.Fatal("y on the timeline copies again")
	}
}

// BenchmarkTimelineCursorMoveBytes reports the bytes bubbletea v2's diffing renderer
// writes when the run page's timeline cursor moves one row (80×24), as bytes/move.
func BenchmarkTimelineCursorMoveBytes(b *testing.B) {
	m := New(runtest.Deps(nil), screen.Route{Kind: screen.RouteRun, ID: "x"}, withTabs(Options{}))
	m.SetSize(80, 24)
	m.load()
	m.Update(loadedMsg{reqID: m.lastReqID, run: runtest.FakeRun(2000, 0, runtest.Now.Add(-time.Hour)), found: true})
	term := runtest.NewTerminal(80, 24)
	term.Frame(m.View())
	total := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Update(uitest.Press("down"))
		total += term.Frame(m.View())
	}
	b.ReportMetric(float64(total)/float64(b.N), "bytes/move")
}

func TestTinySizesDoNotPanic(t *testing.T) {
	for _, sz := range [][2]int{{0, 0}, {1, 1}, {10, 3}, {20, 6}, {40, 10}, {300, 5}} {
		for i := range 5 {
			m := loadedPage(t, sz[0], sz[1], Options{})
			m.Update(uitest.Press(itoa(i + 1)))
			for _, k := range []string{"down", "enter", "+", "l", "f", "s", "down", "G"} {
				m.Update(uitest.Press(k))
				_ = m.View()
			}
		}
	}
}

// TestJumpKeysAreTheTabsThatExist: help used to offer "1-9 go to tab" on a page of
// five tabs (6-9 did nothing).
func TestJumpKeysAreTheTabsThatExist(t *testing.T) {
	m := loadedPage(t, 80, 24, Options{})
	n := len(m.tabs.Shown())
	want := "1-" + strconv.Itoa(n)
	if got := m.tabs.Keys.Jump.Help().Key; got != want {
		t.Errorf("jump help %q, want %q", got, want)
	}
	if keys := m.tabs.Keys.Jump.Keys(); len(keys) != n {
		t.Errorf("jump keys %v for %d tabs", keys, n)
	}
}

// TestDetailsStateMessagesWrapped: a long state message used to be cut with "…" at
// the pane's edge; it wraps under itself.
func TestDetailsStateMessagesWrapped(t *testing.T) {
	long := "Flow run failed: ValueError('the upstream table orders_raw has no partition for 2026-03-14; re-run extract first')"
	d := newDetails(runtest.Deps(nil))
	d.SetSize(80, 40)
	d.SetRun(&rundata.Run{ID: "r", States: []rundata.State{{State: "Failed", Message: long, Timestamp: runtest.Now}}})
	v := ansi.Strip(d.View())
	if strings.Contains(v, "…") || !strings.Contains(strings.Join(strings.Fields(v), " "), long) {
		t.Errorf("message not whole:\n%s", v)
	}
	for _, l := range strings.Split(v, "\n") {
		if ansi.StringWidth(l) > 80 {
			t.Errorf("line wider than 80: %q", l)
		}
	}
}

// TestHeaderDropsWhatDoesNotFitWhole: at 80 columns the times line ended in "agent…";
// agent, version and project show only when they fit whole.
func TestHeaderDropsWhatDoesNotFitWhole(t *testing.T) {
	m := loadedPage(t, 80, 24, Options{})
	m.run.AgentName, m.run.AgentType = "k8s-prod-agent", "KubernetesAgent"
	m.run.ProjectName = "data-warehouse"
	for _, w := range []int{80, 200} {
		m.SetSize(w, 24)
		meta := ansi.Strip(m.headerLines()[1])
		if strings.HasSuffix(meta, "…") {
			t.Errorf("width %d: times line cut: %q", w, meta)
		}
		if w == 200 && (!strings.Contains(meta, "agent k8s-prod-agent KubernetesAgent") || !strings.Contains(meta, "project data-warehouse")) {
			t.Errorf("width %d: agent and project missing: %q", w, meta)
		}
	}
}

// TestFailedRefreshShowsAtEveryWidth: a refresh that failed says so beside the tabs
// with the age when it fits, without the age when only that fits (at 80 columns with
// all the tabs: the mark used to vanish whole when it did not fit), as "✗ offline"
// when only that fits, and before the tabs, which are cut, when nothing fits.
func TestFailedRefreshShowsAtEveryWidth(t *testing.T) {
	offline := &url.Error{Op: "Post", URL: "http://127.0.0.1:4200/graphql", Err: errors.New("connection refused")}
	tabsW := ansi.StringWidth(loadedPage(t, 120, 24, Options{}).tabs.Bar(runtest.Deps(nil).Styles))
	for _, tc := range []struct {
		w          int
		want, lack string
	}{
		{tabsW + 1 + len("refresh failed: offline · updated 0s ago"), "refresh failed: offline · updated", ""},
		{tabsW + 1 + len("refresh failed: offline"), "refresh failed: offline", "updated"},
		{tabsW + 1 + len("x offline"), "✗ offline", "refresh failed"},
		{tabsW + 1, "✗ offline", "refresh failed"},
	} {
		m := loadedPage(t, tc.w, 24, Options{})
		m.load()
		m.Update(loadedMsg{reqID: m.lastReqID, err: offline})
		bar := ansi.Strip(m.tabBar())
		if !strings.Contains(bar, tc.want) || (tc.lack != "" && strings.Contains(bar, tc.lack)) {
			t.Errorf("at %d columns the tab bar reads %q, want %q without %q", tc.w, bar, tc.want, tc.lack)
		}
		if w := ansi.StringWidth(m.tabBar()); w > tc.w {
			t.Errorf("at %d columns the tab bar is %d wide", tc.w, w)
		}
	}
}
