package actions

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// TestRunNowFillsInTheLabelsTheWebUISends: the form starts with the flow group's
// labels, else the run config's (it used to start empty and send labels: [], so an
// agent with labels never took the run); the run gets them.
func TestRunNowFillsInTheLabelsTheWebUISends(t *testing.T) {
	c := newServer(t)
	var flows struct {
		Flow []struct {
			ID        string `json:"id"`
			Name      string `json:"name"`
			RunConfig struct {
				Labels []string `json:"labels"`
			} `json:"run_config"`
			Group struct {
				Labels []string `json:"labels"`
			} `json:"flow_group"`
		} `json:"flow"`
	}
	query(t, c, `{ flow(where: {archived: {_eq: false}}, order_by: {name: asc}) { id name run_config flow_group { labels } } }`, nil, &flows)
	checked := map[string]bool{}
	for _, f := range flows.Flow {
		want := f.RunConfig.Labels
		kind := "run config"
		if len(f.Group.Labels) > 0 {
			want, kind = f.Group.Labels, "flow group"
		}
		if len(want) == 0 || checked[kind] {
			continue
		}
		checked[kind] = true
		form := pushed[*RunForm](t, RunNow(testDeps(c), f.ID))
		if got := form.labels.Value(); got != strings.Join(want, ", ") {
			t.Fatalf("%s (%s labels): form starts with %q, want %q", f.Name, kind, got, strings.Join(want, ", "))
		}
		_, out := uitest.Send[screen.Screen](form, uitest.Press("ctrl+s"))
		p, ok := uitest.Find[screen.PushMsg](out)
		if !ok {
			t.Fatalf("no dialog: %v (err %q)", out, form.Err())
		}
		d := p.Screen.(*Dialog)
		if got, _ := json.Marshal(d.Spec().Variables["labels"]); string(got) != mustJSON(want) {
			t.Fatalf("%s: the dialog sends labels %s, want %s", f.Name, got, mustJSON(want))
		}
		created := outcome(t, confirm(t, d)).Created
		var r struct {
			R struct{ Labels []string } `json:"flow_run_by_pk"`
		}
		query(t, c, `query($id: uuid!) { flow_run_by_pk(id: $id) { labels } }`, map[string]any{"id": created}, &r)
		if strings.Join(r.R.Labels, ",") != strings.Join(want, ",") {
			t.Fatalf("%s: the run has labels %v, want %v", f.Name, r.R.Labels, want)
		}
	}
	if !checked["flow group"] || !checked["run config"] {
		t.Fatalf("the demo lacks a flow with group labels or run config labels: %v", checked)
	}
}

// TestRunNowWithoutLabelsSendsNull: a flow without labels anywhere sends labels: null,
// as the web UI does (the server then decides); clearing filled-in labels sends [].
func TestRunNowWithoutLabelsSendsNull(t *testing.T) {
	f := &RunForm{spec: RunNowSpec{}}
	f.labels.SetValue("")
	if l := f.runLabels(); l != nil {
		t.Fatalf("no labels anywhere: %v, want nil (null)", l)
	}
	f.spec.Labels = []string{"k8s"}
	if l := f.runLabels(); l == nil || len(l) != 0 {
		t.Fatalf("cleared labels: %v, want []", l)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
