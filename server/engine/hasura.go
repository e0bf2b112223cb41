package engine

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"github.com/prefect-tui/prefect-tui/server/catalog"
)

// hasuraRoot describes a Hasura root field.
type hasuraRoot struct {
	table *catalog.Table
	kind  rootKind
	fn    string // utility function name for traversal roots
}

type rootKind int

const (
	rootList rootKind = iota
	rootAggregate
	rootByPK
)

func (x *execution) hasuraField(name string) *hasuraRoot {
	for _, fn := range []string{"utility_downstream_tasks", "utility_upstream_tasks"} {
		if name == fn {
			return &hasuraRoot{table: catalog.Lookup("utility_traversal"), kind: rootList, fn: fn}
		}
		if name == fn+"_aggregate" {
			return &hasuraRoot{table: catalog.Lookup("utility_traversal"), kind: rootAggregate, fn: fn}
		}
	}
	if t := catalog.Lookup(name); t != nil && !t.Virtual {
		return &hasuraRoot{table: t, kind: rootList}
	}
	if base, ok := strings.CutSuffix(name, "_aggregate"); ok {
		if t := catalog.Lookup(base); t != nil && !t.Virtual && t.HasAggregate() {
			return &hasuraRoot{table: t, kind: rootAggregate}
		}
	}
	if base, ok := strings.CutSuffix(name, "_by_pk"); ok {
		if t := catalog.Lookup(base); t != nil && !t.Virtual && t.HasByPK() {
			return &hasuraRoot{table: t, kind: rootByPK}
		}
	}
	return nil
}

// runHasura compiles and runs one Hasura root field as a single statement.
func (x *execution) runHasura(rf *hasuraRoot, f *cfield) (json.RawMessage, error) {
	sc := x.scope()
	switch t := rf.table; {
	case t.Cloud && !x.req.Principal.Cloud:
		return nil, &Error{Message: CloudOnlyMessage, Code: CodeAPIError}
	case sc.noTenant() && !t.Cloud && t.Name != "tenant":
		return nil, &Error{Message: requiresTenantMsg, Code: CodeUnauthenticated}
	}
	c := &compiler{x: x, sc: sc}
	sqlText, err := c.root(rf, f)
	if err != nil {
		return nil, err
	}
	if x.e.opts.Trace != nil {
		x.e.opts.Trace(sqlText)
	}
	var out []byte
	row := x.req.DB.QueryRowContext(x.ctx, sqlText, c.params...)
	if err := row.Scan(&out); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, sqlError(err)
	}
	if out == nil {
		if rf.kind == rootList {
			return json.RawMessage("[]"), nil
		}
		return json.RawMessage("null"), nil
	}
	return json.RawMessage(out), nil
}

// sqlError turns a database error into a short message without SQL text.
func sqlError(err error) error {
	if err == context.Canceled || err == context.DeadlineExceeded {
		return &Error{Message: "request cancelled", Code: CodeInternal}
	}
	msg := err.Error()
	// Errors raised by our SQL functions carry a user-facing message.
	if i := strings.Index(msg, userErrPrefix); i >= 0 {
		msg = strings.TrimSpace(msg[i+len(userErrPrefix):])
		if j := strings.LastIndex(msg, " ("); j > 0 && strings.HasSuffix(msg, ")") {
			msg = msg[:j] // the driver's " (code)" suffix
		}
		return &Error{Message: msg, Code: CodeDataException}
	}
	if strings.Contains(msg, "interrupted") {
		return &Error{Message: "request cancelled", Code: CodeInternal}
	}
	return &Error{Message: "database error while running the query", Code: CodeInternal}
}
