package flows_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/flows"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// loadedFake is the screen with three canned rows (no server needed).
func loadedFake(t *testing.T) *flows.Model {
	m := flows.New(newDeps(t, nil), screen.Route{Kind: screen.RouteFlows}, flows.Options{})
	m.SetSize(80, 24)
	m.Init()
	m.Update(flows.Loaded(m.ReqID(), "a", "b", "c"))
	return m
}

func helpLabels(bs []key.Binding) []string {
	var out []string
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b.Help().Desc)
		}
	}
	return out
}

func TestShortHelpLabels(t *testing.T) {
	m := loadedFake(t)
	want := []string{"flow page", "runs", "filter", "sort column", "refresh"} // no projects: p is hidden
	if got := helpLabels(m.ShortHelp()); !slices.Equal(got, want) {
		t.Errorf("short help %v, want %v", got, want)
	}
	m.Update(pressKey("/"))
	if got := helpLabels(m.ShortHelp()); !slices.Equal(got, []string{"apply filter", "clear filter"}) {
		t.Errorf("filtering help %v", got)
	}
}

func TestFullHelpPinned(t *testing.T) {
	m := loadedFake(t)
	full := m.FullHelp()
	if len(full) != 3 {
		t.Fatalf("FullHelp has %d columns, want 3 (navigation | actions | more actions)", len(full))
	}
	n := 0
	for _, col := range full {
		n += len(helpLabels(col))
	}
	// 6 navigation + 6 + 5 actions; no projects in the canned data: p/P are disabled.
	if n != 15 {
		t.Errorf("FullHelp shows %d bindings, want 15", n)
	}
	// Nothing to act on: enter and y are hidden.
	empty := flows.New(newDeps(t, nil), screen.Route{Kind: screen.RouteFlows}, flows.Options{})
	for _, l := range helpLabels(empty.ShortHelp()) {
		if l == "flow page" || l == "runs" {
			t.Errorf("%s offered with no flows", l)
		}
	}
}

func TestNoDuplicateEnabledKeys(t *testing.T) {
	m := loadedFake(t)
	seen := map[string]string{}
	for _, col := range m.FullHelp() {
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
}

// TestBackspaceClearsTheAppliedFilter: a filter applied with enter is cleared with ⌫
// (as on the runs screen); it used to take "/" then esc.
func TestBackspaceClearsTheAppliedFilter(t *testing.T) {
	m := loadedModel(t, 80, 24)
	m.SetDebounce(time.Millisecond)
	all := len(strings.Split(ansi.Strip(m.View()), "\n"))
	m, _ = settle(m, append(append(press("/"), uitest.Type("etl")...), pressKey("enter"))...)
	if v := ansi.Strip(m.View()); !strings.Contains(v, "/ etl") || strings.Contains(v, "batch-scoring") {
		t.Fatalf("filter not applied:\n%s", v)
	}
	if !strings.Contains(helpText(m), "clear filter") {
		t.Errorf("help does not offer ⌫ clear filter with a filter applied")
	}
	m, _ = settle(m, pressKey("backspace"))
	v := ansi.Strip(m.View())
	if strings.Contains(v, "/ etl") || !strings.Contains(v, "batch-scoring") || len(strings.Split(v, "\n")) != all {
		t.Errorf("⌫ did not clear the filter:\n%s", v)
	}
	if strings.Contains(helpText(m), "clear filter") {
		t.Errorf("help offers clear filter without a filter")
	}
}

func helpText(m *flows.Model) string {
	var b strings.Builder
	for _, col := range m.FullHelp() {
		for _, k := range col {
			if k.Enabled() {
				b.WriteString(k.Help().Desc + ",")
			}
		}
	}
	return b.String()
}
