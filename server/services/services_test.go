package services_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server/mutations"
	"github.com/prefect-tui/prefect-tui/server/services"
	"github.com/prefect-tui/prefect-tui/server/store"
)

const (
	tenant  = "11111111-1111-4111-8111-111111111111"
	project = "a0000000-0000-4000-8000-000000000001"
)

var t0 = time.Date(2026, 3, 6, 10, 30, 0, 0, time.UTC)

type env struct {
	t   *testing.T
	db  *store.DB
	ctx context.Context
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db, err := store.Open("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ts := store.FormatTime(t0.Add(-time.Hour))
	for _, q := range []string{
		`INSERT INTO tenant (id, created, updated, name, slug, settings) VALUES ('` + tenant + `', '` + ts + `', '` + ts + `', 'T', 't', '{}')`,
		`INSERT INTO project (id, tenant_id, created, updated, name) VALUES ('` + project + `', '` + tenant + `', '` + ts + `', '` + ts + `', 'p')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return &env{t: t, db: db, ctx: context.Background()}
}

// flow registers a flow (as create_flow does) with one task "work" that has retries.
func (e *env) flow(name string, schedule any, active bool) string {
	e.t.Helper()
	f := map[string]any{"name": name, "__version__": "1.4.1", "schedule": schedule,
		"parameters": []any{map[string]any{"name": "n", "slug": "n", "default": 3, "required": false}},
		"run_config": map[string]any{"type": "LocalRun", "labels": []any{"vm"}},
		"tasks":      []any{map[string]any{"slug": "work-1", "name": "work", "max_retries": float64(1), "retry_delay": float64(60)}}}
	var id string
	err := e.tx(func(tx *sql.Tx) error {
		var err error
		id, err = mutations.Machine{}.CreateFlow(e.ctx, tx, mutations.NewFlow{Serialized: f, ProjectID: project, SetScheduleActive: active}, t0)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

func (e *env) tx(f func(tx *sql.Tx) error) error {
	tx, err := e.db.Begin()
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (e *env) q(query string, args ...any) string {
	e.t.Helper()
	rows, err := e.db.Query(query, args...)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var lines []string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			e.t.Fatal(err)
		}
		var parts []string
		for _, v := range vals {
			parts = append(parts, v.String)
		}
		lines = append(lines, strings.Join(parts, "|"))
	}
	return strings.Join(lines, "\n")
}

func eq(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s:\n got: %s\nwant: %s", what, got, want)
	}
}

const hourly = `{"type": "Schedule", "clocks": [
	{"type": "IntervalClock", "interval": 3600000000, "start_date": {"dt": "2026-01-01T00:00:00", "tz": "UTC"}, "parameter_defaults": {}, "labels": null},
	{"type": "CronClock", "cron": "30 */6 * * *", "parameter_defaults": {"n": 7}, "labels": ["big"]}]}`

func TestSchedulerKeepsTenRunsAhead(t *testing.T) {
	e := newEnv(t)
	var sched any
	if err := jsonUnmarshal(hourly, &sched); err != nil {
		t.Fatal(err)
	}
	f := e.flow("hourly", sched, true)
	off := e.flow("off", sched, false)
	e.flow("unscheduled", nil, true)
	// Registration with set_schedule_active already scheduled the next ten events.
	eq(t, "at registration", e.q(`SELECT count(*) FROM flow_run WHERE flow_id = ?`, f), "10")
	s := services.NewScheduler(e.db)
	n, err := s.RunOnce(e.ctx, t0)
	if err != nil || n != 0 {
		t.Fatalf("same time again: %d runs, %v", n, err)
	}
	later := t0.Add(3 * time.Hour)
	if n, err = s.RunOnce(e.ctx, later); err != nil {
		t.Fatal(err)
	}
	eq(t, "future runs", e.q(`SELECT count(*) FROM flow_run WHERE flow_id = ? AND scheduled_start_time > ?`, f, store.FormatTime(later)), "10")
	eq(t, "created by the pass (19:00 to 22:00)", fmt.Sprint(n), "4")
	eq(t, "six-hourly clock", e.q(`SELECT scheduled_start_time, parameters, labels, auto_scheduled FROM flow_run WHERE flow_id = ?
		AND labels = '["big"]' ORDER BY scheduled_start_time LIMIT 2`, f),
		"2026-03-06T12:30:00.000000+00:00|{\"n\":7}|[\"big\"]|1\n2026-03-06T18:30:00.000000+00:00|{\"n\":7}|[\"big\"]|1")
	eq(t, "hourly clock: flow defaults and run config labels", e.q(`SELECT parameters, labels, state, state_start_time = scheduled_start_time FROM flow_run
		WHERE flow_id = ? ORDER BY scheduled_start_time LIMIT 1`, f), `{"n":3}|["vm"]|Scheduled|1`)
	eq(t, "inactive and unscheduled flows", e.q(`SELECT count(*) FROM flow_run WHERE flow_id <> ?`, f), "0")
	eq(t, "inactive flow", e.q(`SELECT is_schedule_active FROM flow WHERE id = ?`, off), "0")
	// Turning the schedule off deletes the future auto-scheduled runs; passes create none.
	err = e.tx(func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE flow SET is_schedule_active = 0 WHERE id = ?`, f)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, err = s.RunOnce(e.ctx, later.Add(time.Hour)); err != nil || n != 0 {
		t.Fatalf("inactive: %d runs, %v", n, err)
	}
}

func TestSchedulerSkipsABrokenSchedule(t *testing.T) {
	e := newEnv(t)
	var sched any
	if err := jsonUnmarshal(hourly, &sched); err != nil {
		t.Fatal(err)
	}
	good := e.flow("good", sched, true)
	bad := e.flow("bad", sched, true)
	if _, err := e.db.Exec(`UPDATE flow SET schedule = '{"type": "Schedule", "clocks": [{"type": "CronClock", "cron": "nope"}]}' WHERE id = ?`, bad); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Exec(`DELETE FROM flow_run`); err != nil {
		t.Fatal(err)
	}
	n, err := services.NewScheduler(e.db).RunOnce(e.ctx, t0)
	if err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("error %v", err)
	}
	eq(t, "the good flow is scheduled", fmt.Sprint(n)+" "+e.q(`SELECT count(*) FROM flow_run WHERE flow_id = ?`, good), "10 10")
}
