package agents_test

import (
	"slices"
	"testing"

	"charm.land/bubbles/v2/key"

	"github.com/prefect-tui/prefect-tui/ui/actions"
	"github.com/prefect-tui/prefect-tui/ui/agents"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest/demo"
)

func labels(bs []key.Binding) []string {
	var out []string
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b.Help().Desc)
		}
	}
	return out
}

func TestHelp(t *testing.T) {
	c := demo.Client(t)
	m := open(t, c, agents.Options{Actions: actions.NewAgents(runtest.Deps(c))}, 100, 30)
	want := []string{"its runs", "next project", "remove stale agent", "refresh"}
	if got := labels(m.ShortHelp()); !slices.Equal(got, want) {
		t.Errorf("short help %v, want %v", got, want)
	}
	press(m, "j", "tab") // k8s-prod-agent's runs
	want = []string{"open run", "back to agents", "next project", "remove stale agent", "refresh"}
	if got := labels(m.ShortHelp()); !slices.Equal(got, want) {
		t.Errorf("runs focused: short help %v, want %v", got, want)
	}
	full := m.FullHelp()
	n := 0
	keys := map[string]string{}
	for _, col := range full {
		for _, b := range col {
			if !b.Enabled() {
				continue
			}
			n++
			for _, k := range b.Keys() {
				if prev, dup := keys[k]; dup {
					t.Errorf("key %q is both %q and %q", k, prev, b.Help().Desc)
				}
				keys[k] = b.Help().Desc
			}
		}
	}
	// navigation 6 | enter tab p P r y | D.
	if len(full) != 3 || n != 13 {
		t.Errorf("full help: %d columns, %d bindings; want 3, 13", len(full), n)
	}
}

// TestNoRunsNoFocus: an agent without runs offers neither tab nor enter.
func TestNoRunsNoFocus(t *testing.T) {
	m := open(t, demo.Client(t), agents.Options{}, 100, 30)
	press(m, "G") // old-vm-agent: one run it could take, none submitted
	press(m, "k", "k", "k")
	a, _ := m.Selected()
	if a.Name != "docker-agent" {
		t.Fatalf("selected %s", a.Name)
	}
	// docker-agent has recent runs: tab works. Every agent of the demo has a run, so
	// check the rule on one with none, through project scope: operations has no
	// docker runs.
	press(m, "p", "p", "p")
	if m.Title() != "agents (operations)" {
		t.Fatalf("title %q", m.Title())
	}
	a, _ = m.Selected()
	if len(a.Pickup)+len(a.Recent) != 0 {
		t.Fatalf("docker-agent has runs in operations: %+v", a)
	}
	if got := labels(m.ShortHelp()); slices.Contains(got, "its runs") {
		t.Errorf("help offers its runs: %v", got)
	}
	if msgs := press(m, "tab", "enter"); len(msgs) != 0 {
		t.Errorf("tab, enter on an agent without runs: %v", msgs)
	}
}
