package logs

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// The detail view (v): the selected log line in full — whole timestamp, level, logger,
// task run and flow run ids, and every line of the message wrapped to the width —
// scrollable, in place of the list. It captures the keys, so esc comes back to the
// list instead of closing the screen.

func (m *Model) openDetail() {
	if _, ok := m.selected(); !ok {
		return
	}
	m.mode, m.detailTop = modeDetail, 0
}

// detailLines are the rows of the detail view of line l.
func (m *Model) detailLines(l Line) []string {
	s := m.deps.Styles
	w := max(20, m.width)
	head := []string{l.Timestamp.In(m.loc()).Format("2006-01-02 15:04:05.000 MST"), l.Level}
	if l.Name != "" {
		head = append(head, l.Name)
	}
	out := []string{s.Text.Secondary.Render(ansi.Wrap(strings.Join(head, " · "), w, " "))}
	if l.Task_run_id != "" {
		out = append(out, s.Text.Faint.Render("task run "+l.Task_run_id))
	}
	if l.Flow_run_id != "" {
		out = append(out, s.Text.Faint.Render("flow run "+l.Flow_run_id))
	}
	out = append(out, "")
	for _, p := range strings.Split(l.Message, "\n") {
		wrapped := p
		if ansi.StringWidth(p) > w {
			wrapped = ansi.Wrap(p, w, "")
		}
		for _, r := range strings.Split(wrapped, "\n") {
			out = append(out, m.levelStyle(l.Level).Render(r))
		}
	}
	var lines []string
	for _, o := range out {
		lines = append(lines, strings.Split(o, "\n")...)
	}
	return lines
}

// detailView fills the view's height: a title line, the rows, a position line.
func (m *Model) detailView() string {
	s := m.deps.Styles
	l, ok := m.selected()
	if !ok {
		m.mode = modeBrowse
		return m.View()
	}
	rows := m.detailLines(l)
	h := max(1, m.height-2)
	m.detailTop = max(0, min(m.detailTop, len(rows)-h))
	end := min(len(rows), m.detailTop+h)
	out := []string{s.Pane.Title.Render("log line")}
	out = append(out, rows[m.detailTop:end]...)
	for len(out) < h+1 {
		out = append(out, "")
	}
	pos := fmt.Sprintf("rows %d–%d of %d", m.detailTop+1, end, len(rows))
	if len(rows) <= h {
		pos = "all shown"
	}
	out = append(out, s.Text.Faint.Render(ansi.Truncate(pos+" · ↑↓ scroll · c copy · esc back", m.width, "…")))
	return strings.Join(out[:max(1, m.height)], "\n")
}

// handleDetail handles keys in the detail view.
func (m *Model) handleDetail(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	page := max(1, m.height-3)
	switch {
	case key.Matches(msg, k.Abandon), key.Matches(msg, k.Detail):
		m.mode = modeBrowse
		m.updateKeys()
	case key.Matches(msg, k.Up):
		m.detailTop = max(0, m.detailTop-1)
	case key.Matches(msg, k.Down):
		m.detailTop++
	case key.Matches(msg, k.PageUp):
		m.detailTop = max(0, m.detailTop-page)
	case key.Matches(msg, k.PageDown):
		m.detailTop += page
	case key.Matches(msg, k.Top):
		m.detailTop = 0
	case key.Matches(msg, k.Bottom):
		m.detailTop = 1 << 30 // clamped when drawn
	case key.Matches(msg, k.Copy):
		if l, ok := m.selected(); ok {
			return screen.Copy(formatExport(l, m.loc()), "log line")
		}
	}
	return nil
}

// detailHelp are the detail view's keys.
func (m *Model) detailHelp() []key.Binding {
	k := m.keys
	back := k.Abandon
	back.SetHelp("esc", "back to the list")
	return []key.Binding{k.Up, k.Down, k.PageDown, k.Copy, back}
}
