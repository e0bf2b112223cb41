package ui_test

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// TestRunsStateArgument: `:runs` takes state names, case-insensitively and exactly
// (several separated by spaces or commas); anything else is an error that lists the
// valid states, instead of silently listing every run.
func TestRunsStateArgument(t *testing.T) {
	for in, want := range map[string]string{
		"runs failed":             "Failed",
		"runs Failed,running":     "Failed,Running",
		"runs late FAILED":        "Late,Failed",
		"runs Cancelled, Success": "Cancelled,Success",
	} {
		r, _, _, err := ui.Parse(in)
		if err != nil || r.Params["state"] != want {
			t.Errorf("Parse(%q) = state %q, err %v; want %q", in, r.Params["state"], err, want)
		}
	}
	for in, bad := range map[string]string{
		"runs Fa":            `"Fa"`,
		"runs Failed Runnin": `"Runnin"`,
		"runs state:Failed":  `"state:Failed"`,
	} {
		_, _, _, err := ui.Parse(in)
		if err == nil {
			t.Errorf("Parse(%q): no error", in)
			continue
		}
		msg := err.Error()
		for _, want := range []string{"unknown state " + bad, "Failed", "Running", "Late", "Scheduled", "Cancelled"} {
			if !strings.Contains(msg, want) {
				t.Errorf("Parse(%q) error %q lacks %q", in, msg, want)
			}
		}
	}
	// A prefix is not taken as the state it starts, but the error names it.
	_, _, _, err := ui.Parse("runs Fa")
	if err == nil || !strings.Contains(err.Error(), "did you mean Failed?") {
		t.Errorf("no suggestion: %v", err)
	}
}

// TestLongErrorIsReadInFull: at 80×24 the error of `:runs Fa` lists every state: the
// status line wraps (the body gives up the lines) instead of cutting it off.
func TestLongErrorIsReadInFull(t *testing.T) {
	h := newHarness(t, ui.Options{})
	h.send(append(append([]tea.Msg{uitest.Press(":")}, uitest.Type("runs Fa")...), uitest.Press("enter"))...)
	v := h.view()
	if h.app.Depth() != 1 {
		t.Fatalf(":runs Fa opened a screen")
	}
	for _, s := range append([]string{"Late"}, components.StateNames()...) {
		if !strings.Contains(v, s) {
			t.Errorf("state %s is not on screen:\n%s", s, v)
		}
	}
	if n := len(strings.Split(v, "\n")); n != 24 {
		t.Errorf("the frame has %d lines, want 24", n)
	}
	// The next key clears it and the body gets its lines back.
	h.send(uitest.Press("down"))
	if v := h.view(); strings.Contains(v, "unknown state") || len(strings.Split(v, "\n")) != 24 {
		t.Errorf("after a key:\n%s", v)
	}
}

// TestOpenTakesAnIDPrefix: `:open` takes the 8 characters the explorer prints (any
// case, dashes or not); the open screen finds what starts with them.
func TestOpenTakesAnIDPrefix(t *testing.T) {
	for in, want := range map[string]string{
		"open 4C6D3F1E":      "4c6d3f1e",
		"open 4c6d3f1e-2a8b": "4c6d3f1e2a8b",
	} {
		r, _, _, err := ui.Parse(in)
		if err != nil || r.Kind != screen.RouteOpen || r.ID != want {
			t.Errorf("Parse(%q) = %+v, %v", in, r, err)
		}
	}
	if _, _, _, err := ui.Parse("open 4c6d3f1z"); err == nil || !strings.Contains(err.Error(), "not a uuid or the start of one") {
		t.Errorf("a non-hex id: %v", err)
	}
}
