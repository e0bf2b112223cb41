package components_test

import (
	"testing"

	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/theme"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// TestStatesReadWithoutColour: run strips and timeline bars show a state by its glyph
// alone, so without colour (NO_COLOR, an 8-colour terminal) every state needs its own
// glyph; Failed and ValidationFailed shared ✗.
func TestStatesReadWithoutColour(t *testing.T) {
	names := append(components.StateNames(), "")
	glyphs := map[string]string{}
	for _, n := range names {
		g := components.Info(n).Glyph
		if prev, dup := glyphs[g]; dup && n != "" {
			t.Errorf("%s and %s share the glyph %q", prev, n, g)
		}
		glyphs[g] = n
	}
	for _, c := range []struct {
		name string
		st   *theme.Styles
		fold bool
	}{{"NO_COLOR", theme.NewStyles(true, true), false}, {"8 colours", theme.NewStyles(true, false), true}} {
		seen := map[string]string{}
		for _, n := range names {
			v := components.Glyph(c.st, n)
			if c.fold {
				v = uitest.Fold8(v)
			}
			v = uitest.Strip(v)
			if prev, dup := seen[v]; dup && n != "" {
				t.Errorf("%s: %s and %s look alike: %q", c.name, prev, n, v)
			}
			seen[v] = n
		}
	}
}
