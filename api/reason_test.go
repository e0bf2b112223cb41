package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"syscall"
	"testing"

	"github.com/Khan/genqlient/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/prefect-tui/prefect-tui/api"
)

func TestReason(t *testing.T) {
	t.Parallel()
	badJSON := json.Unmarshal([]byte("<html>"), &struct{}{})
	if !errors.As(badJSON, new(*json.SyntaxError)) {
		t.Fatalf("not a syntax error: %v", badJSON)
	}
	unauth := gqlerror.List{{Message: "Unauthenticated: invalid API token", Extensions: map[string]any{"code": "UNAUTHENTICATED"}}}
	noTenant := gqlerror.List{{Message: "this operation requires a tenant; log in to a tenant first", Extensions: map[string]any{"code": "UNAUTHENTICATED"}}}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{context.Canceled, ""},
		{&url.Error{Op: "Post", URL: "http://x/graphql", Err: syscall.ECONNREFUSED}, "offline"},
		{&api.TimeoutError{Endpoint: "http://x", After: 1}, "timed out"},
		{&api.CutAnswerError{Endpoint: "http://x", Got: 3, Want: 9}, "answer cut off"},
		{&graphql.HTTPError{StatusCode: 500}, "HTTP 500"},
		{&graphql.HTTPError{StatusCode: 429}, "rate limited"},
		{fmt.Errorf("the server's answer is not GraphQL JSON: %w", badJSON), "bad answer"},
		{&api.AuthError{Err: unauth}, "token rejected"},
		{noTenant, "no tenant"},
		{gqlerror.List{{Message: "field 'x' not found"}}, "field 'x' not found"},
	} {
		if got := api.Reason(tc.err); got != tc.want {
			t.Errorf("Reason(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}
