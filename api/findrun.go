package api

import (
	"context"
	"encoding/json"
	"fmt"
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
// see RefExp) and up to limit of its task runs (limit <= 0: all) in the order they were
// created. The first request resolves the reference and reads the first page
// (GetRunTaskRuns); a *NotFoundError or *AmbiguousError says why it could not.
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
	out.TaskRuns = rows
	return out, nil
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

// LogCursor is the position after a log line in (timestamp, id) order; the zero value
// is the start.
type LogCursor struct {
	Timestamp time.Time
	ID        string
}

// RunLogs is a flow run and some of its logs, as FindRunLogs returns them.
type RunLogs struct {
	RunID, RunName, State string
	Logs                  []LogRecord
	// Next is the cursor after the last line (From when there were none): pass it to
	// the next FindRunLogs to read only newer lines.
	Next LogCursor
}

var logOrder = []orderKey{{"timestamp", false}, {"id", false}}

// FindRunLogs returns the flow run ref names (see RefExp) and up to limit of its logs
// (limit <= 0: all) after from, oldest first, at the given levels (nil: all). Reading
// again from the returned Next gives only the lines written since, which is how `get
// logs --follow` tails a run (GetRunLogs; one request per PageSize lines).
func FindRunLogs(ctx context.Context, c graphql.Client, ref string, levels []string, from LogCursor, limit int) (*RunLogs, error) {
	runExp, err := RefExp(ref)
	if err != nil {
		return nil, err
	}
	var base Exp
	if len(levels) > 0 {
		base = Exp{"level": Exp{"_in": levels}}
	}
	if from.ID != "" {
		base = And(base, after(logOrder, Timestamp(from.Timestamp), from.ID))
	}
	out := &RunLogs{Next: from}
	rows, err := pages(ctx, base, limit,
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
	if n := len(rows); n > 0 {
		out.Next = LogCursor{Timestamp: rows[n-1].Timestamp, ID: rows[n-1].Id}
	}
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
