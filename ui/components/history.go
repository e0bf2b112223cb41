package components

import (
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/prefect-tui/prefect-tui/ui/theme"
)

// HistoryGroup is what one cell of a run-history bar stands for: the runs of a bucket
// are stacked by group, failures at the bottom so they line up on the baseline.
type HistoryGroup int

// The groups, bottom of a bar first.
const (
	HistoryFailed HistoryGroup = iota
	HistorySucceeded
	HistoryRunning
	HistoryOther
	historyGroups
)

// historyGlyphs are the groups' cells: a state's own glyph where the group is one
// family, so the chart reads like the run strips; "•" for the rest (scheduled,
// pending, cancelled).
var historyGlyphs = [historyGroups]string{"✗", "✓", "▶", "•"}

var historyWords = [historyGroups]string{"failed", "succeeded", "running", "other"}

// Glyph is the group's cell.
func (g HistoryGroup) Glyph() string { return historyGlyphs[g] }

// String implements fmt.Stringer: the group in the legend.
func (g HistoryGroup) String() string { return historyWords[g] }

// HistoryGroupOf is the group of a run state: failed (Failed and its subclasses, and
// ClientFailed), succeeded (Success, Cached, Mapped, Skipped), running (Running,
// Cancelling, Submitted, Pending, Queued, Retrying), other.
func HistoryGroupOf(state string) HistoryGroup {
	i := Info(state)
	switch {
	case i.Family == FamilyFailed:
		return HistoryFailed
	case i.Successful:
		return HistorySucceeded
	case i.Running, state == "Submitted", state == "Pending", state == "Queued", state == "Retrying":
		return HistoryRunning
	}
	return HistoryOther
}

func (g HistoryGroup) style(s *theme.Styles) lipgloss.Style {
	switch g {
	case HistoryFailed:
		return s.State.Failed
	case HistorySucceeded:
		return s.State.Success
	case HistoryRunning:
		return s.State.Running
	}
	return s.State.Neutral
}

// maxSlot is the widest a bar's column gets (the bar and the space after it): wider,
// a few buckets would spread thin across the screen.
const maxSlot = 3

// HistoryBucket is one bar: the runs of one time bucket counted per group.
type HistoryBucket struct {
	Start  time.Time
	Counts [historyGroups]int
}

// Add counts n runs of a state.
func (b *HistoryBucket) Add(state string, n int) { b.Counts[HistoryGroupOf(state)] += n }

// Total is the bucket's number of runs.
func (b HistoryBucket) Total() int {
	t := 0
	for _, n := range b.Counts {
		t += n
	}
	return t
}

// HistoryOptions lay a chart out: Width × Height cells in all, the last line being the
// time axis with Left under the first bar and Right under the last ("-24h", "now").
// Legend puts HistoryLegend between them, where it fits.
type HistoryOptions struct {
	Width, Height int
	Left, Right   string
	Legend        bool
}

// History renders a run-history chart: one bar per bucket, oldest left, as tall as its
// runs (the tallest bar fills the height), stacked by group, each cell the group's
// glyph in its state colour, so the chart reads without colour (NO_COLOR) too. A bucket
// with runs always shows at least one cell, a group with runs one cell where the bar
// has room (failures first). Empty buckets show a faint dot on the baseline. When there
// are more buckets than columns, neighbours are summed. The gutter on the left shows
// the scale (the tallest bar's count).
func History(s *theme.Styles, buckets []HistoryBucket, o HistoryOptions) string {
	if o.Width <= 0 || o.Height <= 0 {
		return ""
	}
	rows := max(1, o.Height-1)
	// Merging never needs more than the total's digits in the gutter.
	total := 0
	for _, b := range buckets {
		total += b.Total()
	}
	gutter := len(strconv.Itoa(total)) + 1
	plot := max(1, o.Width-gutter)
	buckets = mergeBuckets(buckets, plot)
	peak := 0
	for _, b := range buckets {
		peak = max(peak, b.Total())
	}
	gutter = len(strconv.Itoa(peak)) + 1
	slot := 1
	if len(buckets) > 0 {
		slot = min(maxSlot, max(1, (o.Width-gutter)/len(buckets)))
	}
	// cells[i][r] is bucket i's group at row r from the bottom, -1 for none.
	cells := make([][]int, len(buckets))
	for i, b := range buckets {
		cells[i] = stack(b, peak, rows)
	}
	lines := make([]string, 0, o.Height)
	for r := rows - 1; r >= 0; r-- {
		var b strings.Builder
		label := ""
		if r == rows-1 {
			label = strconv.Itoa(peak)
		}
		b.WriteString(s.Text.Faint.Render(padLeft(label, gutter-1)) + " ")
		for i := range buckets {
			g := cells[i][r]
			switch {
			case g >= 0:
				b.WriteString(HistoryGroup(g).style(s).Render(historyGlyphs[g]))
			case r == 0 && buckets[i].Total() == 0:
				b.WriteString(s.Text.Faint.Render("·"))
			default:
				b.WriteString(" ")
			}
			b.WriteString(strings.Repeat(" ", slot-1))
		}
		lines = append(lines, strings.TrimRight(b.String(), " "))
	}
	if o.Height > 1 {
		lines = append(lines, historyAxis(s, buckets, o, gutter, slot))
	}
	return strings.Join(lines, "\n")
}

// historyAxis is the time axis: Left under the first bar, Right under the last (or at
// the end of the legend when the bars are narrower), the legend between them.
func historyAxis(s *theme.Styles, buckets []HistoryBucket, o HistoryOptions, gutter, slot int) string {
	legend := ""
	if o.Legend {
		legend = HistoryLegend(s, buckets)
	}
	left := strings.Repeat(" ", gutter) + o.Left
	bars := gutter + max(0, len(buckets)*slot-(slot-1))
	mid := 0
	if legend != "" {
		mid = lipgloss.Width(legend) + 4
	}
	span := min(o.Width, max(bars, lipgloss.Width(left)+mid+lipgloss.Width(o.Right)+1))
	room := span - lipgloss.Width(left) - lipgloss.Width(o.Right)
	if legend != "" && room >= mid {
		pad := room - lipgloss.Width(legend)
		return s.Text.Faint.Render(left+strings.Repeat(" ", pad/2)) + legend +
			s.Text.Faint.Render(strings.Repeat(" ", pad-pad/2)+o.Right)
	}
	return s.Text.Faint.Render(truncate(left+strings.Repeat(" ", max(1, room))+o.Right, o.Width))
}

// HistoryLegend names the groups that have runs in the buckets: "✗ failed ✓ succeeded".
func HistoryLegend(s *theme.Styles, buckets []HistoryBucket) string {
	var sum [historyGroups]int
	for _, b := range buckets {
		for g, n := range b.Counts {
			sum[g] += n
		}
	}
	var parts []string
	for g := range historyGroups {
		if sum[g] > 0 {
			parts = append(parts, g.style(s).Render(historyGlyphs[g]+" "+historyWords[g]))
		}
	}
	return strings.Join(parts, " ")
}

// mergeBuckets sums neighbours until the buckets fit in n columns.
func mergeBuckets(buckets []HistoryBucket, n int) []HistoryBucket {
	if len(buckets) <= n || n <= 0 {
		return buckets
	}
	per := (len(buckets) + n - 1) / n
	out := make([]HistoryBucket, 0, n)
	for i := 0; i < len(buckets); i += per {
		m := HistoryBucket{Start: buckets[i].Start}
		for _, b := range buckets[i:min(i+per, len(buckets))] {
			for g, c := range b.Counts {
				m.Counts[g] += c
			}
		}
		out = append(out, m)
	}
	return out
}

// stack lays one bucket's groups out in rows cells from the bottom.
func stack(b HistoryBucket, peak, rows int) []int {
	out := make([]int, rows)
	for i := range out {
		out[i] = -1
	}
	total := b.Total()
	if total == 0 || peak == 0 {
		return out
	}
	height := max(1, (total*rows+peak-1)/peak) // round up: a run is never invisible
	// Each group with runs gets a cell while there are cells (failures first, then
	// running, succeeded, other), then the rest goes by largest remainder.
	var share [historyGroups]int
	left := height
	for _, g := range []HistoryGroup{HistoryFailed, HistoryRunning, HistorySucceeded, HistoryOther} {
		if b.Counts[g] > 0 && left > 0 {
			share[g] = 1
			left--
		}
	}
	for left > 0 {
		best, bestGap := -1, -1.0
		for g := range historyGroups {
			if b.Counts[g] == 0 {
				continue
			}
			gap := float64(b.Counts[g])*float64(height)/float64(total) - float64(share[g])
			if gap > bestGap {
				best, bestGap = int(g), gap
			}
		}
		share[best]++
		left--
	}
	r := 0
	for g := range historyGroups {
		for range share[g] {
			out[r] = int(g)
			r++
		}
	}
	return out
}

func padLeft(s string, w int) string {
	if n := lipgloss.Width(s); n < w {
		return strings.Repeat(" ", w-n) + s
	}
	return s
}
