package runs

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"
	"github.com/charmbracelet/x/ansi"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
)

// fakeRuns builds n runs, newest first, with every state family, late runs and labels.
func fakeRuns(n int) []Run {
	now := runtest.Now
	states := []string{"Success", "Failed", "Running", "Scheduled", "Cancelled", "Success", "TimedOut", "Pending"}
	out := make([]Run, n)
	for i := range out {
		sched := now.Add(time.Duration(5-i) * 7 * time.Minute)
		r := Run{
			Id:    fmt.Sprintf("00000000-0000-4000-8000-%012d", i),
			Name:  []string{"brave-otter", "calm-heron", "eager-lynx", "tidy-wombat"}[i%4] + fmt.Sprint(i),
			State: states[i%len(states)], Scheduled_start_time: sched,
			Labels: json.RawMessage(`["prod","eu"]`),
			Flow:   api.ListFlowRunsFlow_runFlow{Id: "f", Name: []string{"etl-nightly", "reports", "ml-train"}[i%3]},
		}
		switch r.State {
		case "Scheduled", "Pending":
		default:
			r.Start_time = sched.Add(3 * time.Second)
			if r.State != "Running" {
				r.End_time = r.Start_time.Add(time.Duration(30+i%300) * time.Second)
				r.State_timestamp = r.End_time
			}
		}
		out[i] = r
	}
	return out
}

func loadedList(t testing.TB, n, w, h int) *Model {
	t.Helper()
	m := New(runtest.Deps(nil), screen.Route{Kind: screen.RouteRuns}, Options{})
	m.SetSize(w, h)
	m.load(0) // sets the request id the result must carry
	runs := fakeRuns(n)
	total := n
	if n > PageSize {
		total = n
	}
	m.Update(loadedMsg{reqID: m.lastReqID, runs: runs, total: total})
	return m
}

func TestViewGolden(t *testing.T) {
	for _, sz := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x40", 120, 40}} {
		t.Run(sz.name, func(t *testing.T) {
			m := loadedList(t, 60, sz.w, sz.h)
			uitest.Send[screen.Screen](m, uitest.Press("down"), uitest.Press("space"), uitest.Press("space"))
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

func TestLateRunsSayLate(t *testing.T) {
	m := loadedList(t, 8, 80, 24)
	v := ansi.Strip(m.View())
	// Run 3 is Scheduled 14 minutes after now (not late); a Scheduled run in the past is.
	if strings.Contains(v, "Late") {
		t.Fatalf("no run is late yet:\n%s", v)
	}
	runs := fakeRuns(16)
	m.Update(loadedMsg{reqID: m.lastReqID, runs: runs, total: 16})
	v = ansi.Strip(m.View())
	if !strings.Contains(v, "◷ Late") {
		t.Fatalf("run 11 is scheduled in the past and not started: want ◷ Late\n%s", v)
	}
	// A restarted run: Scheduled again, with the start time of its first attempt.
	restarted := fakeRuns(12)[11]
	restarted.Start_time = restarted.Scheduled_start_time.Add(time.Second)
	m.Update(loadedMsg{reqID: m.lastReqID, runs: []Run{restarted}, total: 1})
	if v = ansi.Strip(m.View()); !strings.Contains(v, "◷ Late") {
		t.Fatalf("a restarted run Scheduled in the past is late:\n%s", v)
	}
}

func TestSelectionAndOpen(t *testing.T) {
	m := loadedList(t, 10, 80, 24)
	var s screen.Screen = m
	s, _ = uitest.Send(s, uitest.Press("space"), uitest.Press("space"))
	if got := m.Marked(); len(got) != 2 || got[0] != fakeRuns(1)[0].Id {
		t.Fatalf("marked %v", got)
	}
	_, msgs := uitest.Send(s, uitest.Press("enter"))
	open, ok := uitest.Find[screen.OpenMsg](msgs)
	if !ok || open.Route.Kind != screen.RouteRun || open.Route.ID != fakeRuns(3)[2].Id {
		t.Fatalf("enter: %#v", msgs)
	}
	_, msgs = uitest.Send(s, uitest.Press("y"))
	cp, _ := uitest.Find[screen.CopyMsg](msgs)
	if strings.Count(cp.Text, "\n") != 1 {
		t.Fatalf("y copies the two selected ids: %q", cp.Text)
	}
	_, msgs = uitest.Send(s, uitest.Press("Y"))
	cp, _ = uitest.Find[screen.CopyMsg](msgs)
	if cp.Text != "http://localhost:8080/demo/flow-run/"+fakeRuns(3)[2].Id {
		t.Fatalf("Y copies %q", cp.Text)
	}
	s, _ = uitest.Send(s, uitest.Press("ctrl+a"))
	if len(m.Marked()) != 0 {
		t.Fatal("ctrl+a with a selection clears it")
	}
}

func TestFilterInputBuildsWhere(t *testing.T) {
	m := loadedList(t, 10, 80, 24)
	var s screen.Screen = m
	s, _ = uitest.Send(s, uitest.Press("/"))
	if !m.CapturesInput() {
		t.Fatal("/ focuses the filter")
	}
	msgs := uitest.Type("otter flow:etl label:prod state:failed,late since:24h")
	s, _ = uitest.Send(s, msgs...)
	m.Update(uitest.Press("enter"))
	if m.CapturesInput() {
		t.Fatal("enter applies and leaves the input")
	}
	_, vars := m.LastQuery()
	where := string(vars["where"].(json.RawMessage))
	for _, want := range []string{`"_ilike":"%otter%"`, `"flow":{"name":{"_ilike":"%etl%"}}`, `"labels":{"_contains":["prod"]}`,
		`"_in":["Failed"]`, `{"state":{"_eq":"Scheduled"}},{"scheduled_start_time":{"_lt":"2026-03-14T12:00:00.000000+00:00"}}`,
		`"scheduled_start_time":{"_gte":"2026-03-13T12:00:00.000000+00:00"}`} {
		if !strings.Contains(where, want) {
			t.Errorf("where lacks %s:\n%s", want, where)
		}
	}
	// Late says nothing about start_time: a restarted run Scheduled again is late too.
	if strings.Contains(where, "start_time\":{\"_is_null") {
		t.Errorf("late requires start_time null:\n%s", where)
	}
	if m.filterText != "otter flow:etl label:prod state:Failed,Late since:24h" {
		t.Errorf("filter text %q", m.filterText)
	}
}

func TestStaleResultDropped(t *testing.T) {
	m := loadedList(t, 5, 80, 24)
	old := m.lastReqID
	m.load(0)
	m.Update(loadedMsg{reqID: old, runs: fakeRuns(1), total: 1})
	if m.Total() != 5 {
		t.Fatal("a stale result replaced the list")
	}
}

func TestUpdatedAgo(t *testing.T) {
	m := loadedList(t, 5, 100, 10)
	now := runtest.Now
	m.deps.Now = func() time.Time { return now.Add(42 * time.Second) }
	if v := ansi.Strip(m.View()); !strings.Contains(v, "updated 42s ago") {
		t.Fatalf("no updated mark:\n%s", v)
	}
}

func BenchmarkRunsListRender(b *testing.B) {
	m := loadedList(b, 10000, 120, 40)
	down := uitest.Press("down")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Update(down)
		_ = m.View()
	}
}

// TestCursorMoveBytes measures what moving the cursor one row costs on the wire: two
// consecutive frames through bubbletea v2's diffing renderer, bytes of the second.
func TestCursorMoveBytes(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		m := loadedList(t, 200, sz[0], sz[1])
		term := runtest.NewTerminal(sz[0], sz[1])
		first := term.Frame(m.View())
		m.Update(uitest.Press("down"))
		n := term.Frame(m.View())
		t.Logf("%dx%d: first frame %d bytes, cursor down %d bytes", sz[0], sz[1], first, n)
		if n >= 512 {
			t.Errorf("%dx%d: cursor move wrote %d bytes, want < 512", sz[0], sz[1], n)
		}
	}
}

var _ tea.Msg = loadedMsg{}

func TestKeyWakesBackedOffRefresh(t *testing.T) {
	m := loadedList(t, 5, 80, 24)
	for range 3 {
		m.load(0)
		m.Update(loadedMsg{reqID: m.lastReqID, runs: fakeRuns(5), total: 5})
	}
	if m.refresh.Backoff.Current() != 40*time.Second {
		t.Fatalf("after 3 unchanged refreshes: %v", m.refresh.Backoff.Current())
	}
	old := m.refresh.Pending()
	m.Update(uitest.Press("down"))
	if m.refresh.Backoff.Current() != 5*time.Second || m.refresh.Pending() == old {
		t.Fatalf("a key should restart the timer at 5 s: %v, timer %v→%v", m.refresh.Backoff.Current(), old, m.refresh.Pending())
	}
	if _, cmd := m.Update(old); cmd != nil {
		t.Fatal("the replaced timer's tick reloaded")
	}
}

// fakeActions claims C as ui/actions does, and records what it was given.
type fakeActions struct {
	selected []string
	cursor   string
}

func (a *fakeActions) ShortHelp() []key.Binding  { return nil }
func (a *fakeActions) FullHelp() [][]key.Binding { return nil }
func (a *fakeActions) HandleKey(k tea.KeyPressMsg, sel screen.Selection) (bool, tea.Cmd) {
	if k.String() != "C" {
		return false, nil
	}
	a.selected, a.cursor = sel.Marked, sel.FlowRun.ID
	return true, func() tea.Msg { return screen.ChangedMsg{} }
}

func TestActionsGetSelection(t *testing.T) {
	acts := &fakeActions{}
	m := New(runtest.Deps(nil), screen.Route{Kind: screen.RouteRuns}, Options{Actions: acts})
	m.SetSize(80, 24)
	m.load(0)
	m.Update(loadedMsg{reqID: m.lastReqID, runs: fakeRuns(10), total: 10})
	var s screen.Screen = m
	s, _ = uitest.Send(s, uitest.Press("space"), uitest.Press("down"), uitest.Press("space"))
	_, msgs := uitest.Send(s, uitest.Press("C"))
	if len(acts.selected) != 2 || acts.cursor != fakeRuns(4)[3].Id {
		t.Fatalf("actions got %v cursor %s", acts.selected, acts.cursor)
	}
	changed, ok := uitest.Find[screen.ChangedMsg](msgs)
	if !ok {
		t.Fatal("no ChangedMsg")
	}
	// ChangedMsg reloads the page.
	before := m.lastReqID
	m.Update(changed)
	if m.lastReqID == before {
		t.Fatal("ChangedMsg did not reload")
	}
}

func TestKeymap(t *testing.T) {
	m := loadedList(t, 5, 80, 24)
	var descs []string
	seen := map[string]string{}
	for _, col := range m.FullHelp() {
		for _, b := range col {
			descs = append(descs, b.Help().Desc)
			if !b.Enabled() {
				continue
			}
			for _, k := range b.Keys() {
				if prev, dup := seen[k]; dup {
					t.Errorf("key %q is both %q and %q", k, prev, b.Help().Desc)
				}
				seen[k] = b.Help().Desc
			}
		}
	}
	all := strings.Join(descs, ",")
	for _, want := range []string{"open run", "select", "filter", "late only", "sort", "next page", "copy id", "copy UI link"} {
		if !strings.Contains(all, want) {
			t.Errorf("help lacks %q", want)
		}
	}
	if len(m.FullHelp()) != 2 {
		t.Errorf("FullHelp columns %d, want 2", len(m.FullHelp()))
	}
	if m.keys.NextPage.Enabled() {
		t.Error("next page enabled with every run loaded")
	}
}

func TestStatePicker(t *testing.T) {
	m := loadedList(t, 10, 80, 24)
	var s screen.Screen = m
	s, _ = uitest.Send(s, uitest.Press("s"))
	if !m.CapturesInput() {
		t.Fatal("the picker captures keys")
	}
	// Late is first; Failed is further down the list.
	s, _ = uitest.Send(s, uitest.Press("space"))
	for m.picker.names[m.picker.cursor] != "Failed" {
		s, _ = uitest.Send(s, uitest.Press("down"))
	}
	s, _ = uitest.Send(s, uitest.Press("space"))
	v := m.View()
	if n := strings.Count(v, "\n") + 1; n != 24 {
		t.Fatalf("picker view has %d lines", n)
	}
	uitest.Golden(t, v)
	s, _ = uitest.Send(s, uitest.Press("enter"))
	if m.CapturesInput() || m.filterText != "state:Late,Failed" {
		t.Fatalf("applied filter %q", m.filterText)
	}
	_, vars := m.LastQuery()
	if w := string(vars["where"].(json.RawMessage)); !strings.Contains(w, `"_or"`) || !strings.Contains(w, `"Failed"`) {
		t.Fatalf("where %s", w)
	}
	// esc leaves the filter as it was.
	s, _ = uitest.Send(s, uitest.Press("s"), uitest.Press("backspace"), uitest.Press("esc"))
	if m.filterText != "state:Late,Failed" || m.CapturesInput() {
		t.Fatalf("esc changed the filter: %q", m.filterText)
	}
	_ = s
}

// BenchmarkCursorMoveBytes reports the bytes bubbletea v2's diffing renderer writes
// when the runs list cursor moves one row (80×24), as the metric bytes/move.
func BenchmarkCursorMoveBytes(b *testing.B) {
	m := loadedList(b, 10000, 80, 24)
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

func TestMarksAcrossPagesAndTimeRange(t *testing.T) {
	m := loadedList(t, 10, 80, 24)
	var s screen.Screen = m
	s, _ = uitest.Send(s, uitest.Press("space"), uitest.Press("space"), uitest.Press("up"), uitest.Press("space"), uitest.Press("space"))
	if got := m.Marked(); len(got) != 2 || got[0] != fakeRuns(1)[0].Id {
		t.Fatalf("unmark then mark again: %v", got)
	}
	// Another page keeps the marks (bulk actions act on all of them).
	m.load(PageSize)
	m.Update(loadedMsg{reqID: m.lastReqID, runs: fakeRuns(3), total: 103, offset: PageSize})
	if len(m.Marked()) != 2 || !strings.Contains(ansi.Strip(m.View()), "2 selected") {
		t.Fatalf("marks lost on page change: %v", m.Marked())
	}
	// t cycles the time range, and a new range clears the selection.
	for _, want := range []string{"since:1h", "since:24h", "since:7d", "since:30d", ""} {
		s, _ = uitest.Send(s, uitest.Press("t"))
		if m.filterText != want {
			t.Fatalf("t: %q, want %q", m.filterText, want)
		}
	}
	if len(m.Marked()) != 0 {
		t.Fatal("a new filter keeps the selection")
	}
}

func TestTinySizesDoNotPanic(t *testing.T) {
	for _, sz := range [][2]int{{0, 0}, {1, 1}, {10, 3}, {20, 6}, {40, 10}, {300, 5}} {
		m := loadedList(t, 30, sz[0], sz[1])
		for _, k := range []string{"down", "space", "s", "down", "esc", "G", "pgup"} {
			m.Update(uitest.Press(k))
			_ = m.View()
		}
	}
	empty := loadedList(t, 0, 80, 24)
	if v := ansi.Strip(empty.View()); !strings.Contains(v, "No runs.") {
		t.Fatalf("empty list:\n%s", v)
	}
}

// partialClient answers with one run and a GraphQL error, as Hasura does when a field
// fails but others resolve.
type partialClient struct{}

func (partialClient) MakeRequest(_ context.Context, _ *graphql.Request, resp *graphql.Response) error {
	raw := `{"flow_run":[{"id":"r1","name":"lone-run","state":"Success","scheduled_start_time":"2026-03-14T11:00:00+00:00","labels":[],"flow":{"id":"f","name":"etl","flow_group_id":"g"}}],
	  "flow_run_aggregate":{"aggregate":{"count":1}},"late":{"aggregate":{"count":0}}}`
	if err := json.Unmarshal([]byte(raw), resp.Data); err != nil {
		return err
	}
	return gqlerror.List{{Message: "field late failed"}}
}

func TestPartialDataShowsDataAndWarning(t *testing.T) {
	m := New(runtest.Deps(partialClient{}), screen.Route{Kind: screen.RouteRuns}, Options{})
	m.SetSize(80, 24)
	runtest.Load(func(msg tea.Msg) { m.Update(msg) }, m.Init())
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "lone-run") || !strings.Contains(v, "partial data: field late failed") {
		t.Fatalf("partial data view:\n%s", v)
	}
}

// TestStampColumnsHoldAWholeStamp: a start from another day, "Nov 21 20:18", showed as
// "Nov 21 …" in a column 8 wide.
func TestStampColumnsHoldAWholeStamp(t *testing.T) {
	stamp := len("Jan 02 15:04")
	for _, w := range []int{80, 100, 120, 200} {
		for _, flow := range []bool{true, false} {
			c := layout(columns(w, flow), w)
			if c[colSched] < stamp || (c[colStart] != 0 && c[colStart] < stamp) {
				t.Errorf("width %d: sched %d, start %d; a stamp is %d wide", w, c[colSched], c[colStart], stamp)
			}
			total := 2 - components.ColumnGap
			for _, x := range c {
				if x > 0 {
					total += x + components.ColumnGap
				}
			}
			if total > w {
				t.Errorf("width %d: columns add up to %d", w, total)
			}
		}
	}
}

// TestSinceTakesTheDurationsLogsTakes: since: reads durations as the logs window does
// (timefmt.ParseDuration): 1h30m, 2d, and 1d12h, which used to be refused.
func TestSinceTakesTheDurationsLogsTakes(t *testing.T) {
	for text, want := range map[string]time.Duration{
		"since:1h30m": 90 * time.Minute, "since:2d": 48 * time.Hour, "since:1d12h": 36 * time.Hour,
	} {
		f, bad := ParseFilter(text, "")
		if len(bad) > 0 || f.Since != want || f.String() != text {
			t.Errorf("%s: since %v bad %v text %q; want %v", text, f.Since, bad, f.String(), want)
		}
	}
	if _, bad := ParseFilter("since:0m", ""); len(bad) != 1 {
		t.Error("since:0m is not a range, and is reported")
	}
}

// countingClient answers ListFlowRuns with a page of runs and the count a server gives
// for the request's countLimit when matches runs match; it keeps the variables sent.
type countingClient struct {
	matches int
	vars    []map[string]any
}

func (c *countingClient) MakeRequest(_ context.Context, req *graphql.Request, resp *graphql.Response) error {
	b, err := json.Marshal(req.Variables)
	if err != nil {
		return err
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	c.vars = append(c.vars, v)
	count := c.matches
	if lim, ok := v["countLimit"].(float64); ok {
		count = min(count, int(lim))
	}
	page := max(0, min(PageSize, c.matches-int(v["offset"].(float64))))
	runs, err := json.Marshal(fakeRuns(page))
	if err != nil {
		return err
	}
	raw := fmt.Sprintf(`{"flow_run":%s,"flow_run_aggregate":{"aggregate":{"count":%d}},"late":{"aggregate":{"count":0}},"agents":[]}`, runs, count)
	return json.Unmarshal([]byte(raw), resp.Data)
}

// toolbarRange is the "1–100 of N" part of the view.
func toolbarRange(m *Model) string {
	first := strings.SplitN(ansi.Strip(m.View()), "\n", 2)[0]
	if i := strings.Index(first, " · "); i >= 0 {
		first = first[:i]
	}
	f := strings.Fields(first)
	return strings.Join(f[len(f)-3:], " ")
}

func TestFilteredCountStopsAtTheCap(t *testing.T) {
	c := &countingClient{matches: 3*CountCap + 50}
	m := New(runtest.Deps(c), screen.Route{Kind: screen.RouteRuns}, Options{})
	m.SetSize(120, 30)
	load := func(cmd tea.Cmd) { runtest.Load(func(msg tea.Msg) { m.Update(msg) }, cmd) }
	load(m.Init())
	// The whole list asks for every run counted (the server keeps that count).
	if lim, ok := c.vars[0]["countLimit"]; !ok || lim != nil {
		t.Fatalf("the whole list sent countLimit %v (%v), want null", lim, ok)
	}
	if got := toolbarRange(m); got != "1–100 of 30050" || m.Capped() {
		t.Fatalf("whole list: %q capped %v", got, m.Capped())
	}
	// A filter counts up to the cap and one more, and says "more" when the count
	// reaches it.
	m.setFilter("state:Failed")
	load(m.load(0))
	if lim := c.vars[1]["countLimit"]; lim != float64(CountCap+1) {
		t.Fatalf("filtered list sent countLimit %v, want %d", lim, CountCap+1)
	}
	if got := toolbarRange(m); got != "1–100 of 10000+" || !m.Capped() || m.Total() != CountCap {
		t.Fatalf("capped count: %q capped %v total %d", got, m.Capped(), m.Total())
	}
	if !m.keys.NextPage.Enabled() {
		t.Fatal("no next page on a capped count")
	}
	// End goes to the last page counted; the count goes on from there.
	_, cmd := m.Update(uitest.Press("end"))
	load(cmd)
	if off := c.vars[2]["offset"]; off != float64(CountCap-PageSize) {
		t.Fatalf("End loaded offset %v, want %d", off, CountCap-PageSize)
	}
	if lim := c.vars[2]["countLimit"]; lim != float64(2*CountCap-PageSize+1) {
		t.Fatalf("End sent countLimit %v", lim)
	}
	if got := toolbarRange(m); got != "9901–10000 of 19900+" || !m.Capped() {
		t.Fatalf("after End: %q", got)
	}
	_, cmd = m.Update(uitest.Press("end"))
	load(cmd)
	_, cmd = m.Update(uitest.Press("end"))
	load(cmd)
	// Within the cap of the last page the count is exact again.
	if got := toolbarRange(m); got != "29701–29800 of 30050" || m.Capped() {
		t.Fatalf("near the end: %q capped %v", got, m.Capped())
	}
	_, cmd = m.Update(uitest.Press("end"))
	load(cmd)
	if got := toolbarRange(m); got != "30001–30050 of 30050" {
		t.Fatalf("at the end: %q", got)
	}
}

func TestCountLimit(t *testing.T) {
	if l := (Filter{}).CountLimit(200); l != nil {
		t.Fatalf("whole list: %d", *l)
	}
	for _, f := range []Filter{{FlowGroupID: "g"}, {Name: "x"}, {Flow: "x"}, {Labels: []string{"gpu"}}, {States: []string{"Late"}}, {Since: time.Hour}} {
		if l := f.CountLimit(200); l == nil || *l != 200+CountCap+1 {
			t.Fatalf("%+v: %v", f, l)
		}
	}
}
