// Package tabs is the contract between a page with tabs (the run page, the task-run
// page) and its tabs (timeline, task runs, logs, schematic, details, ...). A page keeps
// its tabs in a Set: the active one, switching with tab / shift+tab / digits, and the
// tab bar. Tabs that live in other packages are built by a Factory that the root wires
// (ui/routes.go), so that no screen package imports another.
package tabs

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/theme"
)

// Tab is one pane of a page. Tabs are pointers updated in place, so that the page needs
// no type assertion on Update.
//
// The page gives the active tab every key it does not use itself (tab switching, its
// actions, r, y, Y) and gives every tab all other messages, so a tab's results arrive
// while it is hidden. A tab's requests should use the Deps.Ctx given to its Factory.
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

// Selector is implemented by tabs with a task-run cursor: the page's y / Y copy the
// selected task run (else the page's run), and its actions get it in their Selection.
type Selector interface {
	SelectedID() string
}

// Hider is implemented by tabs that have nothing to show at times (a task run's Mapped
// runs while it has no children): the page leaves them out of its bar.
type Hider interface {
	Hidden() bool
}

// Factory builds a tab for the page of the entity id (a flow run, a task run). Deps.Ctx
// is cancelled when the page is popped.
type Factory func(deps screen.Deps, id string) Tab

// Claims reports whether one of the tab's enabled bindings matches k: a page gives such
// keys to the tab before its own (the Logs tab's y copies a line, not the run id).
func Claims(t Tab, k tea.KeyPressMsg) bool {
	for _, col := range t.FullHelp() {
		if key.Matches(k, col...) {
			return true
		}
	}
	return false
}

// Shadowed reports whether the tab binds one of b's keys itself (see Claims): a page
// leaves such bindings of its own out of its help, so help never shows a key twice.
func Shadowed(t Tab, b key.Binding) bool {
	for _, k := range b.Keys() {
		if Claims(t, keyPress(k)) {
			return true
		}
	}
	return false
}

// keyPress makes the key press of a single-character binding ("y", "r", "Y").
func keyPress(k string) tea.KeyPressMsg {
	r := []rune(k)
	if len(r) != 1 {
		return tea.KeyPressMsg{}
	}
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

// KeyMap are the tab-switching bindings.
type KeyMap struct {
	Next, Prev key.Binding
	// Jump goes to a tab by its number; disabled unless the page turns it on
	// (Set.EnableJump).
	Jump key.Binding
}

// DefaultKeyMap returns tab / shift+tab, and a disabled Jump.
func DefaultKeyMap() KeyMap {
	jump := key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", "go to tab"))
	jump.SetEnabled(false)
	return KeyMap{
		Next: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next tab")),
		Prev: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "prev tab")),
		Jump: jump,
	}
}

// Set is the tabs of a page and which one is active.
type Set struct {
	Keys KeyMap
	all  []Tab
	cur  int // index into Shown()
}

// NewSet returns the tabs in bar order, the first active.
func NewSet(tabs ...Tab) *Set { return &Set{Keys: DefaultKeyMap(), all: tabs} }

// EnableJump turns the digit keys on, for the tabs there are: help says "1-5", not
// "1-9".
func (s *Set) EnableJump() {
	n := min(len(s.all), 9)
	if n == 0 {
		return
	}
	digits := make([]string, n)
	for i := range digits {
		digits[i] = strconv.Itoa(i + 1)
	}
	s.Keys.Jump.SetKeys(digits...)
	s.Keys.Jump.SetHelp("1-"+digits[n-1], "go to tab")
	s.Keys.Jump.SetEnabled(true)
}

// All returns every tab, shown or hidden: they all get sizes and messages.
func (s *Set) All() []Tab { return s.all }

// Shown returns the tabs in the bar (those not Hidden).
func (s *Set) Shown() []Tab {
	out := make([]Tab, 0, len(s.all))
	for _, t := range s.all {
		if h, ok := t.(Hider); ok && h.Hidden() {
			continue
		}
		out = append(out, t)
	}
	return out
}

// Active returns the active tab (nil when there is none).
func (s *Set) Active() Tab {
	shown := s.Shown()
	if s.cur < 0 || s.cur >= len(shown) {
		return nil
	}
	return shown[s.cur]
}

// Select makes the i-th shown tab active.
func (s *Set) Select(i int) { s.cur = i; s.Clamp() }

// SelectTitle makes the tab titled title (case-insensitive) active, if there is one.
func (s *Set) SelectTitle(title string) {
	for i, t := range s.Shown() {
		if strings.EqualFold(t.Title(), title) {
			s.cur = i
		}
	}
}

// Clamp keeps the active index on a shown tab after tabs were hidden.
func (s *Set) Clamp() { s.cur = max(min(s.cur, len(s.Shown())-1), 0) }

// Switch handles the tab-switching keys; it reports whether k was one.
func (s *Set) Switch(k tea.KeyPressMsg) bool {
	n := len(s.Shown())
	switch {
	case n == 0:
		return false
	case key.Matches(k, s.Keys.Next):
		s.cur = (s.cur + 1) % n
	case key.Matches(k, s.Keys.Prev):
		s.cur = (s.cur + n - 1) % n
	case key.Matches(k, s.Keys.Jump):
		if i, err := strconv.Atoi(k.String()); err == nil && i >= 1 && i <= n {
			s.cur = i - 1
		}
	default:
		return false
	}
	return true
}

// Bar renders the tab bar: "[1 Timeline] 2 Task runs  3 Logs ", the active tab in
// brackets so it shows without colour.
func (s *Set) Bar(st *theme.Styles) string {
	var b strings.Builder
	for i, t := range s.Shown() {
		name := strconv.Itoa(i+1) + " " + t.Title()
		if i == s.cur {
			b.WriteString(st.Pane.Title.Render("[" + name + "]"))
		} else {
			b.WriteString(st.Text.Secondary.Render(" " + name + " "))
		}
	}
	return b.String()
}
