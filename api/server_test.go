package api_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/server"
)

// startServer runs the embedded server over httptest.
func startServer(t *testing.T, opts server.Options) string {
	t.Helper()
	srv, err := server.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return hs.URL + "/graphql"
}

func TestAgainstTheEmbeddedServer(t *testing.T) {
	t.Parallel()
	c := api.NewClient(api.ClientOptions{Endpoint: startServer(t, server.Options{})})
	ctx := context.Background()
	if h, err := api.Hello(ctx, c); err != nil || h.Hello == "" {
		t.Fatalf("Hello = %+v, %v", h, err)
	}
	res, err := api.Run(ctx, c, `query Q($n: Int) { flow(limit: $n) { id name } }`, map[string]any{"n": 5}, "Q")
	if err != nil || len(res.Errors) > 0 {
		t.Fatalf("Run: %v %v", err, res.Errors)
	}
	if !strings.HasPrefix(string(res.Data), `{"flow":[`) || res.Bytes == 0 {
		t.Errorf("data %s, bytes %d", res.Data, res.Bytes)
	}
	// A validation error comes back as a result (HTTP 400 from the server).
	res, err = api.Run(ctx, c, `{ flow { no_such_field } }`, nil, "")
	if err != nil || len(res.Errors) == 0 || !strings.Contains(res.Errors[0].Message, "no_such_field") {
		t.Fatalf("validation: %v %v", err, res.Errors)
	}
}

func TestCloudModeRejectsABadToken(t *testing.T) {
	t.Parallel()
	const bad = "not-a-real-token-0123456789"
	c := api.NewClient(api.ClientOptions{Endpoint: startServer(t, server.Options{Cloud: true}), Credentials: api.BearerToken(bad)})
	_, err := api.Run(context.Background(), c, `{ flow { id } }`, nil, "")
	if !api.IsUnauthenticated(err) || api.Describe(err) != api.NotAuthenticatedText {
		t.Fatalf("err = %v (%q)", err, api.Describe(err))
	}
	if strings.Contains(err.Error(), bad) {
		t.Errorf("the error repeats the token: %q", err.Error())
	}
}
