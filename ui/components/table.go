package components

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Column describes one table column. A column has a fixed Width, or a Flex share of
// what is left (never under Min). Right aligns its cells to the right.
type Column struct {
	Title string
	Width int
	Min   int
	Flex  int
	Right bool
}

// ColumnGap is the space between two columns.
const ColumnGap = 1

// Widths lays columns out in total cells: fixed widths first, then the flexible ones
// share the rest by their Flex weight. When even the minimums do not fit, the flexible
// columns get their Min and the row is cut by the caller's width.
func Widths(cols []Column, total int) []int {
	w := make([]int, len(cols))
	rest := total - ColumnGap*max(0, len(cols)-1)
	flex := 0
	for i, c := range cols {
		if c.Flex == 0 {
			w[i] = c.Width
			rest -= c.Width
		} else {
			flex += c.Flex
		}
	}
	if flex == 0 {
		return w
	}
	left := rest
	last := -1
	for i, c := range cols {
		if c.Flex == 0 {
			continue
		}
		w[i] = max(c.Min, rest*c.Flex/flex)
		left -= w[i]
		last = i
	}
	if left > 0 && last >= 0 {
		w[last] += left // rounding remainder
	}
	return w
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

// Row renders cells into their columns, separated by ColumnGap spaces.
func Row(cells []string, widths []int, cols []Column) string {
	var b strings.Builder
	for i := range cols {
		if i > 0 {
			b.WriteString(strings.Repeat(" ", ColumnGap))
		}
		c := ""
		if i < len(cells) {
			c = cells[i]
		}
		b.WriteString(Cell(c, widths[i], cols[i].Right))
	}
	return b.String()
}
