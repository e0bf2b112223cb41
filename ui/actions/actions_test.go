package actions

import (
	"encoding/json"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

func runIn(t *testing.T, c graphql.Client, state string) string {
	t.Helper()
	var d struct {
		Runs []struct{ ID string } `json:"flow_run"`
	}
	query(t, c, `query($s: String!) { flow_run(where: {state: {_eq: $s}}, order_by: {id: asc}, limit: 1) { id } }`, map[string]any{"s": state}, &d)
	if len(d.Runs) == 0 {
		t.Fatalf("no %s run in the demo", state)
	}
	return d.Runs[0].ID
}

func stateOf(t *testing.T, c graphql.Client, id string) string {
	t.Helper()
	var d struct {
		R struct{ State string } `json:"flow_run_by_pk"`
	}
	query(t, c, `query($id: uuid!) { flow_run_by_pk(id: $id) { state } }`, map[string]any{"id": id}, &d)
	return d.R.State
}

func TestCancelSeveralRunsFromASelection(t *testing.T) {
	c := newServer(t)
	running, scheduled, done := runIn(t, c, "Running"), runIn(t, c, "Scheduled"), runIn(t, c, "Success")
	d := pushed[*Dialog](t, CancelIDs(testDeps(c), []string{running, scheduled, done}))
	spec := d.Spec()
	if spec.Touches != 2 || !strings.Contains(spec.Body, "1 run already finished") {
		t.Fatalf("spec touches %d body %q", spec.Touches, spec.Body)
	}
	if !strings.Contains(spec.Mutation, "cancel_flow_run(input: {flow_run_id:$flowRunId})") {
		t.Fatalf("mutation %s", spec.Mutation)
	}
	b, _ := json.Marshal(spec.Variables)
	if !strings.Contains(string(b), running) || !strings.Contains(string(b), scheduled) || strings.Contains(string(b), done) {
		t.Fatalf("variables %s", b)
	}
	d.SetSize(100, 30)
	view := uitest.Strip(d.View())
	if !strings.Contains(view, "touches 2 flow runs") || !strings.Contains(view, "flowRunId") {
		t.Fatalf("dialog view:\n%s", view)
	}
	out := confirm(t, d)
	got := outcome(t, out)
	if len(got.IDs) != 2 {
		t.Fatalf("cancelled %v", got.IDs)
	}
	if s := stateOf(t, c, running); s != "Cancelling" {
		t.Errorf("running run is %s, want Cancelling", s)
	}
	if s := stateOf(t, c, scheduled); s != "Cancelled" {
		t.Errorf("scheduled run is %s, want Cancelled", s)
	}
	if s := stateOf(t, c, done); s != "Success" {
		t.Errorf("finished run is %s, want Success", s)
	}
}

func TestCancelDeclinedSendsNothing(t *testing.T) {
	c := newServer(t)
	id := runIn(t, c, "Scheduled")
	d := pushed[*Dialog](t, Cancel(testDeps(c), []Run{{ID: id, Name: "x", State: "Scheduled"}}))
	_, closed := uitest.Send[screen.Screen](d, uitest.Press("n"))
	_, out := uitest.Send[screen.Screen](d, closed...)
	if _, ok := uitest.Find[screen.ChangedMsg](out); ok {
		t.Fatal("declined dialog ran the mutation")
	}
	if _, ok := uitest.Find[screen.PopMsg](out); !ok {
		t.Fatal("declined dialog did not pop")
	}
	if s := stateOf(t, c, id); s != "Scheduled" {
		t.Fatalf("run is %s", s)
	}
}

func TestMarkFlowRunAsFailedCascades(t *testing.T) {
	c := newServer(t)
	id := runIn(t, c, "Running")
	deps := testDeps(c)
	form := pushed[*MarkForm](t, MarkFlowRunID(deps, id))
	var msgs []tea.Msg
	msgs = append(msgs, uitest.Press("space")) // cascade on; the first state is Failed
	msgs = append(msgs, uitest.Press("tab"))
	msgs = append(msgs, uitest.Type("stuck worker")...)
	msgs = append(msgs, uitest.Press("enter"))
	_, out := uitest.Send[screen.Screen](form, msgs...)
	if _, ok := uitest.Find[screen.PopMsg](out); !ok {
		t.Fatalf("form did not pop: %v", out)
	}
	p, ok := uitest.Find[screen.PushMsg](out)
	if !ok {
		t.Fatalf("no dialog: %v", out)
	}
	d := p.Screen.(*Dialog)
	var unfinished struct {
		TR []struct{ ID string } `json:"task_run"`
	}
	query(t, c, `query($id: uuid!) { task_run(where: {flow_run_id: {_eq: $id}, state: {_nin: ["Finished","Looped","Success","Cancelled","Failed","TriggerFailed","ValidationFailed","TimedOut","Cached","Mapped","Skipped"]}}) { id } }`, map[string]any{"id": id}, &unfinished)
	if len(unfinished.TR) == 0 {
		t.Fatal("weak fixture: the running run has no unfinished task runs")
	}
	if d.Spec().Touches != 1+len(unfinished.TR) {
		t.Fatalf("touches %d, want %d", d.Spec().Touches, 1+len(unfinished.TR))
	}
	outcome(t, confirm(t, d))
	if s := stateOf(t, c, id); s != "Failed" {
		t.Fatalf("run is %s", s)
	}
	for _, tr := range unfinished.TR {
		var s struct {
			T struct{ State, State_message string } `json:"task_run_by_pk"`
		}
		query(t, c, `query($id: uuid!) { task_run_by_pk(id: $id) { state state_message } }`, map[string]any{"id": tr.ID}, &s)
		if s.T.State != "Failed" || s.T.State_message != "stuck worker" {
			t.Errorf("task run %s: %+v", tr.ID, s.T)
		}
	}
	var logs struct {
		Log []struct{ Message string } `json:"log"`
	}
	query(t, c, `query($id: uuid!) { log(where: {flow_run_id: {_eq: $id}, message: {_ilike: "%marked this flow run as Failed%"}}) { message } }`, map[string]any{"id": id}, &logs)
	if len(logs.Log) != 1 {
		t.Fatalf("log lines %+v", logs.Log)
	}
}

func TestRunNowWithParameters(t *testing.T) {
	c := newServer(t)
	var flows struct {
		Flow []struct {
			ID         string          `json:"id"`
			Name       string          `json:"name"`
			Parameters json.RawMessage `json:"parameters"`
		} `json:"flow"`
	}
	query(t, c, `{ flow(where: {archived: {_eq: false}}, order_by: {name: asc}) { id name parameters } }`, nil, &flows)
	var flowID string
	var defs []ParamDef
	for _, f := range flows.Flow {
		_ = json.Unmarshal(f.Parameters, &defs)
		if len(defs) > 0 {
			flowID = f.ID
			break
		}
	}
	if flowID == "" {
		t.Fatal("no flow with parameters")
	}
	form := pushed[*RunForm](t, RunNow(testDeps(c), flowID))
	text := form.params.Value()
	for _, d := range defs {
		if !strings.Contains(text, `"`+d.Name+`"`) {
			t.Fatalf("editor lacks %s:\n%s", d.Name, text)
		}
	}
	// Invalid JSON is refused in the form.
	form.params.SetValue(`{"nope": `)
	_, out := uitest.Send[screen.Screen](form, uitest.Press("ctrl+s"))
	if _, pushed := uitest.Find[screen.PushMsg](out); form.Err() == "" || pushed {
		t.Fatalf("invalid JSON accepted: %q %v", form.Err(), out)
	}
	// An unknown parameter is refused too.
	form.params.SetValue(`{"nope": 1}`)
	uitest.Send[screen.Screen](form, uitest.Press("ctrl+s"))
	if !strings.Contains(form.Err(), "no parameter nope") {
		t.Fatalf("err = %q", form.Err())
	}
	form.params.SetValue(text)
	form.labels.SetValue("adhoc, test")
	form.name.SetValue("by-hand")
	_, out = uitest.Send[screen.Screen](form, uitest.Press("ctrl+s"))
	p, ok := uitest.Find[screen.PushMsg](out)
	if !ok {
		t.Fatalf("no dialog: %v (err %q)", out, form.Err())
	}
	d := p.Screen.(*Dialog)
	if !strings.Contains(d.Spec().Mutation, "create_flow_run") || d.Spec().Variables["flowRunName"] != "by-hand" {
		t.Fatalf("spec %+v", d.Spec())
	}
	got := outcome(t, confirm(t, d))
	var r struct {
		R struct {
			Name   string
			State  string
			Labels []string
			Flow   struct{ ID string } `json:"flow"`
		} `json:"flow_run_by_pk"`
	}
	query(t, c, `query($id: uuid!) { flow_run_by_pk(id: $id) { name state labels flow { id } } }`, map[string]any{"id": got.Created}, &r)
	if r.R.Name != "by-hand" || r.R.State != "Scheduled" || strings.Join(r.R.Labels, ",") != "adhoc,test" || r.R.Flow.ID != flowID {
		t.Fatalf("created run %+v", r.R)
	}
}

func TestScheduleOffAndOn(t *testing.T) {
	c := newServer(t)
	var flows struct {
		Flow []struct{ ID, Name string } `json:"flow"`
	}
	query(t, c, `{ flow(where: {archived: {_eq: false}, is_schedule_active: {_eq: true}}, limit: 1) { id name } }`, nil, &flows)
	if len(flows.Flow) == 0 {
		t.Fatal("no flow with an active schedule")
	}
	f := flows.Flow[0]
	active := func() bool {
		var d struct {
			F struct {
				Active bool `json:"is_schedule_active"`
			} `json:"flow_by_pk"`
		}
		query(t, c, `query($id: uuid!) { flow_by_pk(id: $id) { is_schedule_active } }`, map[string]any{"id": f.ID}, &d)
		return d.F.Active
	}
	outcome(t, confirm(t, pushed[*Dialog](t, SetSchedule(testDeps(c), f.ID, f.Name, false))))
	if active() {
		t.Fatal("schedule still active")
	}
	outcome(t, confirm(t, pushed[*Dialog](t, SetSchedule(testDeps(c), f.ID, f.Name, true))))
	if !active() {
		t.Fatal("schedule still inactive")
	}
}

func TestReadOnlyDisablesAndHidesActions(t *testing.T) {
	deps := testDeps(nil)
	deps.ReadOnly = true
	for name, cmd := range map[string]tea.Cmd{
		"cancel":   Cancel(deps, []Run{{ID: "x", State: "Running"}}),
		"restart":  Restart(deps, "x"),
		"mark":     MarkFlowRun(deps, Run{ID: "x"}),
		"run now":  RunNow(deps, "f"),
		"schedule": SetSchedule(deps, "f", "f", true),
	} {
		msgs := uitest.RunCmd(cmd)
		st, ok := uitest.Find[screen.StatusMsg](msgs)
		if !ok || st.Level != screen.LevelError {
			t.Errorf("%s in read-only mode: %v", name, msgs)
		}
	}
	page := NewRunPage(deps)
	for _, b := range page.ShortHelp() {
		if b.Enabled() {
			t.Errorf("%s enabled in read-only mode", b.Help().Key)
		}
	}
	sel := screen.Selection{FlowRun: screen.RunRef{ID: "x", State: "Running"}}
	for _, k := range []string{"C", "R", "M", "T"} {
		if handled, _ := page.HandleKey(uitest.Press(k), sel); handled {
			t.Errorf("%s handled in read-only mode", k)
		}
	}
	list := NewRunsList(deps)
	if handled, _ := list.HandleKey(uitest.Press("C"), screen.Selection{Marked: []string{"x"}, FlowRun: screen.RunRef{ID: "x"}}); handled {
		t.Error("runs list cancel handled in read-only mode")
	}
	// And enabled otherwise.
	deps.ReadOnly = false
	for _, b := range NewRunPage(deps).ShortHelp() {
		if !b.Enabled() {
			t.Errorf("%s disabled outside read-only mode", b.Help().Key)
		}
	}
}

func TestRunNowDefaultsAndValidation(t *testing.T) {
	s := RunNowSpec{
		Defs:     []ParamDef{{Name: "date", Required: true, Default: json.RawMessage("null")}, {Name: "limit", Default: json.RawMessage("10")}},
		Defaults: map[string]json.RawMessage{"limit": json.RawMessage("10"), "extra": json.RawMessage(`"x"`)},
	}
	if got := s.DefaultsJSON(); got != "{\n  \"date\": null,\n  \"limit\": 10,\n  \"extra\": \"x\"\n}" {
		t.Fatalf("defaults:\n%s", got)
	}
	if _, err := s.ValidateParams(`{"limit": 3}`); err == nil || !strings.Contains(err.Error(), `"date" is required`) {
		t.Fatalf("missing required: %v", err)
	}
	if _, err := s.ValidateParams(`[1]`); err == nil {
		t.Fatal("array accepted")
	}
	if _, err := s.ValidateParams(`{"date": "2026-01-01"} x`); err == nil {
		t.Fatal("trailing text accepted")
	}
	if got, err := s.ValidateParams(`{"date": "2026-01-01", "limit": 3}`); err != nil || string(got) != `{"date":"2026-01-01","limit":3}` {
		t.Fatalf("valid: %s %v", got, err)
	}
	if got := ParseLabels(" a, b,,a ,c"); strings.Join(got, "|") != "a|b|c" {
		t.Fatalf("labels %v", got)
	}
}
