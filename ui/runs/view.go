package runs

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/diagnose"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

const lateGlyph = "◷"

// SetSize implements screen.Screen.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.input.SetWidth(max(w-4, 10))
	m.clamp()
}

// The list's columns; flow (across flows only) and started (from 100 cells) may be
// absent, and flow and labels are left out when there is too little room for them.
const (
	colState = iota
	colName
	colFlow
	colSched
	colStart
	colTook
	colLabels
)

// columns are the list's columns for a terminal width, every column in place (a
// column that does not show has width 0 in layout).
func columns(w int, showFlow bool) []components.Column {
	cols := []components.Column{
		colState:  {Title: "state", Width: 12},
		colName:   {Title: "run", Flex: 40, Min: 6},
		colFlow:   {Title: "flow", Flex: 35, Min: 8, Drop: true},
		colSched:  {Title: "scheduled", Width: 12},
		colStart:  {Title: "started"},
		colTook:   {Title: "took", Width: 7, Right: true},
		colLabels: {Title: "labels", Flex: 25, Min: 6, Drop: true},
	}
	if w >= 100 {
		// start is a stamp like sched: "Nov 21 20:18" is 12 wide (8 cut it to "Nov 21 …").
		cols[colState].Width, cols[colStart].Width = 16, 12
	}
	if !showFlow {
		// A flow's own runs: the flow column would say the same on every row.
		cols[colFlow] = components.Column{Title: "flow"}
		cols[colName].Flex, cols[colLabels].Flex = 50, 50
	}
	return cols
}

// layout is the columns' widths after the gutter; zero hides one.
func layout(cols []components.Column, w int) []int { return components.Widths(cols, w-2) }

func itoa(i int) string { return strconv.Itoa(i) }

// View implements screen.Screen: the toolbar, the column header, the rows (or the
// state picker) and a status line.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	st := m.deps.Styles
	var b strings.Builder
	b.Grow(m.width * m.height * 3)
	b.WriteString(m.toolbar())
	b.WriteByte('\n')
	cols := columns(m.width, m.flowGroupID == "")
	if len(m.filter.States) == 1 && m.filter.States[0] == "Late" {
		// Every row is late: where the duration and labels go, each says why.
		cols[colTook].Title, cols[colTook].Right, cols[colLabels].Title = "why", false, ""
	}
	c := layout(cols, m.width)
	b.WriteString(st.Table.Header.Render(ansi.Truncate("  "+components.Header(cols, c), m.width, "")))
	if m.picker != nil {
		h := m.bodyHeight()
		for _, l := range m.pickerView(h) {
			b.WriteString("\n" + ansi.Truncate(l, m.width, ""))
			h--
		}
		b.WriteString(strings.Repeat("\n", max(h, 0)) + "\n")
		return b.String()
	}
	m.body(&b, c)
	b.WriteByte('\n')
	b.WriteString(m.statusLine())
	return b.String()
}

// toolbar is the filter (or its input) on the left; the late count, where the page is,
// the sort and the last update on the right.
func (m *Model) toolbar() string {
	st := m.deps.Styles
	var left string
	switch {
	case m.filtering:
		left = m.input.View()
	case m.filterText != "":
		left = st.Text.Accent.Render("/ " + m.filterText)
	default:
		left = st.Text.Faint.Render("/ filter")
	}
	right := ""
	if len(m.runs) > 0 {
		right = itoa(m.offset+1) + "–" + itoa(m.offset+len(m.runs)) + " of " + itoa(m.total)
		if m.capped {
			right += "+"
		}
	} else if !m.loadedAt.IsZero() {
		right = "0 runs"
	}
	right += " · " + m.sort.String()
	lateMark := ""
	if m.late > 0 {
		// Always visible, whatever the sort and filter: late runs must stand out.
		lateMark = st.State.Late.Render(lateGlyph+" "+itoa(m.late)+" late") + st.Text.Faint.Render(" (L) · ")
	}
	if !m.loadedAt.IsZero() {
		right += " · updated " + timefmt.Ago(m.loadedAt, m.deps.Now())
	}
	if m.err != nil && !m.loadedAt.IsZero() {
		right = "refresh failed: " + api.Reason(m.err) + " · " + right
	}
	return spread(left, lateMark+st.Text.Faint.Render(right), m.width)
}

// body writes the visible rows, or why there are none, and pads to the body height.
func (m *Model) body(b *strings.Builder, c []int) {
	st := m.deps.Styles
	h := m.bodyHeight()
	switch {
	case m.err != nil && m.loadedAt.IsZero():
		// Wrapped, not cut: the reason is at the end ("…: connection refused").
		msg := ansi.Wrap("Couldn't load runs: "+api.Describe(m.err), max(m.width, 1), "")
		b.WriteString("\n" + st.Text.Error.Render(msg) + "\n" + st.Text.Faint.Render("r retry · esc back"))
		h -= 1 + strings.Count(msg, "\n") + 1
	case m.loadedAt.IsZero():
		b.WriteString("\n" + st.Table.Empty.Render("loading runs…"))
		h--
	case len(m.runs) == 0:
		msg := "No runs."
		if m.filterText != "" {
			msg = "No runs match the filter · ⌫ clear"
		}
		b.WriteString("\n" + st.Table.Empty.Render(msg))
		h--
	}
	end := m.win.End(len(m.runs), h)
	for i := m.win.Top; i < end; i++ {
		b.WriteByte('\n')
		m.renderRow(b, i, c)
	}
	for i := end - m.win.Top; i < h; i++ {
		b.WriteByte('\n')
	}
}

// statusLine says how many runs are marked, that the data is partial, or that a refresh
// is under way.
func (m *Model) statusLine() string {
	st := m.deps.Styles
	switch {
	case len(m.marked) > 0:
		return st.Table.Marked.Render(itoa(len(m.marked))+" selected") + st.Table.Footer.Render(" · space toggle · ctrl+a none")
	case m.partial != nil:
		return st.Text.Warning.Render(ansi.Truncate("⚠ partial data: "+api.Describe(m.partial), m.width, "…"))
	case m.loading && !m.loadedAt.IsZero():
		return st.Table.Footer.Render("refreshing…")
	}
	return ""
}

func (m *Model) renderRow(b *strings.Builder, i int, c []int) {
	// A row is styled again only when what it shows changed: the cursor moving restyles
	// the two rows it leaves and enters, not the page.
	now := m.deps.Now()
	r := &m.runs[i]
	k := rowKey{gen: m.deps.Styles.Gen, cursor: i == m.win.Cursor, marked: m.marked[r.Id],
		late: rundata.IsLate(r.State, r.Scheduled_start_time, now), day: now.YearDay(), year: now.Year()}
	copy(k.widths[:], c)
	if !r.Start_time.IsZero() && r.End_time.IsZero() && !components.Info(r.State).Finished {
		k.running = now.Sub(r.Start_time).Truncate(time.Second)
	}
	if k.late {
		k.lateFor = now.Sub(r.Scheduled_start_time).Truncate(time.Second)
	}
	if e, ok := m.rows.rows[i]; ok && e.key == k {
		b.WriteString(e.text)
		return
	}
	var rb strings.Builder
	m.styleRow(&rb, i, c, now)
	m.rows.put(i, k, rb.String())
	b.WriteString(rb.String())
}

// rowKey is what a cached row's text depends on besides its run (rows are dropped when
// the runs are replaced): the styles, cursor and mark, the column widths, and the clock
// as far as the row shows it (day for stamps, seconds for a running or late run).
type rowKey struct {
	gen                  uint64
	cursor, marked, late bool
	day, year            int
	widths               [colLabels + 1]int
	running, lateFor     time.Duration
}

// rowCache holds the styled text of rows by index in m.runs.
type rowCache struct {
	rows map[int]cachedRow
}

type cachedRow struct {
	key  rowKey
	text string
}

// maxCachedRows bounds the cache: a few screens of rows.
const maxCachedRows = 512

func (c *rowCache) reset() { c.rows = nil }

func (c *rowCache) put(i int, k rowKey, text string) {
	if c.rows == nil || len(c.rows) >= maxCachedRows {
		c.rows = make(map[int]cachedRow, 64)
	}
	c.rows[i] = cachedRow{key: k, text: text}
}

// styleRow renders row i.
func (m *Model) styleRow(b *strings.Builder, i int, c []int, now time.Time) {
	st := m.deps.Styles
	r := m.runs[i]
	mark := "  "
	if m.marked[r.Id] {
		mark = st.Table.Marked.Render("● ")
	}
	if i == m.win.Cursor {
		if m.marked[r.Id] {
			mark = st.Table.Active.Row.Render("●›")
		} else {
			mark = st.Table.Active.Row.Render(" ›")
		}
	}
	word, style := r.State, components.StyleFor(st, r.State)
	late := rundata.IsLate(r.State, r.Scheduled_start_time, now)
	switch {
	case late:
		word, style = lateGlyph+" Late", st.State.Late
	case word == "":
		word = components.Info(r.State).Glyph + " —"
	default:
		word = components.Info(r.State).Glyph + " " + word
	}
	nameStyle := st.Table.Normal.Cell
	if i == m.win.Cursor {
		nameStyle = st.Table.Active.Row
	}
	took := ""
	if !r.Start_time.IsZero() {
		end := r.End_time
		switch {
		case !end.IsZero():
		case components.Info(r.State).Finished:
			end = r.State_timestamp
		default:
			end = now
		}
		took = timefmt.Duration(end.Sub(r.Start_time))
	}
	cell := func(col int, s string) string { return components.Cell(s, c[col], col == colTook) }
	cells := []string{
		colState:  style.Render(cell(colState, word)),
		colName:   nameStyle.Render(cell(colName, r.Name)),
		colTook:   st.Text.Primary.Render(cell(colTook, took)),
		colLabels: st.Flows.Labels.Render(ansi.Truncate(strings.Join(rundata.Labels(r.Labels), ","), c[colLabels], "…")),
	}
	// Flow, scheduled and started share a style: styled as one run with the gaps inside,
	// the terminal gets one colour change for the three instead of a reset and a colour
	// at each gap (fewer bytes a row).
	c = append([]int(nil), c...)
	secondary := []string{cell(colFlow, r.Flow.Name), cell(colSched, timefmt.Stamp(r.Scheduled_start_time, now)),
		cell(colStart, timefmt.Stamp(r.Start_time, now))}
	if group := components.Join(secondary, c[colFlow:colStart+1]); group != "" {
		first := true
		for col := colFlow; col <= colStart; col++ {
			switch {
			case c[col] > 0 && first:
				cells[col], first = st.Text.Secondary.Render(group), false
			default:
				c[col] = 0
			}
		}
	}
	b.WriteString(mark)
	if why := ""; late && m.agentsOK {
		why = m.lateReason(r, now)
		// A late run says why it does not run where its duration and labels go.
		span := c[colTook]
		if c[colLabels] > 0 {
			span += components.ColumnGap + c[colLabels]
		}
		if why != "" {
			cells[colTook] = st.State.Late.Render(ansi.Truncate(why, span, "…"))
			c[colLabels] = 0
		}
	}
	b.WriteString(components.Join(cells, c))
}

// lateReason is the short reason a late run does not run ("missing label: gpu"), from
// the agents loaded with the page (only shown when they came whole).
func (m *Model) lateReason(r Run, now time.Time) string {
	return diagnose.Short(diagnose.Input{
		Run: diagnose.Run{
			ID: r.Id, State: r.State, Scheduled: r.Scheduled_start_time, Due: r.State_start_time, Since: r.State_timestamp,
			Labels: rundata.Labels(r.Labels), FlowName: r.Flow.Name, FlowVersion: r.Flow.Version, FlowArchived: r.Flow.Archived,
		},
		Agents: m.agents, Now: now,
	})
}

// spread puts left and right on one line of width w, truncating left.
func spread(left, right string, w int) string {
	lw, rw := ansi.StringWidth(left), ansi.StringWidth(right)
	if lw+rw+1 > w {
		left = ansi.Truncate(left, max(w-rw-1, 0), "…")
		lw = ansi.StringWidth(left)
	}
	if lw+rw+1 > w {
		return ansi.Truncate(left+" "+right, w, "…")
	}
	return left + strings.Repeat(" ", w-lw-rw) + right
}
