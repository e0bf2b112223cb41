package timefmt

import "time"

// UntilAgoChanges is how long after now the text of Ago(t, now) changes: to the next
// second under a minute, the next minute under an hour, the next hour under two days,
// else the next day (counting down the same way for a time in the future). A timer
// armed with it always finds new text to draw.
func UntilAgoChanges(t, now time.Time) time.Duration {
	d := now.Sub(t)
	future := d < 0
	if future {
		d = -d
	}
	unit := 24 * time.Hour
	switch {
	case d < time.Minute:
		unit = time.Second
	case d < time.Hour:
		unit = time.Minute
	case d < 48*time.Hour:
		unit = time.Hour
	}
	if future {
		// "in 5m" becomes "in 4m" once less than 5 whole minutes are left.
		return d%unit + time.Nanosecond
	}
	return unit - d%unit
}
