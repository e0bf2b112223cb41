package bench

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// planRuns is the size of the database the plan test generates: query plans do not
// depend on the number of rows (no statistics are gathered), so a small one will do.
const planRuns = 400

// TestPlans runs every case once (in-process, over HTTP and its baseline) and explains
// every statement the engine compiles for it: none may read all of flow_run, task_run
// or log. The plans are those SQLite makes without statistics, when it takes every
// table to hold about a million rows: the statistics of a small database would make
// it scan the tables, as it should at that size. $BENCH_PLAN_DB names an existing
// database to explain on instead (-v prints every plan).
func TestPlans(t *testing.T) {
	ctx := context.Background()
	path := smallDB(t)
	r, err := NewRunner(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	explainer := planConn(t, path)
	for _, c := range Cases(r.Fixture) {
		t.Run(c.Name, func(t *testing.T) {
			p, err := r.Prepare(c)
			if err != nil {
				t.Fatal(err)
			}
			for _, run := range []func(context.Context, *Prepared) error{r.InProcess, r.HTTP, r.SQL} {
				if err := run(ctx, p); err != nil {
					t.Fatal(err)
				}
			}
			stmts, err := r.Statements(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			if len(stmts) == 0 && !c.NoTable {
				t.Fatal("the engine compiled no statement")
			}
			for _, st := range stmts {
				plan, err := Explain(ctx, explainer, st.SQL, st.Args...)
				if err != nil {
					t.Fatalf("%s: %v", st.Field, err)
				}
				t.Logf("%s:\n%s", st.Field, FormatPlan(plan))
				if scans := FullScans(st.SQL, plan, "flow_run", "task_run", "log"); len(scans) > 0 {
					t.Errorf("%s reads a whole table: %s\nplan:\n%s\nSQL: %s", st.Field, strings.Join(scans, "; "), FormatPlan(plan), st.SQL)
				}
			}
		})
	}
}

// smallDB returns $BENCH_PLAN_DB, else a database of planRuns generated runs in the
// test's temporary directory.
func smallDB(t *testing.T) string {
	t.Helper()
	if path := os.Getenv("BENCH_PLAN_DB"); path != "" {
		return path
	}
	path := filepath.Join(t.TempDir(), "plan.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := seed.Generate(context.Background(), db, seed.GenerateOptions{Runs: planRuns, Now: Now, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestFullScans: the plan reader tells a table scan from an index walk and from the
// scan of a subquery's rows.
func TestFullScans(t *testing.T) {
	q := `SELECT json_group_array(x) FROM (SELECT t1.* FROM "flow_run" AS t1 ORDER BY 1 LIMIT 5) AS t1 WHERE EXISTS (SELECT 1 FROM "log" AS t2)`
	steps := []PlanStep{
		{ID: 2, Parent: 0, Detail: "CO-ROUTINE t1"},
		{ID: 5, Parent: 2, Detail: "SCAN t1 USING INDEX flow_run_start"},
		{ID: 9, Parent: 0, Detail: "SCAN t1"},
		{ID: 12, Parent: 0, Detail: "SCAN t2"},
	}
	got := FullScans(q, steps, "flow_run", "task_run", "log")
	if len(got) != 1 || got[0] != "SCAN t2 (log)" {
		t.Errorf("got %q", got)
	}
	steps[1].Detail = "SCAN t1"
	got = FullScans(q, steps, "flow_run")
	if len(got) != 1 || got[0] != "SCAN t1 (flow_run)" {
		t.Errorf("got %q", got)
	}
	if got := FullScans(`SELECT count(*) FROM flow_run`, []PlanStep{{ID: 1, Detail: "SCAN flow_run"}}, "flow_run"); len(got) != 1 {
		t.Errorf("unaliased: %q", got)
	}
}

// planConn returns a connection to the database at path that plans without the
// statistics Open gathered (they stay in the file for the servers' connections).
func planConn(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	if os.Getenv("BENCH_PLAN_DB") != "" {
		return db // an existing database is explained with its statistics
	}
	for _, stmt := range []string{`DELETE FROM sqlite_stat1`, `ANALYZE sqlite_schema`} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	return db
}
