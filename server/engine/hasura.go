package engine

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"

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

// runHasura runs one Hasura root field as a single statement: the one compiled for
// the request's shape (compiled on first use, then cached) bound to its inputs.
func (x *execution) runHasura(rf *hasuraRoot, f *cfield) (json.RawMessage, error) {
	x.shapeRequest()
	if err := x.refused(rf); err != nil {
		return nil, err
	}
	st, err := x.statement(rf, f)
	if err != nil {
		return nil, err
	}
	args, err := bindParams(st.srcs, x.inputs)
	if err != nil {
		return nil, err
	}
	var out []byte
	if err := x.queryRow(st, args, &out); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, x.sqlError(err)
	}
	return fieldValue(rf, out), nil
}

// refused is the error of a root field the request's principal may not read at all
// (no SQL runs for it), or nil.
func (x *execution) refused(rf *hasuraRoot) error {
	switch t := rf.table; {
	case t.Cloud && !x.req.Principal.Cloud:
		return &Error{Message: CloudOnlyMessage, Code: CodeAPIError}
	case x.sc.noTenant() && !t.Cloud && t.Name != "tenant":
		return &Error{Message: requiresTenantMsg, Code: CodeUnauthenticated}
	}
	return nil
}

// queryRow runs statement st with args (jsonb arguments given as handles) and scans
// its row into dest: on the engine's store through the statement prepared once, on
// another (a request's own DB) as text.
func (x *execution) queryRow(st *compiled, args []any, dest ...any) error {
	release := bindJSONArgs(args)
	defer release()
	if x.e.opts.Trace != nil {
		x.e.opts.Trace(st.sql)
	}
	var row *sql.Row
	if x.req.DB == x.e.db {
		stmt, done, err := st.acquire(x.ctx, x.e.db.DB)
		if err != nil {
			return err
		}
		defer done()
		if stmt != nil {
			row = stmt.QueryRowContext(x.ctx, args...)
		}
	}
	if row == nil {
		row = x.req.DB.QueryRowContext(x.ctx, st.sql, args...)
	}
	return row.Scan(dest...)
}

// shapeRequest computes the request's shape and inputs (once per request).
func (x *execution) shapeRequest() {
	if x.shaped {
		return
	}
	x.shaped = true
	s := &shaper{schema: x.e.schema}
	x.svars = x.shapeVariables(s)
	s.b.WriteByte('|')
	x.sc, x.policies = s.principal(x)
	x.shape, x.inputs = s.b.String(), s.inputs
}

// statement returns root field f compiled for the request's shape, from the cache or
// compiled now.
func (x *execution) statement(rf *hasuraRoot, f *cfield) (*compiled, error) {
	k := stmtKey{query: x.query, op: x.op.Name, shape: x.shape, field: f.Alias}
	if st, ok := x.e.stmts.get(k); ok {
		return st, nil
	}
	view := *x
	view.vars = x.svars
	c := &compiler{x: &view, inputs: x.inputs, sc: x.sc, policies: x.policies}
	sqlText, err := c.root(rf, f)
	if err != nil {
		return nil, err
	}
	return x.e.stmts.add(k, &compiled{sql: sqlText, srcs: c.srcs}), nil
}

// sqlError turns a database error into a short message without SQL text.
func (x *execution) sqlError(err error) error {
	if errors.Is(x.ctx.Err(), context.DeadlineExceeded) && x.deadline > 0 {
		return &Error{Message: fmt.Sprintf("the request took longer than the server's query timeout of %s and was stopped; narrow its filter or ask for fewer rows", x.deadline), Code: CodeQueryTimeout}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
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

// Statement is the SQL the engine runs for Hasura root fields, with its arguments.
type Statement struct {
	// Field is the response key of the root field, or the keys (comma-separated) of
	// the root fields the statement serves together.
	Field string
	SQL   string
	Args  []any
}

// Statements compiles the Hasura root fields of a request (as Execute would, through
// the statement cache) without running them: tests read their query plans. A query's
// Hasura fields are one statement (batch.go) where Execute runs them as one; root
// fields served by resolvers or introspection have no statement.
func (e *Engine) Statements(ctx context.Context, req *Request, p Params) ([]Statement, *Response) {
	x, res := e.prepare(ctx, req, p)
	if res != nil {
		return nil, res
	}
	rootType := "Query"
	if x.op.Operation == ast.Mutation {
		rootType = "Mutation"
	}
	fields := x.collect(x.op.SelectionSet, rootType)
	var out []Statement
	inBatch := map[string]bool{}
	if bf := x.batchable(x.op.Operation, fields); bf != nil {
		if st, err := x.batchStatement(bf); err == nil && st.sql != "" {
			names := make([]string, len(bf))
			for i, f := range bf {
				names[i] = f.f.Alias
				inBatch[f.f.Alias] = true
			}
			s, res := x.explained(strings.Join(names, ","), st)
			if res != nil {
				return nil, res
			}
			out = append(out, s)
		}
	}
	for _, f := range fields {
		if inBatch[f.Alias] || e.resolver(x.op.Operation, f.Name) != nil || x.op.Operation == ast.Mutation {
			continue
		}
		rf := x.hasuraField(f.Name)
		if rf == nil {
			continue
		}
		x.shapeRequest()
		st, err := x.statement(rf, f)
		if err != nil {
			return nil, &Response{Errors: []*GQLError{newErr(err.Error(), CodeBadUserInput)}}
		}
		s, res := x.explained(f.Alias, st)
		if res != nil {
			return nil, res
		}
		out = append(out, s)
	}
	return out, nil
}

// explained is st bound to the request's inputs, its jsonb arguments as JSON text.
func (x *execution) explained(field string, st *compiled) (Statement, *Response) {
	args, err := bindParams(st.srcs, x.inputs)
	if err != nil {
		return Statement{}, &Response{Errors: []*GQLError{newErr(err.Error(), CodeBadUserInput)}}
	}
	for i, a := range args {
		if ja, ok := a.(*jsonArg); ok {
			b, _ := json.Marshal(ja.v)
			args[i] = string(b)
		}
	}
	return Statement{Field: field, SQL: st.sql, Args: args}, nil
}
