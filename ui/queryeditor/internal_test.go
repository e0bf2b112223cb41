package queryeditor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/history"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/theme"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

func testModel(t testing.TB) *Model {
	t.Helper()
	m := New(screen.Deps{Styles: theme.NewStyles(true, true), Now: func() time.Time { return time.Unix(0, 0) }},
		screen.Route{Kind: screen.RouteQuery, Query: "{ flow_run { id name } }"},
		WithSchemaDir(t.TempDir()), WithHistoryDir(t.TempDir()))
	m.SetSize(120, 40)
	return m
}

// fiveMB is a ~5 MB answer shaped like a flow_run listing.
func fiveMB() json.RawMessage {
	var b strings.Builder
	b.WriteString(`{"flow_run":[`)
	for i := 0; b.Len() < 5<<20; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"%08d-1111-2222-3333-444444444444","name":"run-%d","state":"Success","flow":{"name":"etl-%d"},"labels":["a","b"],"parameters":{"x":%d}}`, i, i, i%7, i)
	}
	b.WriteString(`]}`)
	return json.RawMessage(b.String())
}

// TestBigAnswerKeepsTheUIAnswering: the answer arrives, Update returns at once (the
// parse is a command), and keys are handled before the parse is done. "At once" is
// measured in bytes allocated, not in time, so a loaded machine or -race cannot make it
// flaky: work proportional to the answer would allocate about as much as the parse.
func TestBigAnswerKeepsTheUIAnswering(t *testing.T) {
	m := testModel(t)
	m.reqID, m.running = 1, true
	data := fiveMB()
	var cmd tea.Cmd
	update := allocated(func() {
		_, cmd = m.Update(queryRanMsg{reqID: 1, res: api.RawResult{Data: data, Bytes: len(data), Elapsed: time.Second}})
	})
	if !m.parsing || cmd == nil {
		t.Fatal("no parse command")
	}
	if m.treeView != nil {
		t.Fatal("the answer was parsed inside Update")
	}
	// Keys work while the parse runs.
	keys := allocated(func() {
		for _, k := range []string{"esc", "tab", "tab", "shift+tab"} {
			m.Update(uitest.Press(k))
		}
	})
	if m.focus != focusVariables {
		t.Fatalf("focus %v", m.focus)
	}
	if v := uitest.Strip(m.View()); !strings.Contains(v, "reading 5.2 MB") {
		t.Fatalf("no progress shown:\n%s", v)
	}
	var parsed resultParsedMsg
	parse := allocated(func() {
		for _, msg := range runWait(cmd, 30*time.Second) {
			if p, ok := msg.(resultParsedMsg); ok {
				parsed = p
			}
		}
	})
	if parsed.tree == nil {
		t.Fatal("not parsed")
	}
	if update > parse/20 || keys > parse/20 {
		t.Fatalf("Update allocated %d B and the keys %d B, the parse (in a command) %d B: the UI would freeze", update, keys, parse)
	}
	t.Logf("answer Update %d B, keys %d B, parse in command %d B", update, keys, parse)
	m.Update(parsed)
	if m.treeView == nil || m.treeView.Rows() < 100000 {
		t.Fatalf("tree rows %d", m.treeView.Rows())
	}
	// A stale parse (older request) is dropped.
	m.reqID = 2
	old := m.treeView
	m.Update(parsed)
	if m.treeView != old {
		t.Fatal("stale parse applied")
	}
}

// allocated returns the bytes f allocated.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestMaskHeader(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"Authorization", "Bearer abcdefgh1234", "Bearer ••••1234"},
		{"X-Api-Key", "secretkey9876", "••••9876"},
		{"Authorization", "Bearer ab", "Bearer ••••"},
		{"Content-Type", "application/json", "application/json"},
		{"Authorization", "USER token …a1b2", "USER token …a1b2"},
	} {
		if got := maskHeader(c.name, c.in); got != c.want {
			t.Errorf("maskHeader(%s, %s) = %q want %q", c.name, c.in, got, c.want)
		}
	}
}

// headerClient is a client that can tell its headers.
type headerClient struct{ *api.Client }

func (headerClient) RequestHeaders(context.Context) (http.Header, error) {
	return http.Header{"Authorization": {"Bearer tok-secret-5678"}, "X-Prefect-Tenant-Id": {"t1"}}, nil
}

func TestHeadersView(t *testing.T) {
	m := testModel(t)
	m.deps.Client = headerClient{}
	m.deps.Ctx = context.Background()
	m.Update(uitest.Press("esc"))
	_, cmd := m.Update(uitest.Press("H"))
	for _, msg := range uitest.RunCmd(cmd) {
		m.Update(msg)
	}
	v := uitest.Strip(m.View())
	if !strings.Contains(v, "Authorization: Bearer ••••5678") || strings.Contains(v, "tok-secret") || !strings.Contains(v, "X-Prefect-Tenant-Id: t1") {
		t.Fatalf("headers:\n%s", v)
	}
}

func TestKeyHelp(t *testing.T) {
	m := testModel(t)
	if n := len(m.FullHelp()); n != 4 {
		t.Fatalf("FullHelp columns %d", n)
	}
	labels := func() string {
		var s []string
		for _, b := range m.ShortHelp() {
			if b.Enabled() {
				s = append(s, b.Help().Desc)
			}
		}
		return strings.Join(s, ",")
	}
	if got := labels(); got != "run query,complete,prettify,stop editing,select all" {
		t.Fatalf("editing help %q", got)
	}
	m.Update(uitest.Press("esc"))
	if got := labels(); got != "run query,edit,next pane,history,saved queries,save query" {
		t.Fatalf("normal help %q", got)
	}
	// No two enabled bindings share a key, in each state.
	states := []func(){
		func() {},
		func() { m.Update(uitest.Press("tab")); m.Update(uitest.Press("tab")) },
		func() {
			m.tree = nil
			m.Update(queryRanMsg{reqID: m.reqID, res: api.RawResult{Data: json.RawMessage(`{"a":[{"b":1}]}`)}})
		},
	}
	for i, st := range states {
		st()
		m.updateKeys()
		seen := map[string]string{}
		for _, col := range m.FullHelp() {
			for _, b := range col {
				if !b.Enabled() {
					continue
				}
				for _, k := range b.Keys() {
					if prev, ok := seen[k]; ok && prev != b.Help().Desc {
						t.Errorf("state %d: key %q bound to %q and %q", i, k, prev, b.Help().Desc)
					}
					seen[k] = b.Help().Desc
				}
			}
		}
	}
}

func TestExportCSV(t *testing.T) {
	m := testModel(t)
	m.reqID = 1
	_, cmd := m.Update(queryRanMsg{reqID: 1, res: api.RawResult{Data: json.RawMessage(`{"flow_run":[{"id":"a","n":1,"f":{"x":2}},{"id":"b","n":null}]}`)}})
	for _, msg := range uitest.RunCmd(cmd) {
		if _, ok := msg.(resultParsedMsg); ok {
			m.Update(msg)
		}
	}
	got := string(m.exportData("x.csv"))
	if got != "id,n,f\na,1,\"{\"\"x\"\":2}\"\nb,,\n" {
		t.Fatalf("csv %q", got)
	}
	if !strings.HasPrefix(string(m.exportData("x.json")), "{\n  \"flow_run\": [") {
		t.Fatalf("json export %q", m.exportData("x.json"))
	}
}

// BenchmarkRender5MB: a frame of the whole editor showing a 5 MB answer (tree and
// table); only the visible rows are drawn. The parse itself runs in a command (see
// results.BenchmarkRender5MB/parse_in_cmd and TestBigAnswerKeepsTheUIAnswering).
func BenchmarkRender5MB(b *testing.B) {
	m := testModel(b)
	m.reqID = 1
	data := fiveMB()
	b.Run("update_on_answer", func(b *testing.B) {
		for b.Loop() {
			m.Update(queryRanMsg{reqID: 1, res: api.RawResult{Data: data, Bytes: len(data)}})
		}
	})
	_, cmd := m.Update(queryRanMsg{reqID: 1, res: api.RawResult{Data: data, Bytes: len(data)}})
	for _, msg := range runWait(cmd, time.Minute) {
		if _, ok := msg.(resultParsedMsg); ok {
			m.Update(msg)
		}
	}
	m.Update(uitest.Press("esc"))
	m.Update(uitest.Press("shift+tab"))
	b.Run("frame_tree", func(b *testing.B) {
		for b.Loop() {
			m.Update(uitest.Press("j"))
			_ = m.View()
		}
	})
	m.Update(uitest.Press("t"))
	b.Run("frame_table", func(b *testing.B) {
		for b.Loop() {
			m.Update(uitest.Press("j"))
			_ = m.View()
		}
	})
}

// runWait runs cmd (and the commands of a batch) without uitest's short timeout: the
// parse of 5 MB takes longer than that on a loaded machine.
func runWait(cmd tea.Cmd, _ time.Duration) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, runWait(c, 0)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

func TestListNavigation(t *testing.T) {
	m := testModel(t)
	m.Update(uitest.Press("esc"))
	m.openHistory()
	m.items = []overlayItem{{title: "a", query: "{ a }"}, {title: "b", query: "{ b }", variables: `{"x": 1}`}}
	for _, k := range []string{"j", "j", "k", "down", "enter"} {
		m.Update(uitest.Press(k))
	}
	if q, v := m.Text(); q != "{ b }" || v != `{"x": 1}` || m.overlay != overlayNone || !m.editing {
		t.Fatalf("loaded %q %q overlay=%v", q, v, m.overlay)
	}
	m.Update(uitest.Press("ctrl+z"))
	if q, _ := m.Text(); q != "{ flow_run { id name } }" {
		t.Fatalf("loading is not undoable: %q", q)
	}
}

func TestExternalEditorRoundTrip(t *testing.T) {
	m := testModel(t)
	f, err := os.CreateTemp(t.TempDir(), "q-*.graphql")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString("{ flow { name } }\n")
	_ = f.Close()
	msg := editorDone(f.Name(), false)(nil)
	m.Update(msg)
	if q, _ := m.Text(); q != "{ flow { name } }" {
		t.Fatalf("query after $EDITOR: %q", q)
	}
	if _, err := os.Stat(f.Name()); !os.IsNotExist(err) {
		t.Fatal("temporary file left behind")
	}
	_, cmd := m.Update(editorDone("/nonexistent/x", true)(errors.New("exit status 1")))
	if msgs := uitest.RunCmd(cmd); len(msgs) != 1 || !strings.Contains(msgs[0].(screen.StatusMsg).Text, "exit status 1") {
		t.Fatalf("editor failure: %v", msgs)
	}
}

func TestRouteFillsTheEditor(t *testing.T) {
	m := New(screen.Deps{}, screen.Route{Kind: screen.RouteQuery, Query: "query Runs($limit: Int) { flow_run(limit: $limit) { id } }",
		Variables: map[string]any{"limit": 50, "b": "x"}}, WithSchemaDir(t.TempDir()), WithHistoryDir(t.TempDir()))
	q, v := m.Text()
	if q != "query Runs($limit: Int) { flow_run(limit: $limit) { id } }" || v != "{\n  \"b\": \"x\",\n  \"limit\": 50\n}" {
		t.Fatalf("%q %q", q, v)
	}
	if m.Title() != "query › Runs" {
		t.Fatalf("title %q", m.Title())
	}
	lq, lv := m.LastQuery()
	if lq != q || lv["b"] != "x" {
		t.Fatalf("LastQuery %q %v", lq, lv)
	}
}

func TestPrettify(t *testing.T) {
	long := `query Runs($limit: Int) { flow_run(limit: $limit, order_by: {start_time: desc}, where: {state: {_eq: "Running"}}) { id name } }`
	m := New(screen.Deps{}, screen.Route{Kind: screen.RouteQuery, Query: long}, WithSchemaDir(t.TempDir()), WithHistoryDir(t.TempDir()))
	want := "query Runs ($limit: Int) {\n  flow_run(limit: $limit, order_by: {start_time:desc}, where: {state:{_eq:\"Running\"}}) {\n    id\n    name\n  }\n}"
	if q, _ := m.Text(); q != want {
		t.Fatalf("route query laid out as\n%s", q)
	}
	m.query.SetText("# runs\nquery Q { flow { id } }")
	m.Update(uitest.Press("ctrl+f"))
	if q, _ := m.Text(); q != "# runs\nquery Q {\n  flow {\n    id\n  }\n}" {
		t.Fatalf("prettified %q", q)
	}
	// A comment the formatter would drop: the text is left alone.
	m.query.SetText("{ flow { id # why\n } }")
	m.Update(uitest.Press("ctrl+f"))
	if q, _ := m.Text(); q != "{ flow { id # why\n } }" {
		t.Fatalf("comment lost: %q", q)
	}
	m.query.SetText("{ broken")
	_, cmd := m.Update(uitest.Press("ctrl+f"))
	if q, _ := m.Text(); q != "{ broken" || cmd == nil {
		t.Fatalf("broken text changed: %q", q)
	}
}

func TestHistoryNeverHoldsASecret(t *testing.T) {
	m := testModel(t)
	dir := t.TempDir()
	st, err := history.Open(dir, "http://x/graphql")
	if err != nil {
		t.Fatal(err)
	}
	m.store = st
	const secret = "sk-live-0123456789abcdef"
	api.RegisterSecret(secret)
	m.reqID = 1
	_, cmd := m.Update(queryRanMsg{reqID: 1, sent: `mutation { x(token: "` + secret + `") { y } }`, vars: `{"t": "` + secret + `"}`,
		res: api.RawResult{Data: json.RawMessage(`{"x":null}`)}})
	runWait(cmd, 0)
	data, err := os.ReadFile(st.Path())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), secret) || !strings.Contains(string(data), "mutation") {
		t.Fatalf("history file:\n%s", data)
	}
}

// TestHeadersViewOfTheRealClient: api.Client tells its real headers (defaults,
// credentials); the view masks the token and shows the tenant header of an API key.
func TestHeadersViewOfTheRealClient(t *testing.T) {
	m := testModel(t)
	m.deps.Client = api.NewClient(api.ClientOptions{Endpoint: "http://127.0.0.1:1/graphql", UserAgent: "prefect-tui/test",
		Credentials: api.APIKey("pnu_secretkey0000abcd", "tenant-42")})
	m.deps.Ctx = context.Background()
	m.SetSize(120, 40)
	m.Update(uitest.Press("esc"))
	_, cmd := m.Update(uitest.Press("H"))
	for _, msg := range uitest.RunCmd(cmd) {
		m.Update(msg)
	}
	v := uitest.Strip(m.View())
	for _, want := range []string{"Authorization: Bearer ••••abcd", "X-Prefect-Tenant-Id: tenant-42", "X-Prefect-Core-Version: " + api.CoreVersion, "User-Agent: prefect-tui/test"} {
		if !strings.Contains(v, want) {
			t.Errorf("headers lack %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "secretkey") {
		t.Errorf("the key is shown:\n%s", v)
	}
}
