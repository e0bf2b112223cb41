package logs

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// TestViewGolden pins the logs view at 80×24 and 120×40: the newest page, then a
// search (highlighted matches, context kept), then WARNING+ only.
func TestViewGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m, _, _, _ := open(t, size[0], size[1], Options{})
			t.Run("newest", func(t *testing.T) { uitest.Golden(t, m.View()) })
			msgs := []tea.Msg{uitest.Press("/")}
			msgs = append(msgs, uitest.Type("task")...)
			msgs = append(msgs, uitest.Press("enter"))
			m, _ = send(m, msgs...)
			t.Run("search", func(t *testing.T) { uitest.Golden(t, m.View()) })
			m, _ = press(m, "l", "l")
			t.Run("warning", func(t *testing.T) { uitest.Golden(t, m.View()) })
			m, _ = press(m, "f")
			t.Run("prompt", func(t *testing.T) { uitest.Golden(t, m.View()) })
		})
	}
}
