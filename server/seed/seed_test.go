package seed_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server/catalog"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/store"
)

var now = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

var seed80 = seed.DemoOptions{Now: now, Seed: 5, Runs: 80}

func openDB(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func demo(t testing.TB, opts seed.DemoOptions) *store.DB {
	t.Helper()
	db := openDB(t)
	st, err := seed.Demo(context.Background(), db, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("demo: %d flow runs, %d rows in %s", st.FlowRuns, st.Rows, st.Elapsed)
	return db
}

// hashDB hashes every row of every table in a fixed order.
func hashDB(t testing.TB, db *store.DB) string {
	t.Helper()
	h := sha256.New()
	for _, tb := range catalog.Tables {
		if tb.Virtual {
			continue
		}
		var cols []string
		for _, c := range tb.Columns {
			cols = append(cols, fmt.Sprintf("quote(%q)", c.Name))
		}
		q := fmt.Sprintf("SELECT %s FROM %q ORDER BY 1", strings.Join(cols, " || '|' || "), tb.StoreName())
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "#%s\n", tb.Name)
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(h, s)
		}
		rows.Close()
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestDemoDeterministic(t *testing.T) {
	t.Parallel()
	opts := seed.DemoOptions{Now: now, Seed: 7, Runs: 80}
	a, b := hashDB(t, demo(t, opts)), hashDB(t, demo(t, opts))
	if a != b {
		t.Fatalf("same options, different rows: %s vs %s", a, b)
	}
	opts.Seed = 8
	if c := hashDB(t, demo(t, opts)); c == a {
		t.Fatal("another seed gave the same rows")
	}
}

func scalar(t testing.TB, db *store.DB, q string, args ...any) string {
	t.Helper()
	var s sql.NullString
	if err := db.QueryRow(q, args...).Scan(&s); err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	return s.String
}

func atLeast(t *testing.T, db *store.DB, what string, min int, q string, args ...any) {
	t.Helper()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if n < min {
		t.Errorf("%s: %d, want at least %d", what, n, min)
	}
}

// fullDemo is the demo at its default size for TestDemoCoverage. Seeding it is the
// longest job of the package under -race, so TestMain starts it first, next to the
// other tests, instead of leaving it to whenever the parallel test gets its turn.
var fullDemo struct {
	done chan struct{}
	db   *store.DB
	st   seed.Stats
	err  error
}

func startFullDemo() {
	fullDemo.done = make(chan struct{})
	go func() {
		defer close(fullDemo.done)
		if fullDemo.db, fullDemo.err = store.Open(""); fullDemo.err != nil {
			return
		}
		fullDemo.st, fullDemo.err = seed.Demo(context.Background(), fullDemo.db, seed.DemoOptions{Now: now, Seed: 1})
	}()
}

func TestMain(m *testing.M) {
	flag.Parse()
	// Only when TestDemoCoverage is to run (go test -run selects by top-level name).
	run, _, _ := strings.Cut(flag.Lookup("test.run").Value.String(), "/")
	if re, err := regexp.Compile(run); err == nil && re.MatchString("TestDemoCoverage") {
		startFullDemo()
	}
	code := m.Run()
	if fullDemo.done != nil {
		<-fullDemo.done
		if fullDemo.db != nil {
			fullDemo.db.Close()
		}
	}
	os.Exit(code)
}

func TestDemoCoverage(t *testing.T) {
	t.Parallel()
	if fullDemo.done == nil {
		startFullDemo()
	}
	<-fullDemo.done
	db, st, err := fullDemo.db, fullDemo.st, fullDemo.err
	if err != nil {
		t.Fatal(err)
	}
	// A few seconds on an idle machine (much more under -race): logged, not asserted,
	// so that a loaded CI box does not fail the test.
	t.Logf("demo: %d runs, %d rows in %s", st.FlowRuns, st.Rows, st.Elapsed)
	ts := store.FormatTime(now)
	ago30 := store.FormatTime(now.Add(-30 * 24 * time.Hour))
	atLeast(t, db, "projects", 3, `SELECT count(*) FROM project`)
	atLeast(t, db, "current flows", 12, `SELECT count(*) FROM flow WHERE archived = 0`)
	atLeast(t, db, "archived versions", 10, `SELECT count(*) FROM flow WHERE archived = 1`)
	atLeast(t, db, "active schedules", 5, `SELECT count(*) FROM flow WHERE is_schedule_active = 1`)
	atLeast(t, db, "inactive schedules", 2, `SELECT count(*) FROM flow WHERE is_schedule_active = 0 AND schedule IS NOT NULL AND archived = 0`)
	atLeast(t, db, "runs in the last 30 days", 2000, `SELECT count(*) FROM flow_run WHERE scheduled_start_time BETWEEN ? AND ?`, ago30, ts)
	for _, st := range []string{"Submitted", "Running", "Cancelling", "Success", "Failed", "Cancelled", "TimedOut"} {
		atLeast(t, db, "flow runs "+st, 1, `SELECT count(*) FROM flow_run WHERE state = ?`, st)
	}
	atLeast(t, db, "future scheduled", 50, `SELECT count(*) FROM flow_run WHERE state = 'Scheduled' AND scheduled_start_time > ?`, ts)
	atLeast(t, db, "late", 5, `SELECT count(*) FROM flow_run WHERE state = 'Scheduled' AND scheduled_start_time < ?`, ts)
	for _, st := range []string{"Pending", "Running", "Retrying", "Success", "Failed", "TriggerFailed", "Cancelled", "Cached", "Skipped", "Mapped", "TimedOut"} {
		atLeast(t, db, "task runs "+st, 1, `SELECT count(*) FROM task_run WHERE state = ?`, st)
	}
	atLeast(t, db, "mapped children", 100, `SELECT count(*) FROM task_run WHERE map_index >= 0`)
	atLeast(t, db, "failed mapped children", 5, `SELECT count(*) FROM task_run WHERE map_index >= 0 AND state = 'Failed'`)
	atLeast(t, db, "mapped edges", 2, `SELECT count(*) FROM edge WHERE mapped = 1`)
	atLeast(t, db, "constants", 2, `SELECT count(*) FROM task WHERE auto_generated = 1`)
	atLeast(t, db, "fan-in", 1, `SELECT count(*) FROM (SELECT downstream_task_id FROM edge GROUP BY 1 HAVING count(*) >= 3)`)
	atLeast(t, db, "failed runs with a failed task and TriggerFailed downstream", 20, `SELECT count(*) FROM flow_run fr WHERE state = 'Failed'
		AND EXISTS (SELECT 1 FROM task_run WHERE flow_run_id = fr.id AND state IN ('Failed', 'TimedOut'))
		AND EXISTS (SELECT 1 FROM task_run WHERE flow_run_id = fr.id AND state = 'TriggerFailed')`)
	for _, lvl := range []string{"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"} {
		atLeast(t, db, "logs "+lvl, 1, `SELECT count(*) FROM log WHERE level = ?`, lvl)
	}
	for _, name := range []string{"prefect.FlowRunner", "prefect.TaskRunner", "prefect.extract_orders"} {
		atLeast(t, db, "logger "+name, 1, `SELECT count(*) FROM log WHERE name = ?`, name)
	}
	atLeast(t, db, "healthy agents", 2, `SELECT count(*) FROM agent WHERE last_queried > ?`, store.FormatTime(now.Add(-time.Minute)))
	atLeast(t, db, "stale agents", 1, `SELECT count(*) FROM agent WHERE last_queried < ?`, store.FormatTime(now.Add(-24*time.Hour)))
	atLeast(t, db, "runs with an agent", 1000, `SELECT count(*) FROM flow_run WHERE agent_id IN (SELECT id FROM agent)`)
	atLeast(t, db, "agent configs", 1, `SELECT count(*) FROM agent_config`)
	atLeast(t, db, "link artifacts", 1, `SELECT count(*) FROM task_run_artifact WHERE kind = 'link'`)
	atLeast(t, db, "markdown artifacts", 1, `SELECT count(*) FROM task_run_artifact WHERE kind = 'markdown'`)
	atLeast(t, db, "tasks with retries", 3, `SELECT count(*) FROM task WHERE max_retries > 0 AND retry_delay IS NOT NULL`)
	atLeast(t, db, "runs of archived versions", 50, `SELECT count(*) FROM flow_run WHERE flow_id IN (SELECT id FROM flow WHERE archived = 1)`)
	// Real durations: finished task runs took time.
	atLeast(t, db, "task runs with duration", 5000, `SELECT count(*) FROM task_run WHERE end_time > start_time`)
	if s := scalar(t, db, `SELECT count(*) FROM flow_run WHERE name NOT LIKE '%-%'`); s != "0" {
		t.Errorf("%s runs without an adjective-animal name", s)
	}
}

// TestDemoHistoriesConsistent checks that every run's denormalised columns are what the
// state-insert triggers would have made of its history.
func TestDemoHistoriesConsistent(t *testing.T) {
	t.Parallel()
	db := demo(t, seed.DemoOptions{Now: now, Seed: 3, Runs: 600})
	for _, k := range []struct{ run, hist, fk, firstVersion string }{
		{"flow_run", "flow_run_state", "flow_run_id", "1"},
		{"task_run", "task_run_state", "task_run_id", "0"},
	} {
		q := fmt.Sprintf(`SELECT count(*) FROM %[1]s r WHERE
			r.version IS NOT (SELECT max(version) FROM %[2]s h WHERE h.%[3]s = r.id)
			OR r.state IS NOT (SELECT state FROM %[2]s h WHERE h.%[3]s = r.id ORDER BY version DESC LIMIT 1)
			OR r.state_timestamp IS NOT (SELECT timestamp FROM %[2]s h WHERE h.%[3]s = r.id ORDER BY version DESC LIMIT 1)
			OR r.serialized_state IS NOT (SELECT serialized_state FROM %[2]s h WHERE h.%[3]s = r.id ORDER BY version DESC LIMIT 1)
			OR r.start_time IS NOT (SELECT min(timestamp) FROM %[2]s h WHERE h.%[3]s = r.id AND h.state = 'Running')
			OR r.end_time IS NOT (SELECT max(timestamp) FROM %[2]s h WHERE h.%[3]s = r.id
				AND h.state IN ('Success', 'Failed', 'Cached', 'TimedOut', 'Looped', 'Cancelled'))
			OR (SELECT min(version) FROM %[2]s h WHERE h.%[3]s = r.id) <> %[4]s
			OR (SELECT count(*) FROM %[2]s h WHERE h.%[3]s = r.id) <> r.version - %[4]s + 1`, k.run, k.hist, k.fk, k.firstVersion)
		if n := scalar(t, db, q); n != "0" {
			t.Errorf("%s: %s rows inconsistent with their history", k.run, n)
		}
	}
	if n := scalar(t, db, `SELECT count(*) FROM log WHERE timestamp > ?`, store.FormatTime(now)); n != "0" {
		t.Errorf("%s logs in the future", n)
	}
	if n := scalar(t, db, `SELECT count(*) FROM flow_run_state WHERE timestamp > ?`, store.FormatTime(now)); n != "0" {
		t.Errorf("%s states in the future", n)
	}
	if n := scalar(t, db, `SELECT count(*) FROM task_run tr JOIN flow_run fr ON fr.id = tr.flow_run_id WHERE fr.state IN ('Success', 'Failed') AND tr.state NOT IN
		('Success', 'Failed', 'TriggerFailed', 'TimedOut', 'Cached', 'Skipped', 'Mapped')`); n != "0" {
		t.Errorf("%s unfinished task runs in finished flow runs", n)
	}
	if n := scalar(t, db, `SELECT count(*) FROM flow_run WHERE state = 'Success' AND EXISTS (SELECT 1 FROM task_run tr JOIN task k ON k.id = tr.task_id
		WHERE tr.flow_run_id = flow_run.id AND k.is_reference_task = 1 AND tr.state IN ('Failed', 'TriggerFailed', 'TimedOut'))`); n != "0" {
		t.Errorf("%s successful runs with a failed reference task", n)
	}
}

func TestGenerate(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	st, err := seed.Generate(context.Background(), db, seed.GenerateOptions{Runs: 500, Now: now, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("generate: %d runs, %d rows in %s (%.0f runs/s)", st.FlowRuns, st.Rows, st.Elapsed, float64(st.FlowRuns)/st.Elapsed.Seconds())
	if got := scalar(t, db, `SELECT count(*) FROM flow_run`); got != "500" {
		t.Errorf("flow runs: %s", got)
	}
	if got := scalar(t, db, `SELECT slug FROM tenant`); got != "bench" {
		t.Errorf("tenant slug: %s", got)
	}
	atLeast(t, db, "task runs", 500*5, `SELECT count(*) FROM task_run`)
	atLeast(t, db, "logs", 500*10, `SELECT count(*) FROM log`)
	// Next to a demo tenant.
	if _, err := seed.Demo(context.Background(), db, seed.DemoOptions{Now: now, Runs: 100}); err != nil {
		t.Fatal(err)
	}
	if got := scalar(t, db, `SELECT count(*) FROM tenant`); got != "2" {
		t.Errorf("tenants: %s", got)
	}
}
