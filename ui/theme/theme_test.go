package theme_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/ui/theme"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// background is the ANSI index of the background an SGR sequence sets, -1 for none.
func background(sgr string) int {
	for _, m := range regexp.MustCompile(`\x1b\[([0-9;]*)m`).FindAllStringSubmatch(sgr, -1) {
		p := strings.Split(m[1], ";")
		for i := 0; i < len(p); i++ {
			n, _ := strconv.Atoi(p[i])
			switch {
			case (n == 38 || n == 48) && i+2 < len(p) && p[i+1] == "5":
				if n == 48 {
					bg, _ := strconv.Atoi(p[i+2])
					return bg
				}
				i += 2
			case n >= 40 && n <= 47:
				return n - 40
			case n >= 100 && n <= 107:
				return n - 100 + 8
			}
		}
	}
	return -1
}

// TestSelectedRowShowsOnEightColours: on a dark 8-colour terminal (TERM=linux) the
// selected row's grey bar was black, the terminal's own background, and its bold
// bright text is how the console draws every row: a log line or a timeline row under
// the cursor looked like the others. Its bar has a colour the terminal has.
func TestSelectedRowShowsOnEightColours(t *testing.T) {
	st := theme.NewStyles(true, false)
	row := uitest.Fold8(st.Table.Active.Row.Render("x"))
	if bg := background(row); bg <= 0 || bg > 7 {
		t.Errorf("the selected row on an 8-colour dark terminal: %q, background %d", row, bg)
	}
	if got := background("\x1b[1;38;5;15;48;5;12m"); got != 12 {
		t.Fatalf("background() = %d", got)
	}
}
