// Package agenthealth is the Prefect web UI's agent health rule: an agent that queried
// for work less than 5 minutes ago is healthy, less than 12 hours ago stale, and
// unhealthy after that or when it never queried. Every screen that shows agents (the
// agents screen, the overview, the "why isn't it running?" panel) uses it, so they all
// agree. It is not a screen: every screen may import it.
package agenthealth

import (
	"time"

	"charm.land/lipgloss/v2"

	"github.com/prefect-tui/prefect-tui/ui/theme"
)

// The thresholds of the rule, as the web UI's agent store sets them: minutes since the
// agent's last query.
const (
	StaleAfter     = 5 * time.Minute
	UnhealthyAfter = 720 * time.Minute
)

// State is an agent's health.
type State int

// The health states, best first.
const (
	Healthy State = iota
	Stale
	Unhealthy
)

// Health is the state of an agent that last queried at lastQueried (zero: never).
func Health(lastQueried, now time.Time) State {
	if lastQueried.IsZero() {
		return Unhealthy
	}
	switch d := now.Sub(lastQueried); {
	case d < StaleAfter:
		return Healthy
	case d < UnhealthyAfter:
		return Stale
	}
	return Unhealthy
}

// Word is the state as the web UI words it: "healthy", "stale", "unhealthy".
func (s State) Word() string {
	switch s {
	case Healthy:
		return "healthy"
	case Stale:
		return "stale"
	}
	return "unhealthy"
}

// Glyph is the state's one-cell glyph: ● healthy, ◐ stale, ○ unhealthy.
func (s State) Glyph() string {
	switch s {
	case Healthy:
		return "●"
	case Stale:
		return "◐"
	}
	return "○"
}

// String is glyph and word: "● healthy".
func (s State) String() string { return s.Glyph() + " " + s.Word() }

// Style is the theme's style for the state (success, warning, error): colour adds to
// the glyph and word, never replaces them.
func (s State) Style(st *theme.Styles) lipgloss.Style {
	switch s {
	case Healthy:
		return st.Text.Success
	case Stale:
		return st.Text.Warning
	}
	return st.Text.Error
}

// Render is String in the state's style.
func (s State) Render(st *theme.Styles) string { return s.Style(st).Render(s.String()) }

// Counts counts agents per state (the overview's summary).
type Counts struct {
	Healthy, Stale, Unhealthy int
}

// Total is the number of agents counted.
func (c Counts) Total() int { return c.Healthy + c.Stale + c.Unhealthy }

// Add counts one agent in its state.
func (c *Counts) Add(s State) {
	switch s {
	case Healthy:
		c.Healthy++
	case Stale:
		c.Stale++
	default:
		c.Unhealthy++
	}
}

// Count counts the agents with these last_queried times at now.
func Count(lastQueried []time.Time, now time.Time) Counts {
	var c Counts
	for _, t := range lastQueried {
		c.Add(Health(t, now))
	}
	return c
}
