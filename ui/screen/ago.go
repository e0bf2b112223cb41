package screen

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

// AgoTicker keeps an "updated 12s ago" text current. It is one timer, armed for the
// moment the text changes (timefmt.UntilAgoChanges: each second under a minute, each
// minute under an hour…), so a tick always has new text to draw and nothing redraws in
// between. Ticks reach only the top screen: a covered screen's timer dies with its
// tick, and the screen arms a new one when it loads again (Init runs when it is shown
// again). The zero value is ready to use.
type AgoTicker struct {
	gen   RequestID
	due   time.Duration
	armed bool
}

// AgoTickMsg is the tick of an AgoTicker.
type AgoTickMsg struct{ gen RequestID }

// Arm (re)starts the timer for a text "Ago(since, now)"; a tick of an earlier arming
// is then stale. A zero since disarms.
func (t *AgoTicker) Arm(since, now time.Time) tea.Cmd {
	t.gen = NewRequestID()
	t.armed = !since.IsZero()
	if !t.armed {
		return nil
	}
	gen := t.gen
	t.due = timefmt.UntilAgoChanges(since, now)
	return tea.Tick(t.due, func(time.Time) tea.Msg { return AgoTickMsg{gen: gen} })
}

// Handle reports whether msg is the live tick of this ticker (the caller redraws and
// arms the next one); a stale tick, or another message, is false.
func (t *AgoTicker) Handle(msg tea.Msg) bool {
	m, ok := msg.(AgoTickMsg)
	if !ok || !t.armed || m.gen != t.gen {
		return false
	}
	t.armed = false
	return true
}

// Pending returns the tick the armed timer will deliver and after how long (tests
// deliver it at once instead of waiting); ok is false when nothing is armed.
func (t *AgoTicker) Pending() (msg AgoTickMsg, after time.Duration, ok bool) {
	return AgoTickMsg{gen: t.gen}, t.due, t.armed
}
