package run

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/theme"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

// details is the Details tab: ids, labels, the full parameters and the state history
// with messages, scrollable.
type details struct {
	styles        *theme.Styles
	now           func() time.Time
	run           *rundata.Run
	lines         []string
	win           components.Window // a text pane: Top only
	width, height int
	up, down      key.Binding
}

func newDetails(deps screen.Deps) *details {
	return &details{
		styles: deps.Styles, now: deps.Now,
		up:   key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		down: key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
	}
}

func (d *details) Title() string             { return "Details" }
func (d *details) Init() tea.Cmd             { return nil }
func (d *details) CapturesInput() bool       { return false }
func (d *details) ShortHelp() []key.Binding  { return []key.Binding{d.up, d.down} }
func (d *details) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }
func (d *details) SetSize(w, h int)          { d.width, d.height = w, h; d.build() }
func (d *details) SetRun(r *rundata.Run)     { d.run = r; d.build() }
func (d *details) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, d.up):
			d.win.Scroll(-1, len(d.lines), d.height)
		case key.Matches(k, d.down):
			d.win.Scroll(1, len(d.lines), d.height)
		}
	}
	return nil
}

func (d *details) build() {
	if d.run == nil {
		return
	}
	st, r, now := d.styles, d.run, d.now()
	kv := func(k, v string) string { return st.Text.Faint.Render(padTo(k, 10)) + st.Text.Primary.Render(v) }
	d.lines = d.lines[:0]
	add := func(s ...string) { d.lines = append(d.lines, s...) }
	add(kv("run id", r.ID), kv("flow", r.FlowName+" ("+r.FlowID+")"), kv("group", r.FlowGroupID))
	if r.ProjectName != "" {
		add(kv("project", r.ProjectName))
	}
	if r.AgentID != "" {
		add(kv("agent", strings.TrimSpace(r.AgentName+" "+r.AgentType)+" ("+r.AgentID+")"))
	}
	add(kv("labels", strings.Join(r.Labels, ", ")), kv("created", r.Created.UTC().Format(time.RFC3339)))
	d.addWhy(add)
	add("", st.Text.Bold.Render("Parameters"))
	var pretty bytes.Buffer
	if len(r.Parameters) == 0 || json.Indent(&pretty, r.Parameters, "  ", "  ") != nil {
		add("  —")
	} else {
		add(strings.Split("  "+pretty.String(), "\n")...)
	}
	add("", st.Text.Bold.Render("State history"))
	const indent = 2 + 19 + 2 + 18 // "  <timestamp>  <state cell>"
	for _, s := range r.States {
		line := "  " + st.Text.Faint.Render(s.Timestamp.UTC().Format("2006-01-02 15:04:05")) + "  " +
			padTo(components.State(st, s.State), 18)
		msg := strings.TrimSpace(s.Message)
		if !s.Start.IsZero() {
			msg = strings.TrimSpace(msg + " (start " + timefmt.Stamp(s.Start, now) + ")")
		}
		if msg == "" {
			add(line)
			continue
		}
		// Wrapped under itself, not cut: a failure's message is what the user reads.
		wrapped := []string{msg}
		if w := d.width - ansi.StringWidth(line); w >= 20 {
			wrapped = strings.Split(ansi.Wrap(msg, w, ""), "\n")
		}
		add(line + st.Text.Secondary.Render(wrapped[0]))
		for _, l := range wrapped[1:] {
			add(strings.Repeat(" ", max(indent, ansi.StringWidth(line))) + st.Text.Secondary.Render(l))
		}
	}
	d.win.Scroll(0, len(d.lines), d.height)
}

func (d *details) View() string {
	if d.run == nil {
		return ""
	}
	out := make([]string, 0, d.height)
	for _, l := range d.lines[d.win.Top:d.win.End(len(d.lines), d.height)] {
		out = append(out, ansi.Truncate(l, d.width, "…"))
	}
	return strings.Join(out, "\n")
}

func padTo(s string, w int) string {
	if n := ansi.StringWidth(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s + " "
}

// addWhy writes the whole "Why isn't it running?" of a waiting run: each reason
// wrapped, and the agent's last logs in full.
func (d *details) addWhy(add func(...string)) {
	reasons := d.run.WhyNotRunning(d.now())
	if len(reasons) == 0 {
		return
	}
	st := d.styles
	w := max(d.width-2, 20)
	add("", st.State.Late.Render(WhyTitle))
	for _, r := range reasons {
		for i, l := range strings.Split(ansi.Wrap(r.Text, w, ""), "\n") {
			bullet := "  "
			if i == 0 {
				bullet = "• "
			}
			add(st.Text.Primary.Render(bullet + l))
		}
		for _, lg := range r.Logs {
			head := "    " + st.Text.Faint.Render(lg.Time.UTC().Format("2006-01-02 15:04:05")) + " " +
				st.Text.Secondary.Render(padTo(lg.Level, 8)+lg.Name)
			add(head)
			for _, l := range strings.Split(ansi.Wrap(OneLine(lg.Message), max(w-6, 20), ""), "\n") {
				add("      " + st.Text.Primary.Render(l))
			}
		}
	}
}
