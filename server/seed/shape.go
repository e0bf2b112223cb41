package seed

import (
	"database/sql/driver"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// A run's rows repeat values: every row has the tenant's id, a state row's created and
// updated are its timestamp, some columns are always NULL or one constant. Each such
// value bound once per row would cost SQLite's driver a conversion and a copy; a
// table's shape instead binds the tenant once per INSERT (parameter ?1), lets a column
// reuse another column's parameter, and writes the constants into the statement. add
// still gets every column's value and checks that it is what the shape says, so that
// a shape can never make a row differ from what the seed meant.

// colKind is where an INSERT takes a column's value from.
type colKind int

const (
	perRow   colKind = iota // a parameter of its own, per row
	tenantID                // the INSERT's ?1, the seed's tenant
	sameAs                  // another column's parameter of the same row
	literal                 // a constant written into the statement
)

type col struct {
	kind colKind
	ref  int    // sameAs: the column whose parameter this one reuses
	sql  string // literal: its SQL text
	val  any    // literal: the value add must get for it
}

// shape is how the seed inserts rows of one table.
type shape struct {
	table  string
	cols   []string
	col    []col
	params []int // per-row parameter number (0-based) of each column, -1 for none
	nrow   int   // parameters per row
	tenant bool  // ?1 is the tenant
}

// runShapes are the shapes of the tables a run writes; other tables take one
// parameter per column.
var runShapes = map[string]map[string]col{
	"flow_run": {"tenant_id": {kind: tenantID}, "updated": {kind: sameAs}, "state_result": {kind: literal, sql: "NULL"},
		"context": {kind: literal, sql: "'{}'", val: "{}"}, "times_resurrected": {kind: literal, sql: "0", val: int64(0)}},
	"flow_run_state": {"tenant_id": {kind: tenantID}, "created": {kind: sameAs}, "updated": {kind: sameAs}, "result": {kind: literal, sql: "NULL"}},
	"task_run":       {"tenant_id": {kind: tenantID}, "updated": {kind: sameAs}, "state_result": {kind: literal, sql: "NULL"}},
	"task_run_state": {"tenant_id": {kind: tenantID}, "created": {kind: sameAs}, "updated": {kind: sameAs}, "result": {kind: literal, sql: "NULL"}},
	"log":            {"tenant_id": {kind: tenantID}, "created": {kind: sameAs}, "updated": {kind: sameAs}, "is_loaded_from_archive": {kind: literal, sql: "NULL"}},
}

// sameAsCol is the column a sameAs column of a run table reuses the parameter of.
var sameAsCol = map[string]string{
	"flow_run/updated": "state_timestamp", "task_run/updated": "state_timestamp",
	"flow_run_state/created": "timestamp", "flow_run_state/updated": "timestamp",
	"task_run_state/created": "timestamp", "task_run_state/updated": "timestamp",
	"log/created": "timestamp", "log/updated": "timestamp",
}

func newShape(table string, cols []string) *shape {
	s := &shape{table: table, cols: cols, col: make([]col, len(cols)), params: make([]int, len(cols))}
	special := runShapes[table]
	for i, name := range cols {
		c := special[name]
		if c.kind == sameAs {
			c.ref = slices.Index(cols, sameAsCol[table+"/"+name])
			if c.ref < 0 {
				panic("seed: no column for " + table + "/" + name)
			}
		}
		s.col[i] = c
		s.tenant = s.tenant || c.kind == tenantID
	}
	for i, c := range s.col {
		s.params[i] = -1
		if c.kind == perRow {
			s.params[i] = s.nrow
			s.nrow++
		}
	}
	return s
}

// insertSQL is the INSERT of rows rows of the shape. Its parameters are all
// anonymous (?), numbered by SQLite in the order they appear: the driver binds those
// by position, while looking up a numbered one (?NNN) costs SQLite a scan of the
// statement's parameter list per parameter. So a shape with more than one parameter
// per row reads its rows from a VALUES list of the per-row parameters, after the
// tenant's: INSERT ... SELECT ?, column1, column3, column3, NULL FROM (VALUES ...).
func (s *shape) insertSQL(rows int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %q (%s) ", s.table, `"`+strings.Join(s.cols, `", "`)+`"`)
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", s.nrow), ", ") + ")"
	values := func() {
		b.WriteString("VALUES ")
		for r := 0; r < rows; r++ {
			if r > 0 {
				b.WriteString(", ")
			}
			b.WriteString(one)
		}
	}
	if s.nrow == len(s.cols) {
		values()
		return b.String()
	}
	b.WriteString("SELECT ")
	for i, c := range s.col {
		if i > 0 {
			b.WriteString(", ")
		}
		switch c.kind {
		case perRow:
			b.WriteString("column" + strconv.Itoa(s.params[i]+1))
		case tenantID:
			b.WriteString("?")
		case sameAs:
			b.WriteString("column" + strconv.Itoa(s.params[c.ref]+1))
		case literal:
			b.WriteString(c.sql)
		}
	}
	b.WriteString(" FROM (")
	values()
	b.WriteString(")")
	return b.String()
}

// check reports a value of vals (every column's) that the shape does not bind as given.
func (s *shape) check(tenant string, vals []any) error {
	if len(vals) != len(s.cols) {
		return fmt.Errorf("insert %s: %d values for %d columns", s.table, len(vals), len(s.cols))
	}
	for i, c := range s.col {
		ok := true
		switch c.kind {
		case tenantID:
			ok = vals[i] == any(tenant)
		case sameAs:
			ok = vals[i] == vals[c.ref]
		case literal:
			ok = driverValue(vals[i]) == c.val
		}
		if !ok {
			return fmt.Errorf("insert %s: column %s is %v, not what the table's shape binds", s.table, s.cols[i], vals[i])
		}
	}
	return nil
}

// driverValue converts the Go values a seed writes to driver values.
func driverValue(v any) any {
	switch x := v.(type) {
	case int:
		return int64(x)
	case string, int64, bool, nil:
		return v
	}
	d, err := driver.DefaultParameterConverter.ConvertValue(v)
	if err != nil {
		return v
	}
	return d
}
