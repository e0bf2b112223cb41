package engine

import (
	"context"
	"net/http"
	"time"

	"github.com/prefect-tui/prefect-tui/server/store"
)

// Principal is who a request acts for. The engine scopes every table read to
// Principal.TenantID when it is set (rows of other tenants are invisible through any
// root field, relationship or aggregate), and refuses tenant data to USER-scoped
// principals, which see only their tenants, the Cloud tables, auth_info and the auth
// mutations. Rows of the Cloud tables are what Options.RowPolicy gives the principal.
type Principal struct {
	// TenantID limits data to one tenant; "" means no limit (Prefect Server mode).
	TenantID string
	// UserID is the user behind a Cloud credential ("" in Server mode).
	UserID string
	// Scope is "" in Server mode, else USER, TENANT or RUNNER for API tokens,
	// "API_KEY" for API keys and "ACCESS" for a switch_tenant access token.
	Scope string
	// Role is the user's role in TenantID (TENANT_ADMIN, USER or READ_ONLY_USER) for a
	// credential that acts for a member of that tenant: an access token, an API key, a
	// TENANT token (its creator's role); "" otherwise.
	Role string
	// Cloud is true when the server runs in --cloud mode.
	Cloud bool
}

// RowPolicy returns the condition rows of the Cloud table named table must meet for
// principal p, as a Hasura boolean expression over the table (the plain values a
// resolver gets: map[string]any, []any, strings, bools), as Hasura's select
// permissions are written; ok false means p may read no row of it. The condition is
// applied wherever the table is read (root field, relationship, filter, order by),
// except through an Owner relationship. It must hold no null: in a boolean expression
// a null means "no condition".
type RowPolicy func(p Principal, table string) (filter map[string]any, ok bool)

// MutationPolicy says whether principal p may call the mutation named name: nil
// allows it, an error (an *Error keeps its code) refuses it before it runs.
type MutationPolicy func(p Principal, name string) error

// Request is what a resolver sees of the HTTP request it serves.
type Request struct {
	DB        *store.DB
	Principal Principal
	Header    http.Header
	Now       func() time.Time
	// Token is the raw bearer credential of the request ("" when none): the auth
	// mutations (refresh_token, log_out) need it. Never log it.
	Token string
}

// ResolverFunc resolves one non-Hasura root field (Prefect's Python-side operations,
// Cloud auth). args are the field's arguments with variables substituted and input
// coerced to Go values (map[string]any, []any, string, bool, int64, float64, nil).
// It returns a JSON-able value (map[string]any, []any, scalars, json.RawMessage or a
// struct with json tags) that the engine projects onto the field's selection set
// (aliases, __typename, nested selections). A returned *Error keeps its code.
type ResolverFunc func(ctx context.Context, r *Request, args map[string]any) (any, error)

// Error is a GraphQL error with an extensions.code, e.g. UNAUTHENTICATED, API_ERROR,
// VERSION_LOCKING_ERROR, GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT, INTERNAL_SERVER_ERROR.
type Error struct {
	Message string
	Code    string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with code API_ERROR.
func Errorf(code, msg string) *Error { return &Error{Message: msg, Code: code} }
