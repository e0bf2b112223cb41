package components

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestWrapCodeKeepsEveryCharacter: wrapped code loses nothing but the spaces it breaks
// at, and no piece is wider than the width (a word longer than it is cut).
func TestWrapCodeKeepsEveryCharacter(t *testing.T) {
	for _, line := range []string{
		`    "message": "` + strings.Repeat("word ", 40) + `"`,
		`  "id": "` + strings.Repeat("x", 130) + `"`,
		strings.Repeat(" ", 30) + strings.Repeat("y", 50),
		"short",
	} {
		for _, n := range []int{20, 37, 76} {
			parts := wrapCode(line, n)
			var joined strings.Builder
			for _, p := range parts {
				if ansi.StringWidth(p) > n {
					t.Fatalf("width %d: piece %q", n, p)
				}
				joined.WriteString(strings.TrimSpace(p))
			}
			if strings.ReplaceAll(line, " ", "") != strings.ReplaceAll(joined.String(), " ", "") {
				t.Fatalf("width %d lost text:\n%q\n%q", n, line, joined.String())
			}
		}
	}
}
