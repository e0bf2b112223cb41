package logs

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/server/store"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/demo"
)

// ours keeps the messages of this package's commands for feeding back.
func ours(msg tea.Msg) bool {
	switch msg.(type) {
	case pageLoadedMsg, exportStartedMsg, exportPageMsg:
		return true
	}
	return false
}

// busiestRun returns the seeded flow run with the most logs and that count.
func busiestRun(t *testing.T, c graphql.Client) (string, int) {
	t.Helper()
	r, err := api.Run(context.Background(), c, `{ flow_run(order_by: [{logs_aggregate: {count: desc}}, {id: asc}], limit: 1) { id logs_aggregate { aggregate { count } } } }`, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		FlowRun []struct {
			ID   string `json:"id"`
			Logs struct {
				Aggregate struct{ Count int } `json:"aggregate"`
			} `json:"logs_aggregate"`
		} `json:"flow_run"`
	}
	if err := json.Unmarshal(r.Data, &d); err != nil || len(d.FlowRun) == 0 {
		t.Fatalf("no runs: %v %s", err, r.Data)
	}
	return d.FlowRun[0].ID, d.FlowRun[0].Logs.Aggregate.Count
}

func countLogs(t *testing.T, c graphql.Client, where map[string]any) int {
	t.Helper()
	r, err := api.Run(context.Background(), c, `query($w: log_bool_exp) { log_aggregate(where: $w) { aggregate { count } } }`, map[string]any{"w": where}, "")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		A struct {
			Aggregate struct{ Count int } `json:"aggregate"`
		} `json:"log_aggregate"`
	}
	_ = json.Unmarshal(r.Data, &d)
	return d.A.Aggregate.Count
}

// open builds a logs view of the busiest run and loads its first page.
func open(t *testing.T, w, h int, opts Options) (*Model, string, int, graphql.Client) {
	t.Helper()
	_, c := demo.Server(t)
	id, n := busiestRun(t, c)
	m := New(demo.Deps(c), Scope{FlowRunID: id, Name: "busiest"}, opts)
	m.SetSize(w, h)
	m, _ = settle(m, uitest.RunCmd(m.Init())...)
	if m.err != nil {
		t.Fatalf("load: %v", m.err)
	}
	return m, id, n, c
}

// settle feeds msgs to m and feeds back what its commands produce (this package's
// results) for a bounded number of rounds; it returns what was not fed back.
func settle(m *Model, msgs ...tea.Msg) (*Model, []tea.Msg) {
	var rest []tea.Msg
	for round := 0; round < 100 && len(msgs) > 0; round++ {
		var next []tea.Msg
		for _, msg := range msgs {
			_, cmd := m.Update(msg)
			for _, o := range uitest.RunCmd(cmd) {
				if ours(o) {
					next = append(next, o)
				} else {
					rest = append(rest, o)
				}
			}
		}
		msgs = next
	}
	return m, rest
}

func press(m *Model, keys ...string) (*Model, []tea.Msg) {
	var all []tea.Msg
	for _, k := range keys {
		var out []tea.Msg
		m, out = settle(m, uitest.Press(k))
		all = append(all, out...)
	}
	return m, all
}

func send(m *Model, msgs ...tea.Msg) (*Model, []tea.Msg) {
	return settle(m, msgs...)
}

func TestFirstLoadIsNewestPageWithCount(t *testing.T) {
	m, _, total, _ := open(t, 80, 24, Options{})
	loaded, count := m.Lines()
	if count != total {
		t.Fatalf("total = %d, server has %d", count, total)
	}
	if want := min(total, PageSize); loaded != want {
		t.Fatalf("loaded %d lines, want %d", loaded, want)
	}
	if m.win.Cursor != len(m.buf.rows)-1 {
		t.Fatalf("cursor %d, want the newest row %d", m.win.Cursor, len(m.buf.rows)-1)
	}
	assertAscending(t, m.buf.lines)
	if q, v := m.LastQuery(); q != api.LogPage_Operation || v["limit"] != PageSize {
		t.Fatalf("LastQuery = %q %v", q, v)
	}
}

func assertAscending(t *testing.T, lines []Line) {
	t.Helper()
	seen := map[string]bool{}
	for i, l := range lines {
		if seen[l.Id] {
			t.Fatalf("line %s twice", l.Id)
		}
		seen[l.Id] = true
		if i > 0 && after(cursorKey{lines[i-1].Timestamp, lines[i-1].Id}, cursorKey{l.Timestamp, l.Id}) {
			t.Fatalf("lines %d and %d out of order", i-1, i)
		}
	}
}

func TestOlderPagesLoadEverythingOnce(t *testing.T) {
	PageSize = 9
	defer func() { PageSize = 500 }()
	m, _, total, _ := open(t, 80, 24, Options{})
	for i := 0; m.hasOlder && i < 100; i++ {
		sel, _ := m.selected()
		m, _ = press(m, "[")
		if now, _ := m.selected(); now.Id != sel.Id {
			t.Fatalf("loading older lines moved the cursor off its line")
		}
	}
	if loaded, _ := m.Lines(); loaded != total || total <= 2*PageSize {
		t.Fatalf("loaded %d after paging back, server has %d (page %d)", loaded, total, PageSize)
	}
	assertAscending(t, m.buf.lines)
}

func TestLevelFilterIsServerSide(t *testing.T) {
	m, id, _, c := open(t, 80, 24, Options{})
	m, _ = press(m, "l", "l") // all → INFO+ → WARNING+
	want := countLogs(t, c, map[string]any{"flow_run_id": map[string]any{"_eq": id}, "level": map[string]any{"_in": []string{"WARNING", "ERROR", "CRITICAL"}}})
	if _, total := m.Lines(); total != want {
		t.Fatalf("WARNING+ total = %d, want %d", total, want)
	}
	for _, l := range m.buf.lines {
		if l.Level != "WARNING" && l.Level != "ERROR" && l.Level != "CRITICAL" {
			t.Fatalf("line of level %s shown with WARNING+", l.Level)
		}
	}
	_, v := m.LastQuery()
	if b, _ := json.Marshal(v["where"]); !strings.Contains(string(b), `"level":{"_in":["WARNING","ERROR","CRITICAL"]}`) {
		t.Fatalf("where = %s", b)
	}
}

func TestTextFilterUsesIlike(t *testing.T) {
	m, id, _, c := open(t, 80, 24, Options{})
	msgs := []tea.Msg{uitest.Press("f")}
	msgs = append(msgs, uitest.Type("task run")...)
	msgs = append(msgs, uitest.Press("enter"))
	m, _ = send(m, msgs...)
	want := countLogs(t, c, map[string]any{"flow_run_id": map[string]any{"_eq": id}, "message": map[string]any{"_ilike": "%task run%"}})
	if want == 0 {
		t.Fatal("no line mentions 'task run' in the busiest run: the seeded demo changed")
	}
	if _, total := m.Lines(); total != want {
		t.Fatalf("filtered total %d, want %d", total, want)
	}
	for _, l := range m.buf.lines {
		if !strings.Contains(strings.ToLower(l.Message), "task run") {
			t.Fatalf("line %q does not match the filter", l.Message)
		}
	}
	if m.CapturesInput() {
		t.Fatal("prompt still open after enter")
	}
}

// TestFilterTextIsLiteral: % and _ typed in the filter match themselves, not any text
// (they used to be LIKE wildcards: "100%" also matched "1000 rows").
func TestFilterTextIsLiteral(t *testing.T) {
	srv, c := demo.Server(t)
	id, _ := busiestRun(t, c)
	ts := store.FormatTime(demo.Now.Add(-1e9))
	for i, msg := range []string{"quota 100% used", "quota 1000 used", "wrote part_1", "wrote part-1"} {
		lid := "eeeeeeee-0000-4000-8000-00000000000" + itoa(i)
		if _, err := srv.DB.Exec(`INSERT INTO log (id, tenant_id, flow_run_id, task_run_id, timestamp, name, level, message, info, created, updated)
			SELECT ?, tenant_id, id, NULL, ?, 'test', 'INFO', ?, '{}', ?, ? FROM flow_run WHERE id = ?`, lid, ts, msg, ts, ts, id); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _, _ = srv.DB.Exec(`DELETE FROM log WHERE id = ?`, lid) })
	}
	for text, want := range map[string][]string{
		"100%":   {"quota 100% used"},
		"part_1": {"wrote part_1"},
		"%":      {"quota 100% used"},
		"t_1":    {"wrote part_1"},
	} {
		m := New(demo.Deps(c), Scope{FlowRunID: id}, Options{})
		m.SetSize(80, 24)
		m, _ = settle(m, uitest.RunCmd(m.Init())...)
		msgs := []tea.Msg{uitest.Press("f")}
		msgs = append(msgs, uitest.Type(text)...)
		m, _ = send(m, append(msgs, uitest.Press("enter"))...)
		var got []string
		for _, l := range m.buf.lines {
			got = append(got, l.Message)
		}
		if _, total := m.Lines(); total != len(want) || strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("filter %q: %d lines %q, want %q", text, total, got, want)
		}
	}
}

func TestSearchNextPrevKeepsContext(t *testing.T) {
	m, _, _, _ := open(t, 120, 40, Options{})
	term := "Task"
	matches := m.buf.findMatches(term)
	if len(matches) < 2 {
		t.Fatalf("%d rows match %q in the busiest run, the test needs two: the seeded demo changed", len(matches), term)
	}
	msgs := []tea.Msg{uitest.Press("g"), uitest.Press("/")}
	msgs = append(msgs, uitest.Type(term)...)
	msgs = append(msgs, uitest.Press("enter"))
	m, _ = send(m, msgs...)
	if m.win.Cursor != matches[0] {
		t.Fatalf("cursor %d, want first match %d", m.win.Cursor, matches[0])
	}
	m, _ = press(m, "n")
	if m.win.Cursor != matches[1] {
		t.Fatalf("n: cursor %d, want %d", m.win.Cursor, matches[1])
	}
	m, _ = press(m, "N")
	if m.win.Cursor != matches[0] {
		t.Fatalf("N: cursor %d, want %d", m.win.Cursor, matches[0])
	}
	m, _ = press(m, "N") // wraps to the last match
	if m.win.Cursor != matches[len(matches)-1] {
		t.Fatalf("N wrap: cursor %d, want %d", m.win.Cursor, matches[len(matches)-1])
	}
	// Context: the view still shows rows that do not match.
	view := uitest.Strip(m.View())
	nonMatching := 0
	for _, l := range strings.Split(view, "\n")[1:] {
		if l != "" && !strings.Contains(strings.ToLower(l), "task") {
			nonMatching++
		}
	}
	if nonMatching == 0 {
		t.Fatalf("search hid the surrounding lines:\n%s", view)
	}
	if !strings.Contains(view, "/Task "+itoa(len(matches))+"/"+itoa(len(matches))) {
		t.Fatalf("match counter missing:\n%s", view)
	}
}

func TestFollowPicksUpNewLines(t *testing.T) {
	srv, _ := demo.Server(t)
	m, id, _, _ := open(t, 80, 24, Options{})
	m, out := press(m, "F")
	if !m.Following() {
		t.Fatal("F did not turn follow on")
	}
	_ = out
	before, _ := m.Lines()
	ts := store.FormatTime(demo.Now.Add(1e9))
	if _, err := srv.DB.Exec(`INSERT INTO log (id, tenant_id, flow_run_id, task_run_id, timestamp, name, level, message, info, created, updated)
		SELECT 'ffffffff-0000-4000-8000-000000000001', tenant_id, id, NULL, ?, 'test', 'INFO', 'a brand new line', '{}', ?, ? FROM flow_run WHERE id = ?`, ts, ts, ts, id); err != nil {
		t.Fatal(err)
	}
	defer srv.DB.Exec(`DELETE FROM log WHERE id = 'ffffffff-0000-4000-8000-000000000001'`)
	m, _ = send(m, followTickMsg{gen: m.followGen})
	after, _ := m.Lines()
	if after != before+1 {
		t.Fatalf("follow: %d lines, want %d", after, before+1)
	}
	if l, _ := m.selected(); l.Message != "a brand new line" {
		t.Fatalf("cursor not on the new line: %q", l.Message)
	}
	// Nothing new: the poll interval backs off.
	d := m.followDelay
	m, _ = send(m, followTickMsg{gen: m.followGen})
	if m.followDelay <= d {
		t.Fatalf("no backoff: %v then %v", d, m.followDelay)
	}
	// A stale tick (follow toggled since) is ignored.
	gen := m.followGen
	m, _ = press(m, "F")
	if m.Following() {
		t.Fatal("F did not turn follow off")
	}
	if _, cmd := m.Update(followTickMsg{gen: gen}); cmd != nil {
		t.Fatal("stale follow tick started a load")
	}
}

func TestExportWritesEveryMatchingLineAcrossPages(t *testing.T) {
	ExportPageSize = 7
	defer func() { ExportPageSize = 1000 }()
	dir := t.TempDir()
	m, id, total, c := open(t, 80, 24, Options{ExportDir: dir})
	m, _ = press(m, "l") // INFO+: the export follows the filter
	want := countLogs(t, c, map[string]any{"flow_run_id": map[string]any{"_eq": id}, "level": map[string]any{"_in": []string{"INFO", "WARNING", "ERROR", "CRITICAL"}}})
	if want <= ExportPageSize || want > total {
		t.Fatalf("want several pages: %d INFO+ of %d", want, total)
	}
	m, out := press(m, "e")
	st, ok := uitest.Find[screen.StatusMsg](out)
	if !ok || !strings.Contains(st.Text, "exported "+itoa(want)+" lines") {
		t.Fatalf("status = %+v (ok %v)", st, ok)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.log"))
	if len(files) != 1 || !strings.Contains(st.Text, files[0]) {
		t.Fatalf("files %v, status %q", files, st.Text)
	}
	f, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if !strings.HasPrefix(sc.Text(), "\t") {
			n++
			if strings.Contains(sc.Text(), " DEBUG ") {
				t.Fatalf("DEBUG line exported with INFO+: %s", sc.Text())
			}
		}
	}
	if n != want {
		t.Fatalf("exported %d lines, want %d", n, want)
	}
	if m.export != nil {
		t.Fatal("export still marked running")
	}
}

func TestParseWindow(t *testing.T) {
	now := demo.Now
	cases := map[string]struct {
		from, to string
		err      bool
	}{
		"":                          {},
		"15m":                       {from: "2026-03-14T11:45:00Z"},
		"2h":                        {from: "2026-03-14T10:00:00Z"},
		"1h30m":                     {from: "2026-03-14T10:30:00Z"},
		"1d12h":                     {from: "2026-03-13T00:00:00Z"},
		"10:00..11:30":              {from: "2026-03-14T10:00:00Z", to: "2026-03-14T11:30:00Z"},
		"2026-03-13 08:00..":        {from: "2026-03-13T08:00:00Z"},
		"..2026-03-13T09:00:00Z":    {to: "2026-03-13T09:00:00Z"},
		"11:00..10:00":              {err: true},
		"soon":                      {err: true},
		"0m":                        {err: true},
		"2026-03-13 08:00..garbage": {err: true},
	}
	for in, want := range cases {
		from, to, err := parseWindow(in, now)
		if (err != nil) != want.err {
			t.Errorf("%q: err %v", in, err)
			continue
		}
		if want.from != "" && (from == nil || from.UTC().Format("2006-01-02T15:04:05Z") != want.from) {
			t.Errorf("%q: from %v, want %s", in, from, want.from)
		}
		if want.to != "" && (to == nil || to.UTC().Format("2006-01-02T15:04:05Z") != want.to) {
			t.Errorf("%q: to %v, want %s", in, to, want.to)
		}
		if want.from == "" && from != nil && !want.err {
			t.Errorf("%q: unexpected from %v", in, from)
		}
	}
}

func TestSanitizeDropsEscapes(t *testing.T) {
	got := sanitize("ok\x1b[31mred\x1b[0m\r\tx\n")
	if strings.ContainsAny(got, "\x1b\r") || got != "ok[31mred[0m    x" {
		t.Fatalf("sanitize = %q", got)
	}
}

func TestCopyLineAndTaskRunScope(t *testing.T) {
	m, _, _, c := open(t, 80, 24, Options{})
	l, _ := m.selected()
	_, out := press(m, "c")
	cp, ok := uitest.Find[screen.CopyMsg](out)
	if !ok || !strings.Contains(cp.Text, l.Message) || cp.Label != "log line" {
		t.Fatalf("copy: %+v", out)
	}
	// A task run's logs: only its lines.
	var tr string
	for _, x := range m.buf.lines {
		if x.Task_run_id != "" {
			tr = x.Task_run_id
		}
	}
	if tr == "" {
		t.Fatal("the busiest run has no task run lines: the seeded demo changed")
	}
	tm := New(demo.Deps(c), Scope{TaskRunID: tr}, Options{})
	tm.SetSize(80, 24)
	tm, _ = settle(tm, uitest.RunCmd(tm.Init())...)
	want := countLogs(t, c, map[string]any{"task_run_id": map[string]any{"_eq": tr}})
	if loaded, total := tm.Lines(); total != want || loaded != want || want == 0 {
		t.Fatalf("task run logs %d/%d, want %d", loaded, total, want)
	}
	for _, x := range tm.buf.lines {
		if x.Task_run_id != tr {
			t.Fatalf("line of task run %s in %s's logs", x.Task_run_id, tr)
		}
	}
}

func TestTimeWindowNarrowsServerSide(t *testing.T) {
	m, id, total, c := open(t, 80, 24, Options{})
	mid := m.buf.lines[len(m.buf.lines)/2].Timestamp
	from := mid.UTC().Format("2006-01-02T15:04:05Z")
	msgs := []tea.Msg{uitest.Press("t")}
	msgs = append(msgs, uitest.Type(from+"..")...)
	msgs = append(msgs, uitest.Press("enter"))
	m, _ = send(m, msgs...)
	want := countLogs(t, c, map[string]any{"flow_run_id": map[string]any{"_eq": id}, "timestamp": map[string]any{"_gte": from}})
	if _, got := m.Lines(); got != want || want == 0 || want >= total {
		t.Fatalf("window total %d, want %d (of %d)", got, want, total)
	}
	// A bad window keeps the prompt open and says why.
	msgs = []tea.Msg{uitest.Press("t")}
	msgs = append(msgs, uitest.Type("soon")...)
	msgs = append(msgs, uitest.Press("enter"))
	m, out := send(m, msgs...)
	if st, ok := uitest.Find[screen.StatusMsg](out); !ok || st.Level != screen.LevelError || !m.CapturesInput() {
		t.Fatalf("bad window: %+v, prompt open %v", out, m.CapturesInput())
	}
}

func TestExportDuringALoadKeepsTheLoad(t *testing.T) {
	m, _, _, _ := open(t, 80, 24, Options{ExportDir: t.TempDir()})
	_, reload := m.Update(uitest.Press("r"))
	_, export := m.Update(uitest.Press("e"))
	m, _ = settle(m, uitest.RunCmd(reload)...)
	if m.loading {
		t.Fatal("the reload's result was dropped as stale after an export started")
	}
	m, out := settle(m, uitest.RunCmd(export)...)
	if st, ok := uitest.Find[screen.StatusMsg](out); !ok || !strings.HasPrefix(st.Text, "exported") {
		t.Fatalf("export: %v", out)
	}
}

func TestStopExportKeepsWhatWasWritten(t *testing.T) {
	ExportPageSize = 3
	defer func() { ExportPageSize = 1000 }()
	dir := t.TempDir()
	m, _, _, _ := open(t, 80, 24, Options{ExportDir: dir})
	_, cmd := m.Update(uitest.Press("e"))
	started := uitest.RunCmd(cmd)
	_, page1 := m.Update(started[0])
	_, page2 := m.Update(uitest.RunCmd(page1)[0]) // first page written, second requested
	if !m.keys.CancelExport.Enabled() {
		t.Fatal("stop export not offered while exporting")
	}
	m.Update(uitest.Press("x"))
	_, done := m.Update(uitest.RunCmd(page2)[0])
	st, ok := uitest.Find[screen.StatusMsg](uitest.RunCmd(done))
	if !ok || st.Level != screen.LevelWarn || !strings.Contains(st.Text, "export stopped after") {
		t.Fatalf("status %+v", st)
	}
	if m.export != nil {
		t.Fatal("export still running")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.log"))
	b, _ := os.ReadFile(files[0])
	if n := strings.Count(string(b), "\n"); n < ExportPageSize {
		t.Fatalf("kept %d lines, want at least the first page", n)
	}
}

func TestTabFollowsARunningRun(t *testing.T) {
	m, _, _, _ := open(t, 80, 24, Options{})
	tab := Tab{m}
	tab.SetRun(&rundata.Run{Name: "busy", State: "Running"})
	tab.Update(struct{}{})
	if !m.Following() {
		t.Fatal("the tab of a running run does not follow")
	}
	press(m, "F")
	tab.SetRun(&rundata.Run{Name: "busy", State: "Running"})
	tab.Update(struct{}{})
	if m.Following() {
		t.Fatal("follow came back after the user turned it off")
	}
	if tab.Title() != "Logs" || m.Title() != "busy › logs" {
		t.Fatalf("titles %q %q", tab.Title(), m.Title())
	}
}

// TestWindowTakesTheDurationsRunsTakes: the window prompt reads durations as the runs
// filter's since: does (timefmt.ParseDuration); "1h30m" used to be refused here.
func TestWindowTakesTheDurationsRunsTakes(t *testing.T) {
	m, _, _, _ := open(t, 80, 24, Options{})
	msgs := []tea.Msg{uitest.Press("t")}
	msgs = append(msgs, uitest.Type("1h30m")...)
	m, out := send(m, append(msgs, uitest.Press("enter"))...)
	if st, bad := uitest.Find[screen.StatusMsg](out); bad {
		t.Fatalf("1h30m refused: %s", st.Text)
	}
	if m.filter.From == nil || !m.filter.From.Equal(demo.Now.Add(-90*time.Minute)) {
		t.Fatalf("window from %v, want %v", m.filter.From, demo.Now.Add(-90*time.Minute))
	}
}
