package taskrun_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest/demo"
)

// TestNumberKeysSwitchTabs: the digits switch tabs on the task-run page as on the run
// page (they did nothing here), and help offers only the tabs there are.
func TestNumberKeysSwitchTabs(t *testing.T) {
	c := demo.Client(t)
	p := mappedParent(t, c)
	m := openTaskRun(t, c, p.Run.ID, 100, 30)
	var s screen.Screen = m
	s, _ = uitest.Send(s, uitest.Press("2"))
	if v := ansi.Strip(m.View()); !strings.Contains(v, "[2 Mapped runs]") {
		t.Fatalf("2 did not open Mapped runs:\n%s", v)
	}
	s, _ = uitest.Send(s, uitest.Press("1"))
	if v := ansi.Strip(m.View()); !strings.Contains(v, "[1 States]") {
		t.Fatalf("1 did not go back to States:\n%s", v)
	}
	// A digit past the last tab changes nothing.
	uitest.Send(s, uitest.Press("9"))
	if v := ansi.Strip(m.View()); !strings.Contains(v, "[1 States]") {
		t.Fatalf("9 moved off States:\n%s", v)
	}
	help := false
	for _, col := range m.FullHelp() {
		for _, b := range col {
			if b.Enabled() && strings.HasPrefix(b.Help().Key, "1-") {
				help = true
			}
		}
	}
	if !help {
		t.Error("help does not offer the digit keys")
	}
}
