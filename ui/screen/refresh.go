package screen

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// Refresh is a screen's live refresh timer. It fires after its Backoff's interval:
// sooner after a load that changed something, later while nothing changes. Starting
// a timer replaces the one running, whose tick is then stale: one refresh is due at a
// time, however many keys were pressed.
type Refresh struct {
	Backoff Backoff
	gen     RequestID
}

// RefreshTickMsg is a Refresh timer firing.
type RefreshTickMsg struct{ gen RequestID }

// NewRefresh is a timer with the default backoff (DefaultBackoff).
func NewRefresh() Refresh { return Refresh{Backoff: DefaultBackoff()} }

// Schedule starts the timer, replacing the one running: after the shortest interval
// when the last load changed something, else after a doubled one.
func (r *Refresh) Schedule(changed bool) tea.Cmd {
	r.gen = NewRequestID()
	gen := r.gen
	return tea.Tick(r.Backoff.Next(changed), func(time.Time) tea.Msg { return RefreshTickMsg{gen: gen} })
}

// Due reports whether msg is the tick of the timer running (not a replaced one's).
func (r *Refresh) Due(msg RefreshTickMsg) bool { return msg.gen != 0 && msg.gen == r.gen }

// Pending is the tick the running timer will send (the zero message, which is never
// due, when none runs).
func (r *Refresh) Pending() RefreshTickMsg { return RefreshTickMsg{gen: r.gen} }

// Wake brings a backed-off timer back to its shortest interval, because a key was
// pressed and someone is watching. idle says the screen has loaded and no load is
// running (a load schedules the timer when it ends). Nil when nothing changes.
func (r *Refresh) Wake(idle bool) tea.Cmd {
	if !idle || !r.Backoff.BackedOff() {
		return nil
	}
	return r.Schedule(true)
}

// Reset makes the next Schedule use the shortest interval (an action changed
// something, or the user asked).
func (r *Refresh) Reset() { r.Backoff.Reset() }

// SpinnerDueMsg says request ReqID has run for the spinner's delay: the screen shows
// its loading mark if that request is still its latest and running.
type SpinnerDueMsg struct{ ReqID RequestID }

// SpinnerDelay: loads faster than this show no loading mark, so a quick refresh does
// not flicker (soft-serve's waitBeforeLoading).
const SpinnerDelay = 100 * time.Millisecond

// SpinnerAfterDelay sends SpinnerDueMsg for reqID after SpinnerDelay.
func SpinnerAfterDelay(reqID RequestID) tea.Cmd {
	return tea.Tick(SpinnerDelay, func(time.Time) tea.Msg { return SpinnerDueMsg{ReqID: reqID} })
}
