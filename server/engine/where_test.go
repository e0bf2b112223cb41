package engine_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/server/engine"
)

var names = map[string]string{
	T1: "T1", T2: "T2", P1: "P1", P2: "P2", P3: "P3", F1: "F1", F2: "F2", F3: "F3", F4: "F4",
	K1: "K1", K2: "K2", K3: "K3", K4: "K4", R1: "R1", R2: "R2", R3: "R3", R4: "R4", R5: "R5", R6: "R6",
}

// matching returns the short names of the rows of table matching where, in id order.
func (fx *fixture) matching(t *testing.T, table, where string) string {
	t.Helper()
	var out map[string][]struct{ ID string }
	raw := fx.data(t, `{ `+table+`(where: `+where+`, order_by: {id: asc}) { id } }`, nil)
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		t.Fatal(err)
	}
	var s []string
	for _, r := range out[table] {
		n := names[r.ID]
		if n == "" {
			n = r.ID
		}
		s = append(s, n)
	}
	return strings.Join(s, " ")
}

func TestWhereOperators(t *testing.T) {
	fx := newFixture(t)
	cases := []struct{ table, where, want string }{
		// String
		{"flow_run", `{state: {_eq: "Failed"}}`, "R2 R5"},
		{"flow_run", `{state: {_neq: "Failed"}}`, "R1 R3 R4 R6"},
		{"flow_run", `{name: {_gt: "beta"}}`, "R3 R5 R6"}, // bytewise, as Postgres with C collation
		{"flow_run", `{name: {_gte: "delta.run"}}`, "R3 R5 R6"},
		{"flow_run", `{name: {_lt: "alpha-run"}}`, "R2"},
		{"flow_run", `{name: {_lte: "alpha-run"}}`, "R1 R2"},
		{"flow_run", `{state: {_in: ["Failed", "Running"]}}`, "R2 R3 R5"},
		{"flow_run", `{state: {_nin: ["Failed", "Running"]}}`, "R1 R4 R6"},
		{"flow_run", `{state: {_in: []}}`, ""},
		{"flow_run", `{state: {_nin: []}}`, "R1 R2 R3 R4 R5 R6"},
		{"flow_run", `{name: {_is_null: true}}`, "R4"},
		{"flow_run", `{name: {_is_null: false}}`, "R1 R2 R3 R5 R6"},
		{"flow_run", `{name: {_like: "%run"}}`, "R1 R2 R3 R5 R6"},
		{"flow_run", `{name: {_like: "b%"}}`, ""},
		{"flow_run", `{name: {_like: "B%"}}`, "R2"},
		{"flow_run", `{name: {_like: "gamma\\_run"}}`, "R3"},
		{"flow_run", `{name: {_like: "_eta-run"}}`, "R2"},
		{"flow_run", `{name: {_nlike: "%-run"}}`, "R3 R5"},
		{"flow_run", `{name: {_ilike: "b%"}}`, "R2"},
		{"flow_run", `{name: {_nilike: "%A%"}}`, "R6"},
		{"flow_run", `{name: {_similar: "(alpha|gamma)%"}}`, "R1 R3"},
		{"flow_run", `{name: {_similar: "delta.run"}}`, "R5"},
		{"flow_run", `{name: {_similar: "delta_run"}}`, "R5"},
		{"flow_run", `{name: {_similar: "alpha"}}`, ""},
		{"flow_run", `{name: {_nsimilar: "%-run"}}`, "R3 R5"},
		{"flow_run", `{name: {_regex: "^[a-d]"}}`, "R1 R5"},
		{"flow_run", `{name: {_regex: "ta"}}`, "R2 R5"},
		{"flow_run", `{name: {_iregex: "^B"}}`, "R2"},
		{"flow_run", `{name: {_nregex: "run$"}}`, ""},
		{"flow_run", `{name: {_niregex: "^[ab]"}}`, "R3 R5 R6"},
		// Int
		{"flow_run", `{version: {_eq: 3}}`, "R1"},
		{"flow_run", `{version: {_neq: 3}}`, "R2 R3 R4 R5 R6"},
		{"flow_run", `{version: {_gt: 3}}`, "R2 R5"},
		{"flow_run", `{version: {_gte: 3}}`, "R1 R2 R5"},
		{"flow_run", `{version: {_lt: 2}}`, "R4"},
		{"flow_run", `{version: {_lte: 2}}`, "R3 R4 R6"},
		{"flow_run", `{version: {_in: [1, 5]}}`, "R4 R5"},
		{"flow_run", `{version: {_nin: [1, 5]}}`, "R1 R2 R3 R6"},
		{"task", `{max_retries: {_is_null: false}}`, "K1"},
		// Boolean
		{"flow_run", `{auto_scheduled: {_eq: true}}`, "R1"},
		{"flow_run", `{auto_scheduled: {_neq: true}}`, "R2 R3 R4 R5 R6"},
		{"flow", `{archived: {_eq: true}}`, "F1"},
		{"flow", `{archived: {_in: [false]}}`, "F2 F3 F4"},
		{"task", `{mapped: {_eq: true}}`, "K2"},
		// uuid
		{"flow_run", `{flow_id: {_eq: "` + F3 + `"}}`, "R3 R5"},
		{"flow_run", `{flow_id: {_eq: "C0000000-0000-0000-0000-000000000003"}}`, "R3 R5"},
		{"flow_run", `{flow_id: {_neq: "` + F2 + `"}}`, "R3 R5 R6"},
		{"flow_run", `{id: {_in: ["` + R1 + `", "` + R6 + `"]}}`, "R1 R6"},
		{"flow_run", `{id: {_nin: ["` + R1 + `", "` + R6 + `"]}}`, "R2 R3 R4 R5"},
		{"flow_run", `{id: {_gt: "` + R4 + `"}}`, "R5 R6"},
		{"flow_run", `{agent_id: {_is_null: true}}`, "R1 R2 R3 R4 R5 R6"},
		// timestamptz (no zone = UTC; other zones converted)
		{"flow_run", `{scheduled_start_time: {_eq: "2026-01-02T10:00:00Z"}}`, "R2"},
		{"flow_run", `{scheduled_start_time: {_eq: "2026-01-02T11:00:00+01:00"}}`, "R2"},
		{"flow_run", `{scheduled_start_time: {_gte: "2026-01-03T10:00:00"}}`, "R3 R4 R5"},
		{"flow_run", `{scheduled_start_time: {_gt: "2026-01-03T10:00:00"}}`, "R4 R5"},
		{"flow_run", `{scheduled_start_time: {_lt: "2026-01-01 12:00:00"}}`, "R1"},
		{"flow_run", `{scheduled_start_time: {_lte: "2026-01-01T12:00:00.000000+00:00"}}`, "R1 R6"},
		{"flow_run", `{scheduled_start_time: {_neq: "2026-01-01T10:00:00Z"}}`, "R2 R3 R4 R5 R6"},
		{"flow_run", `{scheduled_start_time: {_in: ["2026-01-01T10:00:00Z", "2026-01-05T10:00:00Z"]}}`, "R1 R5"},
		{"flow_run", `{scheduled_start_time: {_nin: ["2026-01-01T10:00:00Z"]}}`, "R2 R3 R4 R5 R6"},
		{"flow_run", `{end_time: {_is_null: true}}`, "R3 R4 R6"},
		// interval
		{"task", `{retry_delay: {_eq: "00:01:00"}}`, "K1"},
		{"task", `{retry_delay: {_is_null: true}}`, "K2 K3 K4"},
		// jsonb
		{"flow_run", `{labels: {_contains: ["prod"]}}`, "R1 R4 R5"},
		{"flow_run", `{labels: {_contains: ["prod", "eu"]}}`, "R1"},
		{"flow_run", `{labels: {_contains: "dev"}}`, "R2"},
		{"flow_run", `{labels: {_contained_in: ["prod", "eu", "dev"]}}`, "R1 R2 R3 R4 R6"},
		{"flow_run", `{parameters: {_contains: {nested: {a: "b"}}}}`, "R1"},
		{"flow_run", `{parameters: {_contains: {x: 2}}}`, "R2"},
		{"flow_run", `{parameters: {_has_key: "nested"}}`, "R1"},
		{"flow_run", `{labels: {_has_key: "us"}}`, "R5"},
		{"flow_run", `{labels: {_has_keys_any: ["eu", "dev"]}}`, "R1 R2"},
		{"flow_run", `{labels: {_has_keys_all: ["prod", "us"]}}`, "R5"},
		{"flow_run", `{labels: {_has_keys_all: []}}`, "R1 R2 R3 R4 R5 R6"},
		{"flow_run", `{parameters: {_eq: {x: 2}}}`, "R2"},
		{"flow_run", `{parameters: {_eq: {nested: {a: "b"}, x: 1.0}}}`, "R1"},
		{"flow_run", `{parameters: {_neq: {x: 2}}}`, "R1 R4"},
		{"flow_run", `{labels: {_in: [["dev"], []]}}`, "R2 R3 R6"},
		{"flow_run", `{labels: {_nin: [["dev"], []]}}`, "R1 R4 R5"},
		{"flow_run", `{parameters: {_gt: {x: 2}}}`, "R1 R4"},
		{"flow_run", `{parameters: {_is_null: true}}`, "R3 R5 R6"},
		{"flow_run", `{labels: {_cast: {String: {_like: "%prod%"}}}}`, "R1 R4 R5"},
		{"flow_run", `{parameters: {_cast: {String: {_eq: "{\"x\": 1, \"nested\": {\"a\": \"b\"}}"}}}}`, "R1"},
		{"flow_run", `{labels: {_cast: {String: {_eq: "[\"prod\", \"eu\"]"}}}}`, "R1"},
		// several operators on one column are ANDed
		{"flow_run", `{version: {_gt: 1, _lt: 4}}`, "R1 R3 R6"},
	}
	for _, c := range cases {
		if got := fx.matching(t, c.table, c.where); got != c.want {
			t.Errorf("%s(where: %s) = %q, want %q", c.table, c.where, got, c.want)
		}
	}
}

func TestWhereLogicAndNullCollapse(t *testing.T) {
	fx := newFixture(t)
	cases := []struct{ where, want string }{
		{`{}`, "R1 R2 R3 R4 R5 R6"},
		{`null`, "R1 R2 R3 R4 R5 R6"},
		{`{state: {_eq: null}}`, "R1 R2 R3 R4 R5 R6"},
		{`{state: null}`, "R1 R2 R3 R4 R5 R6"},
		{`{state: {_eq: null, _neq: "Failed"}}`, "R1 R3 R4 R6"},
		{`{state: {_in: null}, flow: {name: {_ilike: null}}}`, "R1 R2 R3 R4 R5 R6"},
		{`{_and: []}`, "R1 R2 R3 R4 R5 R6"},
		{`{_or: []}`, ""},
		{`{_not: {}}`, ""},
		{`{_and: [{state: {_eq: "Failed"}}, {version: {_gt: 4}}]}`, "R5"},
		{`{_or: [{state: {_eq: "Running"}}, {version: {_eq: 1}}]}`, "R3 R4"},
		{`{_not: {state: {_eq: "Failed"}}}`, "R1 R3 R4 R6"},
		{`{_not: {name: {_like: "%"}}}`, ""}, // NOT NULL is NULL: R4 (no name) stays out, as in Postgres
		{`{_or: [{_and: [{state: {_eq: "Failed"}}, {name: {_ilike: "b%"}}]}, {_not: {labels: {_contains: ["prod"]}}}]}`, "R2 R3 R6"},
		{`{state: {_eq: "Failed"}, version: {_eq: 4}}`, "R2"},
		// filters through relationships: object, nested object, array (exists)
		{`{flow: {name: {_eq: "Report_job"}}}`, "R3 R5"},
		{`{flow: {project: {name: {_eq: "Alpha"}}}}`, "R1 R2 R4"},
		{`{task_runs: {state: {_eq: "TriggerFailed"}}}`, "R2"},
		{`{task_runs: {}}`, "R1 R2 R6"},
		{`{_not: {task_runs: {}}}`, "R3 R4 R5"},
		{`{task_runs: {task: {name: {_eq: "transform"}}, state: {_eq: "Success"}}}`, "R1"},
		{`{logs: {level: {_eq: "ERROR"}}}`, "R1"},
		{`{agent: {}}`, ""},
		{`{_not: {agent: {name: {_eq: "x"}}}}`, "R1 R2 R3 R4 R5 R6"},
		{`{_not: {flow: {name: {_eq: "etl"}}}}`, "R3 R5 R6"},
		{`{_or: [{flow: {name: {_eq: "etl"}}}, {flow: {project: {name: {_eq: "Gamma"}}}}]}`, "R1 R2 R4 R6"},
		{`{flow: {tasks: {name: {_eq: "load"}}}}`, "R1 R2 R4"},
	}
	for _, c := range cases {
		if got := fx.matching(t, "flow_run", c.where); got != c.want {
			t.Errorf("flow_run(where: %s) = %q, want %q", c.where, got, c.want)
		}
	}
	// array relationship filter seen from the other side
	if got := fx.matching(t, "flow", `{flow_runs: {state: {_eq: "Failed"}}}`); got != "F2 F3" {
		t.Errorf("flow via flow_runs = %q", got)
	}
	// variables collapse too: an unset or null variable is no filter
	q := `query($s: String, $n: String) { flow_run(where: {state: {_eq: $s}, name: {_ilike: $n}}, order_by: {id: asc}) { id } }`
	if got := fx.data(t, q, map[string]any{"s": nil}); strings.Count(got, `"id"`) != 6 {
		t.Errorf("null variable filtered: %s", got)
	}
	if got := fx.data(t, q, map[string]any{"s": "Running"}); got != `{"flow_run":[{"id":"`+R3+`"}]}` {
		t.Errorf("variable filter: %s", got)
	}
}

func TestWhereInputErrors(t *testing.T) {
	fx := newFixture(t)
	cases := []struct{ query, want string }{
		{`{ flow_run(where: {id: {_eq: "x"}}) { id } }`, `data-exception: invalid input syntax for type uuid: "x"`},
		{`{ flow_run_by_pk(id: "nope") { id } }`, `data-exception: invalid input syntax for type uuid: "nope"`},
		{`{ flow_run(where: {start_time: {_gt: "yesterday"}}) { id } }`, `data-exception: invalid input syntax for type timestamp with time zone: "yesterday"`},
		{`{ flow_run(where: {name: {_regex: "("}}) { id } }`, "data-exception: invalid regular expression: error parsing regexp: missing closing ): `(`"},
	}
	for _, c := range cases {
		res := fx.exec(t, engine.Principal{}, c.query, nil)
		if len(res.Errors) != 1 || res.Errors[0].Code()+": "+res.Errors[0].Message != c.want {
			b, _ := json.Marshal(res.Errors)
			t.Errorf("%s: errors %s, want %s", c.query, b, c.want)
			continue
		}
		if len(res.Errors[0].Path) != 1 {
			t.Errorf("%s: error path %v", c.query, res.Errors[0].Path)
		}
		if res.Data == nil || !strings.Contains(string(res.Data), "null") {
			t.Errorf("%s: data %s, want the field null", c.query, res.Data)
		}
	}
}
