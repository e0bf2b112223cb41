package seed

import (
	"strconv"
	"strings"
	"time"
)

// The scale form. From LeanRuns flow runs on, a seed writes each run leaner, so that a
// million runs fit in minutes and a dozen GB, while the data still has what the
// explorer shows: every flow-run and task-run state, mapped tasks with children, logs
// at every level, full flow-run histories. What changes, per run:
//   - a mapped task has 2-3 children (the full form: 3-8);
//   - a task run's history holds its current state only (its version still counts
//     the states before, and its start and end times are those of the full form);
//   - serialized states hold their type, message, start time and wrapped state only
//     (the form Prefect Server's own task-run trigger writes), not the empty
//     result, context and cached inputs;
//   - logs: the agent's and the flow runner's lines, one line of the task's own output
//     in about a quarter of the task runs that ran, every warning, error and critical
//     line, and a DEBUG line in about one run in ten; no task-runner chatter.

// LeanRuns is the number of flow runs from which Demo and Generate write the scale form.
const LeanRuns = 10000

// serialize renders a history event as a serialized state: in full, or in the scale
// form.
func (b *runBuilder) serialize(e hevent) string {
	if b.lean {
		return serializeLean(e)
	}
	return serialize(e)
}

// serializeLean renders a state as {"message":...,"type":...} with its start_time and
// a Submitted state's wrapped state, keys in the order the API's own writes give them.
func serializeLean(e hevent) string {
	var b strings.Builder
	b.Grow(160)
	b.WriteString(`{"message":`)
	writeJSONString(&b, e.msg)
	if !e.startTime.IsZero() {
		b.WriteString(`,"start_time":"` + formatTime(e.startTime) + `"`)
	}
	if e.typ == "Submitted" {
		b.WriteString(`,"state":{"message":"Flow run scheduled.","type":"` + e.nested + `"}`)
	}
	b.WriteString(`,"type":"` + e.typ + `"}`)
	return b.String()
}

// leanTask writes the scale form of a task run's logs.
func (l *logger) leanTask(trID string, p *trPlan) {
	label := p.task.name
	if p.mapIndex >= 0 {
		label += "[" + strconv.Itoa(p.mapIndex) + "]"
	}
	const runner = "prefect.TaskRunner"
	user := "prefect." + p.task.name
	for _, e := range p.hist[1:] {
		switch e.typ {
		case "Running":
			if !userCode(p) {
				continue
			}
			if logs := p.task.def.logs; len(logs) > 0 && l.b.rng.IntN(4) == 0 {
				l.add(e.ts.Add(300*time.Millisecond), trID, user, "INFO", l.userLine(logs[0]))
			}
			if l.b.rng.IntN(30) == 0 {
				l.slow(e.ts.Add(400*time.Millisecond), trID, user)
			}
		case "Retrying":
			l.add(e.ts, trID, runner, "ERROR", retryTrace(label))
		case "Failed":
			l.add(e.ts, trID, runner, "ERROR", l.failTrace(label, p))
			if strings.HasPrefix(p.failMsg, "MemoryError") {
				l.add(e.ts.Add(time.Millisecond), trID, user, "CRITICAL", "Worker ran out of memory (limit 2Gi); the container was OOM-killed.")
			}
		case "TimedOut":
			l.add(e.ts, trID, runner, "ERROR", "Task '"+label+"': Task timed out during execution (timeout: 3600 s)")
		case "Cancelled":
			l.add(e.ts, trID, runner, "WARNING", "Task '"+label+"': Task run was cancelled.")
		}
	}
}
