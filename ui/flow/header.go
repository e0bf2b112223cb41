package flow

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// labelWidth aligns the header's line names ("schedule ", "params   ").
const labelWidth = 9

// header is the page's header, one line per part, each cut to the width (`d` shows
// every part in full).
func (m *Model) header() []string {
	s := m.deps.Styles
	p := m.page
	line := func(name, text string) string {
		return ansi.Truncate(s.Text.Faint.Render(pad(name, labelWidth))+text, m.width, "…")
	}
	title := s.Text.Bold.Render(p.name) + " " + s.Text.Primary.Render("v"+strconv.Itoa(p.version))
	if p.project != "" {
		title += s.Text.Faint.Render(" · ") + s.Flows.Scope.Render("project "+p.project)
	}
	title += s.Text.Faint.Render(" · ") + m.versionNote()
	right := ""
	if m.loading && m.showSpinner {
		right = s.Text.Accent.Render("⟳ loading")
	}
	if m.err != nil {
		right = s.Text.Error.Render("✗ refresh failed (r)")
	}
	out := []string{spread(title, right, m.width)}
	if p.description != "" {
		out = append(out, s.Text.Secondary.Render(ansi.Truncate(firstLine(p.description), m.width, "…")))
	}
	// As many of the next times as fit (at least one; `d` shows all of them).
	sched := line("schedule", m.scheduleText(1))
	for n := nextTimes; n > 1; n-- {
		full := s.Text.Faint.Render(pad("schedule", labelWidth)) + m.scheduleText(n)
		if ansi.StringWidth(full) <= m.width {
			sched = full
			break
		}
	}
	out = append(out, sched)
	out = append(out, line("params", m.paramsText()))
	out = append(out, line("run", m.runConfigText()))
	st := p.storage.typ
	if w := p.storage.storageWhere(); w != "" {
		st += " " + w
	}
	if st == "" {
		st = s.Text.Faint.Render("none")
	}
	out = append(out, line("storage", st))
	return out
}

// versionNote says which version this is among the group's: "3 versions", or
// "archived · latest v4 (V)".
func (m *Model) versionNote() string {
	s := m.deps.Styles
	p := m.page
	latest := 0
	for _, v := range p.versions {
		latest = max(latest, v.version)
	}
	n := strconv.Itoa(len(p.versions)) + " version"
	if len(p.versions) != 1 {
		n += "s"
	}
	switch {
	case p.archived && p.version < latest:
		return s.Flows.Archived.Render("archived") + s.Text.Secondary.Render(" · latest v"+strconv.Itoa(latest)+" (V) · "+n)
	case p.archived:
		return s.Flows.Archived.Render("archived") + s.Text.Secondary.Render(" · "+n)
	case p.version < latest:
		return s.Text.Secondary.Render("latest v" + strconv.Itoa(latest) + " (V) · " + n)
	}
	return s.Text.Secondary.Render(n)
}

// scheduleText is the schedule: on/off as glyph and word, the clocks in words, and the
// first n of its next times (all of them when n <= 0).
func (m *Model) scheduleText(n int) string {
	s := m.deps.Styles
	p := m.page
	switch {
	case !p.hasSchedule:
		return s.Flows.ScheduleNone.Render("– none")
	case p.scheduleErr != "":
		return s.Text.Error.Render("! cannot read it: " + p.scheduleErr)
	}
	state := s.Flows.ScheduleOn.Render("● on")
	when := "next"
	if !p.scheduleActive {
		state, when = s.Flows.ScheduleOff.Render("○ off"), "would run"
	}
	text := state + " " + s.Text.Primary.Render(strings.Join(p.clocks, ", "))
	if p.scheduleFromGroup {
		text += s.Text.Faint.Render(" (flow group)")
	}
	if len(p.next) > 0 {
		times := p.next
		more := ""
		if n > 0 && len(times) > n {
			times, more = times[:n], " …"
		}
		text += s.Text.Faint.Render(" · ") + s.Text.Secondary.Render(when+" "+formatTimes(times, m.deps.Now())+more)
	}
	return text
}

// formatTimes writes times compactly: the day once per day ("Mar 15 02:00, 03:00"),
// none for today.
func formatTimes(ts []time.Time, now time.Time) string {
	var parts []string
	day := now.UTC().Format("2006-01-02")
	for _, t := range ts {
		t = t.UTC()
		d := t.Format("2006-01-02")
		switch {
		case d != day && t.Year() != now.Year():
			parts = append(parts, t.Format("2006-01-02 15:04"))
		case d != day:
			parts = append(parts, t.Format("Jan 02 15:04"))
		default:
			parts = append(parts, t.Format("15:04"))
		}
		day = d
	}
	return strings.Join(parts, ", ")
}

// paramsText lists the parameters with their defaults: "date=null · full_refresh=false".
func (m *Model) paramsText() string {
	s := m.deps.Styles
	if len(m.page.params) == 0 {
		return s.Text.Faint.Render("none")
	}
	var parts []string
	for _, p := range m.page.params {
		v := p.name + "=" + p.value
		if p.required {
			v = p.name + "*=" + p.value
		}
		parts = append(parts, v)
	}
	return s.Text.Primary.Render(strings.Join(parts, " · "))
}

// runConfigText is the run config's type, the labels agents match and its image.
func (m *Model) runConfigText() string {
	s := m.deps.Styles
	p := m.page
	var parts []string
	typ := p.runConfig.typ
	switch {
	case typ == "" && !p.runConfig.legacy:
		typ = s.Text.Faint.Render("no run config")
	case p.runConfig.legacy:
		typ = "environment " + typ
	case p.runConfig.group:
		typ += s.Text.Faint.Render(" (flow group)")
	}
	parts = append(parts, typ)
	labels := s.Text.Faint.Render("no labels")
	if len(p.agentLabels) > 0 {
		labels = s.Flows.Labels.Render("labels " + strings.Join(p.agentLabels, ","))
	}
	parts = append(parts, labels)
	if img := p.runConfig.get("image"); img != "" {
		parts = append(parts, "image "+img)
	}
	if env := p.runConfig.get("env"); env != "" {
		parts = append(parts, "env "+env)
	}
	return strings.Join(parts, s.Text.Faint.Render(" · "))
}

func pad(s string, w int) string {
	if n := ansi.StringWidth(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s + " "
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return strings.TrimSpace(s[:i]) + " …"
	}
	return s
}
