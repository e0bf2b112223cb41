package api_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/Khan/genqlient/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/prefect-tui/prefect-tui/api"
)

func TestErrorsAreTypedValues(t *testing.T) {
	t.Parallel()
	retryAfter := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		answer(429, `{"errors":[{"message":"slow down"}]}`)(w, r)
	}
	cases := map[string]struct {
		step  step
		check func(t *testing.T, err error)
	}{
		"graphql error with a code": {answer(200, `{"data":{"hello":null},"errors":[{"message":"denied","extensions":{"code":"VERSION_LOCKING_ERROR"}}]}`),
			func(t *testing.T, err error) {
				var gerr *api.GraphQLError
				if !errors.As(err, &gerr) || gerr.StatusCode != 200 || gerr.Code() != api.CodeVersionLocking || !gerr.HasCode(api.CodeVersionLocking) {
					t.Fatalf("%#v", err)
				}
				var list gqlerror.List
				if !errors.As(err, &list) || list[0].Message != "denied" {
					t.Fatalf("the gqlerror.List is not reachable: %v", err)
				}
			}},
		"400 with errors": {answer(400, `{"errors":[{"message":"Cannot query field","extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}`),
			func(t *testing.T, err error) {
				var gerr *api.GraphQLError
				var herr *graphql.HTTPError
				if !errors.As(err, &gerr) || gerr.StatusCode != 400 || gerr.Code() != api.CodeValidationFailed {
					t.Fatalf("%#v", err)
				}
				if !errors.As(err, &herr) || herr.StatusCode != 400 {
					t.Fatalf("genqlient's HTTPError is not reachable: %v", err)
				}
			}},
		"502 from a proxy": {answer(502, `<html>bad gateway</html>`),
			func(t *testing.T, err error) {
				var herr *api.HTTPError
				if !errors.As(err, &herr) || herr.StatusCode != 502 || herr.Errors != nil || err.Error() != "server returned 502 Bad Gateway" {
					t.Fatalf("%#v %q", err, err)
				}
			}},
		"429 asking for too long a wait": {retryAfter,
			func(t *testing.T, err error) {
				var herr *api.HTTPError
				if !errors.As(err, &herr) || herr.StatusCode != 429 || herr.RetryAfter != 2*time.Minute || len(herr.Errors) != 1 {
					t.Fatalf("%#v", err)
				}
			}},
		"401": {answer(401, `{"errors":[{"message":"bad token"}]}`),
			func(t *testing.T, err error) {
				var aerr *api.AuthError
				var herr *api.HTTPError
				if !errors.As(err, &aerr) || !errors.As(err, &herr) || herr.StatusCode != 401 || !api.IsUnauthenticated(err) {
					t.Fatalf("%#v", err)
				}
			}},
		"UNAUTHENTICATED": {answer(200, `{"errors":[{"message":"expired","extensions":{"code":"UNAUTHENTICATED"}}]}`),
			func(t *testing.T, err error) {
				var aerr *api.AuthError
				var gerr *api.GraphQLError
				if !errors.As(err, &aerr) || !errors.As(err, &gerr) || gerr.Code() != api.CodeUnauthenticated {
					t.Fatalf("%#v", err)
				}
				if api.Describe(err) != api.NotAuthenticatedText {
					t.Fatalf("described as %q", api.Describe(err))
				}
			}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, tc.step)
			c, _ := newClient(t, f.url(), api.ClientOptions{Retry: api.RetryPolicy{MaxAttempts: 1}})
			_, err := api.Hello(context.Background(), c)
			tc.check(t, err)
		})
	}
}

func TestErrorsKeepNoSecret(t *testing.T) {
	t.Parallel()
	const secret = "sekrit-token-0123456789"
	f := newFakeAPI(t, answer(200, `{"errors":[{"message":"token sekrit-token-0123456789 is not valid"}]}`))
	c, _ := newClient(t, f.url(), api.ClientOptions{Credentials: api.BearerToken(secret)})
	_, err := api.Hello(context.Background(), c)
	var gerr *api.GraphQLError
	if !errors.As(err, &gerr) || gerr.Errors[0].Message != "token [redacted] is not valid" {
		t.Fatalf("%v", err)
	}
}
