package seed

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// logger writes the logs of one seeded flow run.
type logger struct {
	b         *runBuilder
	flowRunID string
	flow      string
	err       error
}

const (
	infoFlow = `{"module": "flow_runner", "funcName": "run"}`
	infoTask = `{"module": "task_runner", "funcName": "run"}`
	infoUser = `{"module": "tasks", "funcName": "run"}`
)

func (l *logger) add(at time.Time, taskRunID, name, level, msg string) {
	if l.err != nil || at.After(l.b.now) {
		return
	}
	info := infoUser
	switch {
	case strings.HasSuffix(name, "FlowRunner"):
		info = infoFlow
	case strings.HasSuffix(name, "TaskRunner"):
		info = infoTask
	}
	var tr any
	if taskRunID != "" {
		tr = taskRunID
	}
	ts := formatTime(at)
	l.err = l.b.w.add("log", colsLog, l.b.g.next(), l.b.world.tenantID, l.flowRunID, tr, ts, name, level, msg, info, ts, ts, nil)
}

func (l *logger) flush() error { return l.err }

func (l *logger) flowStart(at time.Time) {
	l.add(at, "", "prefect.FlowRunner", "INFO", "Beginning Flow run for '"+l.flow+"'")
	if l.b.lean && l.b.rng.IntN(10) == 0 {
		l.add(at.Add(2*time.Millisecond), "", "prefect.FlowRunner", "DEBUG", "Flow '"+l.flow+"': Handling state change from Scheduled to Running")
	}
	if l.b.full {
		l.add(at.Add(time.Millisecond), "", "prefect.FlowRunner", "DEBUG", "Using executor type LocalDaskExecutor")
		l.add(at.Add(2*time.Millisecond), "", "prefect.FlowRunner", "DEBUG", "Flow '"+l.flow+"': Handling state change from Scheduled to Running")
	}
}

func (l *logger) flowEnd(h *flowHist, o outcome) {
	last := h.events[len(h.events)-1]
	switch last.typ {
	case "Success":
		l.add(last.ts, "", "prefect.FlowRunner", "INFO", "Flow run SUCCESS: all reference tasks succeeded")
	case "Failed":
		l.add(last.ts, "", "prefect.FlowRunner", "ERROR", "Flow run FAILED: some reference tasks failed.")
	case "TimedOut":
		l.add(last.ts, "", "prefect.FlowRunner", "CRITICAL", "Flow run exceeded its timeout of 1 hour; the run was killed.")
	case "Cancelling":
		l.add(last.ts, "", "prefect.FlowRunner", "WARNING", "Flow run cancellation requested; waiting for running tasks to stop.")
	case "Cancelled":
		if o == oCancelled {
			l.add(last.ts, "", "prefect.FlowRunner", "WARNING", "Flow run was cancelled; cancelled all unfinished task runs.")
		}
	}
}

// task writes the logs of one task run's history.
func (l *logger) task(trID string, p *trPlan) {
	label := p.task.name
	if p.mapIndex >= 0 {
		label = p.task.name + "[" + strconv.Itoa(p.mapIndex) + "]"
	}
	runner := "prefect.TaskRunner"
	user := "prefect." + p.task.name
	prev := "Pending"
	for i, e := range p.hist {
		if i == 0 {
			continue
		}
		if l.b.full {
			l.add(e.ts, trID, runner, "DEBUG", fmt.Sprintf("Task '%s': Handling state change from %s to %s", label, prev, e.typ))
		}
		switch e.typ {
		case "Running":
			l.add(e.ts, trID, runner, "INFO", fmt.Sprintf("Task '%s': Starting task run...", label))
			if userCode(p) {
				for j, m := range p.task.def.logs {
					l.add(e.ts.Add(time.Duration(j+1)*300*time.Millisecond), trID, user, "INFO", l.userLine(m))
				}
				if l.b.rng.IntN(15) == 0 {
					l.slow(e.ts.Add(400*time.Millisecond), trID, user)
				}
			}
		case "Retrying":
			l.add(e.ts, trID, runner, "ERROR", retryTrace(label))
			l.add(e.ts.Add(time.Millisecond), trID, runner, "INFO", fmt.Sprintf("Task '%s': Finished task run for task with final state: 'Retrying'", label))
		case "Failed":
			l.add(e.ts, trID, runner, "ERROR", l.failTrace(label, p))
			if strings.HasPrefix(p.failMsg, "MemoryError") {
				l.add(e.ts.Add(time.Millisecond), trID, user, "CRITICAL", "Worker ran out of memory (limit 2Gi); the container was OOM-killed.")
			}
			l.add(e.ts.Add(2*time.Millisecond), trID, runner, "INFO", fmt.Sprintf("Task '%s': Finished task run for task with final state: 'Failed'", label))
		case "TimedOut":
			l.add(e.ts, trID, runner, "ERROR", fmt.Sprintf("Task '%s': Task timed out during execution (timeout: 3600 s)", label))
			l.add(e.ts.Add(time.Millisecond), trID, runner, "INFO", fmt.Sprintf("Task '%s': Finished task run for task with final state: 'TimedOut'", label))
		case "Cached":
			l.add(e.ts, trID, runner, "INFO", fmt.Sprintf("Task '%s': Task is cached; using cached result.", label))
			l.add(e.ts.Add(time.Millisecond), trID, runner, "INFO", fmt.Sprintf("Task '%s': Finished task run for task with final state: 'Cached'", label))
		case "Cancelled":
			l.add(e.ts, trID, runner, "WARNING", fmt.Sprintf("Task '%s': Task run was cancelled.", label))
		default:
			l.add(e.ts, trID, runner, "INFO", fmt.Sprintf("Task '%s': Finished task run for task with final state: '%s'", label, e.typ))
		}
		prev = e.typ
	}
}

// userCode reports whether the task run runs the task's own code (and logs): not a
// constant, not the parent of mapped children.
func userCode(p *trPlan) bool {
	return !p.task.def.auto && p.mapIndex != -1 || !p.task.def.mapped && !p.task.def.auto
}

// userLine fills a task's log template's %d with a random count.
func (l *logger) userLine(m string) string {
	if strings.Contains(m, "%d") {
		return fmt.Sprintf(m, 10+l.b.rng.IntN(90000))
	}
	return m
}

func (l *logger) slow(at time.Time, trID, user string) {
	l.add(at, trID, user, "WARNING", fmt.Sprintf("Slow response from upstream service (%d.%d s)", 5+l.b.rng.IntN(20), l.b.rng.IntN(10)))
}

const traceHead = "Exception encountered during task execution!\nTraceback (most recent call last):\n" +
	"  File \"/usr/local/lib/python3.9/site-packages/prefect/engine/task_runner.py\", line 880, in get_task_run_state\n" +
	"    value = prefect.utilities.executors.run_task_with_timeout(\n"

// retryTrace is the traceback a task run logs before it retries.
func retryTrace(label string) string {
	return "Task '" + label + "': " + traceHead + "ConnectionResetError: [Errno 104] Connection reset by peer"
}

// failTrace is the traceback of a task run that failed with p.failMsg.
func (l *logger) failTrace(label string, p *trPlan) string {
	return fmt.Sprintf("Task '%s': %s  File \"/opt/flows/%s.py\", line %d, in %s\n%s", label, traceHead, l.flow,
		20+l.b.rng.IntN(200), p.task.name, pyException(p.failMsg))
}

// pyException turns "ValueError('x')" into Python's traceback tail "ValueError: x".
func pyException(m string) string {
	i := strings.Index(m, "(")
	if i < 0 {
		return m
	}
	arg := strings.TrimSuffix(m[i+1:], ")")
	arg = strings.Trim(arg, "'")
	if arg == "" {
		return m[:i]
	}
	return m[:i] + ": " + arg
}
