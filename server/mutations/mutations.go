// Package mutations implements Prefect Server's own GraphQL operations (the Python
// half of the API: set_flow_run_states, create_flow_run, cancel_flow_run, hello, api,
// reference_data, ...) over the store, with the semantics of PrefectHQ/server's
// resolvers and Postgres triggers. The Machine type holds the shared state machine
// that the seed and the simulator use too.
package mutations

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"modernc.org/sqlite"

	"github.com/prefect-tui/prefect-tui/server/engine"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// Error codes of the resolvers' errors.
const (
	codeInput    = "BAD_USER_INPUT"
	codeNotFound = "NOT_FOUND"
	codeInternal = "INTERNAL_SERVER_ERROR"
)

// Register serves every query and mutation of this package on e.
func Register(e *engine.Engine) {
	for name, f := range Queries() {
		e.RegisterQuery(name, f)
	}
	for name, f := range Mutations() {
		e.RegisterMutation(name, f)
	}
}

// Queries returns the Query root fields of this package by name.
func Queries() map[string]engine.ResolverFunc {
	return map[string]engine.ResolverFunc{
		"hello":             resolveHello,
		"api":               resolveAPI,
		"reference_data":    resolveReferenceData,
		"mapped_children":   resolveMappedChildren,
		"get_task_run_info": resolveTaskRunInfo,
	}
}

// Mutations returns the Mutation root fields of this package by name.
func Mutations() map[string]engine.ResolverFunc {
	m := map[string]engine.ResolverFunc{}
	for _, group := range []map[string]engine.ResolverFunc{runMutations(), flowMutations(), tenantMutations(), miscMutations(), hookMutations(), registerMutations()} {
		for k, v := range group {
			m[k] = v
		}
	}
	return m
}

// input is a mutation's coerced `input` argument.
type input map[string]any

func inputOf(args map[string]any) (input, error) {
	in, ok := args["input"].(map[string]any)
	if !ok {
		return nil, &engine.Error{Message: "Missing input.", Code: codeInput}
	}
	return in, nil
}

func (in input) str(k string) string {
	s, _ := in[k].(string)
	return s
}

func (in input) has(k string) bool {
	v, ok := in[k]
	return ok && v != nil
}

// id reads a required UUID field.
func (in input) id(k string) (string, error) {
	s := in.str(k)
	if _, err := uuid.Parse(s); err != nil {
		return "", &engine.Error{Message: fmt.Sprintf("invalid input syntax for type uuid: %q", s), Code: codeInput}
	}
	return strings.ToLower(s), nil
}

// optID reads an optional UUID field ("" when absent).
func (in input) optID(k string) (string, error) {
	if !in.has(k) {
		return "", nil
	}
	return in.id(k)
}

// strs reads a list of strings; ok is false when the field is absent or null.
func (in input) strs(k string) ([]string, bool) {
	if !in.has(k) {
		return nil, false
	}
	l, ok := stringList(in[k])
	if l == nil {
		l = []string{}
	}
	return l, ok
}

// obj reads a JSON object field (a JSON scalar may arrive decoded or as JSON text).
func (in input) obj(k string) (map[string]any, error) {
	v := in[k]
	switch x := v.(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return x, nil
	case string:
		var m map[string]any
		if err := json.Unmarshal([]byte(x), &m); err == nil {
			return m, nil
		}
	case json.RawMessage:
		var m map[string]any
		if err := json.Unmarshal(x, &m); err == nil {
			return m, nil
		}
	}
	return nil, &engine.Error{Message: fmt.Sprintf("Expected a JSON object for %s.", k), Code: codeInput}
}

// toGQL turns an error into an *engine.Error with a fitting code.
func toGQL(err error) error {
	if err == nil {
		return nil
	}
	var ge *engine.Error
	if errors.As(err, &ge) {
		return ge
	}
	if errors.Is(err, ErrNotFound) {
		return &engine.Error{Message: strings.TrimPrefix(err.Error(), ErrNotFound.Error()+": "), Code: codeNotFound}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &engine.Error{Message: err.Error(), Code: codeInternal}
	}
	var se sqlError
	var de *sqlite.Error
	if errors.As(err, &se) || errors.As(err, &de) || errors.Is(err, sql.ErrTxDone) || errors.Is(err, sql.ErrConnDone) {
		return &engine.Error{Message: "Database error: " + err.Error(), Code: codeInternal}
	}
	return &engine.Error{Message: err.Error(), Code: codeInput}
}

// sqlError marks a failure of the store itself.
type sqlError struct{ error }

// writeTx runs f in one write transaction and maps its error for GraphQL.
func writeTx(ctx context.Context, r *engine.Request, f func(tx *sql.Tx, now time.Time) (any, error)) (any, error) {
	if r == nil || r.DB == nil {
		return nil, &engine.Error{Message: "no database", Code: codeInternal}
	}
	tx, err := r.DB.BeginTx(ctx, nil)
	if err != nil {
		return nil, toGQL(sqlError{err})
	}
	out, err := f(tx, now(r))
	if err != nil {
		tx.Rollback()
		return nil, toGQL(err)
	}
	if err := tx.Commit(); err != nil {
		return nil, toGQL(sqlError{err})
	}
	return out, nil
}

func now(r *engine.Request) time.Time {
	if r.Now != nil {
		return r.Now().UTC()
	}
	return time.Now().UTC()
}

// tenantOf is the tenant a principal is limited to ("" in Server mode).
func tenantOf(r *engine.Request) string { return r.Principal.TenantID }

// checkTenant refuses a tenant_id outside the principal's tenant (as not found).
func checkTenant(ctx context.Context, q Querier, r *engine.Request, tenantID string) error {
	if t := tenantOf(r); t != "" && t != tenantID {
		return notFound("Tenant", tenantID)
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM tenant WHERE id = ?`, tenantID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return notFound("Tenant", tenantID)
	}
	return nil
}

// defaultTenant is the tenant of new rows without a parent: the principal's, else
// (Server mode) the first tenant.
func defaultTenant(ctx context.Context, q Querier, r *engine.Request) (string, error) {
	if t := tenantOf(r); t != "" {
		return t, nil
	}
	var id string
	err := q.QueryRowContext(ctx, `SELECT id FROM tenant ORDER BY created, id LIMIT 1`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("No tenant found. Create a tenant with `prefect server create-tenant`.")
	}
	return id, err
}

// exists reports whether a row of table with id is visible to the principal; what is
// the noun of the not-found error ("Flow", "Project", ...).
func exists(ctx context.Context, q Querier, r *engine.Request, table, what, id string) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE id = ? AND (? = '' OR tenant_id = ?)`,
		id, tenantOf(r), tenantOf(r)).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return notFound(what, id)
	}
	return nil
}

// update sets columns of one visible row (set is "col = ?, ..." with args first) and
// fails with not found when there is none.
func update(ctx context.Context, q Querier, r *engine.Request, table, what, id, set string, args ...any) error {
	args = append(args, store.FormatTime(now(r)), id, tenantOf(r), tenantOf(r))
	res, err := q.ExecContext(ctx, `UPDATE `+table+` SET `+set+`, updated = ? WHERE id = ? AND (? = '' OR tenant_id = ?)`, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound(what, id)
	}
	return nil
}

// success is success_payload.
func success() map[string]any { return map[string]any{"success": true, "error": nil} }

// idPayload is a *_id_payload.
func idPayload(id string) map[string]any { return map[string]any{"id": id} }

// guard refuses tenant data to a Cloud principal that is not bound to a tenant (a
// USER-scoped token): without it, an empty TenantID would mean "every tenant".
func guard(r *engine.Request) error {
	if r != nil && r.Principal.Cloud && r.Principal.TenantID == "" {
		return &engine.Error{Message: "This operation needs a tenant: use a tenant-scoped token or switch_tenant first.", Code: "UNAUTHENTICATED"}
	}
	return nil
}

// resolver adapts a function of the input to a ResolverFunc running in a transaction.
func resolver(f func(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error)) engine.ResolverFunc {
	return func(ctx context.Context, r *engine.Request, args map[string]any) (any, error) {
		if err := guard(r); err != nil {
			return nil, err
		}
		in, err := inputOf(args)
		if err != nil {
			return nil, err
		}
		return writeTx(ctx, r, func(tx *sql.Tx, now time.Time) (any, error) { return f(ctx, tx, r, in, now) })
	}
}
