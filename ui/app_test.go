package ui_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

var fixedNow = time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)

// fake is a screen that records what the root does to it.
type fake struct {
	deps     screen.Deps
	route    screen.Route
	title    string
	inits    int
	w, h     int
	capture  bool
	got      []tea.Msg
	query    string
	keyBound key.Binding
}

func (f *fake) Init() tea.Cmd { f.inits++; return nil }
func (f *fake) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	f.got = append(f.got, msg)
	return f, nil
}
func (f *fake) View() string             { return "body of " + f.title }
func (f *fake) SetSize(w, h int)         { f.w, f.h = w, h }
func (f *fake) Title() string            { return f.title }
func (f *fake) CapturesInput() bool      { return f.capture }
func (f *fake) ShortHelp() []key.Binding { return []key.Binding{f.keyBound} }
func (f *fake) FullHelp() [][]key.Binding {
	return [][]key.Binding{{f.keyBound}}
}

// querying is a fake that is a screen.QuerySource.
type querying struct{ *fake }

func (q querying) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	q.fake.Update(msg)
	return q, nil
}

func (q querying) LastQuery() (string, map[string]any) {
	return q.query, map[string]any{"limit": 5}
}

// harness builds an App whose routes make fakes and remembers them.
type harness struct {
	app   *ui.App
	built []*fake
}

func newHarness(t *testing.T, opts ui.Options) *harness {
	t.Helper()
	h := &harness{}
	mk := func(title string) ui.RouteFunc {
		return func(d screen.Deps, r screen.Route) (screen.Screen, error) {
			f := &fake{deps: d, route: r, title: title, query: "query " + title + " { hello }",
				keyBound: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "do "+title))}
			h.built = append(h.built, f)
			if title == "flows" {
				return querying{f}, nil
			}
			return f, nil
		}
	}
	if opts.Routes == nil {
		opts.Routes = map[screen.RouteKind]ui.RouteFunc{
			screen.RouteFlows: mk("flows"), screen.RouteRuns: mk("runs"), screen.RouteQuery: mk("query"),
		}
	}
	if opts.Now == nil {
		opts.Now = func() time.Time { return fixedNow }
	}
	opts.Session = screen.Session{APIURL: "http://127.0.0.1:4200/graphql", Backend: "server", TenantSlug: "demo", TenantName: "Demo"}
	h.app = ui.New(opts)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	return h
}

// send feeds messages to the app, delivering what the commands produce (but quit).
func (h *harness) send(msgs ...tea.Msg) []tea.Msg {
	var all []tea.Msg
	for len(msgs) > 0 {
		var out []tea.Msg
		_, out = uitest.Send[tea.Model](h.app, msgs...)
		msgs = nil
		for _, o := range out {
			all = append(all, o)
			switch o.(type) {
			case tea.QuitMsg:
			default:
				if fmt.Sprintf("%T", o) == "tea.setClipboardMsg" {
					continue
				}
				msgs = append(msgs, o)
			}
		}
	}
	return all
}

func (h *harness) view() string { return uitest.Strip(h.app.View().Content) }

func TestTinyTerminals(t *testing.T) {
	for _, sz := range [][2]int{{0, 0}, {1, 1}, {10, 3}, {79, 24}, {80, 23}, {200, 5}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			h := newHarness(t, ui.Options{})
			h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			v := h.view()
			if sz[0] == 0 {
				if v != "" {
					t.Errorf("0x0 view %q", v)
				}
				return
			}
			if !strings.Contains(v, "too small") && sz[0] >= 10 {
				t.Errorf("no too-small panel:\n%s", v)
			}
			lines := strings.Split(v, "\n")
			if len(lines) > sz[1] {
				t.Errorf("%d lines for height %d", len(lines), sz[1])
			}
		})
	}
	h := newHarness(t, ui.Options{})
	if v := h.view(); strings.Contains(v, "too small") || len(strings.Split(v, "\n")) != 24 {
		t.Errorf("80x24 must draw the UI in 24 lines:\n%s", v)
	}
}

func TestStackPushPopCancels(t *testing.T) {
	h := newHarness(t, ui.Options{})
	flows := h.built[0]
	h.send(screen.OpenMsg{Route: screen.Route{Kind: screen.RouteRuns, Params: map[string]string{"flow_group_id": "g"}}})
	if h.app.Depth() != 2 || len(h.built) != 2 {
		t.Fatalf("depth %d", h.app.Depth())
	}
	runs := h.built[1]
	if runs.inits != 1 || runs.w != 80 || runs.h <= 0 {
		t.Errorf("pushed screen: inits %d size %dx%d", runs.inits, runs.w, runs.h)
	}
	if !strings.Contains(h.view(), "flows › runs") {
		t.Errorf("breadcrumb:\n%s", h.view())
	}
	h.send(uitest.Press("esc"))
	if h.app.Depth() != 1 {
		t.Fatalf("esc did not pop: depth %d", h.app.Depth())
	}
	if runs.deps.Ctx.Err() == nil {
		t.Error("popped screen's context not cancelled")
	}
	if flows.deps.Ctx.Err() != nil {
		t.Error("remaining screen's context cancelled")
	}
	if flows.inits != 1 {
		// New builds the first screen; Init of the app was not called here, so the
		// only Init is the one after the pop (Init runs on the new top).
		t.Errorf("new top not re-inited: %d", flows.inits)
	}
	// esc on the last screen goes to the screen, never quits.
	out := h.send(uitest.Press("esc"))
	if h.app.Depth() != 1 || hasQuit(out) {
		t.Errorf("esc on the last screen: depth %d quit %v", h.app.Depth(), hasQuit(out))
	}
	// :flows goes back to the flows screen instead of stacking another.
	h.send(screen.OpenMsg{Route: screen.Route{Kind: screen.RouteRuns}})
	h.send(screen.OpenMsg{Route: screen.Route{Kind: screen.RouteFlows}})
	if h.app.Depth() != 1 {
		t.Errorf(":flows stacked: depth %d", h.app.Depth())
	}
}

func TestSessionChangeRebuildsWithNewEpoch(t *testing.T) {
	h := newHarness(t, ui.Options{})
	h.send(screen.OpenMsg{Route: screen.Route{Kind: screen.RouteRuns}})
	old := append([]*fake{}, h.built...)
	h.send(screen.SessionChangedMsg{Session: screen.Session{APIURL: "http://x/graphql", TenantSlug: "acme", TenantName: "Acme"}})
	for _, f := range old {
		if f.deps.Ctx.Err() == nil {
			t.Errorf("%s: old context alive after tenant switch", f.title)
		}
	}
	if h.app.Epoch() != 1 || h.app.Depth() != 1 {
		t.Fatalf("epoch %d depth %d", h.app.Epoch(), h.app.Depth())
	}
	nf := h.built[len(h.built)-1]
	if nf.deps.Session.TenantSlug != "acme" || nf.title != "flows" || nf.inits != 1 {
		t.Errorf("rebuilt screen: %+v", nf.deps)
	}
	if v := h.view(); !strings.Contains(v, "Acme") {
		t.Errorf("header does not show the new tenant:\n%s", v)
	}
}

func TestQuitKeys(t *testing.T) {
	h := newHarness(t, ui.Options{})
	if out := h.send(uitest.Press("q")); !hasQuit(out) {
		t.Error("q does not quit")
	}
	h = newHarness(t, ui.Options{})
	h.built[0].capture = true
	if out := h.send(uitest.Press("q")); hasQuit(out) {
		t.Error("q quit while the screen captures input")
	}
	if got := h.built[0].got; len(got) != 1 {
		t.Errorf("captured key not given to the screen: %v", got)
	}
	if out := h.send(uitest.Press("ctrl+c")); !hasQuit(out) {
		t.Error("ctrl+c does not quit while capturing")
	}
}

func TestGQOpensTheQueryEditorWithTheScreensQuery(t *testing.T) {
	h := newHarness(t, ui.Options{})
	h.send(uitest.Press("g"), uitest.Press("q"))
	if h.app.Depth() != 2 {
		t.Fatalf("g q: depth %d", h.app.Depth())
	}
	q := h.built[len(h.built)-1]
	if q.title != "query" || q.route.Query != "query flows { hello }" || q.route.Variables["limit"] != 5 {
		t.Errorf("query route %+v", q.route)
	}
	// g goes to the screen (it is "top" in lists).
	if len(h.built[0].got) != 1 {
		t.Errorf("g not forwarded: %v", h.built[0].got)
	}
}

func TestStatusAndErrorLine(t *testing.T) {
	h := newHarness(t, ui.Options{})
	h.send(screen.ErrMsg{Op: "load flows", Err: errors.New("boom")})
	if v := h.view(); !strings.Contains(v, "✗ load flows: boom") {
		t.Errorf("error line:\n%s", v)
	}
	h.send(uitest.Press("j"))
	if v := h.view(); strings.Contains(v, "boom") {
		t.Errorf("error not cleared by a key:\n%s", v)
	}
	out := h.send(screen.CopyMsg{Text: "abc", Label: "flow id"})
	if v := h.view(); !strings.Contains(v, "copied flow id") {
		t.Errorf("copy status:\n%s", v)
	}
	clip := false
	for _, o := range out {
		clip = clip || strings.Contains(fmt.Sprintf("%T", o), "Clipboard")
	}
	if !clip {
		t.Errorf("no clipboard message in %v", out)
	}
}

func TestHelpToggleShrinksTheBody(t *testing.T) {
	h := newHarness(t, ui.Options{})
	f := h.built[0]
	short := f.h
	h.send(uitest.Press("?"))
	if f.h >= short {
		t.Errorf("full help did not shrink the body: %d -> %d", short, f.h)
	}
	if v := h.view(); !strings.Contains(v, "query editor") || !strings.Contains(v, "do flows") {
		t.Errorf("full help:\n%s", v)
	}
	h.send(uitest.Press("?"))
	if f.h != short {
		t.Errorf("body not restored: %d", f.h)
	}
}

func TestNoColor(t *testing.T) {
	colour := newHarness(t, ui.Options{})
	if !uitest.HasColor(colour.app.View().Content) {
		t.Fatal("default view has no colour: the check below would prove nothing")
	}
	t.Setenv("NO_COLOR", "1")
	h := newHarness(t, ui.Options{})
	h.send(tea.BackgroundColorMsg{})
	h.send(screen.ErrMsg{Err: errors.New("x")})
	if v := h.app.View().Content; uitest.HasColor(v) {
		t.Errorf("NO_COLOR view has colour: %q", v)
	}
	h.send(tea.WindowSizeMsg{Width: 20, Height: 5})
	if v := h.app.View().Content; uitest.HasColor(v) {
		t.Errorf("NO_COLOR panel has colour: %q", v)
	}
}

func TestAltScreenAndNoStdout(t *testing.T) {
	h := newHarness(t, ui.Options{})
	if !h.app.View().AltScreen {
		t.Error("not on the alt screen")
	}
}

func hasQuit(msgs []tea.Msg) bool {
	for _, m := range msgs {
		if _, ok := m.(tea.QuitMsg); ok {
			return true
		}
	}
	return false
}
