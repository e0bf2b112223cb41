package run

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/run/rundata"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// Tab is one pane of the run page (Timeline, Task runs, Logs, Schematic, Details).
// Tabs are pointers updated in place, so that packages plugging tabs in (ui/logs,
// ui/schematic) need not import this package's concrete types and the page needs no
// type assertion on Update.
//
// The page gives the active tab every key it does not use itself (tab, shift+tab, 1–9,
// r, y, Y) and gives every tab all other messages, so a tab's results arrive while it is
// hidden. A tab's requests should use the Deps.Ctx given to its factory.
type Tab interface {
	// Title is the tab's name in the tab bar.
	Title() string
	Init() tea.Cmd
	Update(tea.Msg) tea.Cmd
	View() string
	SetSize(w, h int)
	help.KeyMap
	// CapturesInput is true while the tab has a text input focused.
	CapturesInput() bool
}

// RunSetter is implemented by tabs that show the page's loaded run: SetRun is called
// after each (re)load, on the UI goroutine; the run must be treated as read-only.
type RunSetter interface {
	SetRun(*rundata.Run)
}

// Selector is implemented by tabs with a task-run cursor: y / Y copy the selected task
// run (else the flow run), and actions get it in their Selection.
type Selector interface {
	SelectedID() string
}

// TabFactory builds a tab for the run page of runID. Deps.Ctx is cancelled when the
// page is popped.
type TabFactory func(deps screen.Deps, runID string) Tab

// Selection is what the page tells actions about: the loaded run (nil until loaded)
// and the selected task run of the active tab ("" when none).
type Selection struct {
	Run       *rundata.Run
	TaskRunID string
}

// Actions plugs keys into the run page (cancel, restart, mark as, ...: ui/actions).
// HandleKey is offered each key before the active tab; it returns handled=false to let
// the page go on. After a mutation, actions should return rundata.ChangedMsg so the page
// reloads. Its help is shown with the page's.
type Actions interface {
	help.KeyMap
	HandleKey(msg tea.KeyPressMsg, sel Selection) (handled bool, cmd tea.Cmd)
}

// Options are the parts other packages plug into the run page.
type Options struct {
	// Tabs are added after Timeline and Task runs, before Details, in order (Logs,
	// Schematic).
	Tabs []TabFactory
	// Actions may be nil.
	Actions Actions
}
