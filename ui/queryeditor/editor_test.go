package queryeditor_test

import (
	"net"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/api/history"
	"github.com/prefect-tui/prefect-tui/api/schemacache"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

func status(t *testing.T, msgs []any) screen.StatusMsg {
	t.Helper()
	for _, m := range msgs {
		if s, ok := m.(screen.StatusMsg); ok {
			return s
		}
	}
	t.Fatalf("no status in %v", msgs)
	return screen.StatusMsg{}
}

func toAny[T any](in []T) []any {
	out := make([]any, len(in))
	for i, v := range in {
		out[i] = v
	}
	return out
}

var (
	elapsedRE = regexp.MustCompile(`\d+(ms|s|m\d\ds) · `)
	padRE     = regexp.MustCompile(` +([│║])`)
)

// stable hides the measured elapsed time, which changes from run to run (and with it
// the padding of its line).
func stable(view string) string {
	return padRE.ReplaceAllString(elapsedRE.ReplaceAllString(uitest.Strip(view), "N ms · "), " $1")
}

func historyOf(t *testing.T, e *env) []history.Entry {
	t.Helper()
	s, err := history.Open(e.historyDir, e.deps.Session.APIURL)
	if err != nil {
		t.Fatal(err)
	}
	return s.Entries()
}

func TestCompletionPopupAndAccept(t *testing.T) {
	e := newEnv(t, embeddedURL(t))
	m := e.open(t, screen.Route{}, 120, 40)
	if !m.CapturesInput() {
		t.Fatal("a new editor should have the keyboard")
	}
	m, _ = send(m, uitest.Type("flow_r")...)
	v := uitest.Strip(m.View())
	for _, want := range []string{"flow_run_aggregate", "flow_run_by_pk", "flow_run: [flow_run!]!"} {
		if !strings.Contains(v, want) {
			t.Fatalf("popup/doc without %q:\n%s", want, v)
		}
	}
	m, _ = send(m, keys("down", "tab")...)
	if q, _ := m.Text(); q != "{\n  flow_run_aggregate\n}" {
		t.Fatalf("accepted: %q", q)
	}
	// Arguments, then a where operator, typed and completed.
	m, _ = send(m, uitest.Type("(wh")...)
	m, _ = send(m, keys("tab")...)
	m, _ = send(m, uitest.Type(": {state: {_i")...)
	v = uitest.Strip(m.View())
	if !strings.Contains(v, "_ilike") || !strings.Contains(v, "_is_null") {
		t.Fatalf("where operators not offered:\n%s", v)
	}
	m, _ = send(m, keys("ctrl+z")...)
	if q, _ := m.Text(); strings.Contains(q, "_i") {
		t.Fatalf("undo left %q", q)
	}
}

func TestValidationErrorsInlineBlockTheRun(t *testing.T) {
	e := newEnv(t, embeddedURL(t))
	m := e.open(t, screen.Route{Query: "{\n  flow_run {\n    id\n    nope\n  }\n}"}, 120, 40)
	m, out := send(m, keys("ctrl+r")...)
	st := status(t, toAny(out))
	if st.Level != screen.LevelError || !strings.Contains(st.Text, "not sent") || !strings.Contains(st.Text, "4:5") {
		t.Fatalf("status %+v", st)
	}
	v := uitest.Strip(m.View())
	if !strings.Contains(v, `└ 4:5 Cannot query field "nope" on type "flow_run"`) || !strings.Contains(v, "4●") {
		t.Fatalf("no inline error:\n%s", v)
	}
	if len(historyOf(t, e)) != 0 {
		t.Fatal("an invalid query was sent")
	}
}

func TestVariablesErrors(t *testing.T) {
	e := newEnv(t, embeddedURL(t))
	q := "query Runs($n: Int!) {\n  flow_run(limit: $n) { id }\n}"
	m := e.open(t, screen.Route{Query: q}, 120, 40)
	// esc blurs, tab goes to the variables, enter edits them.
	m, _ = send(m, keys("esc", "tab", "enter")...)
	m, _ = send(m, uitest.Type(`{"n": }`)...)
	v := uitest.Strip(m.View())
	if !strings.Contains(v, "✗ variables 1:7") {
		t.Fatalf("no JSON error with position:\n%s", v)
	}
	_, out := send(m, keys("ctrl+r")...)
	if st := status(t, toAny(out)); st.Level != screen.LevelError || !strings.Contains(st.Text, "variables") {
		t.Fatalf("status %+v", st)
	}
	// Valid JSON, wrong type: refused against the operation's definitions.
	for range 2 {
		m, _ = send(m, keys("backspace")...)
	}
	m, _ = send(m, uitest.Type(` "ten"}`)...)
	if _, vars := m.Text(); vars != `{"n": "ten"}` {
		t.Fatalf("variables text %q", vars)
	}
	// Checked against the operation as typed.
	if v := uitest.Strip(m.View()); !strings.Contains(v, "✗ variables: n: cannot use string as Int") {
		t.Fatalf("no live type error:\n%s", v)
	}
	m, out = send(m, keys("ctrl+r")...)
	if st := status(t, toAny(out)); !strings.Contains(st.Text, "n") || st.Level != screen.LevelError {
		t.Fatalf("status %+v", st)
	}
	if len(historyOf(t, e)) != 0 {
		t.Fatal("sent with bad variables")
	}
	// The user's text is never lost, and once right the query runs.
	for range 7 {
		m, _ = send(m, keys("backspace")...)
	}
	m, _ = send(m, uitest.Type(` 2}`)...)
	m, _ = send(m, keys("ctrl+r")...)
	h := historyOf(t, e)
	if len(h) != 1 || h[0].Variables != `{"n": 2}` || h[0].Error != "" {
		t.Fatalf("history %+v", h)
	}
	if v := uitest.Strip(m.View()); strings.Count(v, `id: "`) != 2 {
		t.Fatalf("want two runs:\n%s", v)
	}
}

func TestRunGuardTreeAndTable(t *testing.T) {
	e := newEnv(t, embeddedURL(t))
	q := "query Runs {\n  flow_run(order_by: {name: asc}, where: {state: {_eq: \"Success\"}}) {\n    name\n    state\n    flow { name }\n  }\n  flow_run_aggregate { aggregate { count } }\n}"
	m := e.open(t, screen.Route{Query: q}, 120, 40)
	m, _ = send(m, keys("ctrl+r")...)
	h := historyOf(t, e)
	if len(h) != 1 || !strings.Contains(h[0].Query, "flow_run(limit: 100, order_by:") || strings.Contains(h[0].Query, "flow_run_aggregate(limit") {
		t.Fatalf("sent %+v", h)
	}
	v := uitest.Strip(m.View())
	if !strings.Contains(v, "guard: added limit: 100 to flow_run") || !strings.Contains(v, "flow_run: [") {
		t.Fatalf("view:\n%s", v)
	}
	if q2, _ := m.Text(); q2 != q {
		t.Fatal("the guard changed the user's text")
	}
	uitest.Golden(t, stable(m.View()))
	// To the results pane, then the table.
	m, _ = send(m, keys("esc", "tab", "tab", "t")...)
	v = uitest.Strip(m.View())
	if !strings.Contains(v, "table ·") || !strings.Contains(v, "name") || !strings.Contains(v, "Success") {
		t.Fatalf("table:\n%s", v)
	}
	m, out := send(m, keys("down", "right", "y")...)
	cp, ok := uitest.Find[screen.CopyMsg](out)
	if !ok || cp.Text != "Success" || !strings.Contains(cp.Label, ".flow_run[1].state") {
		t.Fatalf("copy %+v %v", cp, out)
	}
	t.Run("table", func(t *testing.T) { uitest.Golden(t, stable(m.View())) })
	t.Run("table_80x24", func(t *testing.T) {
		m.SetSize(80, 24)
		uitest.Golden(t, stable(m.View()))
		m.SetSize(120, 40)
	})
	// Back to the tree: search, copy the path.
	m, _ = send(m, keys("t", "/")...)
	m, _ = send(m, uitest.Type("count")...)
	m, out = send(m, keys("enter", "Y")...)
	cp, ok = uitest.Find[screen.CopyMsg](out)
	if !ok || cp.Text != ".flow_run_aggregate.aggregate.count" {
		t.Fatalf("copy path %+v", cp)
	}
	// Export as JSON and CSV.
	dir := t.TempDir()
	m, _ = send(m, keys("x")...)
	for range len("result.json") {
		m, _ = send(m, keys("backspace")...)
	}
	m, out = send(m, append(uitest.Type(dir+"/out.json"), uitest.Press("enter"))...)
	if st := status(t, toAny(out)); !strings.Contains(st.Text, "exported to") {
		t.Fatalf("export status %+v", st)
	}
	data, err := os.ReadFile(dir + "/out.json")
	if err != nil || !strings.Contains(string(data), `"flow_run_aggregate"`) {
		t.Fatalf("export: %v %s", err, data)
	}
}

func TestCancelInFlight(t *testing.T) {
	url, started, cancelled := slowServer(t)
	e := newEnv(t, url)
	m := e.open(t, screen.Route{Query: "{ flow { id } }"}, 100, 30)
	_, cmd := m.Update(uitest.Press("ctrl+r"))
	if !m.CapturesInput() {
		t.Fatal("esc must reach the editor while a request runs")
	}
	done := make(chan []any, 1)
	go func() { done <- []any{cmd()} }()
	select {
	case <-started:
	case <-timeout():
		t.Fatal("the request never reached the server")
	}
	_, _ = m.Update(uitest.Press("esc"))
	var msgs []any
	select {
	case msgs = <-done:
	case <-timeout():
		t.Fatal("the request was not cancelled")
	}
	select {
	case <-cancelled:
	case <-timeout():
		t.Fatal("the server never saw the cancellation")
	}
	for _, msg := range msgs {
		m, _ = send(m, msg)
	}
	if v := uitest.Strip(m.View()); !strings.Contains(v, "request cancelled") {
		t.Fatalf("view:\n%s", v)
	}
	if h := historyOf(t, e); len(h) != 1 || h[0].Error != "cancelled" {
		t.Fatalf("history %+v", h)
	}
}

const mutation = `mutation { set_schedule_active(input: {flow_id: "00000000-0000-0000-0000-000000000000"}) { success } }`

func TestMutationRefusedReadOnly(t *testing.T) {
	e := newEnv(t, embeddedURL(t))
	e.deps.ReadOnly = true
	m := e.open(t, screen.Route{Query: mutation}, 100, 30)
	_, out := send(m, keys("ctrl+r")...)
	if st := status(t, toAny(out)); st.Level != screen.LevelError || !strings.Contains(st.Text, "read-only") {
		t.Fatalf("status %+v", st)
	}
	if len(historyOf(t, e)) != 0 {
		t.Fatal("a mutation was sent in read-only mode")
	}
}

func TestMutationNeedsConfirmation(t *testing.T) {
	e := newEnv(t, embeddedURL(t))
	m := e.open(t, screen.Route{Query: mutation}, 100, 30)
	m, _ = send(m, keys("ctrl+r")...)
	if v := uitest.Strip(m.View()); !strings.Contains(v, "Send this mutation?") || !strings.Contains(v, "set_schedule_active") {
		t.Fatalf("no confirmation:\n%s", v)
	}
	m, out := send(m, keys("n")...)
	if _, ok := uitest.Find[components.ConfirmClosedMsg](out); ok {
		t.Fatal("confirm-closed should have been handled")
	}
	if st := status(t, toAny(out)); !strings.Contains(st.Text, "not sent") {
		t.Fatalf("status %+v", st)
	}
	if len(historyOf(t, e)) != 0 {
		t.Fatal("sent without confirmation")
	}
	m, _ = send(m, keys("ctrl+r")...)
	m, _ = send(m, keys("y")...)
	h := historyOf(t, e)
	if len(h) != 1 || !strings.Contains(h[0].Query, "set_schedule_active(input: {flow_id:\"00000000-0000-0000-0000-000000000000\"})") {
		t.Fatalf("history %+v", h)
	}
	_ = m
}

func TestHistoryAndSavedQueriesSurviveRestart(t *testing.T) {
	e := newEnv(t, embeddedURL(t))
	m := e.open(t, screen.Route{Query: "{ project { name } }"}, 100, 30)
	m, _ = send(m, keys("ctrl+r")...)
	m, _ = send(m, keys("esc")...)
	m, _ = send(m, keys("s")...)
	for range 10 {
		m, _ = send(m, keys("backspace")...)
	}
	_, out := send(m, append(uitest.Type("projects"), uitest.Press("enter"))...)
	if st := status(t, toAny(out)); st.Text != `saved "projects"` {
		t.Fatalf("save status %+v", st)
	}

	// A new editor (a restart) on the same API.
	m2 := e.open(t, screen.Route{Query: "{ flow { id } }"}, 100, 30)
	m2, _ = send(m2, keys("esc", "p")...)
	if v := uitest.Strip(m2.View()); !strings.Contains(v, "history") || !strings.Contains(v, "{ project { name(limit") && !strings.Contains(v, "project(limit: 100) { name }") {
		t.Fatalf("history list:\n%s", v)
	}
	m2, _ = send(m2, keys("enter")...)
	if q, _ := m2.Text(); q != "{ project(limit: 100) { name } }" {
		t.Fatalf("loaded %q", q)
	}
	m2, _ = send(m2, keys("esc", "o")...)
	if v := uitest.Strip(m2.View()); !strings.Contains(v, "projects") {
		t.Fatalf("saved list:\n%s", v)
	}
	m2, _ = send(m2, keys("r")...) // re-run the saved query
	if h := historyOf(t, e); len(h) != 2 || h[0].Query != "{ project(limit: 100) { name } }" {
		t.Fatalf("history %+v", h)
	}
}

func TestSchemaFromCacheWithoutNetwork(t *testing.T) {
	url := embeddedURL(t)
	e := newEnv(t, url)
	_ = e.open(t, screen.Route{}, 100, 30)
	if _, err := os.Stat(schemacache.Path(e.schemaDir, url)); err != nil {
		t.Fatalf("schema not cached: %v", err)
	}
	// Same API URL, but the network is gone: completion still works from the cache.
	off := newEnv(t, "http://127.0.0.1:1/graphql")
	off.deps.Session.APIURL = url
	off.schemaDir = e.schemaDir
	m := off.open(t, screen.Route{}, 100, 30)
	m, _ = send(m, uitest.Type("task_run_st")...)
	if v := uitest.Strip(m.View()); !strings.Contains(v, "task_run_state_aggregate") {
		t.Fatalf("no completion from the cache:\n%s", v)
	}
}

func TestPartialDataWithErrors(t *testing.T) {
	e := newEnv(t, embeddedURL(t))
	m := e.open(t, screen.Route{Query: "{\n  tenant_by_pk(id: \"x\") { id }\n  project(order_by: {name: asc}) { name }\n}"}, 120, 30)
	m, _ = send(m, keys("ctrl+r")...)
	v := uitest.Strip(m.View())
	for _, want := range []string{`✗ invalid input syntax for type uuid: "x" (2:3) at`, "│tenant_by_pk ", "tenant_by_pk: null", `name: "data-warehouse"`} {
		if !strings.Contains(v, want) {
			t.Fatalf("missing %q:\n%s", want, v)
		}
	}
	if h := historyOf(t, e); len(h) != 1 || !strings.Contains(h[0].Error, "invalid input syntax") {
		t.Fatalf("history %+v", h)
	}
}

// TestScreenQueryHasNoBlankFirstLine: `g q` on a screen pre-fills genqlient's
// operation text, which starts with a newline; the editor starts on the operation.
func TestScreenQueryHasNoBlankFirstLine(t *testing.T) {
	e := newEnv(t, embeddedURL(t))
	m := e.open(t, screen.Route{Query: "\nquery ListFlows {\n  flow { id }\n}\n"}, 100, 30)
	q, _ := m.Text()
	if !strings.HasPrefix(q, "query ListFlows") {
		t.Errorf("editor text starts %q", q[:min(len(q), 20)])
	}
}

// TestTransportErrorIsWrappedNotCut: the result pane showed "cannot reach …: connection
// refused — is the server" and cut the rest; it wraps the whole sentence.
func TestTransportErrorIsWrappedNotCut(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String() + "/graphql"
	_ = ln.Close()
	e := newEnv(t, dead)
	m := e.open(t, screen.Route{Query: "{ hello }"}, 80, 24)
	m, _ = send(m, keys("ctrl+r")...)
	v := strings.Join(strings.Fields(strings.ReplaceAll(uitest.Strip(m.View()), "│", " ")), " ")
	if !strings.Contains(v, "connection refused — is the server running? Try `prefect-tui demo`") {
		t.Errorf("the error is cut:\n%s", uitest.Strip(m.View()))
	}
}
