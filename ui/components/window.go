package components

// Window is the visible part of a list: rows Top … Top+height-1 of n, with a Cursor row
// kept in view. A list keeps one Window and calls Fit after anything that moves the
// cursor or changes the rows or the height; the window then moves as little as
// possible. Every list of the explorer scrolls with it.
type Window struct {
	// Cursor is the selected row; Top the first visible one.
	Cursor, Top int
	// Margin is how many rows stay visible above and below the cursor where there are
	// (at most half the height): context around a log line.
	Margin int
}

// Fit keeps the cursor on one of n rows and in view in height lines.
func (w *Window) Fit(n, height int) {
	w.Cursor = max(0, min(w.Cursor, n-1))
	m := min(w.Margin, max(0, (height-1)/2))
	w.Top = Reveal(w.Cursor, w.Top, n, height, m, m)
}

// Move moves the cursor by d rows, then fits.
func (w *Window) Move(d, n, height int) {
	w.Cursor += d
	w.Fit(n, height)
}

// Scroll moves a list without a cursor (a text pane) by d rows, keeping it full.
func (w *Window) Scroll(d, n, height int) {
	w.Top = max(0, min(w.Top+d, n-max(height, 1)))
}

// End is the row after the last visible one.
func (w Window) End(n, height int) int { return max(w.Top, min(n, w.Top+height)) }

// Reveal returns the first visible row of a window of height rows over n that starts
// at top and moves as little as possible so that rows row-above … row+below show; the
// window stays full where there are rows enough.
func Reveal(row, top, n, height, above, below int) int {
	height = max(height, 1)
	if row-above < top {
		top = row - above
	}
	if row+below >= top+height {
		top = row + below - height + 1
	}
	return max(0, min(top, n-height))
}
