package taskrun

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
)

// TestStatesAlignedAndMessagesWhole: the messages start in one column whatever the
// state's name, and a long failure message is wrapped in full, not cut with "…".
func TestStatesAlignedAndMessagesWhole(t *testing.T) {
	long := "Error during execution of task: ClientError('An error occurred (AccessDenied) when calling the GetObject operation: Access Denied')"
	at := runtest.Now.Add(-time.Hour)
	tab := newStatesTab(runtest.Deps(nil))
	tab.SetSize(80, 10)
	tab.set([]rundata.State{
		{State: "Pending", Message: "Task run created", Timestamp: at},
		{State: "Running", Message: "Starting task run.", Timestamp: at.Add(time.Minute)},
		{State: "Failed", Message: long, Timestamp: at.Add(2 * time.Minute)},
	})
	v := ansi.Strip(tab.View())
	lines := strings.Split(v, "\n")
	col := -1
	for _, l := range lines {
		if strings.Contains(v, "…") {
			t.Fatalf("message cut:\n%s", v)
		}
		if ansi.StringWidth(l) > 80 {
			t.Errorf("line wider than 80: %q", l)
		}
		for _, m := range []string{"Task run created", "Starting task run.", "Error during"} {
			if i := strings.Index(l, m); i >= 0 {
				if c := ansi.StringWidth(l[:i]); col < 0 {
					col = c
				} else if c != col {
					t.Errorf("message %q starts at column %d, others at %d:\n%s", m, c, col, v)
				}
			}
		}
	}
	if got := strings.Join(strings.Fields(v), " "); !strings.Contains(got, strings.Join(strings.Fields(long), " ")) {
		t.Errorf("the failure message is not whole:\n%s", v)
	}
}
