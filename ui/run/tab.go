package run

import (
	"github.com/prefect-tui/prefect-tui/ui/components/tabs"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// RunSetter is implemented by tabs that show the page's loaded run: SetRun is called
// after each (re)load, on the UI goroutine; the run must be treated as read-only.
type RunSetter interface {
	SetRun(*rundata.Run)
}

// Options are the parts the root plugs into the run page (ui/routes.go).
type Options struct {
	// Tabs are the page's tabs in order (Timeline, Task runs, Logs, Schematic); the page
	// adds Details last.
	Tabs []tabs.Factory
	// Actions may be nil. They get the loaded run (zero until loaded) and the selected
	// task run of the active tab.
	Actions screen.Actions
}
