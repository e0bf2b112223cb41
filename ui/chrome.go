package ui

import (
	"strconv"
	"strings"

	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// The header and the breadcrumb are the same frame after frame: they are styled again
// only when what they show changes.

// headerKey is what the header line shows.
type headerKey struct {
	session  screen.Session
	readOnly bool
	width    int
	gen      uint64
	conn     string
}

// crumbKey is what the breadcrumb shows: the stack's titles.
type crumbKey struct {
	titles string
	width  int
	gen    uint64
}

// chromeCache holds the last header and breadcrumb lines.
type chromeCache struct {
	header      headerKey
	headerText  string
	crumb       crumbKey
	crumbText   string
	headerValid bool
	crumbValid  bool
}

// cachedHeader is headerView, styled again only when what it shows changed.
func (a *App) cachedHeader() string {
	conn := strconv.Itoa(int(a.conn.state)) + "\x00" + a.conn.label
	if a.conn.retry.id != 0 {
		conn += "\x00" + a.retryIn()
	}
	k := headerKey{session: a.session, readOnly: a.opts.ReadOnly, width: a.width, gen: a.styles.Gen, conn: conn}
	if !a.chrome.headerValid || a.chrome.header != k {
		a.chrome.header, a.chrome.headerText, a.chrome.headerValid = k, a.headerView(), true
	}
	return a.chrome.headerText
}

// cachedBreadcrumb is breadcrumbView, styled again only when a title, the width or the
// styles changed.
func (a *App) cachedBreadcrumb() string {
	var titles strings.Builder
	for _, e := range a.stack {
		titles.WriteString(e.s.Title())
		titles.WriteByte(0)
	}
	k := crumbKey{titles: titles.String(), width: a.width, gen: a.styles.Gen}
	if !a.chrome.crumbValid || a.chrome.crumb != k {
		a.chrome.crumb, a.chrome.crumbText, a.chrome.crumbValid = k, a.breadcrumbView(), true
	}
	return a.chrome.crumbText
}
