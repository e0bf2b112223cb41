package components_test

import (
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/theme"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

func bucket(failed, ok, running, other int) components.HistoryBucket {
	var b components.HistoryBucket
	b.Add("Failed", failed)
	b.Add("Success", ok)
	b.Add("Running", running)
	b.Add("Cancelled", other)
	return b
}

func TestHistoryStacksByGlyph(t *testing.T) {
	s := theme.NewStyles(true, true) // NO_COLOR: the glyphs alone must tell the groups apart
	buckets := []components.HistoryBucket{
		bucket(0, 20, 0, 0), bucket(1, 39, 0, 0), {}, bucket(0, 0, 3, 0), bucket(2, 2, 0, 1),
	}
	v := components.History(s, buckets, components.HistoryOptions{Width: 13, Height: 5, Left: "-5h", Right: "now"})
	if uitest.HasColor(v) {
		t.Errorf("colour without colours: %q", v)
	}
	// Column by column: 20 ok of 40 is 2 cells; 1 failed among 39 ok keeps its cell at
	// the bottom; the empty hour is a dot; 3 running is one cell; 2/2/1 in one cell
	// shows the failure.
	got := uitest.Strip(v)
	lines := strings.Split(got, "\n")
	if len(lines) != 5 {
		t.Fatalf("%d lines:\n%s", len(lines), got)
	}
	cols := func(i int) string { // bucket i's column, bottom up
		var out []rune
		for r := 3; r >= 0; r-- {
			rs := []rune(lines[r])
			c := 3 + 2*i
			if c < len(rs) {
				out = append(out, rs[c])
			} else {
				out = append(out, ' ')
			}
		}
		return strings.TrimRight(string(out), " ")
	}
	for i, w := range []string{"✓✓", "✗✓✓✓", "·", "▶", "✗"} {
		if c := cols(i); c != w {
			t.Errorf("bucket %d: column %q, want %q\n%s", i, c, w, got)
		}
	}
	if !strings.HasPrefix(lines[0], "40 ") || !strings.Contains(lines[4], "-5h") || !strings.HasSuffix(lines[4], "now") {
		t.Errorf("scale or axis:\n%s", got)
	}
	if l := uitest.Strip(components.HistoryLegend(s, buckets)); l != "✗ failed ✓ succeeded ▶ running • other" {
		t.Errorf("legend %q", l)
	}
}

func TestHistoryFitsAndMerges(t *testing.T) {
	s := theme.NewStyles(true, false)
	var buckets []components.HistoryBucket
	start := time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)
	for i := range 100 {
		b := bucket(i%7/6, 3, 0, 0)
		b.Start = start.Add(time.Duration(i) * time.Hour)
		buckets = append(buckets, b)
	}
	for _, w := range []int{20, 40, 80} {
		v := components.History(s, buckets, components.HistoryOptions{Width: w, Height: 4, Left: "-100h", Right: "now"})
		for i, l := range strings.Split(uitest.Strip(v), "\n") {
			if n := len([]rune(l)); n > w {
				t.Errorf("width %d: line %d is %d wide: %q", w, i, n, l)
			}
		}
		if !strings.Contains(uitest.Strip(v), "✗") {
			t.Errorf("width %d: merged buckets lost the failures:\n%s", w, uitest.Strip(v))
		}
	}
	if v := components.History(s, nil, components.HistoryOptions{Width: 20, Height: 3}); len(strings.Split(v, "\n")) != 3 {
		t.Errorf("no buckets: %q", v)
	}
}
