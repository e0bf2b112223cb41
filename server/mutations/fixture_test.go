package mutations_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server/engine"
	"github.com/prefect-tui/prefect-tui/server/mutations"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// Fixed ids of the fixture.
const (
	T1 = "11111111-1111-4111-8111-111111111111"
	T2 = "22222222-2222-4222-8222-222222222222"
	P1 = "a0000000-0000-4000-8000-000000000001"
	P2 = "a0000000-0000-4000-8000-000000000002"
	G1 = "b0000000-0000-4000-8000-000000000001"
	G2 = "b0000000-0000-4000-8000-000000000002"
	F1 = "c0000000-0000-4000-8000-000000000001" // etl v1 (archived)
	F2 = "c0000000-0000-4000-8000-000000000002" // etl v2
	F3 = "c0000000-0000-4000-8000-000000000003" // needs-param (required c)
	F4 = "c0000000-0000-4000-8000-000000000004" // other tenant
	K1 = "d0000000-0000-4000-8000-000000000001"
	K2 = "d0000000-0000-4000-8000-000000000002"
	K3 = "d0000000-0000-4000-8000-000000000003"
	// Missing is a well-formed id of nothing.
	Missing = "99999999-9999-4999-8999-999999999999"
)

// t0 is the fixture's clock.
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

type fixture struct {
	t   *testing.T
	db  *store.DB
	now time.Time
	hdr map[string]string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db, err := store.Open("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &fixture{t: t, db: db, now: t0}
	ts := store.FormatTime(t0.Add(-24 * time.Hour))
	stmts := []struct {
		q    string
		args []any
	}{
		{`INSERT INTO tenant VALUES (?, ?, ?, 'Acme', 'acme', NULL, '{}')`, []any{T1, ts, ts}},
		{`INSERT INTO tenant VALUES (?, ?, ?, 'Other', 'other', NULL, '{}')`, []any{T2, ts, ts}},
		{`INSERT INTO project (id, tenant_id, created, updated, name) VALUES (?, ?, ?, ?, 'Alpha')`, []any{P1, T1, ts, ts}},
		{`INSERT INTO project (id, tenant_id, created, updated, name) VALUES (?, ?, ?, ?, 'Gamma')`, []any{P2, T2, ts, ts}},
		{`INSERT INTO flow_group (id, tenant_id, created, updated, name, settings, default_parameters) VALUES (?, ?, ?, ?, 'vg1', '{}', '{"b": 20}')`, []any{G1, T1, ts, ts}},
		{`INSERT INTO flow_group (id, tenant_id, created, updated, name, settings, default_parameters) VALUES (?, ?, ?, ?, 'vg2', '{}', '{}')`, []any{G2, T2, ts, ts}},
	}
	params := `[{"name": "a", "default": 1, "required": false}, {"name": "b", "default": 2, "required": false}]`
	sched := `{"type": "Schedule", "clocks": [{"type": "IntervalClock", "interval": 3600000000, "start_date": {"dt": "2026-01-01T00:00:00", "tz": "UTC"}}]}`
	flow := `INSERT INTO flow (id, tenant_id, created, updated, version, name, parameters, project_id, archived, version_group_id, settings,
		schedule, is_schedule_active, flow_group_id, run_config) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?)`
	stmts = append(stmts,
		struct {
			q    string
			args []any
		}{flow, []any{F1, T1, ts, ts, 1, "etl", params, P1, 1, "vg1", nil, 0, G1, nil}},
		struct {
			q    string
			args []any
		}{flow, []any{F2, T1, ts, ts, 2, "etl", params, P1, 0, "vg1", sched, 1, G1, `{"type": "LocalRun", "labels": ["flow-rc"]}`}},
		struct {
			q    string
			args []any
		}{flow, []any{F3, T1, ts, ts, 1, "needs-param", `[{"name": "c", "default": null, "required": true}, {"name": "d", "default": null, "required": true}]`, P1, 0, "vg3", nil, 0, G1, nil}},
		struct {
			q    string
			args []any
		}{flow, []any{F4, T2, ts, ts, 1, "other", `[]`, P2, 0, "vg4", nil, 0, G2, nil}},
	)
	task := `INSERT INTO task (id, tenant_id, created, updated, flow_id, name, slug, mapped, auto_generated, is_root_task, is_terminal_task,
		is_reference_task, tags, cache_key) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, '[]', ?)`
	for _, k := range []struct {
		id, name       string
		root, terminal bool
		cache          any
	}{{K1, "extract", true, false, nil}, {K2, "transform", false, false, "ck"}, {K3, "load", false, true, nil}} {
		stmts = append(stmts, struct {
			q    string
			args []any
		}{task, []any{k.id, T1, ts, ts, F2, k.name, k.name + "-1", k.root, k.terminal, k.terminal, k.cache}})
	}
	for _, s := range stmts {
		if _, err := db.Exec(s.q, s.args...); err != nil {
			t.Fatalf("fixture: %v\n%s", err, s.q)
		}
	}
	return f
}

func (f *fixture) req(p engine.Principal) *engine.Request {
	h := map[string][]string{}
	for k, v := range f.hdr {
		h[k] = []string{v}
	}
	return &engine.Request{DB: f.db, Principal: p, Header: h, Now: func() time.Time { return f.now }}
}

// mutate calls a mutation resolver with input as Server mode.
func (f *fixture) mutate(name string, input map[string]any) (any, error) {
	return f.mutateAs(engine.Principal{}, name, input)
}

func (f *fixture) mutateAs(p engine.Principal, name string, input map[string]any) (any, error) {
	f.t.Helper()
	fn := mutations.Mutations()[name]
	if fn == nil {
		f.t.Fatalf("no mutation %s", name)
	}
	return fn(context.Background(), f.req(p), map[string]any{"input": input})
}

// must calls a mutation and fails the test on error; it returns the result as JSON.
func (f *fixture) must(name string, input map[string]any) string {
	f.t.Helper()
	out, err := f.mutate(name, input)
	if err != nil {
		f.t.Fatalf("%s: %v", name, err)
	}
	return jsonOf(f.t, out)
}

// fails calls a mutation and returns its error message (failing when it succeeds).
func (f *fixture) fails(name string, input map[string]any) string {
	f.t.Helper()
	out, err := f.mutate(name, input)
	if err == nil {
		f.t.Fatalf("%s: want an error, got %s", name, jsonOf(f.t, out))
	}
	return err.Error()
}

func (f *fixture) query(name string, args map[string]any) (string, error) {
	f.t.Helper()
	out, err := mutations.Queries()[name](context.Background(), f.req(engine.Principal{}), args)
	if err != nil {
		return "", err
	}
	return jsonOf(f.t, out), nil
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// rows returns the result of q as lines of "|"-joined values (NULL as "∅").
func (f *fixture) rows(q string, args ...any) string {
	f.t.Helper()
	rs, err := f.db.Query(q, args...)
	if err != nil {
		f.t.Fatalf("%v\n%s", err, q)
	}
	defer rs.Close()
	cols, _ := rs.Columns()
	var lines []string
	for rs.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			f.t.Fatal(err)
		}
		parts := make([]string, len(cols))
		for i, v := range vals {
			parts[i] = "∅"
			if v.Valid {
				parts[i] = v.String
			}
		}
		lines = append(lines, strings.Join(parts, "|"))
	}
	return strings.Join(lines, "\n")
}

func (f *fixture) count(table, where string, args ...any) int {
	f.t.Helper()
	var n int
	if err := f.db.QueryRow(fmt.Sprintf("SELECT count(*) FROM %s WHERE %s", table, where), args...).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

func tsOf(d time.Duration) string { return store.FormatTime(t0.Add(d)) }

func eq(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s:\n got: %s\nwant: %s", what, got, want)
	}
}

// createRun creates a flow run of F2 and returns its id.
func (f *fixture) createRun(extra map[string]any) string {
	f.t.Helper()
	in := map[string]any{"flow_id": F2}
	for k, v := range extra {
		in[k] = v
	}
	out, err := f.mutate("create_flow_run", in)
	if err != nil {
		f.t.Fatal(err)
	}
	return out.(map[string]any)["id"].(string)
}

func (f *fixture) setFlowState(id string, state map[string]any) error {
	_, err := f.mutate("set_flow_run_states", map[string]any{"states": []any{map[string]any{"flow_run_id": id, "version": int64(1), "state": state}}})
	return err
}

func (f *fixture) setTaskState(id string, state map[string]any) error {
	_, err := f.mutate("set_task_run_states", map[string]any{"states": []any{map[string]any{"task_run_id": id, "state": state}}})
	return err
}

func (f *fixture) taskRun(flowRunID, taskID string) string {
	f.t.Helper()
	var id string
	if err := f.db.QueryRow(`SELECT id FROM task_run WHERE flow_run_id = ? AND task_id = ? AND map_index = -1`, flowRunID, taskID).Scan(&id); err != nil {
		f.t.Fatal(err)
	}
	return id
}
