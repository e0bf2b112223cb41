package ui_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/ui"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// canned is a graphql.Client that answers Hello and ListFlows with fixed data: one
// flow named after the tenant, so results of one tenant are told from another's.
type canned struct{ tenant string }

func (c canned) MakeRequest(_ context.Context, req *graphql.Request, resp *graphql.Response) error {
	var data string
	switch req.OpName {
	case "Hello":
		data = `{"hello":"hello"}`
	case "CheckServer":
		data = `{"hello":"hello","tenant":[]}`
	case "ListFlows":
		data = fmt.Sprintf(`{"flow":[{"id":"11111111-1111-1111-1111-111111111111","name":"%s-flow","version":3,
			"flow_group_id":"22222222-2222-2222-2222-222222222222","archived":false,"is_schedule_active":true,
			"schedule":{"type":"Schedule","clocks":[{"type":"CronClock","cron":"0 2 * * *"}]},
			"project":{"id":"p1","name":"%s-project"},"flow_group":{"id":"g","labels":["prod"],"schedule":null},
			"flow_runs":[{"id":"r1","state":"Failed"},{"id":"r2","state":"Success"},{"id":"r3","state":"Running"}]}],
			"flow_aggregate":{"aggregate":{"count":1}},"project":[{"id":"p1","name":"%s-project"}]}`, c.tenant, c.tenant, c.tenant)
	default:
		return fmt.Errorf("canned: no answer for %s", req.OpName)
	}
	return json.Unmarshal([]byte(data), resp.Data)
}

func fixedClock() time.Time { return fixedNow }

func TestLateResultsOfTheOldTenantAreDropped(t *testing.T) {
	app := ui.New(ui.Options{Client: canned{"old"}, Now: fixedClock,
		Session: screen.Session{APIURL: "http://a/graphql", TenantSlug: "old"}})
	h := &harness{app: app}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	// The old tenant's load is in flight (its result not delivered yet)...
	oldResults := uitest.RunCmd(app.Init())
	// ...when the user switches tenant.
	h.send(screen.SessionChangedMsg{Session: screen.Session{APIURL: "http://a/graphql", TenantSlug: "new", TenantName: "New"}, Client: canned{"new"}})
	// The old result arrives late: it must not show up on the new tenant's screen.
	h.send(oldResults...)
	if v := h.view(); strings.Contains(v, "old-flow") {
		t.Fatalf("old tenant's flows shown after the switch:\n%s", v)
	}
	h.send(uitest.RunCmd(app.Top().Init())...)
	if v := h.view(); !strings.Contains(v, "new-flow") {
		t.Fatalf("new tenant's flows not shown:\n%s", v)
	}
}

func TestAppGoldenCanned(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			app := ui.New(ui.Options{Client: canned{"demo"}, Now: fixedClock, ReadOnly: true,
				Session: screen.Session{APIURL: "http://127.0.0.1:4200/graphql", Backend: "server", TenantSlug: "demo", TenantName: "Demo"}})
			h := &harness{app: app}
			h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			h.send(uitest.RunCmd(app.Init())...)
			uitest.Golden(t, app.View().Content)
		})
	}
	// Full help shows every column at 80×24 (wrapped), and the command line its hints.
	for name, keys := range map[string][]tea.Msg{
		"help":    {uitest.Press("?")},
		"command": append([]tea.Msg{uitest.Press(":")}, uitest.Type("t")...),
	} {
		t.Run(name, func(t *testing.T) {
			app := ui.New(ui.Options{Client: canned{"demo"}, Now: fixedClock,
				Session: screen.Session{APIURL: "http://127.0.0.1:4200/graphql", Backend: "server", TenantSlug: "demo"}})
			h := &harness{app: app}
			h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
			h.send(uitest.RunCmd(app.Init())...)
			h.send(keys...)
			uitest.Golden(t, app.View().Content)
		})
	}
}

// TestKeysOfTheFlowsScreenAndTheApp: no key is bound twice among the enabled bindings
// reachable on the Flows screen (its own, the flow actions and the global ones); the
// app's full help is pinned at the screen's 4 columns plus the app column.
func TestKeysOfTheFlowsScreenAndTheApp(t *testing.T) {
	app := ui.New(ui.Options{Client: canned{"demo"}, Now: fixedClock})
	h := &harness{app: app}
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	h.send(uitest.RunCmd(app.Init())...)
	full := app.KeyMap().FullHelp()
	// navigation | actions | more actions | flow actions (run now, schedule) | app
	if len(full) != 5 {
		t.Fatalf("full help has %d columns, want 5", len(full))
	}
	seen := map[string]string{}
	for _, col := range full {
		for _, b := range col {
			if !b.Enabled() {
				continue
			}
			for _, k := range b.Keys() {
				if other, ok := seen[k]; ok && other != b.Help().Desc {
					t.Errorf("key %q bound to %q and %q", k, other, b.Help().Desc)
				}
				seen[k] = b.Help().Desc
			}
		}
	}
	short := labels(app.KeyMap().ShortHelp())
	for _, want := range []string{"N run now…", "S schedule on/off"} {
		if !strings.Contains(labels(flatten(full)), want) {
			t.Errorf("full help lacks %q", want)
		}
	}
	for _, want := range []string{"runs", "filter", "command", "help", "quit"} {
		if !strings.Contains(short, want) {
			t.Errorf("short help %q lacks %q", short, want)
		}
	}
}

func labels(bs []key.Binding) string {
	var out []string
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return strings.Join(out, " · ")
}

func flatten(cols [][]key.Binding) []key.Binding {
	var out []key.Binding
	for _, c := range cols {
		out = append(out, c...)
	}
	return out
}

// TestIdleDoesNotTick: once loaded, nothing schedules a redraw by itself (no cursor
// blink, no spinner, no polling): the screen changes only when something happens.
func TestIdleDoesNotTick(t *testing.T) {
	app := ui.New(ui.Options{Client: canned{"demo"}, Now: fixedClock})
	h := &harness{app: app}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	rounds := 0
	msgs := uitest.RunCmd(app.Init())
	for len(msgs) > 0 && rounds < 10 {
		_, msgs = uitest.Send[tea.Model](app, msgs...)
		rounds++
	}
	if len(msgs) > 0 {
		t.Fatalf("still producing messages after %d rounds: %v", rounds, msgs)
	}
	for _, k := range []string{"/", "esc", "j", "k"} {
		if _, out := uitest.Send[tea.Model](app, uitest.Press(k)); len(out) != 0 {
			t.Errorf("%s scheduled %v", k, out)
		}
	}
}

// TestConnectionState: the header says connected after the check, offline after a
// transport error, and connected again once the API answers when the user moves on.
func TestConnectionState(t *testing.T) {
	app := ui.New(ui.Options{Client: canned{"demo"}, Now: fixedClock})
	h := &harness{app: app}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if v := h.view(); !strings.Contains(v, "○ connecting") {
		t.Errorf("before the check:\n%s", v)
	}
	h.send(uitest.RunCmd(app.Init())...)
	if v := h.view(); !strings.Contains(v, "● connected") {
		t.Errorf("after the check:\n%s", v)
	}
	h.send(screen.ErrMsg{Op: "load", Err: &url.Error{Op: "Post", URL: "http://x", Err: errors.New("connection refused")}})
	if v := h.view(); !strings.Contains(v, "✗ offline") {
		t.Errorf("after a transport error:\n%s", v)
	}
	h.send(screen.OpenMsg{Route: screen.Route{Kind: screen.RouteFlows}})
	if v := h.view(); !strings.Contains(v, "● connected") {
		t.Errorf("not re-checked:\n%s", v)
	}
}

// TestNoColorOnTheFlowsScreen: with NO_COLOR the real screen (state glyphs, schedule,
// selected row, help, dialogs' styles) writes no colour at all, and without it, it does.
func TestNoColorOnTheFlowsScreen(t *testing.T) {
	for _, noColor := range []bool{false, true} {
		app := ui.New(ui.Options{Client: canned{"demo"}, Now: fixedClock, NoColor: noColor,
			Session: screen.Session{TenantSlug: "demo"}})
		h := &harness{app: app}
		h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
		h.send(uitest.RunCmd(app.Init())...)
		h.send(tea.BackgroundColorMsg{}) // styles rebuilt for a light background
		h.send(uitest.Press("?"))
		v := app.View().Content
		if !strings.Contains(uitest.Strip(v), "✗✓▶") {
			t.Fatalf("flows not shown:\n%s", uitest.Strip(v))
		}
		if uitest.HasColor(v) == noColor {
			t.Errorf("NoColor=%v: colour in view = %v", noColor, uitest.HasColor(v))
		}
	}
}

// TestReadOnlyHidesFlowActions: --read-only hides run now / schedule and N does nothing;
// otherwise N opens the run-now form on top of the flows.
func TestReadOnlyHidesFlowActions(t *testing.T) {
	for _, ro := range []bool{true, false} {
		app := ui.New(ui.Options{Client: canned{"demo"}, Now: fixedClock, ReadOnly: ro})
		h := &harness{app: app}
		h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
		h.send(uitest.RunCmd(app.Init())...)
		shown := strings.Contains(labels(flatten(app.KeyMap().FullHelp())), "run now")
		if shown == ro {
			t.Errorf("read-only %v: run now in help = %v", ro, shown)
		}
		_, out := uitest.Send[tea.Model](app, uitest.Press("N"))
		acted := len(out) > 0
		if acted == ro {
			t.Errorf("read-only %v: N acted = %v (%v)", ro, acted, out)
		}
	}
}
