package logs

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
)

// prefixWidth is the width of "15:04:05 LEVEL " before each message.
const prefixWidth = 15

func (m *Model) bodyHeight() int { return max(1, m.height-2) }

// loc is the time zone lines are shown in: the one of Deps.Now (UTC in tests).
func (m *Model) loc() *time.Location { return m.deps.Now().Location() }

// View implements screen.Screen: a filter line, the visible rows only (virtualised:
// the cost does not depend on how many lines are loaded) and a detail or prompt line.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if m.mode == modeDetail {
		return m.detailView()
	}
	var b strings.Builder
	b.WriteString(m.headerView())
	b.WriteByte('\n')
	b.WriteString(m.bodyView())
	b.WriteByte('\n')
	b.WriteString(m.footerView())
	return b.String()
}

func (m *Model) headerView() string {
	s := m.deps.Styles
	var parts []string
	lvl := "all"
	if lv := m.filter.levels(); lv != nil {
		lvl = lv[0] + "+"
	}
	parts = append(parts, s.Text.Secondary.Render("level: ")+s.Text.Accent.Render(lvl))
	if m.filter.Text != "" {
		parts = append(parts, s.Text.Secondary.Render("filter: ")+s.Text.Accent.Render(fmt.Sprintf("%q", m.filter.Text)))
	}
	if w := describeWindow(m.filter.From, m.filter.To, m.loc()); w != "" {
		parts = append(parts, s.Text.Secondary.Render("window: ")+s.Text.Accent.Render(w))
	}
	count := fmt.Sprintf("%d lines", m.total)
	if m.buf.len() < m.total {
		count = fmt.Sprintf("%d of %d lines", m.buf.len(), m.total)
	}
	parts = append(parts, s.Text.Secondary.Render(count))
	if m.search != "" {
		if len(m.matches) == 0 {
			parts = append(parts, s.Text.Warning.Render(fmt.Sprintf("/%s: no match", m.search)))
		} else {
			parts = append(parts, s.Text.Accent.Render(fmt.Sprintf("/%s %d/%d", m.search, m.match+1, len(m.matches))))
		}
	}
	if m.follow {
		parts = append(parts, s.State.Running.Render("● following"))
	} else if m.paused() {
		parts = append(parts, s.Text.Warning.Render("‖ paused (F follows)"))
	}
	if n := m.newLines(); n != "" {
		parts = append(parts, s.Text.Accent.Render(n))
	}
	if m.loading {
		parts = append(parts, s.Text.Faint.Render("loading…"))
	}
	return ansi.Truncate(strings.Join(parts, s.Text.Faint.Render(" · ")), m.width, "…")
}

func (m *Model) bodyView() string {
	s := m.deps.Styles
	h := m.bodyHeight()
	lines := make([]string, 0, h)
	switch {
	case m.err != nil && m.buf.len() == 0:
		lines = append(lines, s.Text.Error.Render("Couldn't load logs: "+api.Describe(m.err))+s.Text.Faint.Render(" · r retry · esc back"))
	case !m.loaded:
		lines = append(lines, s.Text.Faint.Render("Loading logs…"))
	case m.buf.len() == 0 && m.filterActive():
		lines = append(lines, s.Table.Empty.Render("No logs match the filter."))
	case m.buf.len() == 0:
		lines = append(lines, s.Table.Empty.Render("No logs yet."+m.followHint()))
	default:
		if m.hasOlder && m.win.Top == 0 && m.win.Cursor < h-1 {
			lines = append(lines, s.Text.Faint.Render("↑ older lines: [ or ↑ to load"))
			h--
		}
		end := m.win.End(len(m.buf.rows), h)
		for i := m.win.Top; i < end; i++ {
			lines = append(lines, m.rowView(i))
		}
	}
	if m.err != nil && m.buf.len() > 0 && len(lines) > 0 {
		lines[len(lines)-1] = s.Text.Warning.Render(ansi.Truncate("⚠ "+api.Describe(m.err), m.width, "…"))
	}
	for len(lines) < m.bodyHeight() {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

func (m *Model) followHint() string {
	if m.follow {
		return " Waiting for new lines…"
	}
	return " F follows new lines."
}

func (m *Model) filterActive() bool {
	return m.filter.MinLevel >= 0 || m.filter.Text != "" || m.filter.From != nil || m.filter.To != nil
}

// seg is a piece of a row with its style.
type seg struct {
	text  string
	style lipgloss.Style
}

// rowView renders display row i: prefix (time, level) then the visible part of the
// text, search matches highlighted. Each segment is styled on its own, so the selected
// row's background is not broken by a match inside it.
func (m *Model) rowView(i int) string {
	selected := i == m.win.Cursor
	key := cacheKey{w: m.width, xoff: m.xoff, search: m.search, styles: m.deps.Styles.Gen, gen: m.bufGen}
	if key != m.cacheKey {
		m.cacheKey, m.rowCache = key, map[rowID]string{}
	}
	id := rowID{i: i, selected: selected}
	if s, ok := m.rowCache[id]; ok {
		return s
	}
	out := m.renderRow(i, selected)
	if len(m.rowCache) > 4096 {
		m.rowCache = map[rowID]string{}
	}
	m.rowCache[id] = out
	return out
}

// rowID is a cached row: display row i, selected or not.
type rowID struct {
	i        int
	selected bool
}

// cacheKey is what rendered rows depend on besides their own text: a change drops the
// row cache, so that a cursor move re-renders two rows, not the whole screen.
type cacheKey struct {
	w, xoff int
	search  string
	styles  uint64
	gen     int
}

func (m *Model) renderRow(i int, selected bool) string {
	s := m.deps.Styles
	r := m.buf.rows[i]
	l := m.buf.lines[r.log]
	base := s.Table.Normal.Cell
	if selected {
		base = s.Table.Active.Row
	}
	var segs []seg
	if r.part == 0 {
		ts := l.Timestamp.In(m.loc()).Format("15:04:05")
		segs = append(segs, seg{ts + " ", pick(selected, base, s.Text.Faint)})
		segs = append(segs, seg{fmt.Sprintf("%-5s ", levelWord(l.Level)), pick(selected, base, m.levelStyle(l.Level))})
	} else {
		segs = append(segs, seg{strings.Repeat(" ", prefixWidth), base})
	}
	avail := max(1, m.width-prefixWidth)
	text := m.buf.text(r)
	if m.xoff > 0 {
		text = ansi.Cut(text, m.xoff, m.xoff+avail+1)
	}
	if ansi.StringWidth(text) > avail {
		text = ansi.Truncate(text, avail, "…")
	}
	textStyle := base
	if !selected && r.part > 0 {
		textStyle = s.Text.Secondary
	}
	segs = append(segs, m.highlight(text, textStyle)...)
	var b strings.Builder
	w := 0
	for _, sg := range segs {
		b.WriteString(sg.style.Render(sg.text))
		w += ansi.StringWidth(sg.text)
	}
	if selected && w < m.width {
		b.WriteString(base.Render(strings.Repeat(" ", m.width-w)))
	}
	return b.String()
}

func pick(selected bool, sel, normal lipgloss.Style) lipgloss.Style {
	if selected {
		return sel
	}
	return normal
}

// highlight splits text around case-insensitive matches of the search term.
func (m *Model) highlight(text string, style lipgloss.Style) []seg {
	if m.search == "" {
		return []seg{{text, style}}
	}
	match := m.deps.Styles.Text.Warning.Reverse(true)
	lt, term := strings.ToLower(text), strings.ToLower(m.search)
	if len(lt) != len(text) {
		// Lower-casing changed byte lengths (rare scripts): highlight nothing rather
		// than cut a rune in half.
		return []seg{{text, style}}
	}
	var out []seg
	for {
		i := strings.Index(lt, term)
		if i < 0 {
			break
		}
		if i > 0 {
			out = append(out, seg{text[:i], style})
		}
		out = append(out, seg{text[i : i+len(term)], match})
		text, lt = text[i+len(term):], lt[i+len(term):]
	}
	if text != "" {
		out = append(out, seg{text, style})
	}
	return out
}

func levelWord(l string) string {
	switch l {
	case "WARNING":
		return "WARN"
	case "CRITICAL":
		return "CRIT"
	case "":
		return "-"
	}
	if len(l) > 5 {
		return l[:5]
	}
	return l
}

func (m *Model) levelStyle(l string) lipgloss.Style {
	s := m.deps.Styles
	switch l {
	case "DEBUG":
		return s.Text.Faint
	case "WARNING":
		return s.Text.Warning
	case "ERROR", "CRITICAL":
		return s.Text.Error
	}
	return s.Text.Secondary
}

func (m *Model) footerView() string {
	s := m.deps.Styles
	if m.mode != modeBrowse {
		return m.input.View()
	}
	if e := m.export; e != nil {
		what := fmt.Sprintf("exporting %d/%d lines", e.written, e.total)
		if e.stopping {
			what = "stopping export"
		}
		if e.path != "" {
			what += " → " + e.path
		}
		return s.Text.Accent.Render(ansi.Truncate(what, m.width, "…"))
	}
	l, ok := m.selected()
	if !ok {
		return ""
	}
	parts := []string{l.Timestamp.In(m.loc()).Format("2006-01-02 15:04:05.000 MST"), l.Level}
	if l.Name != "" {
		parts = append(parts, l.Name)
	}
	if l.Task_run_id != "" && m.scope.TaskRunID == "" {
		parts = append(parts, "task run "+short(l.Task_run_id))
	}
	return s.Text.Faint.Render(ansi.Truncate(strings.Join(parts, " · "), m.width, "…"))
}
