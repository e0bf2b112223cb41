package components_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/theme"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

func TestDetailWrapsEveryWordAndFitsAnySize(t *testing.T) {
	st := theme.NewStyles(true, false)
	msg := strings.Repeat("word ", 60) + "END"
	for _, sz := range [][2]int{{0, 0}, {1, 1}, {10, 3}, {30, 8}, {80, 24}, {200, 50}} {
		d := components.NewDetail()
		d.Open("title", []components.Field{{Label: "message", Value: msg}, {Label: "id", Value: "x"}}, msg, "message")
		v := d.View(st, sz[0], sz[1])
		if n := strings.Count(v, "\n") + 1; sz[1] > 0 && n != sz[1] {
			t.Errorf("%v: %d lines", sz, n)
		}
		for i, l := range strings.Split(v, "\n") {
			if w := ansi.StringWidth(l); sz[0] > 0 && w > sz[0] {
				t.Errorf("%v: line %d is %d wide", sz, i, w)
			}
		}
		if sz[1] < 20 {
			continue
		}
		// Paging down reaches the end of the message.
		for range 100 {
			d.Update(uitest.Press("pgdown"), sz[1])
		}
		if !strings.Contains(d.View(st, sz[0], sz[1]), "END") {
			t.Errorf("%v: the end of the message is out of reach", sz)
		}
	}
}

func TestDetailCloseKeys(t *testing.T) {
	for _, k := range []string{"esc", "v", "q"} {
		d := components.NewDetail()
		d.Open("t", []components.Field{{Label: "a", Value: "b"}}, "", "")
		if d.Update(uitest.Press(k), 10); d.IsOpen() {
			t.Errorf("%s does not close the detail", k)
		}
	}
	d := components.NewDetail()
	d.Open("t", []components.Field{{Label: "a", Value: "b"}}, "", "")
	if cmd := d.Update(uitest.Press("y"), 10); cmd != nil {
		t.Error("y copies nothing when there is no message")
	}
}
