package queryeditor_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/schemacache/schematest"
	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/catalog"
	"github.com/prefect-tui/prefect-tui/ui/queryeditor"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/theme"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// now is the fixed clock of the tests (the seed's timestamps are relative to it).
var now = time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)

var (
	srvOnce sync.Once
	srvURL  string
)

// embeddedURL starts one seeded embedded server for the package's tests.
func embeddedURL(t testing.TB) string {
	t.Helper()
	srvOnce.Do(func() {
		s, err := server.New(server.Options{Seed: "demo", Scale: 60, Now: func() time.Time { return now }})
		if err != nil {
			t.Fatalf("embedded server: %v", err)
		}
		ts := httptest.NewServer(s.Handler())
		srvURL = ts.URL + "/graphql"
		// The server lives for the whole test binary.
	})
	return srvURL
}

// env is a screen's dependencies on an API, with private schema and history dirs.
type env struct {
	deps       screen.Deps
	schemaDir  string
	historyDir string
}

func newEnv(t testing.TB, url string) *env {
	t.Helper()
	c := api.NewClient(api.ClientOptions{Endpoint: url, Timeout: 10 * time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return &env{
		deps: screen.Deps{
			Ctx: ctx, Client: c, Styles: theme.NewStyles(true, true),
			Now:     func() time.Time { return now },
			Session: screen.Session{APIURL: url, Backend: "server"},
		},
		schemaDir:  t.TempDir(),
		historyDir: t.TempDir(),
	}
}

// fresh is e with a history of its own: a new editor of it starts empty (no draft of
// another test's editor).
func (e *env) fresh(t testing.TB) *env {
	t.Helper()
	cp := *e
	cp.historyDir = t.TempDir()
	return &cp
}

// open builds the editor and runs its Init to completion (schema, history).
func (e *env) open(t testing.TB, route screen.Route, w, h int) *queryeditor.Model {
	t.Helper()
	route.Kind = screen.RouteQuery
	m := queryeditor.New(e.deps, route, queryeditor.WithSchemaDir(e.schemaDir), queryeditor.WithHistoryDir(e.historyDir))
	m.SetSize(w, h)
	m, _ = send(m, runAll(m.Init())...)
	return m
}

// runAll runs cmd to completion (flattening batches). Unlike uitest.RunCmd it has no
// time limit: introspection under -race on a busy machine takes longer than that.
func runAll(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, runAll(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

// send feeds msgs and then every message the commands produce that belongs to the
// editor (not status/copy/confirm-closed, which are returned).
func send(m *queryeditor.Model, msgs ...tea.Msg) (*queryeditor.Model, []tea.Msg) {
	var rest []tea.Msg
	for round := 0; round < 8 && len(msgs) > 0; round++ {
		var next []tea.Msg
		for _, msg := range msgs {
			_, cmd := m.Update(msg)
			for _, o := range runAll(cmd) {
				switch o.(type) {
				case screen.StatusMsg, screen.CopyMsg, screen.ErrMsg:
					rest = append(rest, o)
				default:
					next = append(next, o)
				}
			}
		}
		msgs = next
	}
	return m, rest
}

func keys(strokes ...string) []tea.Msg {
	out := make([]tea.Msg, len(strokes))
	for i, s := range strokes {
		out[i] = uitest.Press(s)
	}
	return out
}

// slowServer answers introspection (the Prefect schema) and holds every other request
// until the client goes away.
func slowServer(t testing.TB) (url string, started, cancelled chan struct{}) {
	t.Helper()
	s, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: catalog.SDL()})
	if err != nil {
		t.Fatal(err)
	}
	intro := schematest.Introspection(s)
	started, cancelled = make(chan struct{}, 1), make(chan struct{}, 1)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if strings.Contains(string(body), "__schema") {
			_ = json.NewEncoder(w).Encode(map[string]any{"data": intro})
			return
		}
		started <- struct{}{}
		<-r.Context().Done()
		cancelled <- struct{}{}
	}))
	t.Cleanup(ts.Close)
	return ts.URL + "/graphql", started, cancelled
}

func timeout() <-chan time.Time { return time.After(5 * time.Second) }
