package engine

import (
	"encoding/json"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// A query's Hasura root fields run as ONE statement: each field is compiled as it
// would be alone, by one compiler (one list of numbered parameters), and becomes one
// column of SELECT (field1), (field2), ...; every column is the field's JSON as
// SQLite builds it. Running a statement has a fixed cost (binding, stepping, the
// driver) that a page reading a hundred counts would otherwise pay a hundred times.
//
// The one statement answers every field or none: when the request cannot be run
// that way (a field fails to compile or a value to bind, SQLite raises a data
// exception, the query timeout runs out), the request runs field by field as a
// single field does (runHasura), so that each field answers or fails on its own,
// with the same errors in the same order. Root fields served by resolvers or
// introspection, and those refused before any SQL (a Cloud table in Server mode, a
// tenant's data without a tenant), are not in the statement either.

const (
	// maxBatchFields bounds the columns of the one statement (SQLite allows 2000).
	maxBatchFields = 1000
	// maxBatchParams is SQLite's bound on a statement's parameters
	// (SQLITE_MAX_VARIABLE_NUMBER); a request with more runs field by field.
	maxBatchParams = 32766
)

// batchField is one root field of the one statement.
type batchField struct {
	f  *cfield
	rf *hasuraRoot
}

// batchable returns the root fields of a query that the one statement serves, or
// nil when fewer than two are (one field is one statement already) or too many.
func (x *execution) batchable(op ast.Operation, fields []*cfield) []batchField {
	if op == ast.Mutation {
		return nil
	}
	var out []batchField
	for _, f := range fields {
		if strings.HasPrefix(f.Name, "__") || x.e.resolver(op, f.Name) != nil {
			continue
		}
		rf := x.hasuraField(f.Name)
		if rf == nil {
			continue
		}
		x.shapeRequest()
		if x.refused(rf) != nil {
			continue
		}
		out = append(out, batchField{f: f, rf: rf})
	}
	if len(out) < 2 || len(out) > maxBatchFields {
		return nil
	}
	return out
}

// batchKey is the statement cache key of the one statement serving fields: their
// response keys (which may not hold a NUL) after a NUL, never a single field's key.
func (x *execution) batchKey(fields []batchField) stmtKey {
	var b strings.Builder
	for _, bf := range fields {
		b.WriteByte(0)
		b.WriteString(bf.f.Alias)
	}
	return stmtKey{query: x.query, op: x.op.Name, shape: x.shape, field: b.String()}
}

// batchStatement returns the one statement of fields for the request's shape, from
// the cache or compiled now. Its SQL is empty when it has more parameters than
// SQLite allows: the request then runs field by field.
func (x *execution) batchStatement(fields []batchField) (*compiled, error) {
	k := x.batchKey(fields)
	if st, ok := x.e.stmts.get(k); ok {
		return st, nil
	}
	view := *x
	view.vars = x.svars
	c := &compiler{x: &view, inputs: x.inputs, sc: x.sc, policies: x.policies, share: &sharing{}}
	cols := make([]string, len(fields))
	for i, bf := range fields {
		c.conds = 0 // the limit on conditions is per root field
		s, err := c.root(bf.rf, bf.f)
		if err != nil {
			return nil, err
		}
		cols[i] = "(" + s + ")"
	}
	st := &compiled{}
	if len(c.srcs) <= maxBatchParams {
		st = &compiled{sql: c.share.resolveShared("SELECT " + strings.Join(cols, ", ")), srcs: c.srcs}
	}
	return x.e.stmts.add(k, st), nil
}

// runBatch runs fields as one statement and returns their values by response key,
// or nil when the request is to run field by field (see above).
func (x *execution) runBatch(fields []batchField) map[string]json.RawMessage {
	st, err := x.batchStatement(fields)
	if err != nil || st.sql == "" {
		return nil
	}
	args, err := bindParams(st.srcs, x.inputs)
	if err != nil {
		return nil
	}
	vals := make([][]byte, len(fields))
	dest := make([]any, len(fields))
	for i := range vals {
		dest[i] = &vals[i]
	}
	if err := x.queryRow(st, args, dest...); err != nil {
		return nil
	}
	out := make(map[string]json.RawMessage, len(fields))
	for i, bf := range fields {
		out[bf.f.Alias] = fieldValue(bf.rf, vals[i])
	}
	return out
}

// fieldValue is a root field's JSON from the value its SQL returned (nil: no row).
func fieldValue(rf *hasuraRoot, v []byte) json.RawMessage {
	switch {
	case v != nil:
		return json.RawMessage(v)
	case rf.kind == rootList:
		return json.RawMessage("[]")
	}
	return json.RawMessage("null")
}
