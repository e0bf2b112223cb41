package server_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/engine"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// RunsListQuery is the explorer's runs list: filtered by state, newest first, 50 rows,
// with the flow name and task-run counts.
const RunsListQuery = `{ flow_run(where: {state: {_in: ["Failed", "Running"]}}, order_by: {scheduled_start_time: desc}, limit: 50) {
  id name state scheduled_start_time start_time end_time flow { name } task_runs_aggregate { aggregate { count } } } }`

// runsListSQL reads the same rows by hand, as one would write it: page first, then
// join the flow and count task runs for the 50 rows only.
const runsListSQL = `SELECT r.id, r.name, r.state, r.scheduled_start_time, r.start_time, r.end_time, f.name,
  (SELECT count(*) FROM task_run AS t WHERE t.flow_run_id = r.id)
FROM (SELECT * FROM flow_run WHERE state IN ('Failed', 'Running') ORDER BY scheduled_start_time DESC LIMIT 50) AS r
JOIN flow AS f ON f.id = r.flow_id
ORDER BY r.scheduled_start_time DESC`

// benchDB returns a store with n generated flow runs, cached in the temp dir by size
// so that only the first run pays for the generation.
func benchDB(b *testing.B, n int) *store.DB {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("prefect-tui-bench-%d-v1.db", n))
	if _, err := os.Stat(path); err != nil {
		tmp := path + ".tmp"
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(tmp + suffix)
		}
		db, err := store.Open(tmp)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		now := time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC)
		if _, err := seed.Generate(context.Background(), db, seed.GenerateOptions{Runs: n, Now: now, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		if _, err := db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			b.Fatal(err)
		}
		db.Close()
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
		b.Logf("generated %d flow runs in %s (%s)", n, time.Since(start).Round(time.Millisecond), path)
	}
	db, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// BenchmarkRunsList times the runs-list query through the engine and the same read in
// plain SQL at 100k flow runs, and reports both and their ratio.
func BenchmarkRunsList(b *testing.B) {
	db := benchDB(b, 100_000)
	schema, err := server.Schema()
	if err != nil {
		b.Fatal(err)
	}
	e := engine.New(schema, db)
	ctx := context.Background()
	runEngine := func() {
		res := e.Execute(ctx, &engine.Request{}, engine.Params{Query: RunsListQuery})
		if len(res.Errors) > 0 {
			b.Fatal(res.Errors[0].Message)
		}
	}
	runSQL := func() {
		rows, err := db.QueryContext(ctx, runsListSQL)
		if err != nil {
			b.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var id, state, sched string
			var name, start, end *string
			var flow string
			var count int
			if err := rows.Scan(&id, &name, &state, &sched, &start, &end, &flow, &count); err != nil {
				b.Fatal(err)
			}
		}
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
	}
	runEngine() // warm the page cache for both
	runSQL()
	b.ResetTimer()
	var engineTime, sqlTime time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		runEngine()
		t1 := time.Now()
		runSQL()
		sqlTime += time.Since(t1)
		engineTime += t1.Sub(t0)
	}
	b.ReportMetric(float64(engineTime.Microseconds())/float64(b.N), "engine-µs/op")
	b.ReportMetric(float64(sqlTime.Microseconds())/float64(b.N), "sql-µs/op")
	b.ReportMetric(float64(engineTime)/float64(sqlTime), "ratio")
}
