package flow

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

// detailWidth is the column of the details' names.
const detailWidth = 13

// detailLines are every detail of the flow, wrapped to the width: what the header cuts
// and what it leaves out (ids, versions with their dates, each parameter, every key
// of the run config and the storage, all ten next times).
func (m *Model) detailLines() []string {
	if m.page == nil || !m.page.found() {
		return nil
	}
	s := m.deps.Styles
	p := m.page
	now := m.deps.Now()
	var out []string
	add := func(name, text string) {
		w := max(10, m.width-detailWidth)
		for i, l := range strings.Split(ansi.Wrap(text, w, " ,"), "\n") {
			if i > 0 {
				name = ""
			}
			out = append(out, s.Text.Faint.Render(pad(name, detailWidth))+l)
		}
	}
	add("flow", p.name+" v"+strconv.Itoa(p.version))
	add("flow id", p.flowID)
	add("flow group", p.groupID)
	if p.project != "" {
		add("project", p.project)
	}
	if !p.created.IsZero() {
		c := "created " + timefmt.Stamp(p.created, now)
		if p.coreVersion != "" {
			c += " · Prefect " + p.coreVersion
		}
		add("registered", c)
	}
	var vs []string
	for _, v := range p.versions {
		t := "v" + strconv.Itoa(v.version) + " " + timefmt.Stamp(v.created, now)
		if v.archived {
			t += " (archived)"
		}
		if v.id == p.flowID {
			t += " ← shown"
		}
		vs = append(vs, t)
	}
	add("versions", strings.Join(vs, ", "))
	if p.description != "" {
		add("description", p.description)
	}
	add("schedule", m.scheduleText(0))
	if len(p.params) == 0 {
		add("parameters", "none")
	}
	for i, pr := range p.params {
		name := ""
		if i == 0 {
			name = "parameters"
		}
		t := pr.name + " = " + pr.value
		if pr.required {
			t += " (required)"
		}
		if pr.group {
			t += " (flow group default)"
		}
		add(name, t)
	}
	if p.groupDefaultsBroken {
		add("", s.Text.Warning.Render("the flow group's default parameters are not a JSON object"))
	}
	labels := "none"
	if len(p.agentLabels) > 0 {
		labels = strings.Join(p.agentLabels, ", ")
	}
	from := "the run config"
	if p.labelsFromGroup {
		from = "the flow group"
	}
	add("labels", labels+s.Text.Faint.Render(" (agents match these; from "+from+")"))
	title := "run config"
	if p.runConfig.legacy {
		title = "environment"
	}
	configLines(title, p.runConfig, add)
	configLines("storage", p.storage, add)
	return out
}

// configLines writes a run config or storage: its type, then each key.
func configLines(title string, c config, add func(name, text string)) {
	typ := c.typ
	if typ == "" && len(c.fields) == 0 {
		typ = "none"
	}
	if c.group {
		typ += " (the flow group's: it overrides the version's)"
	}
	add(title, typ)
	for _, f := range c.fields {
		add("  "+f.key, f.value)
	}
}

// detailRows is how many details lines show: the list's rows, less the line that says
// where the window is when they do not all fit.
func (m *Model) detailRows() int {
	rows := m.listRows()
	if len(m.detailLines()) > rows {
		return max(1, rows-1)
	}
	return rows
}

// detailsView is the details' window of h lines.
func (m *Model) detailsView(h int) []string {
	s := m.deps.Styles
	lines := m.detailLines()
	if len(lines) <= h {
		return lines
	}
	rows := max(1, h-1)
	top := min(m.detWin.Top, max(0, len(lines)-rows))
	end := min(len(lines), top+rows)
	out := append([]string(nil), lines[top:end]...)
	mark := fmt.Sprintf("lines %d–%d of %d · ↑↓ scroll · d back to runs", top+1, end, len(lines))
	return append(out, s.Text.Faint.Render(ansi.Truncate(mark, m.width, "…")))
}
