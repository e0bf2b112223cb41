package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
)

// fakeAPI answers each operation with one canned JSON answer (built once), and counts
// the requests so that startApp can wait for every load however slow the machine is.
type fakeAPI struct {
	answers map[string][]byte
	mu      sync.Mutex
	busy    int // requests in flight
	done    int // requests answered
}

func newFake(answers map[string][]byte) *fakeAPI { return &fakeAPI{answers: answers} }

func (f *fakeAPI) MakeRequest(_ context.Context, req *graphql.Request, resp *graphql.Response) error {
	f.mu.Lock()
	f.busy++
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.busy--
		f.done++
		f.mu.Unlock()
	}()
	data, ok := f.answers[req.OpName]
	if !ok {
		return fmt.Errorf("fake API: no answer for %s", req.OpName)
	}
	return json.Unmarshal(data, resp.Data)
}

func (f *fakeAPI) counts() (busy, done int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.busy, f.done
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// runsAnswer is ListFlowRuns with n runs of mixed states, labels and flows.
func runsAnswer(n int) []byte {
	states := []string{"Success", "Failed", "Running", "Scheduled", "Cancelled", "Success", "TimedOut", "Pending"}
	var r api.ListFlowRunsResponse
	for i := range n {
		sched := runtest.Now.Add(time.Duration(5-i) * 7 * time.Minute)
		run := api.ListFlowRunsFlow_run{
			Id:    fmt.Sprintf("00000000-0000-4000-8000-%012d", i),
			Name:  []string{"brave-otter", "calm-heron", "eager-lynx", "tidy-wombat"}[i%4] + fmt.Sprint(i),
			State: states[i%len(states)], Scheduled_start_time: sched,
			Labels: json.RawMessage(`["prod","eu"]`),
			Flow:   api.ListFlowRunsFlow_runFlow{Id: "f", Name: []string{"etl-nightly", "reports", "ml-train"}[i%3]},
		}
		if run.State != "Scheduled" && run.State != "Pending" {
			run.Start_time = sched.Add(3 * time.Second)
			if run.State != "Running" {
				run.End_time = run.Start_time.Add(time.Duration(30+i%300) * time.Second)
				run.State_timestamp = run.End_time
			}
		}
		r.Flow_run = append(r.Flow_run, run)
	}
	r.Flow_run_aggregate.Aggregate.Count = n
	return mustJSON(r)
}

// runPageAnswer is FlowRunPage for run (the inverse of rundata.FromFlowRunPage).
func runPageAnswer(run *rundata.Run) []byte {
	p := api.FlowRunPageFlow_run_by_pkFlow_run{
		Id: run.ID, Name: run.Name, State: run.State, State_message: run.Message, State_timestamp: run.StateTime,
		Scheduled_start_time: run.Scheduled, Start_time: run.Start, Version: run.Version,
		Labels: mustJSON(run.Labels), Parameters: run.Parameters, Created: run.Scheduled,
	}
	p.Flow.Id, p.Flow.Name, p.Flow.Version, p.Flow.Flow_group_id = run.FlowID, run.FlowName, run.FlowVersion, run.FlowGroupID
	p.Flow.Project.Name = run.ProjectName
	p.Agent.Name, p.Agent.Type = run.AgentName, run.AgentType
	for _, s := range run.States {
		p.States = append(p.States, api.FlowRunPageFlow_run_by_pkFlow_runStatesFlow_run_state{State: s.State, Message: s.Message, Timestamp: s.Timestamp})
	}
	for _, t := range run.Tasks {
		tr := t.Run
		p.Task_runs = append(p.Task_runs, api.FlowRunPageFlow_run_by_pkFlow_runTask_runsTask_run{
			TaskRunRow: api.TaskRunRow{Id: tr.ID, Task_id: t.TaskID, Map_index: tr.MapIndex, Name: tr.Name, State: tr.State,
				State_message: tr.Message, State_timestamp: tr.StateTime, Start_time: tr.Start, End_time: tr.End},
			Task: api.FlowRunPageFlow_run_by_pkFlow_runTask_runsTask_runTask{Id: t.TaskID, Name: t.Name, Slug: t.Name + "-1"},
		})
	}
	return mustJSON(api.FlowRunPageResponse{Flow_run_by_pk: p})
}

// logsAnswer is LogPage's newest page: n lines newest first (every tenth a
// traceback) out of total.
func logsAnswer(n, total int) []byte {
	var r api.LogPageResponse
	for i := n - 1; i >= 0; i-- {
		msg := fmt.Sprintf("Task 'step[%d]': Finished task run for task with final state: 'Success'", i)
		if i%10 == 0 {
			msg = "Traceback (most recent call last):\n  File \"x.py\", line 1\nValueError: bad"
		}
		r.Log = append(r.Log, api.LogLine{Id: fmt.Sprintf("%08d", i), Flow_run_id: "run",
			Timestamp: runtest.Now.Add(time.Duration(i) * time.Millisecond), Level: "INFO", Name: "prefect", Message: msg})
	}
	r.Log_aggregate.Aggregate.Count = total
	return mustJSON(r)
}

// startApp builds the explorer at route on f at w×h and feeds it what its start-up
// commands answered, until the screen has loaded.
func startApp(tb testing.TB, f *fakeAPI, route screen.Route, w, h int) *ui.App {
	tb.Helper()
	f.answers["Hello"] = []byte(`{"hello":"hi"}`)
	f.answers["CheckServer"] = []byte(`{"hello":"hi","tenant":[{"id":"t","slug":"demo","name":"Demo"}]}`)
	app := ui.New(ui.Options{Client: f, Now: func() time.Time { return runtest.Now }, Start: route, Theme: "dark",
		Session: screen.Session{APIURL: "http://127.0.0.1:4200/graphql", Backend: "server"}})
	app.Update(tea.WindowSizeMsg{Width: w, Height: h})
	pending := settle(f, app.Init())
	for range 5 {
		var next []tea.Msg
		for _, msg := range pending {
			if _, ok := msg.(tea.BackgroundColorMsg); ok {
				continue
			}
			_, cmd := app.Update(msg)
			next = append(next, settle(f, cmd)...)
		}
		pending = next
	}
	return app
}

// quiet is how long settle waits, once every request is answered and its message has
// come, for commands that send none: the rest are timers (refresh ticks, the status
// line's), dropped.
const quiet = 300 * time.Millisecond

// afterAnswer is how long settle still waits after the last answer.
const afterAnswer = 2 * time.Second

// settle runs cmd's commands (batches flattened) concurrently and returns their
// messages: it waits for every request sent to f and the message that carries it,
// whatever the time that takes, then for the quick commands.
func settle(f *fakeAPI, cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	cmds := []tea.Cmd{cmd}
	_, before := f.counts()
	ch := make(chan tea.Msg, 64)
	running := 0
	start := func(c tea.Cmd) {
		running++
		go func() { ch <- c() }()
	}
	for _, c := range cmds {
		start(c)
	}
	var out []tea.Msg
	received, lastDone, answeredAt := 0, before, time.Now()
	for running > 0 {
		select {
		case msg := <-ch:
			running--
			received++
			if b, ok := msg.(tea.BatchMsg); ok {
				for _, c := range b {
					if c != nil {
						start(c)
					}
				}
				continue
			}
			if msg != nil {
				out = append(out, msg)
			}
		case <-time.After(quiet):
			// Done when no request is in flight, none was answered for a while (what a
			// screen does with an answer before its message comes is quick), and at
			// least one message came for each answer.
			busy, done := f.counts()
			if done != lastDone {
				lastDone, answeredAt = done, time.Now()
			}
			if busy == 0 && time.Since(answeredAt) >= afterAnswer && received >= done-before {
				return out
			}
		}
	}
	return out
}

// frame is the root model's view as bubbletea draws it.
func frame(app *ui.App) string { return app.View().Content }

// mustShow fails when the view lacks a text (the benchmark would time the wrong thing).
func mustShow(tb testing.TB, app *ui.App, texts ...string) {
	tb.Helper()
	v := frame(app)
	for _, t := range texts {
		if !strings.Contains(v, t) {
			tb.Fatalf("the frame lacks %q:\n%s", t, v)
		}
	}
}
