package run

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

// SetSize implements screen.Screen.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.resizeTabs()
}

func (m *Model) resizeTabs() {
	m.whyN = len(m.whyLines())
	h := m.height - len(m.headerLines()) - m.whyN - 1
	for _, t := range m.tabs.All() {
		t.SetSize(m.width, max(h, 1))
	}
}

// View implements screen.Screen.
func (m *Model) View() string {
	st := m.deps.Styles
	switch {
	case m.notFound:
		return st.Text.Error.Render("No flow run with id "+m.id+".") + "\n" + st.Text.Faint.Render("esc back")
	case m.run == nil && m.err != nil:
		return st.Text.Error.Render(ansi.Wrap("Couldn't load the flow run: "+api.Describe(m.err), max(m.width, 1), "")) + "\n" +
			st.Text.Faint.Render("r retry · esc back")
	case m.run == nil:
		return st.Table.Empty.Render("loading run " + short(m.id) + "…")
	}
	lines := append(m.headerLines(), m.whyLines()...)
	lines = append(lines, m.tabBar())
	return strings.Join(lines, "\n") + "\n" + m.active().View()
}

// styleHeader is headerLines without the cache.
func (m *Model) styleHeader(now time.Time) []string {
	r := m.run
	st := m.deps.Styles
	w := m.width
	trunc := func(s string) string { return ansi.Truncate(s, w, "…") }

	state := components.State(st, r.State)
	if rundata.IsLate(r.State, r.Scheduled, now) {
		state = st.State.Late.Render(lateGlyph + " Late")
	}
	title := st.Text.Bold.Render(r.FlowName) + st.Text.Faint.Render(" › ") + st.Text.Primary.Render(r.Name) + "  " + state
	if r.Message != "" {
		title += "  " + st.Text.Secondary.Render(r.Message)
	}

	times := m.times(now)
	if r.AgentName != "" || r.AgentType != "" {
		times = append(times, "agent "+strings.TrimSpace(r.AgentName+" "+r.AgentType))
	}
	if r.FlowVersion > 0 {
		times = append(times, "flow v"+itoa(r.FlowVersion))
	}
	if r.ProjectName != "" {
		times = append(times, "project "+r.ProjectName)
	}
	// The times always; then agent, version and project while whole ones fit ("agent…"
	// at the edge said nothing).
	fit := 0
	for i := range times {
		if ansi.StringWidth(strings.Join(times[:i+1], " · ")) <= m.width || i == 0 {
			fit = i + 1
		} else if strings.HasPrefix(times[i], "agent ") || strings.HasPrefix(times[i], "flow v") || strings.HasPrefix(times[i], "project ") {
			break
		} else {
			fit = i + 1
		}
	}
	meta := st.Text.Secondary.Render(strings.Join(times[:fit], " · "))

	labels := "—"
	if len(r.Labels) > 0 {
		labels = strings.Join(r.Labels, ", ")
	}
	params := compactJSON(r.Parameters)
	extra := st.Text.Faint.Render("labels ") + st.Text.Accent.Render(labels) + st.Text.Faint.Render(" · params ") + st.Text.Primary.Render(params)

	return []string{trunc(title), trunc(meta), trunc(extra), trunc(m.historyLine(now))}
}

// historyLine is the state history, newest kept when it does not fit:
// "states ◌ Scheduled 11:59:58 → ▶ Running 12:00:01 → ✓ Success 12:04:10".
func (m *Model) historyLine(now time.Time) string {
	st := m.deps.Styles
	prefix := "states "
	parts := make([]string, 0, len(m.run.States))
	widths := make([]int, 0, len(m.run.States))
	for _, s := range m.run.States {
		p := components.State(st, s.State) + " " + st.Text.Faint.Render(timefmt.Stamp(s.Timestamp, now))
		parts = append(parts, p)
		widths = append(widths, ansi.StringWidth(p))
	}
	avail := m.width - len(prefix)
	used, first := 0, len(parts)
	for i := len(parts) - 1; i >= 0; i-- {
		need := widths[i]
		if i < len(parts)-1 {
			need += 3
		}
		if used+need > avail-2 {
			break
		}
		used += need
		first = i
	}
	line := st.Text.Faint.Render(prefix)
	if first > 0 {
		line += st.Text.Faint.Render("… ")
	}
	return line + strings.Join(parts[first:], st.Text.Faint.Render(" → "))
}

// styleTabBar is the tabs with, on the right, when the page was updated and whether the
// last refresh failed and why. When the whole mark does not fit (80 columns), the
// failure stays and the age goes: a failed refresh is never hidden by the width.
func (m *Model) styleTabBar() string {
	st := m.deps.Styles
	left := m.tabs.Bar(st)
	var marks []string
	if !m.updated.IsZero() {
		ago := "updated " + timefmt.Ago(m.updated, m.deps.Now())
		switch {
		case m.err != nil:
			failed := st.Text.Error.Render("refresh failed: " + api.Reason(m.err))
			marks = append(marks, failed+st.Text.Faint.Render(" · "+ago), failed,
				st.Text.Error.Render("✗ "+api.Reason(m.err)))
		case m.partial != nil:
			marks = append(marks, st.Text.Faint.Render("⚠ partial: "+api.Describe(m.partial)+" · "+ago))
		default:
			marks = append(marks, st.Text.Faint.Render(ago))
		}
	}
	for _, mark := range marks {
		if gap := m.width - ansi.StringWidth(left) - ansi.StringWidth(mark); gap >= 1 {
			return left + strings.Repeat(" ", gap) + mark
		}
	}
	if m.err != nil && !m.updated.IsZero() {
		// Not even beside the tabs: the failure before the tabs, which are cut.
		return ansi.Truncate(st.Text.Error.Render("✗ "+api.Reason(m.err))+" "+left, m.width, "…")
	}
	return ansi.Truncate(left, m.width, "…")
}

const lateGlyph = "◷"

func compactJSON(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return "—"
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	if mm, ok := v.(map[string]any); ok && len(mm) == 0 {
		return "{}"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return string(raw)
	}
	return string(b)
}

func itoa(i int) string {
	return strconv.Itoa(i)
}
