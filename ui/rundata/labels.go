package rundata

import "encoding/json"

// LabelSources are the places a flow's run labels come from, as the API returns them
// (jsonb, null when unset): the flow group's labels and run config, the flow version's
// run config and its (pre-run-config) environment.
type LabelSources struct {
	GroupLabels, GroupRunConfig, RunConfig, Environment json.RawMessage
}

// AgentLabels are the labels agents match a run of the flow against when nobody gives
// it labels (a scheduled run, a run created without labels): Prefect Server's
// create_flow_run takes the flow group's labels when they are set (an empty list too:
// it clears them), else the labels of the group's run config, the flow's run config,
// the flow's environment; else none.
func AgentLabels(s LabelSources) []string {
	if l, ok := stringList(s.GroupLabels); ok {
		return l
	}
	for _, src := range []json.RawMessage{s.GroupRunConfig, s.RunConfig, s.Environment} {
		if l, ok := configLabels(src); ok {
			return l
		}
	}
	return []string{}
}

// RunNowLabels are the labels the Prefect web UI's run form fills in and sends with
// create_flow_run: the first non-empty list of the flow group's labels, its run
// config's, the flow's run config's, the flow's environment's; nil (sent as null, the
// server then decides) when all are empty.
func RunNowLabels(s LabelSources) []string {
	if l, _ := stringList(s.GroupLabels); len(l) > 0 {
		return l
	}
	for _, src := range []json.RawMessage{s.GroupRunConfig, s.RunConfig, s.Environment} {
		if l, _ := configLabels(src); len(l) > 0 {
			return l
		}
	}
	return nil
}

// stringList reads a jsonb list of strings; ok is false for null or anything else.
func stringList(raw json.RawMessage) ([]string, bool) {
	var v any
	if len(raw) == 0 || json.Unmarshal(raw, &v) != nil {
		return nil, false
	}
	l, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(l))
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out, true
}

// configLabels reads the "labels" list of a run config or environment object, or the
// list itself when the API answered the labels path of one (run_config(path:
// "labels")).
func configLabels(raw json.RawMessage) ([]string, bool) {
	if l, ok := stringList(raw); ok {
		return l, true
	}
	var m map[string]json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &m) != nil {
		return nil, false
	}
	return stringList(m["labels"])
}
