package uitest_test

import (
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

func TestPressMatchesBindings(t *testing.T) {
	for _, stroke := range []string{"a", "G", "?", ":", "/", "enter", "esc", "tab", "shift+tab", "ctrl+r", "ctrl+c", "alt+x", "space", "up", "pgdown", "home"} {
		b := key.NewBinding(key.WithKeys(stroke))
		if !key.Matches(uitest.Press(stroke), b) {
			t.Errorf("Press(%q) = %q does not match its binding", stroke, uitest.Press(stroke).String())
		}
	}
	if k := uitest.Press("ctrl+r"); k.Text != "" || k.Code != 'r' || k.Mod != tea.ModCtrl {
		t.Errorf("ctrl+r: %+v", k)
	}
}

func TestRunCmdFlattens(t *testing.T) {
	a := func() tea.Msg { return "a" }
	b := func() tea.Msg { return "b" }
	got := uitest.RunCmd(tea.Batch(a, tea.Sequence(b, a), nil))
	if len(got) != 3 || got[0] != "a" || got[1] != "b" || got[2] != "a" {
		t.Errorf("RunCmd = %v", got)
	}
}

func TestHasColor(t *testing.T) {
	for s, want := range map[string]bool{
		"plain": false, "\x1b[1mbold\x1b[0m": false, "\x1b[7mrev\x1b[m": false,
		"\x1b[31mred\x1b[0m": true, "\x1b[1;38;5;12mx": true, "\x1b[44mbg": true, "\x1b[91mx": true,
	} {
		if got := uitest.HasColor(s); got != want {
			t.Errorf("HasColor(%q) = %v", s, got)
		}
	}
}

func TestFold8(t *testing.T) {
	in := "\x1b[1;91mx\x1b[0m \x1b[38;5;9;48;5;12my\x1b[m \x1b[32;100mz"
	want := "\x1b[1;31mx\x1b[0m \x1b[38;5;1;48;5;4my\x1b[m \x1b[32;40mz"
	if got := uitest.Fold8(in); got != want {
		t.Errorf("Fold8 = %q, want %q", got, want)
	}
	if !uitest.HasBrightColor(in) || uitest.HasBrightColor(want) {
		t.Error("HasBrightColor")
	}
}
