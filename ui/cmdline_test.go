package ui_test

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

func TestComplete(t *testing.T) {
	tests := []struct {
		in, want string
		matches  []string
	}{
		{"", "", []string{"overview", "flows", "runs", "agents", "query", "tenants", "fleet", "logs", "open", "tokens", "ctx", "help", "quit"}},
		{"c", "ctx ", []string{"ctx"}},
		{"fl", "flows", []string{"flows"}},
		{"fle", "fleet", []string{"fleet"}},
		{"f", "fl", []string{"flows", "fleet"}},
		{"a", "agents", []string{"agents"}},
		{"t", "t", []string{"tenants", "tokens"}},
		{"te", "tenants", []string{"tenants"}},
		{"o", "o", []string{"overview", "open"}},
		{"op", "open ", []string{"open"}},
		{"ov", "overview", []string{"overview"}},
		{"q", "qu", []string{"query", "quit"}},
		{"que", "query", []string{"query"}},
		{"L", "logs ", []string{"logs"}},
		{"ru", "runs ", []string{"runs"}},
		{"zz", "zz", nil},
		{"open abc", "open abc", nil},
	}
	for _, tc := range tests {
		got, m := ui.Complete(tc.in)
		if got != tc.want || !slices.Equal(m, tc.matches) {
			t.Errorf("Complete(%q) = %q %v, want %q %v", tc.in, got, m, tc.want, tc.matches)
		}
	}
}

func TestParse(t *testing.T) {
	id := "0b5d7a0e-6c0e-4a57-9d7b-3c7f2f3d2a11"
	tests := []struct {
		in      string
		kind    screen.RouteKind
		quit    bool
		errText string
	}{
		{"overview", screen.RouteOverview, false, ""},
		{"ov", screen.RouteOverview, false, ""},
		{"flows", screen.RouteFlows, false, ""},
		{"fl", screen.RouteFlows, false, ""},
		{"runs", screen.RouteRuns, false, ""},
		{"agents", screen.RouteAgents, false, ""},
		{"ag", screen.RouteAgents, false, ""},
		{"query", screen.RouteQuery, false, ""},
		{"tenants", screen.RouteTenants, false, ""},
		{"fleet", screen.RouteFleet, false, ""},
		{"fle", screen.RouteFleet, false, ""},
		{"logs", screen.RouteLogs, false, ""},
		{"tokens", screen.RouteTokens, false, ""},
		{"open " + strings.ToUpper(id), screen.RouteOpen, false, ""},
		{"open", 0, false, "usage: :open <uuid or its start>"},
		{"open nope", 0, false, `not a uuid or the start of one: "nope"`},
		{"quit", 0, true, ""},
		{"q", 0, true, ""},
		{"frobnicate", 0, false, `unknown command "frobnicate"`},
	}
	for _, tc := range tests {
		r, quit, _, err := ui.Parse(tc.in)
		switch {
		case tc.errText != "":
			if err == nil || !strings.Contains(err.Error(), tc.errText) {
				t.Errorf("Parse(%q) err %v, want %q", tc.in, err, tc.errText)
			}
		case err != nil:
			t.Errorf("Parse(%q): %v", tc.in, err)
		case quit != tc.quit || (!quit && r.Kind != tc.kind):
			t.Errorf("Parse(%q) = %+v quit %v", tc.in, r, quit)
		}
		if tc.kind == screen.RouteOpen && tc.errText == "" && r.ID != id {
			t.Errorf("open id %q, want lower-cased %q", r.ID, id)
		}
	}
}

func TestCommandLineDrivesTheApp(t *testing.T) {
	h := newHarness(t, ui.Options{})
	keys := []tea.Msg{uitest.Press(":")}
	keys = append(keys, uitest.Type("ru")...)
	keys = append(keys, uitest.Press("tab"))
	h.send(keys...)
	if v := h.view(); !strings.Contains(v, ":runs") {
		t.Errorf("completion not shown:\n%s", v)
	}
	h.send(uitest.Press("enter"))
	if h.app.Depth() != 2 || h.built[len(h.built)-1].title != "runs" {
		t.Fatalf(":runs did not open runs (depth %d)", h.app.Depth())
	}
	// While the command line is open, q is text, not quit.
	keys = []tea.Msg{uitest.Press(":")}
	keys = append(keys, uitest.Type("bogus")...)
	out := h.send(append(keys, uitest.Press("enter"))...)
	if hasQuit(out) {
		t.Fatal("typing in the command line quit")
	}
	if v := h.view(); !strings.Contains(v, `✗ unknown command "bogus"`) {
		t.Errorf("no error for an unknown command:\n%s", v)
	}
	// esc closes the command line without running it.
	h.send(uitest.Press(":"), uitest.Press("q"), uitest.Press("esc"))
	if h.app.Depth() != 2 {
		t.Errorf("esc in the command line changed the stack")
	}
	// A route with no screen gives a clear error, not a crash.
	h.send(append(append([]tea.Msg{uitest.Press(":")}, uitest.Type("tokens")...), uitest.Press("enter"))...)
	// On Prefect Server it says why there is none (it used to say "no tokens screen in
	// this build", as if the program were broken).
	if v := h.view(); !strings.Contains(v, "tokens: a Prefect Cloud feature") {
		t.Errorf("missing screen:\n%s", v)
	}
	out = h.send(append(append([]tea.Msg{uitest.Press(":")}, uitest.Type("quit")...), uitest.Press("enter"))...)
	if !hasQuit(out) {
		t.Error(":quit does not quit")
	}
}

// TestTabCompletionShowsTheCompletedText: ":op" tab shows ":open " in the input (the
// input used to stay scrolled to its last character and showed ":n").
func TestTabCompletionShowsTheCompletedText(t *testing.T) {
	for _, c := range []struct{ typed, want string }{{"op", ":open "}, {"ov", ":overview"}, {"ru", ":runs "}, {"fl", ":flows"}} {
		h := newHarness(t, ui.Options{})
		keys := append([]tea.Msg{uitest.Press(":")}, uitest.Type(c.typed)...)
		h.send(append(keys, uitest.Press("tab"))...)
		v := h.view()
		last := v[strings.LastIndex(v, "\n")+1:]
		if !strings.HasPrefix(last, c.want) {
			t.Errorf(":%s tab: command line %q, want it to start with %q", c.typed, last, c.want)
		}
	}
}

// TestRunsCommandReplacesARunsScreen: `:runs failed` on a runs screen replaces it (it
// used to stack "runs › runs").
func TestRunsCommandReplacesARunsScreen(t *testing.T) {
	h := newHarness(t, ui.Options{})
	run := func(text string) {
		h.send(append(append([]tea.Msg{uitest.Press(":")}, uitest.Type(text)...), uitest.Press("enter"))...)
	}
	run("runs")
	run("runs failed")
	if h.app.Depth() != 2 {
		t.Fatalf(":runs then :runs failed: depth %d, want 2", h.app.Depth())
	}
	if got := h.built[len(h.built)-1].route.Params["state"]; !strings.EqualFold(got, "failed") {
		t.Errorf("top runs route state = %q", got)
	}
	run("runs")
	if h.app.Depth() != 2 || len(h.built[len(h.built)-1].route.Params) != 0 {
		t.Errorf(":runs after :runs failed: depth %d, params %v", h.app.Depth(), h.built[len(h.built)-1].route.Params)
	}
}

// TestHintLeavesOutScreensThatAreNotThere: on Prefect Server (no tenants or tokens
// screens) the hint used to offer :tenants and :tokens anyway.
func TestHintLeavesOutScreensThatAreNotThere(t *testing.T) {
	h := newHarness(t, ui.Options{})
	h.send(uitest.Press(":"))
	v := h.view()
	last := v[strings.LastIndex(v, "\n")+1:]
	if strings.Contains(last, ":tenants") || strings.Contains(last, ":tokens") || !strings.Contains(last, ":flows") {
		t.Errorf("hint without tenants/tokens screens: %q", last)
	}
}
