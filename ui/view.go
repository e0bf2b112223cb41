package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// MinWidth and MinHeight are the smallest terminal the explorer draws in.
const (
	MinWidth  = 80
	MinHeight = 24
)

// headerHeight is the header (info line + breadcrumb).
const headerHeight = 2

func (a *App) tooSmall() bool { return a.width < MinWidth || a.height < MinHeight }

// layout recomputes the body height from the header and footer and gives every screen
// in the stack its size, first thing on a resize (soft-serve getMargins).
func (a *App) layout() {
	w := max(0, a.width)
	// Back is offered only when there is a screen to go back to.
	a.keys.Back.SetEnabled(len(a.stack) > 1)
	a.help.SetWidth(w)
	a.cmdline.fit(w)
	a.footerH = a.footerHeight()
	a.bodyH = max(0, a.height-headerHeight-a.footerH)
	for _, e := range a.stack {
		e.s.SetSize(w, a.bodyH)
	}
}

func (a *App) footerHeight() int {
	switch {
	case a.cmdline.active:
		return 1
	case a.status.text != "":
		return len(a.statusLines())
	case a.help.ShowAll:
		return max(1, lipgloss.Height(a.fullHelp()))
	}
	return 1
}

// maxStatusLines bounds a status line that wraps (an error that lists what is valid).
const maxStatusLines = 4

// statusLines is the status text wrapped to the width: a long error is read in full
// (up to maxStatusLines lines; the body gives up the lines while it shows).
func (a *App) statusLines() []string {
	glyph := "• "
	switch a.status.level {
	case screen.LevelWarn:
		glyph = "! "
	case screen.LevelError:
		glyph = "✗ "
	}
	w := max(1, a.width)
	lines := strings.Split(ansi.Wrap(glyph+a.status.text, w, " ,"), "\n")
	if len(lines) > maxStatusLines {
		lines = lines[:maxStatusLines]
		lines[maxStatusLines-1] = ansi.Truncate(lines[maxStatusLines-1]+" …", w, "…")
	}
	return lines
}

// fullHelp lays the help columns out in rows of columns that fit the width, so every
// column shows at 80 columns too (bubbles help cuts the columns that do not fit).
func (a *App) fullHelp() string {
	sep := a.styles.Help.FullSeparator.Render(a.help.FullSeparator)
	var rows, row []string
	w := 0
	for _, col := range a.keyMap().FullHelp() {
		var enabled []key.Binding
		for _, b := range col {
			if b.Enabled() {
				enabled = append(enabled, b)
			}
		}
		if len(enabled) == 0 {
			continue
		}
		c := a.help.FullHelpView([][]key.Binding{enabled})
		cw := lipgloss.Width(c)
		if len(row) > 0 && w+lipgloss.Width(sep)+cw > a.width {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, w = nil, 0
		}
		if len(row) > 0 {
			row = append(row, sep)
			w += lipgloss.Width(sep)
		}
		row = append(row, c)
		w += cw
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	return strings.Join(rows, "\n\n")
}

// View implements tea.Model.
func (a *App) View() tea.View {
	v := tea.NewView(a.render())
	v.AltScreen = true
	v.WindowTitle = "prefect-tui"
	if n := a.tenantName(); n != "" {
		v.WindowTitle += " · " + n
	}
	return v
}

func (a *App) render() string {
	if a.width <= 0 || a.height <= 0 {
		return ""
	}
	if a.tooSmall() {
		return a.tooSmallView()
	}
	body := ""
	if t := a.top(); t != nil {
		body = t.s.View()
	}
	var b strings.Builder
	b.Grow((a.width + 16) * a.height * 2)
	n := 0
	for _, part := range []string{a.cachedHeader(), a.cachedBreadcrumb()} {
		n += a.widths.writeFitted(&b, part, a.width, a.height-n, n > 0)
	}
	if strings.ContainsAny(body, "\t\r") {
		// Tabs and carriage returns need lipgloss's handling (tabs to spaces).
		body = a.styles.App.Body.Width(a.width).Height(a.bodyH).MaxHeight(a.bodyH).MaxWidth(a.width).Render(body)
	}
	n += a.widths.writeBlock(&b, body, a.width, min(a.bodyH, a.height-n), n > 0)
	a.widths.writeFitted(&b, a.footerView(), a.width, a.height-n, n > 0)
	return b.String()
}

func (a *App) tooSmallView() string {
	s := a.styles.App
	msg := s.PanelTitle.Render("terminal too small") + "\n" +
		fmt.Sprintf("need %d×%d, have %d×%d", MinWidth, MinHeight, a.width, a.height) + "\n" +
		"resize, or q to quit"
	if a.width >= 30 && a.height >= 5 {
		msg = s.Panel.Render(msg)
	} else {
		msg = "too small"
		if a.width >= 40 {
			msg = fmt.Sprintf("terminal too small: need %d×%d", MinWidth, MinHeight)
		}
	}
	out := lipgloss.Place(a.width, a.height, lipgloss.Center, lipgloss.Center, msg)
	return clip(out, a.width, a.height)
}

func (a *App) tenantName() string {
	switch {
	case a.session.TenantName != "":
		return a.session.TenantName
	case a.session.TenantSlug != "":
		return a.session.TenantSlug
	}
	return ""
}

// headerView: "prefect-tui  URL · backend      [ tenant ]  read-only  ● connected".
func (a *App) headerView() string {
	s := a.styles.App
	var right []string
	tenant := a.tenantName()
	if tenant == "" && a.session.Backend == "cloud" {
		tenant = "no tenant" // Cloud needs one; Prefect Server works without knowing it
	}
	if tenant != "" {
		band := a.styles.TenantBand(a.session.TenantID)
		right = append(right, band.Render(ansi.Truncate(tenant, 24, "…")))
	}
	switch {
	case a.session.Role == screen.RoleReadOnly:
		// The role says why nothing can be changed (--read-only too, if given).
		right = append(right, s.HeaderReadOnly.Render("read-only user"))
	case a.opts.ReadOnly:
		right = append(right, s.HeaderReadOnly.Render("read-only"))
	}
	right = append(right, a.connView())
	r := strings.Join(right, " ")

	app := s.HeaderApp.Render("prefect-tui")
	backend := a.session.Backend
	if backend == "" {
		backend = "server"
	}
	room := a.width - lipgloss.Width(app) - lipgloss.Width(r) - 2
	url := a.session.APIURL + " · " + backend
	left := app
	if room > 4 {
		left += " " + s.HeaderURL.Render(ansi.Truncate(url, room-1, "…"))
	}
	gap := max(1, a.width-lipgloss.Width(left)-lipgloss.Width(r))
	return ansi.Truncate(left+strings.Repeat(" ", gap)+r, a.width, "")
}

// breadcrumbView joins the stack's titles: "flows › etl-nightly › runs".
func (a *App) breadcrumbView() string {
	s := a.styles.App
	var parts []string
	for i, e := range a.stack {
		t := e.s.Title()
		if i == len(a.stack)-1 {
			parts = append(parts, s.BreadcrumbLast.Render(t))
		} else {
			parts = append(parts, s.Breadcrumb.Render(t))
		}
	}
	sep := s.BreadcrumbSep.Render(" › ")
	line := strings.Join(parts, sep)
	// Drop the oldest parts until it fits.
	for lipgloss.Width(line) > a.width && len(parts) > 1 {
		parts = parts[1:]
		line = s.BreadcrumbSep.Render("… › ") + strings.Join(parts, sep)
	}
	return ansi.Truncate(line, a.width, "…")
}

// footerView: the command line, else the status line, else the help.
func (a *App) footerView() string {
	s := a.styles.App
	switch {
	case a.cmdline.active:
		return ansi.Truncate(a.cmdLineView(), a.width, "…")
	case a.status.text != "":
		st := s.StatusInfo
		switch a.status.level {
		case screen.LevelWarn:
			st = s.StatusWarn
		case screen.LevelError:
			st = s.StatusError
		}
		lines := a.statusLines()
		for i, l := range lines {
			lines[i] = st.Render(l)
		}
		return strings.Join(lines, "\n")
	}
	if a.help.ShowAll {
		lines := strings.Split(a.fullHelp(), "\n")
		fh := a.footerHeight()
		for len(lines) < fh {
			lines = append(lines, "")
		}
		return clip(strings.Join(lines[:fh], "\n"), a.width, fh)
	}
	return a.shortHelp()
}

// shortHelp renders as many short-help items as fit, then "…". (bubbles help adds
// items past its width when the ellipsis itself does not fit, so fit them here.)
func (a *App) shortHelp() string {
	var enabled []key.Binding
	var kb strings.Builder
	for _, b := range a.keyMap().ShortHelp() {
		if b.Enabled() {
			enabled = append(enabled, b)
			h := b.Help()
			kb.WriteString(h.Key + "\x00" + h.Desc + "\x00")
		}
	}
	// The help line is the same frame after frame: styled again only when the keys,
	// the width or the styles change.
	k := helpKey{keys: kb.String(), width: a.width, gen: a.styles.Gen}
	if a.helpCache.key == k && a.helpCache.text != "" {
		return a.helpCache.text
	}
	text := a.fitShortHelp(enabled)
	a.helpCache = cachedHelp{key: k, text: text}
	return text
}

// helpKey is what the short help line depends on.
type helpKey struct {
	keys  string
	width int
	gen   uint64
}

type cachedHelp struct {
	key  helpKey
	text string
}

// fitShortHelp is shortHelp without the cache.
func (a *App) fitShortHelp(enabled []key.Binding) string {
	full := a.help.ShortHelpView(enabled)
	if lipgloss.Width(full) <= a.width {
		return full
	}
	// Too long: keep the first items and always end with "? help", so the way to the
	// rest is never cut off.
	var items []key.Binding
	for _, b := range enabled {
		if b.Help() != a.keys.Help.Help() {
			items = append(items, b)
		}
	}
	sep := a.styles.Help.ShortSeparator.Render(a.help.ShortSeparator)
	tail := a.styles.Help.Ellipsis.Render(" "+a.help.Ellipsis) + sep + a.help.ShortHelpView([]key.Binding{a.keys.Help})
	for n := len(items); n > 0; n-- {
		h := a.help.ShortHelpView(items[:n])
		if lipgloss.Width(h)+lipgloss.Width(tail) <= a.width {
			return h + tail
		}
	}
	return ansi.Truncate(full, a.width, "…")
}

// keyMap is the help of the focused screen plus the global keys. While the screen
// captures input (a filter, a picker, the editor) every key but ctrl+c goes to it, so
// the global keys are not offered then: only ctrl+c.
type keyMap struct {
	screen    helpKeyMap
	global    GlobalKeyMap
	capturing bool
}

type helpKeyMap interface {
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
}

func (a *App) keyMap() keyMap {
	var s helpKeyMap = GlobalKeyMap{}
	capturing := false
	global := a.keys
	if t := a.top(); t != nil {
		s, capturing = t.s, t.s.CapturesInput()
		if t.route.Kind == screen.RouteQuery {
			// `g q` does nothing in the editor itself.
			global.Query.SetEnabled(false)
		}
	}
	return keyMap{screen: s, global: global, capturing: capturing}
}

// ShortHelp implements help.KeyMap.
func (k keyMap) ShortHelp() []key.Binding {
	out := append([]key.Binding{}, k.screen.ShortHelp()...)
	if k.capturing {
		return out
	}
	return append(out, k.global.ShortHelp()...)
}

// FullHelp implements help.KeyMap.
func (k keyMap) FullHelp() [][]key.Binding {
	out := append([][]key.Binding{}, k.screen.FullHelp()...)
	if k.capturing {
		return append(out, []key.Binding{k.global.ForceQuit})
	}
	return append(out, k.global.FullHelp()...)
}

// KeyMap returns the help key map of the focused screen plus the global keys (tests).
func (a *App) KeyMap() interface {
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
} {
	return a.keyMap()
}
