package actions

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// TestViewGolden pins the restart dialog, the "mark as" form and the "run now" form at
// 80×24 and 120×40.
func TestViewGolden(t *testing.T) {
	t.Setenv("USER", "alice")
	c := newServer(t)
	deps := testDeps(c)
	id := failedRun(t, c)
	var flows struct {
		Flow []struct {
			ID         string          `json:"id"`
			Parameters json.RawMessage `json:"parameters"`
		} `json:"flow"`
	}
	query(t, c, `{ flow(where: {archived: {_eq: false}}, order_by: {name: asc}) { id parameters } }`, nil, &flows)
	flowID := ""
	for _, f := range flows.Flow {
		var defs []ParamDef
		if json.Unmarshal(f.Parameters, &defs) == nil && len(defs) > 0 {
			flowID = f.ID
			break
		}
	}
	screens := map[string]screen.Screen{
		"restart": pushed[*Dialog](t, Restart(deps, id)),
		"markas":  pushed[*MarkForm](t, MarkFlowRunID(deps, id)),
		"runnow":  pushed[*RunForm](t, RunNow(deps, flowID)),
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for name, s := range screens {
			t.Run(fmt.Sprintf("%s/%dx%d", name, size[0], size[1]), func(t *testing.T) {
				s.SetSize(size[0], size[1])
				uitest.Golden(t, s.View())
			})
		}
	}
}
