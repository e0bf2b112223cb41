package run

import (
	"slices"
	"strings"
	"time"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

// The page's header and tab bar are the same frame after frame: they are styled again
// only when what they show changes.

// headerLines are the page's header: title, times, labels and parameters, the state
// history. They are styled again only when what they show changes: the run (each load
// is a new one), the width, the styles, or what the clock changes in them (late or not,
// the times, the day the stamps are relative to).
func (m *Model) headerLines() []string {
	r := m.run
	if r == nil {
		return nil
	}
	now := m.deps.Now()
	u := now.UTC()
	k := headerKey{run: r, width: m.width, gen: m.deps.Styles.Gen, late: rundata.IsLate(r.State, r.Scheduled, now),
		times: strings.Join(m.times(now), "\x00"), day: u.YearDay(), year: u.Year()}
	if m.header.key != k || m.header.lines == nil {
		m.header = cachedHeader{key: k, lines: m.styleHeader(now)}
	}
	// Clipped: a caller appending to the lines must not write into the cache.
	return slices.Clip(m.header.lines)
}

// headerKey is what the header lines show.
type headerKey struct {
	run       *rundata.Run
	width     int
	gen       uint64
	late      bool
	times     string
	day, year int
}

type cachedHeader struct {
	key   headerKey
	lines []string
}

// times are the run's times as the header says them: scheduled, start, end and took or
// running.
func (m *Model) times(now time.Time) []string {
	r := m.run
	return append([]string{"sched " + timefmt.Stamp(r.Scheduled, now)},
		timefmt.Times(r.Start, r.End, now, components.Info(r.State).Finished)...)
}

// tabBar is styleTabBar, styled again only when the tabs, the width, the styles or
// the mark on the right (the age of the data, a failed refresh) changed.
func (m *Model) tabBar() string {
	var k strings.Builder
	for _, t := range m.tabs.Shown() {
		k.WriteString(t.Title())
		k.WriteByte(0)
	}
	if t := m.tabs.Active(); t != nil {
		k.WriteString(t.Title())
	}
	k.WriteByte(0)
	if !m.updated.IsZero() {
		k.WriteString(timefmt.Ago(m.updated, m.deps.Now()))
	}
	if m.err != nil {
		k.WriteString("\x00" + api.Reason(m.err))
	} else if m.partial != nil {
		k.WriteString("\x01" + api.Describe(m.partial))
	}
	key := tabBarKey{text: k.String(), width: m.width, gen: m.deps.Styles.Gen}
	if m.bar.key != key || m.bar.text == "" {
		m.bar = cachedTabBar{key: key, text: m.styleTabBar()}
	}
	return m.bar.text
}

// tabBarKey is what the tab bar shows: the tabs' titles, the active one, and the
// mark's text.
type tabBarKey struct {
	text  string
	width int
	gen   uint64
}

type cachedTabBar struct {
	key  tabBarKey
	text string
}
