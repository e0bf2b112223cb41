// Package agenthealth is the Prefect web UI's agent health rule, in one place for every
// screen that shows agents (the overview's summary, the agents screen): an agent that
// queried for work in the last 5 minutes is healthy, one that queried in the last 12
// hours is stale, any other (or one that never queried) is unhealthy. The thresholds
// are the UI's (legacy-ui src/store/agent/index.js: stale 5, unhealthy 720 minutes).
package agenthealth

import "time"

// The thresholds of the rule.
const (
	// StaleAfter is how long after its last query an agent stops being healthy.
	StaleAfter = 5 * time.Minute
	// UnhealthyAfter is how long after its last query an agent is unhealthy.
	UnhealthyAfter = 12 * time.Hour
)

// State is an agent's health.
type State int

// The health states, best first.
const (
	Healthy State = iota
	Stale
	Unhealthy
)

// String implements fmt.Stringer: "healthy", "stale", "unhealthy".
func (s State) String() string {
	switch s {
	case Healthy:
		return "healthy"
	case Stale:
		return "stale"
	}
	return "unhealthy"
}

// Glyph is the state's one-cell mark, so that health reads without colour.
func (s State) Glyph() string {
	switch s {
	case Healthy:
		return "●"
	case Stale:
		return "◐"
	}
	return "○"
}

// Health applies the rule to an agent's last_queried at now; a zero lastQueried (the
// agent never queried) is unhealthy.
func Health(lastQueried, now time.Time) State {
	if lastQueried.IsZero() {
		return Unhealthy
	}
	switch age := now.Sub(lastQueried); {
	case age < StaleAfter:
		return Healthy
	case age < UnhealthyAfter:
		return Stale
	}
	return Unhealthy
}

// Counts counts agents per state.
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
