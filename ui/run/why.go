package run

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/diagnose"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

// WhyTitle heads the panel of a run that waits to run.
const WhyTitle = "Why isn't it running?"

// minTabLines is how many lines the tabs keep under the panel.
const minTabLines = 5

// whyLines is the "Why isn't it running?" panel of a waiting run: its title, then each
// reason as a wrapped sentence (most likely first), with the agent's last logs under a
// "never started" one. It gets at most what leaves the tabs minTabLines; what does not
// fit is in the Details tab, and the last line says so.
func (m *Model) whyLines() []string {
	if m.run == nil {
		return nil
	}
	reasons := m.run.WhyNotRunning(m.deps.Now())
	if len(reasons) == 0 {
		return nil
	}
	st := m.deps.Styles
	w := max(m.width, 20)
	lines := []string{st.State.Late.Render(WhyTitle)}
	for i, r := range reasons {
		style := st.Text.Primary
		if i > 0 {
			style = st.Text.Secondary
		}
		for j, l := range strings.Split(ansi.Wrap(r.Text, w-2, ""), "\n") {
			bullet := "  "
			if j == 0 {
				bullet = "• "
			}
			lines = append(lines, style.Render(bullet+l))
		}
		logs := r.Logs
		if len(logs) > panelLogs {
			logs = logs[len(logs)-panelLogs:]
		}
		for _, lg := range logs {
			for _, l := range m.logLines(lg) {
				lines = append(lines, ansi.Truncate(l, w, "…"))
			}
		}
	}
	room := max(2, m.height-4-1-minTabLines) // the header's four lines and the tab bar
	if len(lines) > room {
		lines = append(lines[:room-1], st.Text.Faint.Render(ansi.Truncate("  … more in the Details tab", w, "…")))
	}
	return lines
}

// panelLogs is how many of the agent's last logs the panel shows (Details shows all).
const panelLogs = 3

// logLines render one log of the agent under its reason: time, level and logger, then
// the message's lines (at most three), the next ones indented under the time.
func (m *Model) logLines(l diagnose.Log) []string {
	st := m.deps.Styles
	head := "    " + timefmt.Stamp(l.Time, m.deps.Now()) + " " + padTo(l.Level, 8) + l.Name + " "
	const pad = "             "
	var out []string
	for i, part := range strings.Split(strings.TrimSpace(l.Message), "\n") {
		if i == 3 {
			break
		}
		text := st.Text.Primary.Render(OneLine(part))
		if i == 0 {
			out = append(out, st.Text.Faint.Render(head)+text)
		} else {
			out = append(out, pad+text)
		}
	}
	return out
}

// OneLine folds a multi-line log message onto one line (the Kubernetes agent's pod
// events are "Event: …\n\tMessage: …").
func OneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// whyKey sums reasons up for telling whether they changed between two loads.
func whyKey(rs []diagnose.Reason) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.Short + "\n")
	}
	return b.String()
}
