package actions

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// ParamDef is a flow parameter definition (flow.parameters, one per Parameter task).
type ParamDef struct {
	Name     string          `json:"name"`
	Default  json.RawMessage `json:"default"`
	Required bool            `json:"required"`
}

// RunNowSpec is what the "run now" form starts from.
type RunNowSpec struct {
	FlowID   string
	FlowName string
	Defs     []ParamDef
	// Defaults are the flow's parameter defaults overlaid with the flow group's
	// default_parameters (what create_flow_run would use without input).
	Defaults map[string]json.RawMessage
	// Labels are what the web UI's run form fills in (rundata.RunNowLabels): nil
	// when the flow has none anywhere, and then null is sent, as the web UI does.
	Labels []string
}

// LoadRunNow reads the flow's parameter definitions and its flow group's defaults.
func LoadRunNow(ctx context.Context, c graphql.Client, flowID string) (RunNowSpec, error) {
	resp, err := api.RunNowDefaults(ctx, c, flowID)
	if err != nil {
		return RunNowSpec{}, err
	}
	f := resp.Flow_by_pk
	if f.Id == "" {
		return RunNowSpec{}, fmt.Errorf("flow %s not found", flowID)
	}
	if f.Archived {
		return RunNowSpec{}, fmt.Errorf("flow %s v%d is archived: run its latest version", f.Name, f.Version)
	}
	s := RunNowSpec{FlowID: f.Id, FlowName: f.Name, Defaults: map[string]json.RawMessage{}}
	if len(f.Parameters) > 0 && string(f.Parameters) != "null" {
		if err := json.Unmarshal(f.Parameters, &s.Defs); err != nil {
			return RunNowSpec{}, fmt.Errorf("reading the flow's parameters: %w", err)
		}
	}
	for _, d := range s.Defs {
		if len(d.Default) > 0 && (string(d.Default) != "null" || !d.Required) {
			s.Defaults[d.Name] = d.Default
		}
	}
	if dp := f.Flow_group.Default_parameters; len(dp) > 0 && string(dp) != "null" {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(dp, &m); err == nil {
			for k, v := range m {
				s.Defaults[k] = v
			}
		}
	}
	s.Labels = rundata.RunNowLabels(rundata.LabelSources{
		GroupLabels: f.Flow_group.Labels, GroupRunConfig: f.Flow_group.Run_config_labels,
		RunConfig: f.Run_config_labels, Environment: f.Environment_labels,
	})
	return s, nil
}

// DefaultsJSON renders the defaults as the editor's starting text: one parameter per
// line, in the order of the definitions, required ones without a default as null.
func (s RunNowSpec) DefaultsJSON() string {
	keys := make([]string, 0, len(s.Defaults))
	seen := map[string]bool{}
	for _, d := range s.Defs {
		keys = append(keys, d.Name)
		seen[d.Name] = true
	}
	var extra []string
	for k := range s.Defaults {
		if !seen[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	keys = append(keys, extra...)
	if len(keys) == 0 {
		return "{}"
	}
	var b strings.Builder
	b.WriteString("{\n")
	for i, k := range keys {
		v, ok := s.Defaults[k]
		if !ok {
			v = json.RawMessage("null")
		}
		var compact bytes.Buffer
		if json.Compact(&compact, v) != nil {
			compact.Reset()
			compact.WriteString("null")
		}
		kb, _ := json.Marshal(k)
		fmt.Fprintf(&b, "  %s: %s", kb, compact.String())
		if i < len(keys)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}")
	return b.String()
}

// ValidateParams checks the editor's text: a JSON object, every required parameter
// given (not null), no parameter the flow does not have. It returns the compacted
// object to send.
func (s RunNowSpec) ValidateParams(text string) (json.RawMessage, error) {
	var m map[string]json.RawMessage
	dec := json.NewDecoder(strings.NewReader(text))
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("parameters must be a JSON object: %v", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("parameters: unexpected text after the JSON object")
	}
	if m == nil {
		m = map[string]json.RawMessage{}
	}
	known := map[string]bool{}
	for _, d := range s.Defs {
		known[d.Name] = true
		if v, ok := m[d.Name]; d.Required && (!ok || string(v) == "null") {
			return nil, fmt.Errorf("parameter %q is required", d.Name)
		}
	}
	if len(s.Defs) > 0 {
		var unknown []string
		for k := range m {
			if !known[k] {
				unknown = append(unknown, k)
			}
		}
		if len(unknown) > 0 {
			sort.Strings(unknown)
			return nil, fmt.Errorf("the flow has no parameter %s", strings.Join(unknown, ", "))
		}
	}
	out, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ParseLabels splits "a, b,c" into labels, dropping empties and duplicates.
func ParseLabels(s string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, l := range strings.Split(s, ",") {
		l = strings.TrimSpace(l)
		if l == "" || seen[l] {
			continue
		}
		seen[l] = true
		out = append(out, l)
	}
	return out
}

// RunNow returns the command that loads a flow's defaults and opens the "run now" form.
func RunNow(deps screen.Deps, flowID string) tea.Cmd {
	if c := readOnly(deps); c != nil {
		return c
	}
	ctx, c := ctxOf(deps), deps.Client
	return func() tea.Msg {
		rctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		spec, err := LoadRunNow(rctx, c, flowID)
		if err != nil {
			return screen.StatusMsg{Text: "run now: " + api.Describe(err), Level: screen.LevelError}
		}
		return push(newRunForm(deps, spec))
	}
}

// runNowConfirm builds the confirmation of a create_flow_run.
func runNowConfirm(deps screen.Deps, spec RunNowSpec, params json.RawMessage, labels []string, name string) tea.Cmd {
	vars := map[string]any{"flowId": spec.FlowID, "parameters": params, "labels": labels, "flowRunName": nil}
	var namePtr *string
	if name != "" {
		vars["flowRunName"] = name
		namePtr = &name
	}
	ctx, c := ctxOf(deps), deps.Client
	run := func() tea.Msg {
		rctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		resp, err := api.CreateFlowRun(rctx, c, spec.FlowID, params, labels, namePtr)
		d := screen.ChangedMsg{Action: ActionRunNow, IDs: []string{spec.FlowID}, Err: err}
		if err == nil {
			d.Created = resp.Create_flow_run.Id
		}
		return done(deps, d, fmt.Sprintf("scheduled a run of %s now (%s)", spec.FlowName, shortID(d.Created)))
	}
	body := "A new flow run, scheduled to start now; an agent with matching labels picks it up."
	if name == "" {
		body += " The server names it."
	}
	return func() tea.Msg {
		return push(newDialog(deps, components.ConfirmSpec{
			ID:        "run-now",
			Title:     "Run " + spec.FlowName + " now?",
			Body:      body,
			Mutation:  api.CreateFlowRun_Operation,
			Variables: vars,
			Touches:   1,
			Noun:      "new flow run",
		}, run))
	}
}

func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
