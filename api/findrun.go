package api

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/Khan/genqlient/graphql"
)

// RunTaskRuns is a flow run and its task runs, as FindTaskRuns returns them.
type RunTaskRuns struct {
	RunID, RunName, State string
	TaskRuns              []TaskRunSummary
}

var taskRunOrder = []orderKey{{"created", false}, {"id", false}}

// FindTaskRuns returns the flow run ref names (an id, a unique id prefix or a name;
// see RefExp) and up to limit of its task runs (limit <= 0: all; the first created
// when there are more), in the order they started (those not started yet last, by
// task and map index). The first request resolves the reference and reads the first
// page (GetRunTaskRuns); a *NotFoundError or *AmbiguousError says why it could not.
func FindTaskRuns(ctx context.Context, c graphql.Client, ref string, limit int) (*RunTaskRuns, error) {
	runExp, err := RefExp(ref)
	if err != nil {
		return nil, err
	}
	out := &RunTaskRuns{}
	rows, err := pages(ctx, nil, limit,
		func(ctx context.Context, where json.RawMessage, n int) ([]TaskRunSummary, error) {
			resp, err := GetRunTaskRuns(ctx, c, runExp.JSON(), where, n)
			if err != nil {
				return nil, err
			}
			ms := make([]match, 0, len(resp.Flow_run))
			for _, r := range resp.Flow_run {
				ms = append(ms, match{"flow run", r.Id, deref(r.Name)})
			}
			m, err := pickOne(ref, "flow run", ms)
			if err != nil {
				return nil, err
			}
			r := resp.Flow_run[0]
			out.RunID, out.RunName, out.State = r.Id, m.name, deref(r.State)
			runExp = Exp{"id": Exp{"_eq": r.Id}}
			return r.Task_runs, nil
		},
		func(r *TaskRunSummary) Exp { return after(taskRunOrder, Timestamp(r.Created), r.Id) })
	if err != nil {
		return nil, err
	}
	sort.SliceStable(rows, func(i, j int) bool { return startedBefore(&rows[i], &rows[j]) })
	out.TaskRuns = rows
	return out, nil
}

// startedBefore orders task runs by start time, those not started last, then by task
// name and map index.
func startedBefore(a, b *TaskRunSummary) bool {
	switch {
	case a.Start_time != nil && b.Start_time != nil && !a.Start_time.Equal(*b.Start_time):
		return a.Start_time.Before(*b.Start_time)
	case (a.Start_time == nil) != (b.Start_time == nil):
		return a.Start_time != nil
	case a.Task.Name != b.Task.Name:
		return a.Task.Name < b.Task.Name
	}
	return a.Map_index < b.Map_index
}

// LogLevels are the levels of Prefect's logs (Python's), lowest first.
var LogLevels = []string{"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}

// LevelsFrom returns level and the levels above it ("warning" → WARNING, ERROR,
// CRITICAL); WARN is WARNING.
func LevelsFrom(level string) ([]string, error) {
	l := strings.ToUpper(strings.TrimSpace(level))
	if l == "WARN" {
		l = "WARNING"
	}
	for i, name := range LogLevels {
		if name == l {
			return LogLevels[i:], nil
		}
	}
	return nil, fmt.Errorf("unknown log level %q (want one of %s)", level, strings.Join(LogLevels, ", "))
}

// LogCursor marks the logs of a run already read, in the order the server stored them:
// the latest created time among them and the ids stored at that time. Following by
// storage order rather than by timestamp misses no line that arrives late (Prefect's
// clients send logs in batches, so lines can be stored after newer-stamped ones). The
// zero value is the start.
type LogCursor struct {
	Created time.Time
	IDs     []string
}

// advance moves the cursor past logs.
func (c LogCursor) advance(logs []LogRecord) LogCursor {
	for _, l := range logs {
		switch {
		case l.Created.After(c.Created):
			c = LogCursor{Created: l.Created, IDs: []string{l.Id}}
		case l.Created.Equal(c.Created):
			c.IDs = append(c.IDs, l.Id)
		}
	}
	return c
}

// exp selects the logs stored after the cursor.
func (c LogCursor) exp() Exp {
	if c.Created.IsZero() {
		return nil
	}
	e := Exp{"created": Exp{"_gte": Timestamp(c.Created)}}
	if len(c.IDs) > 0 {
		e["id"] = Exp{"_nin": c.IDs}
	}
	return e
}

// RunLogs is a flow run and some of its logs, as FindRunLogs and TailRunLogs return
// them.
type RunLogs struct {
	RunID, RunName, State string
	Logs                  []LogRecord
	// Next is the cursor after these logs (and every log read before them): pass it to
	// TailRunLogs to read only the lines stored since.
	Next LogCursor
}

var logOrder = []orderKey{{"timestamp", false}, {"id", false}}

var logStoreOrder = []orderKey{{"created", false}, {"id", false}}

func levelExp(levels []string) Exp {
	if len(levels) == 0 {
		return nil
	}
	return Exp{"level": Exp{"_in": levels}}
}

// FindRunLogs returns the flow run ref names (see RefExp) and up to limit of its logs
// (limit <= 0: all), oldest first, at the given levels (nil: all), PageSize lines a
// request (GetRunLogs). TailRunLogs from the returned Next reads the lines stored
// since, which is how `get logs --follow` tails a run.
func FindRunLogs(ctx context.Context, c graphql.Client, ref string, levels []string, limit int) (*RunLogs, error) {
	runExp, err := RefExp(ref)
	if err != nil {
		return nil, err
	}
	out := &RunLogs{}
	rows, err := pages(ctx, levelExp(levels), limit,
		func(ctx context.Context, where json.RawMessage, n int) ([]LogRecord, error) {
			resp, err := GetRunLogs(ctx, c, runExp.JSON(), where, n)
			if err != nil {
				return nil, err
			}
			ms := make([]match, 0, len(resp.Flow_run))
			for _, r := range resp.Flow_run {
				ms = append(ms, match{"flow run", r.Id, deref(r.Name)})
			}
			m, err := pickOne(ref, "flow run", ms)
			if err != nil {
				return nil, err
			}
			r := resp.Flow_run[0]
			out.RunID, out.RunName, out.State = r.Id, m.name, deref(r.State)
			runExp = Exp{"id": Exp{"_eq": r.Id}}
			return r.Logs, nil
		},
		func(l *LogRecord) Exp { return after(logOrder, Timestamp(l.Timestamp), l.Id) })
	if err != nil {
		return nil, err
	}
	out.Logs = rows
	out.Next = LogCursor{}.advance(rows)
	return out, nil
}

// TailRunLogs returns the flow run runID (its whole id) with its current state and
// every log at the given levels (nil: all) the server stored after from, in the order
// it stored them (GetNewRunLogs, one request per PageSize lines).
func TailRunLogs(ctx context.Context, c graphql.Client, runID string, levels []string, from LogCursor) (*RunLogs, error) {
	out := &RunLogs{RunID: runID}
	rows, err := pages(ctx, And(levelExp(levels), from.exp()), 0,
		func(ctx context.Context, where json.RawMessage, n int) ([]LogRecord, error) {
			resp, err := GetNewRunLogs(ctx, c, runID, where, n)
			if err != nil {
				return nil, err
			}
			r := resp.Flow_run_by_pk
			if r == nil {
				return nil, &NotFoundError{Ref: runID, Kind: "flow run"}
			}
			out.RunName, out.State = deref(r.Name), deref(r.State)
			return r.Logs, nil
		},
		func(l *LogRecord) Exp { return after(logStoreOrder, Timestamp(l.Created), l.Id) })
	if err != nil {
		return nil, err
	}
	out.Logs = rows
	out.Next = from.advance(rows)
	return out, nil
}

// Described is what DescribeRef found: a flow run or a flow (the other is nil).
type Described struct {
	Run  *DescribeRunOrFlowFlow_run
	Flow *DescribeRunOrFlowFlow
}

// DescribeRef looks ref up as a flow run and as a flow at once (an id, a unique id
// prefix, a run's name or a flow's name, whose current version is meant) and returns
// the one it names with its details, in one request (DescribeRunOrFlow).
func DescribeRef(ctx context.Context, c graphql.Client, ref string) (*Described, error) {
	runExp, err := RefExp(ref)
	if err != nil {
		return nil, err
	}
	flowExp := Exp{"name": Exp{"_eq": strings.TrimSpace(ref)}, "archived": Exp{"_eq": false}}
	if or, ok := runExp["_or"].([]any); ok {
		flowExp = Exp{"_or": []any{or[0], flowExp}}
	}
	resp, err := DescribeRunOrFlow(ctx, c, runExp.JSON(), flowExp.JSON())
	if err != nil {
		return nil, err
	}
	var ms []match
	for _, r := range resp.Flow_run {
		ms = append(ms, match{"flow run", r.Id, deref(r.Name)})
	}
	for _, f := range resp.Flow {
		ms = append(ms, match{"flow", f.Id, f.Name})
	}
	m, err := pickOne(ref, "flow run or flow", ms)
	if err != nil {
		return nil, err
	}
	if m.kind == "flow" {
		return &Described{Flow: &resp.Flow[0]}, nil
	}
	return &Described{Run: &resp.Flow_run[0]}, nil
}
