package ui_test

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// runLine types a command line and runs it; it returns the footer (the last line).
func runLine(h *harness, text string) string {
	h.send(append(append([]tea.Msg{uitest.Press(":")}, uitest.Type(text)...), uitest.Press("enter"))...)
	v := h.view()
	return v[strings.LastIndex(v, "\n")+1:]
}

// cloudHarness has the Prefect Cloud screens (tenants, tokens) in its route table.
func cloudHarness(t *testing.T) *harness {
	routes := map[screen.RouteKind]ui.RouteFunc{}
	for _, k := range []screen.RouteKind{screen.RouteFlows, screen.RouteRuns, screen.RouteQuery, screen.RouteTenants, screen.RouteTokens} {
		routes[k] = func(d screen.Deps, r screen.Route) (screen.Screen, error) {
			return &fake{deps: d, route: r, title: "x"}, nil
		}
	}
	return newHarness(t, ui.Options{Routes: routes})
}

// TestUnknownCommandSuggestsWhatExists: on Prefect Server the error used to offer
// :tenants and :tokens, which have no screen there.
func TestUnknownCommandSuggestsWhatExists(t *testing.T) {
	h := newHarness(t, ui.Options{})
	// At 80 columns the list may not fit (then the error says where it is); at 120 it does.
	got := runLine(h, "bogus")
	if !strings.Contains(got, `unknown command "bogus"`) || !strings.Contains(got, "flows") && !strings.Contains(got, `type ":" to list them`) {
		t.Fatalf("server at 80: %q", got)
	}
	if strings.Contains(got, "tenants") || strings.Contains(got, "tokens") || strings.Contains(got, "…") {
		t.Errorf("server at 80: the error offers Cloud-only commands or is cut: %q", got)
	}
	h.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	got = runLine(h, "bogus")
	if !strings.Contains(got, `unknown command "bogus"`) || !strings.Contains(got, "flows") {
		t.Fatalf("server: %q", got)
	}
	if strings.Contains(got, "tenants") || strings.Contains(got, "tokens") || strings.Contains(got, "…") {
		t.Errorf("server: the error offers Cloud-only commands or is cut: %q", got)
	}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	// At 80 columns the Cloud list does not fit: the error says where the list is.
	c := cloudHarness(t)
	if got := runLine(c, "bogus"); !strings.Contains(got, `type ":" to list them`) || strings.Contains(got, "…") {
		t.Errorf("cloud at 80: %q", got)
	}
	c.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	if got := runLine(c, "bogus"); !strings.Contains(got, "tokens") || strings.Contains(got, "…") {
		t.Errorf("cloud: %q", got)
	}
	// A typo names the one command meant, in the mode's commands only.
	if got := runLine(h, "rnus"); !strings.Contains(got, "did you mean :runs?") {
		t.Errorf("typo: %q", got)
	}
	if got := runLine(h, "tokesn"); strings.Contains(got, "tokens") {
		t.Errorf("server: a typo of a Cloud-only command suggests it: %q", got)
	}
	if got := runLine(c, "tokesn"); !strings.Contains(got, "did you mean :tokens?") {
		t.Errorf("cloud typo: %q", got)
	}
}

// TestDoubleColonRunsTheCommand: "::runs" (a colon typed after the prompt's) used to
// say ":runs" is unknown while suggesting :runs.
func TestDoubleColonRunsTheCommand(t *testing.T) {
	h := newHarness(t, ui.Options{})
	got := runLine(h, ":runs")
	if h.app.Depth() != 2 || h.built[len(h.built)-1].title != "runs" {
		t.Fatalf("::runs did not open runs (depth %d): %q", h.app.Depth(), got)
	}
	runLine(h, ":runs failed")
	if st := h.built[len(h.built)-1].route.Params["state"]; !strings.EqualFold(st, "failed") {
		t.Errorf("::runs failed: state %q", st)
	}
}

// TestCompletionOffersWhatExists: on Prefect Server tab completed ":te" to :tenants.
func TestCompletionOffersWhatExists(t *testing.T) {
	h := newHarness(t, ui.Options{})
	h.send(append(append([]tea.Msg{uitest.Press(":")}, uitest.Type("te")...), uitest.Press("tab"))...)
	v := h.view()
	if last := v[strings.LastIndex(v, "\n")+1:]; strings.Contains(last, "tenants") {
		t.Errorf("server: :te tab completed to a Cloud-only command: %q", last)
	}
	c := cloudHarness(t)
	c.send(append(append([]tea.Msg{uitest.Press(":")}, uitest.Type("te")...), uitest.Press("tab"))...)
	v = c.view()
	if last := v[strings.LastIndex(v, "\n")+1:]; !strings.HasPrefix(last, ":tenants") {
		t.Errorf("cloud: :te tab: %q", last)
	}
}
