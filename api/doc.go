// Package api is a Go client for the Prefect 1.x GraphQL API (Prefect Server and
// Prefect Cloud 1.x), the one prefect-tui's explorer and command line use.
//
// # Clients and credentials
//
// NewClient makes a Client: one HTTP client with per-attempt timeouts, retries with
// back-off (429 and Retry-After honoured, mutations never repeated after they may
// have reached the server), and credentials. A Client implements graphql.Client, so
// the typed operations and Do take it as their first argument.
//
//	c := api.NewClient(api.ClientOptions{Endpoint: "http://localhost:4200/graphql"})
//
// Prefect Server needs no credentials. For Prefect Cloud, pick the Credentials of the
// kind you have:
//
//   - BearerToken: an API token of scope TENANT or RUNNER (it belongs to one tenant).
//   - APIKey: an API key, with the tenant to act in (the X-PREFECT-TENANT-ID header;
//     "" for the key's default tenant).
//   - NewUserToken: a USER API token. Without a tenant it lists the user's tenants;
//     UserToken.SwitchTenant logs in to one (switch_tenant), and the short-lived access
//     token it gets is renewed with refresh_token before it expires, and once more
//     when the server answers UNAUTHENTICATED.
//
// Client.WithCredentials gives a client for other credentials that shares the
// connection pool, e.g. after switching tenants.
//
// # Operations
//
// The typed operations (generated.go, from queries.graphql) are functions such as
// ListTenants, AuthInfo, SwitchTenant, GetFlowRuns, FlowRunPage, SetFlowRunStates
// and CancelFlowRun, each returning a response struct. On top of them:
//
//   - FindFlowRuns, FindFlows, FindTaskRuns, FindRunLogs, FindAgents and FindProjects
//     read lists of any length page by page (keyset pagination, PageSize rows a
//     request), with filters such as FlowRunFilter; TailRunLogs reads the lines a
//     run logged since a cursor.
//   - DescribeRef, FindTaskRuns and FindRunLogs take a reference: an id, a unique
//     prefix of one, or a name (RefExp).
//   - SetFlowRunState sets a run's state.
//
// Free-form operations go through Do: a Text document, or a *gqlbuild.Operation built
// from Go values as Prefect's Python client builds queries from dicts; Run is the
// variant that returns the raw JSON answer and its errors together (the query editor
// and `prefect-tui query`).
//
// # Errors
//
// Errors are values a caller can inspect with errors.As:
//
//   - *GraphQLError: the server answered with GraphQL errors (Code gives
//     extensions.code, e.g. CodeVersionLocking); partial data is still decoded.
//   - *HTTPError: another HTTP status (a gateway's 502, a 429 after the retries).
//   - *AuthError: the credential was missing, rejected or expired (IsUnauthenticated).
//   - *TimeoutError: an attempt ran out of its timeout.
//   - *NotFoundError and *AmbiguousError: a reference named nothing, or several things.
//
// Describe turns any of them into one short sentence without credentials in it.
package api

// The client half of `make generate` (which first regenerates schema.graphql):
//go:generate go tool genqlient ../genqlient.yaml
