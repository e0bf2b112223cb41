package flows_test

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/ui/flows"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/theme"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

func newDeps(t *testing.T, client graphql.Client) screen.Deps {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return screen.Deps{
		Ctx: ctx, Client: client, Styles: theme.NewStyles(true, false),
		Log: log.New(io.Discard, "", 0), Now: func() time.Time { return fixedNow },
		Session: screen.Session{APIURL: "http://127.0.0.1:4200/graphql", Backend: "server", TenantSlug: "demo", UIURL: "http://localhost:8080"},
	}
}

// internal reports whether a message is the screen's own (fed back by Settle), as
// opposed to one for the root.
func internal(msg tea.Msg) bool {
	switch msg.(type) {
	case screen.OpenMsg, screen.PushMsg, screen.PopMsg, screen.StatusMsg, screen.ErrMsg, screen.CopyMsg:
		return false
	}
	return true
}

// settle sends msgs and feeds back the screen's own results until quiet.
func settle(m *flows.Model, msgs ...tea.Msg) (*flows.Model, []tea.Msg) {
	s, rest := uitest.Settle[screen.Screen](m, internal, 20, msgs...)
	return s.(*flows.Model), rest
}

// loadedModel is the Flows screen on the demo server, loaded, at w×h.
func loadedModel(t *testing.T, w, h int) *flows.Model {
	t.Helper()
	m := flows.New(newDeps(t, demoClient(t)), screen.Route{Kind: screen.RouteFlows}, flows.Options{})
	m.SetSize(w, h)
	m, _ = settle(m, uitest.RunCmd(m.Init())...)
	if m.Err() != nil {
		t.Fatalf("load: %v", m.Err())
	}
	if len(m.RowNames()) == 0 {
		t.Fatal("no flows loaded from the demo server")
	}
	return m
}

func press(keys ...string) []tea.Msg {
	out := make([]tea.Msg, len(keys))
	for i, k := range keys {
		out[i] = uitest.Press(k)
	}
	return out
}

func TestLoadsLatestVersionsSortedByName(t *testing.T) {
	m := loadedModel(t, 120, 40)
	names := m.RowNames()
	if !sort.StringsAreSorted(names) {
		t.Errorf("not sorted by name: %v", names)
	}
	if m.Total() != len(names) {
		t.Errorf("total %d, rows %d (demo has fewer flows than a page)", m.Total(), len(names))
	}
	// Latest versions only: one row per name.
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Errorf("flow %q listed twice without archived versions", n)
		}
		seen[n] = true
	}
}

func TestUpdate(t *testing.T) {
	tests := []struct {
		name  string
		keys  []string
		check func(t *testing.T, before, after *flows.Model, out []tea.Msg)
	}{
		{"down moves the cursor", []string{"down", "j"}, func(t *testing.T, _, m *flows.Model, _ []tea.Msg) {
			if m.Cursor() != 2 {
				t.Errorf("cursor %d, want 2", m.Cursor())
			}
		}},
		{"G then g", []string{"G", "g"}, func(t *testing.T, _, m *flows.Model, _ []tea.Msg) {
			if m.Cursor() != 0 {
				t.Errorf("cursor %d, want 0", m.Cursor())
			}
		}},
		{"enter opens the flow's page", []string{"down", "enter"}, func(t *testing.T, _, m *flows.Model, out []tea.Msg) {
			open, ok := uitest.Find[screen.OpenMsg](out)
			if !ok {
				t.Fatalf("no OpenMsg in %v", out)
			}
			r := open.Route
			// The latest version: the page follows the group (no version pinned).
			if r.Kind != screen.RouteFlow || r.Params["flow_name"] != m.RowNames()[1] || len(r.ID) != 36 || r.Params["flow_id"] != "" {
				t.Errorf("route %+v", r)
			}
		}},
		{"l opens the runs of the flow group", []string{"down", "l"}, func(t *testing.T, _, m *flows.Model, out []tea.Msg) {
			open, ok := uitest.Find[screen.OpenMsg](out)
			if !ok {
				t.Fatalf("no OpenMsg in %v", out)
			}
			r := open.Route
			if r.Kind != screen.RouteRuns || r.Params["flow_name"] != m.RowNames()[1] || len(r.Params["flow_group_id"]) != 36 {
				t.Errorf("route %+v", r)
			}
		}},
		{"y copies the flow id", []string{"y"}, func(t *testing.T, _, _ *flows.Model, out []tea.Msg) {
			c, ok := uitest.Find[screen.CopyMsg](out)
			if !ok || len(c.Text) != 36 || c.Label != "flow id" {
				t.Errorf("copy %+v (ok %v)", c, ok)
			}
		}},
		{"Y copies a link to the UI", []string{"Y"}, func(t *testing.T, _, _ *flows.Model, out []tea.Msg) {
			c, ok := uitest.Find[screen.CopyMsg](out)
			if !ok || !strings.HasPrefix(c.Text, "http://localhost:8080/demo/flow/") {
				t.Errorf("copy %+v", c)
			}
		}},
		{"p scopes to the first project", []string{"p"}, func(t *testing.T, before, m *flows.Model, _ []tea.Msg) {
			ps := m.RowProjects()
			if len(ps) == 0 || len(ps) >= len(before.RowNames()) {
				t.Fatalf("scope did not narrow: %d of %d", len(ps), len(before.RowNames()))
			}
			for _, p := range ps {
				if p != ps[0] {
					t.Errorf("mixed projects %v", ps)
				}
			}
			if !strings.HasPrefix(m.Title(), "flows (") {
				t.Errorf("title %q", m.Title())
			}
		}},
		{"P from all wraps to the last project, p back to all", []string{"P", "p"}, func(t *testing.T, before, m *flows.Model, _ []tea.Msg) {
			if !slices.Equal(m.RowNames(), before.RowNames()) || m.Title() != "flows" {
				t.Errorf("not back to all: %v", m.Title())
			}
		}},
		{"a shows archived versions", []string{"a"}, func(t *testing.T, before, m *flows.Model, _ []tea.Msg) {
			if m.Total() <= before.Total() {
				t.Errorf("archived shown: %d flows, before %d (demo has several versions)", m.Total(), before.Total())
			}
		}},
		{"s sorts by project", []string{"s"}, func(t *testing.T, _, m *flows.Model, _ []tea.Msg) {
			if !sort.StringsAreSorted(m.RowProjects()) {
				t.Errorf("not by project: %v", m.RowProjects())
			}
		}},
		{"s s sorts by version, o reverses", []string{"s", "s", "o"}, func(t *testing.T, _, m *flows.Model, _ []tea.Msg) {
			v := m.RowVersions()
			if !sort.SliceIsSorted(v, func(i, j int) bool { return v[i] > v[j] }) {
				t.Errorf("not by version desc: %v", v)
			}
		}},
		{"r refreshes and keeps the cursor", []string{"down", "down", "r"}, func(t *testing.T, before, m *flows.Model, _ []tea.Msg) {
			if m.Cursor() != 2 || !slices.Equal(m.RowNames(), before.RowNames()) {
				t.Errorf("cursor %d rows %v", m.Cursor(), m.RowNames())
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := loadedModel(t, 120, 40)
			m := loadedModel(t, 120, 40)
			m, out := settle(m, press(tc.keys...)...)
			if m.Err() != nil {
				t.Fatalf("error: %v", m.Err())
			}
			tc.check(t, before, m, out)
		})
	}
}

func TestFilterAsYouType(t *testing.T) {
	m := loadedModel(t, 120, 40)
	all := m.RowNames()
	m, _ = settle(m, uitest.Press("/"))
	if !m.Filtering() || !m.CapturesInput() {
		t.Fatal("/ did not focus the filter")
	}
	word := all[0][:3]
	m, _ = settle(m, uitest.Type(word)...)
	// The debounced reload ran: only matching flows (by name or project) are left.
	projects := m.RowProjects()
	for i, n := range m.RowNames() {
		if !strings.Contains(strings.ToLower(n), word) && !strings.Contains(strings.ToLower(projects[i]), word) {
			t.Errorf("%q (project %q) does not match %q", n, projects[i], word)
		}
	}
	if len(m.RowNames()) == 0 || len(m.RowNames()) > len(all) {
		t.Fatalf("filter %q: %v", word, m.RowNames())
	}
	_, vars := m.LastQuery()
	if !strings.Contains(toJSON(vars["where"]), `"%`+word+`%"`) {
		t.Errorf("where has no _ilike on %q: %s", word, toJSON(vars["where"]))
	}
	// q is text while filtering, not quit.
	m, out := settle(m, uitest.Press("q"))
	if len(out) != 0 || !m.Filtering() {
		t.Errorf("q while filtering: %v", out)
	}
	// esc clears the filter and reloads everything.
	m, _ = settle(m, uitest.Press("esc"))
	if m.Filtering() || !slices.Equal(m.RowNames(), all) {
		t.Errorf("esc: filtering %v rows %v", m.Filtering(), m.RowNames())
	}
}

func TestFilterByUUID(t *testing.T) {
	m := loadedModel(t, 120, 40)
	m, out := settle(m, uitest.Press("y"))
	c, _ := uitest.Find[screen.CopyMsg](out)
	id := c.Text
	name := m.RowNames()[0]
	m.SetDebounce(time.Millisecond)
	keys := append([]tea.Msg{uitest.Press("/")}, uitest.Type(id)...)
	keys = append(keys, uitest.Press("enter"))
	m, _ = settle(m, keys...)
	if got := m.RowNames(); len(got) != 1 || got[0] != name {
		t.Errorf("uuid filter: %v, want [%s]", got, name)
	}
}

func TestPagingLoadsNextPageAtTheEnd(t *testing.T) {
	m := flows.New(newDeps(t, demoClient(t)), screen.Route{Kind: screen.RouteFlows}, flows.Options{})
	m.SetPageSize(5)
	m.SetSize(120, 40)
	m, _ = settle(m, uitest.RunCmd(m.Init())...)
	if len(m.RowNames()) != 5 || m.Total() <= 5 {
		t.Fatalf("first page: %d rows of %d", len(m.RowNames()), m.Total())
	}
	m, _ = settle(m, press("down", "down", "down")...)
	if len(m.RowNames()) != 5 {
		t.Fatalf("loaded early: %d", len(m.RowNames()))
	}
	m, _ = settle(m, uitest.Press("down")) // cursor on the last loaded row
	if len(m.RowNames()) != 10 {
		t.Fatalf("next page not loaded: %d rows", len(m.RowNames()))
	}
	m, _ = settle(m, press("G", "G", "G")...)
	if len(m.RowNames()) != m.Total() {
		t.Errorf("G pages to the end: %d of %d", len(m.RowNames()), m.Total())
	}
	if !sort.StringsAreSorted(m.RowNames()) {
		t.Errorf("pages out of order: %v", m.RowNames())
	}
}

func TestStaleResultsDropped(t *testing.T) {
	m := flows.New(newDeps(t, nil), screen.Route{Kind: screen.RouteFlows}, flows.Options{})
	m.SetSize(80, 24)
	m.Init()
	first := m.ReqID()
	m.Update(uitest.Press("r")) // a second request supersedes the first
	m.Update(flows.Loaded(first, "old"))
	if len(m.RowNames()) != 0 {
		t.Errorf("stale request applied: %v", m.RowNames())
	}
	// The same screen of the tenant before a switch: its late result is not this one's.
	before := flows.New(newDeps(t, nil), screen.Route{Kind: screen.RouteFlows}, flows.Options{})
	before.Init()
	m.Update(flows.Loaded(before.ReqID(), "other-tenant"))
	if len(m.RowNames()) != 0 {
		t.Errorf("result of another screen applied: %v", m.RowNames())
	}
	m.Update(flows.Loaded(m.ReqID(), "fresh"))
	if !slices.Equal(m.RowNames(), []string{"fresh"}) || m.Loading() {
		t.Errorf("current result not applied: %v", m.RowNames())
	}
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func pressKey(k string) tea.Msg { return uitest.Press(k) }

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// TestFilterIsLiteral: _ and % typed by the user match themselves, not any character.
func TestFilterIsLiteral(t *testing.T) {
	for text, want := range map[string]bool{"etl-": true, "etl_": false, "%": false} {
		m := loadedModel(t, 120, 40)
		m.SetDebounce(time.Millisecond)
		keys := append(press("/"), uitest.Type(text)...)
		m, _ = settle(m, append(keys, uitest.Press("enter"))...)
		if got := len(m.RowNames()) > 0; got != want || m.Err() != nil {
			t.Errorf("filter %q: rows %v err %v", text, m.RowNames(), m.Err())
		}
	}
}
