package runs

import (
	"errors"
	"testing"

	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// TestBulkActionClearsTheSelection: after a bulk cancel the runs it cancelled are no
// longer selected ("3 selected", then C said "nothing to cancel"); when it stopped
// part-way, the runs it did not reach stay selected, to try again.
func TestBulkActionClearsTheSelection(t *testing.T) {
	m := loadedList(t, 10, 80, 24)
	uitest.Send[screen.Screen](m, uitest.Press("space"), uitest.Press("space"), uitest.Press("space"))
	marked := m.Marked()
	if len(marked) != 3 {
		t.Fatalf("marked %v", marked)
	}
	m.Update(screen.ChangedMsg{Action: "cancel", IDs: marked})
	if got := m.Marked(); len(got) != 0 {
		t.Fatalf("still selected after the cancel: %v", got)
	}

	uitest.Send[screen.Screen](m, uitest.Press("g"), uitest.Press("space"), uitest.Press("space"), uitest.Press("space"))
	marked = m.Marked()
	m.Update(screen.ChangedMsg{Action: "cancel", IDs: marked[:1], Err: errors.New("boom")})
	if got := m.Marked(); len(got) != 2 || got[0] != marked[1] || got[1] != marked[2] {
		t.Fatalf("after a part-way failure selected %v, want %v", got, marked[1:])
	}
	// A change that is not this list's bulk action (no ids) keeps the selection.
	m.Update(screen.ChangedMsg{Action: "run now", Created: "x"})
	if got := m.Marked(); len(got) != 2 {
		t.Fatalf("an unrelated change dropped the selection: %v", got)
	}
}
