package components

import (
	"strconv"
	"strings"
	"time"

	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/theme"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

// TaskRunRow is one task-run row of a table (Task runs, Mapped runs, the timeline) as
// its Detail shows it.
type TaskRunRow struct {
	// Task is the task's name; Run the row's task run (a mapped child, or a task's
	// map_index -1 run). A child shown as a row of its own (Mapped runs) has Task set to
	// its label.
	Task string
	Run  rundata.TaskRun
	// Counts are a mapped parent's children by state (nil for other rows).
	Counts map[string]int
	// Start and End are the row's times as the table shows them (a mapped parent spans
	// its children); Took is set when the row has a duration.
	Start, End time.Time
	Took       time.Duration
	HasTook    bool
}

// TaskRunFields lays a row out for a Detail: its title and fields (the task, the task
// run's whole name, map index, state, children, the whole state message, times, id).
func TaskRunFields(st *theme.Styles, now time.Time, r TaskRunRow) (string, []Field) {
	tr := r.Run
	title := r.Task
	if tr.Name != "" && tr.Name != r.Task || tr.MapIndex >= 0 {
		title = tr.Label(r.Task)
	}
	var fields []Field
	switch {
	case tr.MapIndex >= 0 && title == r.Task:
		fields = append(fields, Field{Label: "task run", Value: title})
	case title != r.Task:
		fields = append(fields, Field{Label: "task", Value: r.Task}, Field{Label: "task run", Value: title})
	default:
		fields = append(fields, Field{Label: "task", Value: r.Task})
	}
	if tr.MapIndex >= 0 {
		fields = append(fields, Field{Label: "map index", Value: strconv.Itoa(tr.MapIndex)})
	}
	fields = append(fields, Field{Label: "state", Value: State(st, tr.State)})
	if len(r.Counts) > 0 {
		fields = append(fields, Field{Label: "children", Value: Counts(st, r.Counts)})
	}
	if tr.Message != "" {
		fields = append(fields, Field{Label: "message", Value: tr.Message})
	}
	fields = append(fields, Field{Label: "started", Value: fullStamp(r.Start, now)},
		Field{Label: "ended", Value: fullStamp(r.End, now)})
	if r.HasTook {
		fields = append(fields, Field{Label: "took", Value: timefmt.Duration(r.Took)})
	}
	if tr.ID != "" {
		fields = append(fields, Field{Label: "id", Value: tr.ID})
	}
	return title, fields
}

// Counts renders state counts as "✓12 ✗3 ▶1", most frequent first.
func Counts(st *theme.Styles, counts map[string]int) string {
	parts := make([]string, 0, len(counts))
	for _, s := range rundata.SortedCounts(counts) {
		parts = append(parts, StyleFor(st, s).Render(Info(s).Glyph+strconv.Itoa(counts[s])))
	}
	return strings.Join(parts, " ")
}

// fullStamp is a full UTC time with how long ago it was ("—" when unset).
func fullStamp(t, now time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC") + " (" + timefmt.Ago(t, now) + ")"
}
