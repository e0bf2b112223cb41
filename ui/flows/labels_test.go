package flows_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/api"
)

// TestLabelsAreWhatAgentsMatch: the LABELS column shows the flow group's labels, else
// the run config's (13 of the 14 demo flows used to show none: only one flow group
// has labels of its own, the others' come from their run configs).
func TestLabelsAreWhatAgentsMatch(t *testing.T) {
	m := loadedModel(t, 120, 40)
	res, err := api.Run(context.Background(), demoClient(t), `{ flow(where: {archived: {_eq: false}}, order_by: {name: asc}) { name run_config flow_group { labels } } }`, nil, "")
	if err != nil || len(res.Errors) > 0 {
		t.Fatal(err, res.Errors)
	}
	var out struct {
		Flow []struct {
			Name       string
			Run_config struct{ Labels []string }
			Flow_group struct{ Labels []string }
		}
	}
	if err := json.Unmarshal(res.Data, &out); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, f := range out.Flow {
		l := f.Run_config.Labels
		if f.Flow_group.Labels != nil {
			l = f.Flow_group.Labels
		}
		want[f.Name] = strings.Join(l, ",")
	}
	shown := 0
	for i, name := range m.RowNames() {
		got := m.RowLabels()[i]
		if got != want[name] {
			t.Errorf("%s: LABELS %q, want %q", name, got, want[name])
		}
		if got != "" {
			shown++
		}
	}
	if shown < len(m.RowNames())-1 {
		t.Errorf("only %d of %d flows show labels", shown, len(m.RowNames()))
	}
}
