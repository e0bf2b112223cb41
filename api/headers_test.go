package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/prefect-tui/prefect-tui/api"
)

// TestRequestHeadersMatchWhatIsSent: RequestHeaders reports exactly the headers a
// request carries (defaults, extra headers, credentials), so the query editor's
// headers view shows the truth.
func TestRequestHeadersMatchWhatIsSent(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, answer(200, helloOK))
	c, _ := newClient(t, f.url(), api.ClientOptions{
		Credentials: api.APIKey("key-0123456789abcdef", "tenant-1"),
		UserAgent:   "prefect-tui/test",
		Headers:     http.Header{"X-Extra": {"yes"}},
	})
	h, err := c.RequestHeaders(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.Hello(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	sent := f.reqs[0].Header
	for _, name := range []string{"Authorization", "X-Prefect-Tenant-Id", "X-Prefect-Core-Version", "Content-Type", "Accept", "User-Agent", "X-Extra"} {
		if h.Get(name) == "" || h.Get(name) != sent.Get(name) {
			t.Errorf("RequestHeaders %s = %q, sent %q", name, h.Get(name), sent.Get(name))
		}
	}
	// Nothing is sent by RequestHeaders itself.
	if n := f.calls.Load(); n != 1 {
		t.Errorf("requests = %d, want 1", n)
	}
	// Without credentials: no Authorization.
	plain, _ := newClient(t, f.url(), api.ClientOptions{})
	h, err = plain.RequestHeaders(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if h.Get("Authorization") != "" || h.Get("X-Prefect-Core-Version") != api.CoreVersion {
		t.Errorf("headers without credentials = %v", h)
	}
}

// TestObserverSeesEveryOutcome: the observer hears of each request's outcome and its
// place in the order the requests were sent, also through copies made by
// WithCredentials.
func TestObserverSeesEveryOutcome(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, answer(200, helloOK))
	c, _ := newClient(t, f.url(), api.ClientOptions{Retry: api.RetryPolicy{MaxAttempts: 1}})
	var got []error
	var sent []uint64
	c.SetObserver(func(n uint64, err error) { got, sent = append(got, err), append(sent, n) })
	if _, err := api.Hello(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	c2 := c.WithCredentials(api.BearerToken("tok-0123456789"))
	f.srv.Close()
	if _, err := api.Hello(context.Background(), c2); err == nil {
		t.Fatal("no error from a closed server")
	}
	if len(got) != 2 || got[0] != nil || got[1] == nil {
		t.Errorf("observed %v", got)
	}
	if len(sent) != 2 || sent[0] == 0 || sent[1] <= sent[0] {
		t.Errorf("sent order %v, want increasing from 1", sent)
	}
	c.SetObserver(nil)
	_, _ = api.Hello(context.Background(), c)
	if len(got) != 2 {
		t.Errorf("observed after SetObserver(nil): %v", got)
	}
}
