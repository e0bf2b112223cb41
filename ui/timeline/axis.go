package timeline

import (
	"time"

	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
)

// failedState tells rundata.ShownTasks the failed states.
func failedState(s string) bool { return components.Info(s).Failed }

// runSpan is where a task run's bar goes: start to end, running bars to now, finished
// runs without times collapsed to their state timestamp (as the web UI); ok is false
// for runs that have not started.
func runSpan(tr rundata.TaskRun, now time.Time) (start, end time.Time, ok bool) {
	info := components.Info(tr.State)
	start, end = tr.Start, tr.End
	if start.IsZero() {
		if !info.Finished || tr.StateTime.IsZero() {
			return time.Time{}, time.Time{}, false
		}
		return tr.StateTime, tr.StateTime, true
	}
	if end.IsZero() {
		if info.Finished {
			end = tr.StateTime
		} else {
			end = now
		}
	}
	if end.Before(start) {
		end = start
	}
	return start, end, true
}

// span is a task's bar: its own run, or for a mapped task the first child's real start
// to the last child's real end (open while any started child is unfinished). Children
// that never started have no real times and take no part: a TriggerFailed or Cancelled
// child's state timestamp would stretch the bar to when it was given up on. Without a
// started child the bar is the parent run's own.
func (m *Model) span(t rundata.Task, now time.Time) (start, end time.Time, ok bool) {
	if len(t.Children) == 0 {
		return runSpan(t.Run, now)
	}
	for _, c := range t.Children {
		if c.Start.IsZero() {
			continue
		}
		s, e, cok := runSpan(c, now)
		if !cok {
			continue
		}
		if !ok || s.Before(start) {
			start = s
		}
		if !ok || e.After(end) {
			end = e
		}
		ok = true
	}
	if !ok {
		return runSpan(t.Run, now)
	}
	return start, end, true
}

// computeAxis sets the full span: the earliest start (run or task) to the latest end,
// or now while the run is unfinished.
func (m *Model) computeAxis() {
	now := m.now()
	var start, end time.Time
	widen := func(s, e time.Time) {
		if s.IsZero() {
			return
		}
		if start.IsZero() || s.Before(start) {
			start = s
		}
		if end.IsZero() || e.After(end) {
			end = e
		}
	}
	r := m.run
	widen(r.Start, r.Start)
	if !r.End.IsZero() {
		widen(r.End, r.End)
	}
	for _, t := range m.tasks {
		if s, e, ok := m.span(t, now); ok {
			widen(s, e)
		}
	}
	if start.IsZero() {
		start = r.Scheduled
		if start.IsZero() {
			start = now
		}
		end = start
	}
	if !components.Info(r.State).Finished && now.After(end) && now.After(start) {
		end = now
	}
	for _, s := range r.States {
		if s.State != "Pending" && s.Timestamp.After(start) && s.Timestamp.After(end) {
			end = s.Timestamp
		}
	}
	if end.Sub(start) < time.Second {
		end = start.Add(time.Second)
	}
	if !components.Info(r.State).Finished {
		// Leave room right of now so the now marker and growing bars show.
		end = end.Add(end.Sub(start) / 30)
	}
	m.fullStart, m.fullEnd = start, end
}

// fit shows the whole run.
func (m *Model) fit() {
	m.viewStart = m.fullStart
	m.viewSpan = m.fullEnd.Sub(m.fullStart)
}

// zoom scales the visible span by f, from 100 ms up to 4× the run, around the selected
// row's bar (the failed task `f` jumped to stays in view), or around the window's
// centre when the row has no bar.
func (m *Model) zoom(f float64) {
	centre := m.viewStart.Add(m.viewSpan / 2)
	if s, e, ok := m.selectedSpan(); ok {
		centre = s.Add(e.Sub(s) / 2)
	}
	span := time.Duration(float64(m.viewSpan) * f)
	if span < 100*time.Millisecond {
		span = 100 * time.Millisecond
	}
	if full := m.fullEnd.Sub(m.fullStart); span > 4*full {
		span = 4 * full
	}
	m.viewSpan = span
	m.viewStart = centre.Add(-span / 2)
}

// pan moves the visible window by a quarter of its span.
func (m *Model) pan(dir int) {
	m.viewStart = m.viewStart.Add(time.Duration(dir) * m.viewSpan / 4)
}

// col maps a time to a fractional column of a bar area w cells wide.
func (m *Model) col(t time.Time, w int) float64 {
	return float64(t.Sub(m.viewStart)) / float64(m.viewSpan) * float64(w)
}

// selectedSpan is the bar of the row under the cursor: a mapped child's own run, a
// task's span; ok is false when there is no row or it has not started.
func (m *Model) selectedSpan() (start, end time.Time, ok bool) {
	if m.win.Cursor < 0 || m.win.Cursor >= len(m.rows) {
		return start, end, false
	}
	r := m.rows[m.win.Cursor]
	if r.child >= 0 {
		return runSpan(m.tasks[r.task].Children[r.child], m.now())
	}
	return m.span(m.tasks[r.task], m.now())
}
