package api_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/Khan/genqlient/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/prefect-tui/prefect-tui/api"
)

func TestDescribe(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		err  error
		want string
	}{
		"nil":       {nil, ""},
		"cancelled": {fmt.Errorf("loading: %w", context.Canceled), "cancelled"},
		"deadline":  {context.DeadlineExceeded, "timed out"},
		"one graphql error": {gqlerror.List{{Message: "invalid input syntax for type uuid"}},
			"invalid input syntax for type uuid"},
		"several graphql errors": {gqlerror.List{{Message: "first"}, {Message: "second"}, {Message: "third"}},
			"first (+2 more)"},
		"unauthenticated code": {gqlerror.List{{Message: "whatever", Extensions: map[string]any{"code": "UNAUTHENTICATED"}}},
			api.NotAuthenticatedText},
		"tenant required": {&api.AuthError{Err: &api.GraphQLError{StatusCode: 200, Errors: gqlerror.List{{Message: "this operation requires a tenant; log in to a tenant first",
			Extensions: map[string]any{"code": "UNAUTHENTICATED"}}}}},
			"this operation requires a tenant; log in to a tenant first — choose one: prefect-tui auth switch-tenants --slug SLUG (prefect-tui auth list-tenants lists them)"},
		"malformed header": {gqlerror.List{{Message: "Malformed Authorization header"}}, api.NotAuthenticatedText},
		"http 401":         {&graphql.HTTPError{StatusCode: 401}, api.NotAuthenticatedText},
		"http 502":         {&graphql.HTTPError{StatusCode: 502}, "server returned 502 Bad Gateway"},
		"http 400 validation": {&graphql.HTTPError{StatusCode: 400, Response: graphql.Response{Errors: gqlerror.List{{Message: `Cannot query field "x" on type "flow"`}}}},
			`Cannot query field "x" on type "flow"`},
		"http 400 without body": {&graphql.HTTPError{StatusCode: 400}, "server returned 400 Bad Request"},
		"multi-line":            {errors.New("line one\nline two"), "line one"},
		"dns": {&url.Error{Op: "Post", URL: "http://nohost.invalid:4200/graphql", Err: &netDNSError},
			"cannot reach http://nohost.invalid:4200/graphql: host nohost.invalid not found"},
		"url with password": {&url.Error{Op: "Post", URL: "http://user:pw@host/graphql", Err: errors.New("tls: bad certificate")},
			"cannot reach http://host/graphql: tls: bad certificate"},
		"long": {errors.New(strings.Repeat("é", 300)), strings.Repeat("é", 119) + "…"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := api.Describe(tc.err); got != tc.want {
				t.Errorf("Describe() = %q\nwant         %q", got, tc.want)
			}
		})
	}
}

func TestDescribeNeverShowsATokenOrKey(t *testing.T) {
	const token = "tok_0123456789abcdefghij"
	const key = "pnu_abcdefghijklmnop0123"
	const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJ0ZW5hbnRfaWQiOiJ4In0.c2lnbmF0dXJl"
	api.RegisterSecret(token)
	msgs := []string{
		"Authorization: Bearer " + token + " rejected",
		`{"headers":{"authorization":"Bearer opaque-value-42"}}`,
		"bad token " + token,
		"the key " + key + " is not valid",
		"access token " + jwt + " expired",
		"bearer abc.def-ghi_jkl",
		strings.Repeat("x", 230) + token, // a cut must not leave a prefix of the token
	}
	for _, m := range msgs {
		for _, err := range []error{errors.New(m), gqlerror.List{{Message: m}}, &graphql.HTTPError{StatusCode: 500, Response: graphql.Response{Errors: gqlerror.List{{Message: m}}}}} {
			got := api.Describe(err)
			for _, secret := range []string{token, token[:12], key, jwt, "opaque-value-42", "abc.def-ghi_jkl"} {
				if strings.Contains(got, secret) {
					t.Errorf("Describe(%q) = %q leaks %q", m, got, secret)
				}
			}
		}
	}
}

func TestFingerprint(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"": "", "short": "…", "abcdefghijkl-a1b2": "…a1b2"} {
		if got := api.Fingerprint(in); got != want {
			t.Errorf("Fingerprint(%q) = %q, want %q", in, got, want)
		}
	}
}
