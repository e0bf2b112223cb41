package queryeditor

import (
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/theme"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// focusCorner is the top-left corner of the focused pane's border.
const focusCorner = "╔"

// TestFocusShowsWithoutColour: the focused pane differed from the others only by its
// border colour, so NO_COLOR (and an 8-colour terminal, where the inactive grey is
// black) hid which pane had focus. Its border has its own shape.
func TestFocusShowsWithoutColour(t *testing.T) {
	for _, c := range []struct {
		name   string
		styles *theme.Styles
		fold   bool
	}{
		{"NO_COLOR", theme.NewStyles(true, true), false},
		{"16 colours on an 8-colour terminal", theme.NewStyles(true, false), true},
	} {
		for _, size := range [][2]int{{120, 40}, {80, 24}} {
			m := New(screen.Deps{Styles: c.styles, Now: func() time.Time { return time.Unix(0, 0) }},
				screen.Route{Kind: screen.RouteQuery, Query: "{ flow_run { id name } }"},
				WithSchemaDir(t.TempDir()), WithHistoryDir(t.TempDir()))
			m.SetSize(size[0], size[1])
			for _, f := range []focus{focusEditor, focusVariables, focusResults} {
				m.focus = f
				v := m.View()
				if c.fold {
					v = uitest.Fold8(v)
				}
				lines := strings.Split(uitest.Strip(v), "\n")
				var at [][2]int
				for row, l := range lines {
					for col, r := range []rune(l) {
						if string(r) == focusCorner {
							at = append(at, [2]int{row, col})
						}
					}
				}
				l := m.layout()
				want := map[focus][2]int{focusEditor: {0, 0}, focusVariables: {l.editorH, 0}, focusResults: {0, l.leftW}}[f]
				if !l.wide {
					want = map[focus][2]int{focusEditor: {0, 0}, focusVariables: {l.editorH, 0}, focusResults: {l.editorH + l.varsH, 0}}[f]
				}
				if len(at) != 1 || at[0] != want {
					t.Errorf("%s %v, focus %d: focus corners at %v, want only %v\n%s", c.name, size, f, at, want, strings.Join(lines, "\n"))
				}
			}
		}
	}
}
