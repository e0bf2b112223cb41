package api

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/Khan/genqlient/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Error codes Prefect puts in a GraphQL error's extensions.code (GraphQLError.Code).
const (
	// CodeUnauthenticated: the credential is missing, rejected or expired.
	CodeUnauthenticated = "UNAUTHENTICATED"
	// CodeVersionLocking: a state change based on a version of the run that is no
	// longer its current one (Prefect Cloud's version locking).
	CodeVersionLocking = "VERSION_LOCKING_ERROR"
	// CodeBadUserInput: an argument or variable has the wrong type or value.
	CodeBadUserInput = "BAD_USER_INPUT"
	// CodeValidationFailed: the document does not validate against the schema.
	CodeValidationFailed = "GRAPHQL_VALIDATION_FAILED"
	// CodeParseFailed: the document is not GraphQL.
	CodeParseFailed = "GRAPHQL_PARSE_FAILED"
	// CodeAPIError: Prefect's catch-all for a failed operation (its Python client
	// re-sends such requests).
	CodeAPIError = "API_ERROR"
)

// GraphQLError is the error of a request the server answered with GraphQL errors:
// HTTP 200 with an "errors" list (a failed mutation, a denied field), or HTTP 400 with
// one (Prefect's answer to a document or variables it cannot accept). The typed
// operations still fill in whatever partial data came with it.
//
// errors.As finds the gqlerror.List inside it, and for a 400 also the
// *graphql.HTTPError genqlient would have returned.
type GraphQLError struct {
	// StatusCode is the HTTP status of the answer: 200 or 400.
	StatusCode int
	// Errors are the server's errors in order (message, path, locations, extensions),
	// scrubbed of credentials.
	Errors gqlerror.List

	http *graphql.HTTPError
}

// Error implements error: the first message, "(+N more)" when there are others.
func (e *GraphQLError) Error() string { return describeList(e.Errors) }

// Code is the extensions.code of the first error that has one ("" when none does).
func (e *GraphQLError) Code() string { return listCode(e.Errors) }

// HasCode reports whether any of the errors has extensions.code code.
func (e *GraphQLError) HasCode(code string) bool {
	for _, x := range e.Errors {
		if x != nil && errCode(x) == code {
			return true
		}
	}
	return false
}

// Unwrap gives errors.As and errors.Is the error list, and the *graphql.HTTPError of
// a 400 answer.
func (e *GraphQLError) Unwrap() []error {
	out := []error{e.Errors}
	if e.http != nil {
		out = append(out, e.http)
	}
	return out
}

// HTTPError is the error of a request answered with an HTTP status other than 200 (and
// other than a 400 that lists GraphQL errors, which is a *GraphQLError): a gateway's
// 502, a 429 after the retries, a 500. errors.As also finds the *graphql.HTTPError
// inside it.
type HTTPError struct {
	// StatusCode is the HTTP status.
	StatusCode int
	// Errors are GraphQL errors the body carried, if it was GraphQL JSON (nil for a
	// proxy's HTML page).
	Errors gqlerror.List
	// RetryAfter is what the answer's Retry-After header asked for (0 when absent).
	RetryAfter time.Duration

	http *graphql.HTTPError
}

// Error implements error: "server returned 502 Bad Gateway" and the like.
func (e *HTTPError) Error() string { return describeHTTP(e.http) }

// Unwrap returns the *graphql.HTTPError genqlient describes the same answer with.
func (e *HTTPError) Unwrap() error { return e.http }

// AuthError is the error of a request whose credential was missing, rejected or
// expired (HTTP 401, or a GraphQL error with code UNAUTHENTICATED), after the client
// refreshed the credentials once where they can be refreshed. Log in again.
type AuthError struct {
	// Err is the answer as it came: a *GraphQLError or an *HTTPError.
	Err error
}

// Error implements error.
func (e *AuthError) Error() string { return NotAuthenticatedText }

// Unwrap returns Err.
func (e *AuthError) Unwrap() error { return e.Err }

// typedError turns what an attempt failed with into the package's typed errors:
// *AuthError, *GraphQLError or *HTTPError; other errors (transport, timeouts,
// cancellation) are returned as they are. Messages are scrubbed of credentials.
func typedError(err error, retryAfter time.Duration) error {
	var out error
	switch e := err.(type) {
	case gqlerror.List:
		out = &GraphQLError{StatusCode: http.StatusOK, Errors: scrubList(e)}
	case *graphql.HTTPError:
		cp := *e
		cp.Response.Errors = scrubList(e.Response.Errors)
		if cp.StatusCode == http.StatusBadRequest && len(cp.Response.Errors) > 0 {
			out = &GraphQLError{StatusCode: cp.StatusCode, Errors: cp.Response.Errors, http: &cp}
			break
		}
		if retryAfter < 0 {
			retryAfter = 0
		}
		out = &HTTPError{StatusCode: cp.StatusCode, Errors: cp.Response.Errors, RetryAfter: retryAfter, http: &cp}
	default:
		return err
	}
	if IsUnauthenticated(out) {
		return &AuthError{Err: out}
	}
	return out
}

func errCode(e *gqlerror.Error) string {
	code, _ := e.Extensions["code"].(string)
	return code
}

func listCode(list gqlerror.List) string {
	for _, e := range list {
		if e == nil {
			continue
		}
		if code := errCode(e); code != "" {
			return code
		}
	}
	return ""
}

// asGraphQLError finds a *GraphQLError in err.
func asGraphQLError(err error) (*GraphQLError, bool) {
	var gerr *GraphQLError
	ok := errors.As(err, &gerr)
	return gerr, ok
}

// CutAnswerError is the error of a request whose answer stopped before its end: the
// server (or a proxy) closed the connection mid-answer. Queries are retried first;
// a mutation is not, since the server has seen it.
type CutAnswerError struct {
	// Endpoint is the URL the request went to.
	Endpoint string
	// Got is how many bytes of the body arrived; Want how many the server announced
	// (-1 when it did not say: a chunked or close-delimited body).
	Got  int
	Want int64
	// Mutation is true when the request was a mutation (it may have been applied).
	Mutation bool
	// Err is what reading the body failed with (io.ErrUnexpectedEOF and the like).
	Err error
}

// Error implements error.
func (e *CutAnswerError) Error() string {
	size := fmt.Sprintf("after %d bytes", e.Got)
	if e.Want >= 0 {
		size = fmt.Sprintf("after %d of %d bytes", e.Got, e.Want)
	}
	msg := "the server at " + redactURL(e.Endpoint) + " closed the connection mid-answer (" + size + ")"
	if e.Mutation {
		msg += "; the change may have been applied"
	}
	return msg
}

// Unwrap returns Err.
func (e *CutAnswerError) Unwrap() error { return e.Err }
