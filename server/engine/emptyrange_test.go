package engine_test

import (
	"fmt"
	"regexp"
	"testing"
)

// boundsTest is the test of two bounds alone, parameter against parameter.
var boundsTest = regexp.MustCompile(`\?\d+ <=? \?\d+`)

// TestEmptyRange: a timestamp compared with a lower and an upper bound tests the
// bounds alone once (so an empty range reads nothing) and answers as without that
// test: both bounds included and equal hold the rows at that instant, an open end at
// it none, bounds the wrong way round none, other bounds their rows.
func TestEmptyRange(t *testing.T) {
	fx := newFixture(t)
	at := "2026-01-01T10:00:00+00:00" // R1's scheduled start
	for _, c := range []struct {
		cmp  string
		want int
	}{
		{`_gte: "` + at + `", _lte: "` + at + `"`, 1},
		{`_gte: "` + at + `", _lt: "` + at + `"`, 0},
		{`_gt: "` + at + `", _lte: "` + at + `"`, 0},
		{`_gte: "2026-01-02T00:00:00Z", _lt: "2026-01-01T00:00:00Z"`, 0},
		{`_gte: "2026-01-01T00:00:00Z", _lt: "2026-01-03T00:00:00Z"`, 3},
		{`_gt: "2026-01-01T10:00:00+00:00", _lte: "2026-01-02T10:00:00.000000+00:00"`, 2},
		{`_gte: "2026-01-01T11:00:00+01:00", _lt: "2026-01-01T10:00:00.000001+00:00"`, 1},
	} {
		q := fmt.Sprintf(`{ flow_run_aggregate(where: {scheduled_start_time: {%s}}) { aggregate { count } } }`, c.cmp)
		if got, want := fx.data(t, q, nil), fmt.Sprintf(`{"flow_run_aggregate":{"aggregate":{"count":%d}}}`, c.want); got != want {
			t.Errorf("%s: %s, want %s", c.cmp, got, want)
		}
		st := oneStatement(t, fx, noPrincipal, q)
		if !boundsTest.MatchString(st.SQL) {
			t.Errorf("%s: the bounds are not tested alone:\n%s", c.cmp, st.SQL)
		}
		if len(st.Args) > 2 {
			t.Errorf("%s: %d parameters %v, want the bounds only", c.cmp, len(st.Args), st.Args)
		}
	}
	// One bound, or bounds of another type: no test of the bounds.
	for _, q := range []string{
		`{ flow_run_aggregate(where: {scheduled_start_time: {_gte: "2026-01-01T00:00:00Z"}}) { aggregate { count } } }`,
		`{ flow_run_aggregate(where: {version: {_gte: 1, _lt: 3}}) { aggregate { count } } }`,
	} {
		if st := statement(t, fx, noPrincipal, q); boundsTest.MatchString(st) {
			t.Errorf("%s: %s", q, st)
		}
	}
}

// TestEmptyRangeUnderNot: under _not an empty range leaves out the rows whose column
// is NULL, as its comparisons do (NOT NULL is NULL).
func TestEmptyRangeUnderNot(t *testing.T) {
	fx := newFixture(t)
	q := `{ flow_run_aggregate(where: {_not: {start_time: {_gte: "2026-01-02T00:00:00Z", _lt: "2026-01-01T00:00:00Z"}}}) { aggregate { count } } }`
	// R4 and R6 have no start time.
	if got, want := fx.data(t, q, nil), `{"flow_run_aggregate":{"aggregate":{"count":4}}}`; got != want {
		t.Errorf("%s, want %s", got, want)
	}
}
