package seed

import (
	"context"
	"database/sql"
	"encoding/json"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server/store"
)

var leanNow = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

func count(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	return n
}

// TestLeanDistribution seeds the scale form at a small scale (1,200 runs) and checks
// that it still has what the explorer shows: every state, mapped children, logs at
// every level, histories consistent with the runs' columns; and that it is lean.
func TestLeanDistribution(t *testing.T) {
	t.Parallel()
	db, err := store.Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const runs = 1200
	if _, err := generate(context.Background(), db, GenerateOptions{Runs: runs, Now: leanNow, Seed: 4}, scale{lean: 500, bulk: 500}); err != nil {
		t.Fatal(err)
	}
	atLeast := func(what string, min int, q string, args ...any) {
		t.Helper()
		if n := count(t, db, q, args...); n < min {
			t.Errorf("%s: %d, want at least %d", what, n, min)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM flow_run`); n != runs {
		t.Errorf("flow runs: %d, want %d", n, runs)
	}
	for _, st := range []string{"Scheduled", "Submitted", "Running", "Cancelling", "Success", "Failed", "Cancelled", "TimedOut"} {
		atLeast("flow runs "+st, 1, `SELECT count(*) FROM flow_run WHERE state = ?`, st)
	}
	for _, st := range []string{"Pending", "Running", "Retrying", "Success", "Failed", "TriggerFailed", "Cancelled", "Cached", "Skipped", "Mapped", "TimedOut"} {
		atLeast("task runs "+st, 1, `SELECT count(*) FROM task_run WHERE state = ?`, st)
	}
	for _, lvl := range []string{"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"} {
		atLeast("logs "+lvl, 1, `SELECT count(*) FROM log WHERE level = ?`, lvl)
	}
	// A mapped task of a finished run has 2-3 children (none when it maps over a
	// mapped task that never ran), and failures reach them.
	children := `(SELECT count(*) FROM task_run c WHERE c.flow_run_id = p.flow_run_id AND c.task_id = p.task_id AND c.map_index >= 0)`
	if n := count(t, db, `SELECT count(*) FROM task_run p JOIN flow_run r ON r.id = p.flow_run_id
		WHERE p.state = 'Mapped' AND r.state IN ('Success', 'Failed') AND `+children+` NOT IN (0, 2, 3)`); n != 0 {
		t.Errorf("%d mapped parents of finished runs without 2-3 children", n)
	}
	atLeast("mapped parents with children", 100, `SELECT count(*) FROM task_run p WHERE p.state = 'Mapped' AND `+children+` > 0`)
	atLeast("failed mapped children", 1, `SELECT count(*) FROM task_run WHERE map_index >= 0 AND state = 'Failed'`)
	// The full flow-run history; one state per task run, the run's own.
	if n := count(t, db, `SELECT count(*) FROM flow_run r WHERE r.version <> (SELECT count(*) FROM flow_run_state h WHERE h.flow_run_id = r.id)`); n != 0 {
		t.Errorf("%d flow runs without their full history", n)
	}
	if n := count(t, db, `SELECT count(*) FROM task_run r WHERE (SELECT count(*) FROM task_run_state h WHERE h.task_run_id = r.id) <> 1
		OR EXISTS (SELECT 1 FROM task_run_state h WHERE h.task_run_id = r.id AND (h.state <> r.state OR h.timestamp <> r.state_timestamp
			OR h.serialized_state <> r.serialized_state OR h.version <> r.version OR h.message IS NOT r.state_message))`); n != 0 {
		t.Errorf("%d task runs whose history is not their current state", n)
	}
	if n := count(t, db, `SELECT count(*) FROM task_run WHERE state IN ('Success', 'Failed') AND NOT (end_time >= start_time)`); n != 0 {
		t.Errorf("%d finished task runs without start and end times", n)
	}
	if n := count(t, db, `SELECT count(*) FROM log WHERE timestamp > ?`, store.FormatTime(leanNow)); n != 0 {
		t.Errorf("%d logs in the future", n)
	}
	// Serialized states are Prefect's: JSON with the state's type and message.
	rows, err := db.Query(`SELECT state, state_message, serialized_state FROM task_run UNION ALL SELECT state, message, serialized_state FROM flow_run_state`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var st, ser string
		var msg sql.NullString
		if err := rows.Scan(&st, &msg, &ser); err != nil {
			t.Fatal(err)
		}
		var v struct{ Type, Message string }
		if err := json.Unmarshal([]byte(ser), &v); err != nil || v.Type != st || v.Message != msg.String {
			t.Fatalf("serialized state %s of a %s (%q) state: %v", ser, st, msg.String, err)
		}
	}
	rows.Close()
	// Lean: per run, about 7 task runs, one state each, and a handful of logs.
	per := func(table string) float64 {
		return float64(count(t, db, `SELECT count(*) FROM "`+table+`"`)) / runs
	}
	if n := per("task_run"); n < 5 || n > 9 {
		t.Errorf("%.1f task runs per flow run, want 5-9", n)
	}
	if n := per("log"); n < 3 || n > 8 {
		t.Errorf("%.1f logs per flow run, want 3-8", n)
	}
	if n := per("flow_run_state"); n < 3 || n > 5 {
		t.Errorf("%.1f flow-run states per flow run, want 3-5", n)
	}
}

// TestLeanBelowScale: under the lean size a seed writes the full form.
func TestLeanBelowScale(t *testing.T) {
	t.Parallel()
	db, err := store.Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := generate(context.Background(), db, GenerateOptions{Runs: 150, Now: leanNow, Seed: 4}, scale{lean: 151, bulk: 151}); err != nil {
		t.Fatal(err)
	}
	if count(t, db, `SELECT count(*) FROM task_run_state`) < 2*count(t, db, `SELECT count(*) FROM task_run`) {
		t.Error("the full form keeps whole task-run histories")
	}
	if count(t, db, `SELECT count(*) FROM task_run_state WHERE serialized_state LIKE '%"_result"%'`) == 0 {
		t.Error("the full form serializes states in full")
	}
}

func TestFormatTime(t *testing.T) {
	t.Parallel()
	base := time.Date(2026, 2, 28, 23, 59, 59, 999999000, time.UTC)
	for i := 0; i < 5000; i++ {
		tm := base.Add(time.Duration(i*i) * 7919 * time.Millisecond).Add(time.Duration(i) * time.Microsecond)
		if i%3 == 0 {
			tm = tm.In(time.FixedZone("x", 5*3600+1800))
		}
		if got, want := formatTime(tm), store.FormatTime(tm); got != want {
			t.Fatalf("formatTime(%v) = %s, want %s", tm, got, want)
		}
	}
}

// TestShapeChecksWhatItDoesNotBind: a value that a table's shape would not write as
// given (another tenant, created differing from timestamp, a non-NULL constant) is an
// error, never a silently different row.
func TestShapeChecksWhatItDoesNotBind(t *testing.T) {
	t.Parallel()
	sh := newShape("log", colsLog)
	row := func() []any {
		return []any{"id", "tenant", "run", nil, "ts", "name", "INFO", "msg", "{}", "ts", "ts", nil}
	}
	if err := sh.check("tenant", row()); err != nil {
		t.Fatal(err)
	}
	for i, bad := range map[int]any{1: "other", 9: "ts2", 10: "ts2", 11: true} {
		r := row()
		r[i] = bad
		if err := sh.check("tenant", r); err == nil {
			t.Errorf("column %s = %v passed", colsLog[i], bad)
		}
	}
	if got := sh.insertSQL(2); got != `INSERT INTO "log" ("id", "tenant_id", "flow_run_id", "task_run_id", "timestamp", "name", "level", "message", "info", "created", "updated", "is_loaded_from_archive") `+
		`SELECT column1, ?, column2, column3, column4, column5, column6, column7, column8, column4, column4, NULL FROM (VALUES (?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?))` {
		t.Errorf("insert: %s", got)
	}
}

// TestUniqueAutoTimes: auto-scheduled runs of one flow that would start in the same
// microsecond (a million random times do) get distinct start times, hence distinct
// idempotency keys; others are left as they are.
func TestUniqueAutoTimes(t *testing.T) {
	t.Parallel()
	f, other := &flowRec{id: "f"}, &flowRec{id: "g"}
	at := leanNow.Add(123456789)
	specs := []runSpec{
		{flow: f, sched: at, auto: true},
		{flow: other, sched: at.Add(1), auto: true},
		{flow: f, sched: at.Add(2), auto: true},
		{flow: f, sched: at.Add(3)},
		{flow: f, sched: at.Add(4), auto: true},
		{flow: f, sched: at.Add(time.Microsecond), auto: true},
	}
	uniqueAutoTimes(specs)
	us := func(i int) time.Time { return specs[i].sched.Truncate(time.Microsecond) }
	if specs[0].sched != at || specs[1].sched != at.Add(1) || specs[3].sched != at.Add(3) {
		t.Errorf("runs without a clash moved: %v", specs)
	}
	seen := map[time.Time]bool{}
	for _, i := range []int{0, 2, 4, 5} {
		if seen[us(i)] {
			t.Errorf("two auto runs of f start at %v", us(i))
		}
		seen[us(i)] = true
	}
}
