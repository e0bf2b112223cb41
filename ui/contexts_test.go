package ui_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/ui"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// contexts is a ContextSource over ready connections.
type contexts struct {
	names []string
	conns map[string]ui.Connection
	asked []string
}

func (c *contexts) Contexts() []string { return c.names }

func (c *contexts) Connect(_ context.Context, name string) (ui.Connection, error) {
	c.asked = append(c.asked, name)
	conn, ok := c.conns[name]
	if !ok {
		return ui.Connection{}, errors.New("cannot reach it")
	}
	return conn, nil
}

// emptyServer is a second embedded server, with no data, for the other context.
func emptyServer(t *testing.T) (api string, client *api.Client) {
	t.Helper()
	s, err := server.New(server.Options{Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		ts.Close()
		s.Close()
	})
	return ts.URL + "/graphql", newClient(ts.URL + "/graphql")
}

func newClient(url string) *api.Client {
	return api.NewClient(api.ClientOptions{Endpoint: url, Log: log.New(io.Discard, "", 0)})
}

// typeCommand opens the command line, types text and presses the keys after it.
func typeCommand(h *harness, text string, keys ...string) {
	msgs := []tea.Msg{uitest.Press(":")}
	msgs = append(msgs, uitest.Type(text)...)
	for _, k := range keys {
		msgs = append(msgs, uitest.Press(k))
	}
	for _, m := range msgs {
		settleApp(h, m)
	}
}

// TestCtxSwitchesContext: :ctx completes context names and, on enter, rebuilds the
// stack on the other context's API (a second embedded server), with its read-only
// flag and band colour; late results of the old context are dropped (new epoch).
func TestCtxSwitchesContext(t *testing.T) {
	demo := demoClient(t)
	emptyURL, empty := emptyServer(t)
	src := &contexts{names: []string{"default", "demo", "empty"}, conns: map[string]ui.Connection{
		"empty": {Client: empty, ReadOnly: true, Band: "red", Start: screen.Route{Kind: screen.RouteFlows},
			Session: screen.Session{APIURL: emptyURL, Backend: "server", TenantSlug: "other", TenantName: "Other"}},
	}}
	app := ui.New(ui.Options{Client: demo, Now: fixedClock, Contexts: src, Context: "demo",
		Session: screen.Session{APIURL: demoURL, Backend: "server", TenantSlug: "demo", TenantName: "Demo"}})
	h := &harness{app: app}
	h.send(tea.WindowSizeMsg{Width: 100, Height: 24})
	settleApp(h, uitest.RunCmd(app.Init())...)
	if v := h.view(); !strings.Contains(v, "etl-orders") || strings.Contains(v, "read-only") {
		t.Fatalf("demo context:\n%s", v)
	}
	epoch, band := app.Epoch(), app.Styles().App.HeaderTenant.GetBackground()

	// Completion of the name, and its hint.
	settleApp(h, uitest.Press(":"))
	for _, m := range uitest.Type("ctx e") {
		settleApp(h, m)
	}
	if v := h.view(); !strings.Contains(v, ":ctx e") || !strings.Contains(v, "empty") {
		t.Errorf("hint while typing a context:\n%s", v)
	}
	settleApp(h, uitest.Press("tab"))
	if v := h.view(); !strings.Contains(v, ":ctx empty") {
		t.Errorf("tab did not complete the context:\n%s", v)
	}
	settleApp(h, uitest.Press("enter"))

	if got := app.Session().APIURL; got != emptyURL {
		t.Fatalf("session API %q, want %q", got, emptyURL)
	}
	if app.Epoch() != epoch+1 || app.Depth() != 1 {
		t.Errorf("epoch %d → %d, depth %d: the stack was not rebuilt", epoch, app.Epoch(), app.Depth())
	}
	v := h.view()
	if !strings.Contains(v, "read-only") || !strings.Contains(v, "Other") || strings.Contains(v, "etl-orders") {
		t.Errorf("after :ctx empty:\n%s", v)
	}
	if app.Styles().App.HeaderTenant.GetBackground() == band {
		t.Error("the context's band colour was not applied")
	}

	// Errors: an unknown context, and one that cannot be reached, leave everything as is.
	typeCommand(h, "ctx nope", "enter")
	if v := h.view(); !strings.Contains(v, `no context "nope"`) {
		t.Errorf(":ctx nope:\n%s", v)
	}
	typeCommand(h, "ctx demo", "enter")
	if v := h.view(); !strings.Contains(v, "context demo: cannot reach it") || app.Session().APIURL != emptyURL {
		t.Errorf(":ctx demo that fails:\n%s", v)
	}
	typeCommand(h, "ctx", "enter")
	if v := h.view(); !strings.Contains(v, "contexts: default demo *empty") {
		t.Errorf(":ctx lists:\n%s", v)
	}
	if strings.Join(src.asked, ",") != "empty,demo" {
		t.Errorf("connected to %v", src.asked)
	}
}

// TestAliases: built-in (:fr) and the user's own aliases, with arguments after them.
func TestAliases(t *testing.T) {
	h := newHarness(t, ui.Options{Aliases: map[string]string{"ff": "runs Failed", "fr": "flows"}})
	h.send(uitest.Press(":"))
	for _, m := range uitest.Type("ff") {
		h.send(m)
	}
	h.send(uitest.Press("enter"))
	if top := h.built[len(h.built)-1]; top.title != "runs" || top.route.Params["state"] != "Failed" {
		t.Fatalf(":ff opened %s %v", top.title, top.route.Params)
	}
	// The user's fr replaces the built-in one.
	h.send(uitest.Press(":"), uitest.Press("f"), uitest.Press("r"), uitest.Press("enter"))
	if h.app.Top().Title() != "flows" {
		t.Errorf(":fr (user alias) opened %s", h.app.Top().Title())
	}
	h2 := newHarness(t, ui.Options{})
	h2.send(uitest.Press(":"), uitest.Press("f"), uitest.Press("r"), uitest.Press("enter"))
	if h2.app.Top().Title() != "runs" {
		t.Errorf(":fr (built-in) opened %s", h2.app.Top().Title())
	}
	h2.send(uitest.Press(":"), uitest.Press("c"), uitest.Press("t"), uitest.Press("x"), uitest.Press("enter"))
	if v := h2.view(); !strings.Contains(v, "no contexts") {
		t.Errorf(":ctx without contexts:\n%s", v)
	}
}

// TestThemeOverride: dark and light are kept whatever the terminal answers (a light
// terminal that never answers gets light colours); auto follows the answer; none has
// no colour.
func TestThemeOverride(t *testing.T) {
	for _, tc := range []struct {
		theme           string
		dark, afterDark bool
		noColor         bool
	}{
		{"light", false, false, false},
		{"dark", true, true, false},
		{"auto", true, false, false},
		{"none", true, true, true},
	} {
		h := newHarness(t, ui.Options{Theme: tc.theme})
		if got := h.app.Styles().Dark; got != tc.dark {
			t.Errorf("%s: dark %v before the terminal answers", tc.theme, got)
		}
		if got := h.app.Styles().NoColor; got != tc.noColor {
			t.Errorf("%s: no colour %v", tc.theme, got)
		}
		// The terminal answers "light" (white background).
		h.send(tea.BackgroundColorMsg{Color: whiteBackground{}})
		if got := h.app.Styles().Dark; got != tc.afterDark {
			t.Errorf("%s: dark %v after a light terminal answered", tc.theme, got)
		}
		asks := false
		for _, m := range uitest.RunCmd(h.app.Init()) {
			if strings.Contains(strings.ToLower(typeName(m)), "background") {
				asks = true
			}
		}
		if asks != (tc.theme == "auto") {
			t.Errorf("%s: asks the terminal for its background: %v", tc.theme, asks)
		}
	}
}

type whiteBackground struct{}

func (whiteBackground) RGBA() (r, g, b, a uint32) { return 0xffff, 0xffff, 0xffff, 0xffff }

func typeName(m tea.Msg) string { return fmt.Sprintf("%T", m) }
