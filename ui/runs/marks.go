package runs

import "github.com/prefect-tui/prefect-tui/ui/screen"

// afterAction updates the selection after an action changed data: a bulk action that
// went through is done with its selection (the runs it left alone, already finished,
// too); one that stopped part-way unselects the runs it changed and keeps the others
// selected, to try again. A change that names no runs keeps the selection.
func (m *Model) afterAction(msg screen.ChangedMsg) {
	if len(msg.IDs) == 0 {
		return
	}
	if msg.Err == nil {
		m.clearMarks()
		return
	}
	for _, id := range msg.IDs {
		if m.marked[id] {
			m.toggleMark(id)
		}
	}
}
