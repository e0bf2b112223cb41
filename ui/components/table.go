package components

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Column describes one table column. A column has a fixed Width, or a Flex share of
// what is left (never under Min); with neither it is absent. Right aligns its cells to
// the right. A Drop column is left out (width 0, and its gap) when its share would be
// under Min.
type Column struct {
	Title string
	Width int
	Min   int
	Flex  int
	Right bool
	Drop  bool
}

// ColumnGap is the space between two columns.
const ColumnGap = 1

// Widths lays columns out in total cells: fixed widths first, then the flexible ones
// share the rest by their Flex weight, the last one taking what rounding leaves. Drop
// columns whose share is under their Min are left out (the rightmost first) and the
// others share their room. When even the minimums do not fit, the flexible columns get
// their Min and the row is cut by the caller's width. A left-out column has width 0:
// Row and Join skip it.
func Widths(cols []Column, total int) []int {
	shown := make([]bool, len(cols))
	for i, c := range cols {
		shown[i] = c.Width > 0 || c.Flex > 0
	}
	for {
		w, share := layout(cols, shown, total)
		drop := -1
		for i, c := range cols {
			if shown[i] && c.Drop && c.Flex > 0 && share[i] < c.Min {
				drop = i
			}
		}
		if drop < 0 {
			return w
		}
		shown[drop] = false
	}
}

// layout is Widths for the shown columns; share is each flexible column's share before
// Min.
func layout(cols []Column, shown []bool, total int) (w, share []int) {
	w, share = make([]int, len(cols)), make([]int, len(cols))
	n, flex := 0, 0
	rest := total
	for i, c := range cols {
		if !shown[i] {
			continue
		}
		n++
		if c.Flex == 0 {
			w[i] = c.Width
			rest -= c.Width
		} else {
			flex += c.Flex
		}
	}
	rest -= ColumnGap * max(0, n-1)
	if flex == 0 {
		return w, share
	}
	left, last := rest, -1
	for i, c := range cols {
		if !shown[i] || c.Flex == 0 {
			continue
		}
		share[i] = rest * c.Flex / flex
		w[i] = max(c.Min, share[i])
		left -= w[i]
		last = i
	}
	if left > 0 && last >= 0 {
		w[last] += left // rounding remainder
	}
	return w, share
}

// FitContent gives the room a flexible column does not need (its widest cell, need[i],
// is narrower) to the flexible columns whose cells are cut, so "data-warehouse" is not
// shown as "data-wareho…" beside a half-empty column. need holds each column's widest
// cell (the title's included); widths come from Widths and are changed in place.
func FitContent(cols []Column, widths, need []int) []int {
	deficit := 0
	for i, c := range cols {
		if c.Flex > 0 && widths[i] > 0 && widths[i] < need[i] {
			deficit += need[i] - widths[i]
		}
	}
	spare := 0
	for i, c := range cols {
		if c.Flex > 0 && deficit > spare && widths[i] > max(need[i], c.Min) {
			take := min(widths[i]-max(need[i], c.Min), deficit-spare)
			widths[i] -= take
			spare += take
		}
	}
	for i, c := range cols {
		if c.Flex > 0 && widths[i] > 0 && widths[i] < need[i] && spare > 0 {
			add := min(spare, need[i]-widths[i])
			widths[i] += add
			spare -= add
		}
	}
	return widths
}

// Cell cuts (with "…") or pads s to exactly w cells; ANSI-aware.
func Cell(s string, w int, right bool) string {
	if w <= 0 {
		return ""
	}
	if lipgloss.Width(s) > w {
		s = ansi.Truncate(s, w, "…")
	}
	pad := strings.Repeat(" ", max(0, w-lipgloss.Width(s)))
	if right {
		return pad + s
	}
	return s + pad
}

// Row renders cells into their columns (cut or padded), separated by ColumnGap spaces;
// left-out columns (width 0) are skipped.
func Row(cells []string, widths []int, cols []Column) string {
	return Join(Cells(cells, widths, cols), widths)
}

// Cells cuts or pads each value to its column (values may be fewer than columns).
func Cells(values []string, widths []int, cols []Column) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = Cell(v, widths[i], cols[i].Right)
	}
	return out
}

// Header is the plain text of the columns' titles, laid out as Row lays out cells.
func Header(cols []Column, widths []int) string {
	titles := make([]string, len(cols))
	for i, c := range cols {
		titles[i] = c.Title
	}
	return Row(titles, widths, cols)
}

// Join joins cells already cut to their columns (styled, or the last one left unpadded)
// with ColumnGap spaces, skipping left-out columns (width 0).
func Join(cells []string, widths []int) string {
	var b strings.Builder
	first := true
	for i, c := range cells {
		if i < len(widths) && widths[i] <= 0 {
			continue
		}
		if !first {
			b.WriteString(strings.Repeat(" ", ColumnGap))
		}
		first = false
		b.WriteString(c)
	}
	return b.String()
}
