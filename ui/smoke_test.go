package ui_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/prefect-tui/prefect-tui/ui"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// TestProgramSmoke runs the whole program: load the flows, filter, quit with :quit,
// and checks the final model's view, stripped of colour.
func TestProgramSmoke(t *testing.T) {
	app := ui.New(ui.Options{Client: canned{"demo"}, Now: fixedClock,
		Session: screen.Session{APIURL: "http://127.0.0.1:4200/graphql", Backend: "server", TenantSlug: "demo"}})
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(80, 24))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("demo-flow")) },
		teatest.WithDuration(10*time.Second))
	tm.Send(uitest.Press("/"))
	tm.Type("demo")
	tm.Send(uitest.Press("enter"))
	tm.Send(uitest.Press(":"))
	tm.Type("quit")
	tm.Send(uitest.Press("enter"))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second))
	v := uitest.Strip(final.(*ui.App).View().Content)
	if !strings.Contains(v, "/ demo") || !strings.Contains(v, "demo-flow") {
		t.Errorf("final view:\n%s", v)
	}
	var _ tea.Model = final
}
