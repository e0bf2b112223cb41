package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
)

// fakeAPI is an httptest server whose handler answers from a list of steps; the last
// step repeats.
type fakeAPI struct {
	srv   *httptest.Server
	calls atomic.Int32
	mu    sync.Mutex
	reqs  []*http.Request
	bodys []map[string]any
}

type step func(w http.ResponseWriter, r *http.Request)

func newFakeAPI(t *testing.T, steps ...step) *fakeAPI {
	t.Helper()
	f := &fakeAPI{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(f.calls.Add(1))
		var body map[string]any
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &body)
		f.mu.Lock()
		f.reqs = append(f.reqs, r.Clone(context.Background()))
		f.bodys = append(f.bodys, body)
		f.mu.Unlock()
		i := min(n-1, len(steps)-1)
		steps[i](w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) url() string { return f.srv.URL + "/graphql" }

func answer(status int, body string) step {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

const helloOK = `{"data":{"hello":"👋"}}`

// sleeps records the client's back-off waits instead of sleeping.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func newClient(t *testing.T, endpoint string, opts api.ClientOptions) (*api.Client, *sleeps) {
	t.Helper()
	opts.Endpoint = endpoint
	c := api.NewClient(opts)
	s := &sleeps{}
	c.SetSleepForTest(s.sleep)
	return c, s
}

const setNameMutation = `mutation SetName($id: UUID!) { set_flow_run_name(input: {flow_run_id: $id, name: "x"}) { success } }`

func runMutation(c graphql.Client) error {
	var data json.RawMessage
	return c.MakeRequest(context.Background(), &graphql.Request{Query: setNameMutation, OpName: "SetName",
		Variables: map[string]any{"id": "1"}}, &graphql.Response{Data: &data})
}

func TestTypedRequestHeadersAndBody(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, answer(200, helloOK))
	c, _ := newClient(t, f.url(), api.ClientOptions{
		Credentials: api.APIKey("key-0123456789abcdef", "tenant-1"),
		UserAgent:   "prefect-tui/test",
		Headers:     http.Header{"X-Extra": {"yes"}},
	})
	got, err := api.Hello(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if got.Hello != "👋" {
		t.Fatalf("hello = %q", got.Hello)
	}
	r := f.reqs[0]
	for h, want := range map[string]string{
		"Authorization":          "Bearer key-0123456789abcdef",
		"X-Prefect-Tenant-Id":    "tenant-1",
		"X-Prefect-Core-Version": api.CoreVersion,
		"Content-Type":           "application/json",
		"User-Agent":             "prefect-tui/test",
		"X-Extra":                "yes",
	} {
		if g := r.Header.Get(h); g != want {
			t.Errorf("header %s = %q, want %q", h, g, want)
		}
	}
	if r.Method != http.MethodPost || r.URL.Path != "/graphql" {
		t.Errorf("request = %s %s", r.Method, r.URL.Path)
	}
	if f.bodys[0]["operationName"] != "Hello" || !strings.Contains(f.bodys[0]["query"].(string), "hello") {
		t.Errorf("body = %v", f.bodys[0])
	}
}

func TestNoCredentialsNoHeaders(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, answer(200, helloOK))
	c, _ := newClient(t, f.url(), api.ClientOptions{})
	if _, err := api.Hello(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if h := f.reqs[0].Header.Get("Authorization"); h != "" {
		t.Errorf("Authorization = %q without credentials", h)
	}
	if h := f.reqs[0].Header.Get("X-Prefect-Tenant-Id"); h != "" {
		t.Errorf("tenant header = %q without credentials", h)
	}
}

func TestRetries(t *testing.T) {
	t.Parallel()
	bad := answer(502, `<html>bad gateway</html>`)
	tests := map[string]struct {
		steps     []step
		mutation  bool
		wantCalls int
		wantErr   string // Describe(err), "" for success
		wantSleep []time.Duration
	}{
		"query 502 twice then ok": {steps: []step{bad, bad, answer(200, helloOK)}, wantCalls: 3},
		"query 500 forever gives up after 4": {steps: []step{answer(500, `{"errors":[{"message":"boom"}]}`)},
			wantCalls: 4, wantErr: "server returned 500 Internal Server Error: boom"},
		"mutation 502 not retried": {steps: []step{bad}, mutation: true, wantCalls: 1,
			wantErr: "server returned 502 Bad Gateway"},
		"mutation 503 retried": {steps: []step{answer(503, ``), answer(200, `{"data":{}}`)}, mutation: true, wantCalls: 2},
		"429 honours Retry-After": {steps: []step{func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(429)
		}, answer(200, helloOK)}, wantCalls: 2, wantSleep: []time.Duration{7 * time.Second}},
		"429 with a long Retry-After gives up": {steps: []step{func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(429)
		}}, mutation: true, wantCalls: 1, wantErr: "the server is rate limiting requests (429 Too Many Requests); try again later"},
		"graphql errors are answers": {steps: []step{answer(200, `{"data":null,"errors":[{"message":"field 'x' not found in type: 'query_root'"}]}`)},
			wantCalls: 1, wantErr: "field 'x' not found in type: 'query_root'"},
		"400 validation": {steps: []step{answer(400, `{"errors":[{"message":"Cannot query field \"nope\"","extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}},{"message":"second"}]}`)},
			wantCalls: 1, wantErr: `Cannot query field "nope" (+1 more)`},
		"broken connection after send: query retried": {steps: []step{hangUp, answer(200, helloOK)}, wantCalls: 2},
		"broken connection after send: mutation not retried": {steps: []step{hangUp}, mutation: true, wantCalls: 1,
			wantErr: "the connection to URL broke before an answer arrived"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, tc.steps...)
			c, s := newClient(t, f.url(), api.ClientOptions{})
			var err error
			if tc.mutation {
				err = runMutation(c)
			} else {
				_, err = api.Hello(context.Background(), c)
			}
			if got, want := api.Describe(err), strings.ReplaceAll(tc.wantErr, "URL", f.url()); got != want {
				t.Errorf("Describe(err) = %q, want %q (err %v)", got, want, err)
			}
			if got := int(f.calls.Load()); got != tc.wantCalls {
				t.Errorf("calls = %d, want %d", got, tc.wantCalls)
			}
			if tc.wantSleep != nil && !equalDurations(s.d, tc.wantSleep) {
				t.Errorf("sleeps = %v, want %v", s.d, tc.wantSleep)
			}
			if len(s.d) != tc.wantCalls-1 && tc.wantErr == "" {
				t.Errorf("sleeps = %v for %d calls", s.d, tc.wantCalls)
			}
		})
	}
}

func hangUp(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestBackoffGrowsWithJitter(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, answer(503, ``))
	c, s := newClient(t, f.url(), api.ClientOptions{Retry: api.RetryPolicy{MaxAttempts: 5, BaseDelay: 100 * time.Millisecond, MaxDelay: 300 * time.Millisecond}})
	_, err := api.Hello(context.Background(), c)
	if api.Describe(err) != "server returned 503 Service Unavailable" {
		t.Fatalf("err = %v", err)
	}
	caps := []time.Duration{100, 200, 300, 300}
	if len(s.d) != len(caps) {
		t.Fatalf("sleeps = %v", s.d)
	}
	for i, d := range s.d {
		hi := caps[i] * time.Millisecond
		if d < hi/2 || d > hi {
			t.Errorf("sleep %d = %v, want in [%v, %v]", i, d, hi/2, hi)
		}
	}
}

func TestConnectionRefusedRetriedEvenForMutations(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	c, s := newClient(t, "http://"+addr+"/graphql", api.ClientOptions{})
	err = runMutation(c)
	want := "cannot reach http://" + addr + "/graphql: connection refused — is the server running? Try `prefect-tui demo`"
	if got := api.Describe(err); got != want {
		t.Errorf("Describe = %q\nwant       %q", got, want)
	}
	if len(s.d) != api.DefaultRetryPolicy.MaxAttempts-1 {
		t.Errorf("sleeps = %v, want %d retries", s.d, api.DefaultRetryPolicy.MaxAttempts-1)
	}
}

func TestTimeoutNotRetried(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	c, _ := newClient(t, f.url(), api.ClientOptions{Timeout: 50 * time.Millisecond})
	_, err := api.Hello(context.Background(), c)
	var te *api.TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want *TimeoutError", err)
	}
	if got, want := api.Describe(err), "request to "+f.url()+" timed out after 50ms"; got != want {
		t.Errorf("Describe = %q, want %q", got, want)
	}
	if f.calls.Load() != 1 {
		t.Errorf("calls = %d, want 1", f.calls.Load())
	}
}

func TestContextCancelled(t *testing.T) {
	t.Parallel()
	started := make(chan struct{}, 1)
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		<-r.Context().Done()
	})
	c, _ := newClient(t, f.url(), api.ClientOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	_, err := api.Hello(ctx, c)
	if !errors.Is(err, context.Canceled) || api.Describe(err) != "cancelled" {
		t.Fatalf("err = %v (%q)", err, api.Describe(err))
	}
	if f.calls.Load() != 1 {
		t.Errorf("calls = %d after cancel", f.calls.Load())
	}
}

func TestCancelDuringBackoff(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, answer(503, ``))
	c := api.NewClient(api.ClientOptions{Endpoint: f.url(), Retry: api.RetryPolicy{BaseDelay: time.Hour, MaxDelay: time.Hour}})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := api.Hello(ctx, c)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("back-off ignored the context")
	}
}

// rotatingCreds is a Credentials whose Refresh swaps in a new token, like the USER-token
// flow's access tokens.
type rotatingCreds struct {
	mu        sync.Mutex
	token     string
	next      string
	refreshes int
}

func (r *rotatingCreds) Apply(_ context.Context, req *http.Request) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	req.Header.Set("Authorization", "Bearer "+r.token)
	return nil
}

func (r *rotatingCreds) Refresh(context.Context) (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refreshes++
	if r.next == "" {
		return false, nil
	}
	r.token, r.next = r.next, ""
	return true, nil
}

const unauthenticated = `{"data":null,"errors":[{"message":"Unauthenticated","extensions":{"code":"UNAUTHENTICATED"}}]}`

func acceptOnly(token string) step {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+token {
			answer(200, unauthenticated)(w, r)
			return
		}
		answer(200, helloOK)(w, r)
	}
}

func TestRefreshOnUnauthenticatedThenRetry(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, acceptOnly("fresh-access-token"))
	creds := &rotatingCreds{token: "expired-access-token", next: "fresh-access-token"}
	c, _ := newClient(t, f.url(), api.ClientOptions{Credentials: creds})
	if _, err := api.Hello(context.Background(), c); err != nil {
		t.Fatalf("err = %v", err)
	}
	if f.calls.Load() != 2 || creds.refreshes != 1 {
		t.Errorf("calls = %d, refreshes = %d; want 2, 1", f.calls.Load(), creds.refreshes)
	}
	// A mutation is re-sent after a refresh too: UNAUTHENTICATED means nothing ran.
	creds.next = "fresher"
	if err := runMutation(c); err != nil {
		t.Fatalf("mutation after refresh: %v", err)
	}
}

func TestUnauthenticatedRefreshesOnlyOnce(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, answer(200, unauthenticated))
	creds := &rotatingCreds{token: "a-bad-token-123", next: "another-bad-token"}
	c, _ := newClient(t, f.url(), api.ClientOptions{Credentials: creds})
	_, err := api.Hello(context.Background(), c)
	if !api.IsUnauthenticated(err) || api.Describe(err) != api.NotAuthenticatedText {
		t.Fatalf("err = %v (%q)", err, api.Describe(err))
	}
	if f.calls.Load() != 2 || creds.refreshes != 1 {
		t.Errorf("calls = %d, refreshes = %d; want 2, 1", f.calls.Load(), creds.refreshes)
	}
}

func TestStaticTokenRejected(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, answer(401, `{"errors":[{"message":"bad"}]}`))
	c, _ := newClient(t, f.url(), api.ClientOptions{Credentials: api.BearerToken("static-token-xyz")})
	_, err := api.Hello(context.Background(), c)
	if api.Describe(err) != api.NotAuthenticatedText || f.calls.Load() != 1 {
		t.Fatalf("err = %q after %d calls", api.Describe(err), f.calls.Load())
	}
}

func TestServerEchoingTheTokenIsScrubbed(t *testing.T) {
	t.Parallel()
	const secret = "s3cr3t-api-key-that-must-not-leak"
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		msg := "bad header " + r.Header.Get("Authorization") + " for key " + secret
		b, _ := json.Marshal(map[string]any{"data": nil, "errors": []any{map[string]any{"message": msg}}})
		_, _ = w.Write(b)
	})
	c, _ := newClient(t, f.url(), api.ClientOptions{Credentials: api.APIKey(secret, "")})
	_, err := api.Hello(context.Background(), c)
	if err == nil {
		t.Fatal("no error")
	}
	for _, s := range []string{err.Error(), api.Describe(err), api.Scrub(err.Error())} {
		if strings.Contains(s, secret) || strings.Contains(s, secret[:20]) {
			t.Errorf("secret leaked: %q", s)
		}
	}
	res, err := api.Run(context.Background(), c, "{ hello }", nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(res.Errors.Error(), secret) {
		t.Errorf("Run leaked the secret: %q", res.Errors.Error())
	}
}
