package rundata_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/prefect-tui/prefect-tui/ui/rundata"
)

func TestLabelPrecedence(t *testing.T) {
	rc := func(s string) json.RawMessage { return json.RawMessage(s) }
	for _, tc := range []struct {
		name        string
		src         rundata.LabelSources
		agent, form []string
	}{
		{"group labels win", rundata.LabelSources{GroupLabels: rc(`["gpu"]`), RunConfig: rc(`{"labels":["k8s"]}`)}, []string{"gpu"}, []string{"gpu"}},
		{"run config", rundata.LabelSources{GroupLabels: rc(`null`), RunConfig: rc(`{"type":"KubernetesRun","labels":["prod","k8s"]}`)}, []string{"prod", "k8s"}, []string{"prod", "k8s"}},
		{"group run config before the flow's", rundata.LabelSources{GroupRunConfig: rc(`{"labels":["a"]}`), RunConfig: rc(`{"labels":["b"]}`)}, []string{"a"}, []string{"a"}},
		{"labels path", rundata.LabelSources{RunConfig: rc(`["x"]`)}, []string{"x"}, []string{"x"}},
		{"environment", rundata.LabelSources{Environment: rc(`{"labels":["old"]}`)}, []string{"old"}, []string{"old"}},
		// An empty group list clears the labels of scheduled runs (the server), while the
		// web UI's form skips it and fills in the run config's.
		{"empty group labels", rundata.LabelSources{GroupLabels: rc(`[]`), RunConfig: rc(`{"labels":["k8s"]}`)}, []string{}, []string{"k8s"}},
		{"none", rundata.LabelSources{RunConfig: rc(`{"labels":null}`)}, []string{}, nil},
	} {
		if got := rundata.AgentLabels(tc.src); !slices.Equal(got, tc.agent) || got == nil {
			t.Errorf("%s: AgentLabels %q, want %q", tc.name, got, tc.agent)
		}
		if got := rundata.RunNowLabels(tc.src); !slices.Equal(got, tc.form) || (got == nil) != (tc.form == nil) {
			t.Errorf("%s: RunNowLabels %q, want %q", tc.name, got, tc.form)
		}
	}
}
