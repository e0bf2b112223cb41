package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/Khan/genqlient/graphql"
)

// CoreVersion is the Prefect Core version sent as X-PREFECT-CORE-VERSION, as the Python
// client does: the last 1.x release, whose API prefect-tui speaks.
const CoreVersion = "1.4.1"

// DefaultTimeout is the per-request timeout when ClientOptions.Timeout is zero: Prefect's
// cloud.request_timeout default.
const DefaultTimeout = 15 * time.Second

// maxResponseBytes bounds how much of an answer the client reads (a runaway query in the
// editor must not exhaust memory).
const maxResponseBytes = 256 << 20

// Credentials authenticates requests. Implementations must be safe for concurrent use.
//
// The package provides BearerToken (API tokens, access tokens) and APIKey (a key plus an
// optional tenant). The USER-token flow (switch_tenant access tokens, refreshed 30 s before
// they expire) lives with the auth code and plugs in here: Apply refreshes ahead of
// expiry, and Refresh is called by the client once after an UNAUTHENTICATED answer.
type Credentials interface {
	// Apply sets the authentication headers (Authorization, X-PREFECT-TENANT-ID) on req.
	// It may refresh an expiring credential first; an error aborts the request.
	Apply(ctx context.Context, req *http.Request) error
	// Refresh obtains fresh credentials after the server answered UNAUTHENTICATED. It
	// returns true when there is something new to try: the client then re-sends the
	// request once. Static credentials return false.
	Refresh(ctx context.Context) (bool, error)
}

// ClientOptions configure NewClient.
type ClientOptions struct {
	// Endpoint is the GraphQL URL requests are posted to (http://localhost:4200/graphql).
	Endpoint string
	// Timeout bounds each attempt (DefaultTimeout when zero; negative means none).
	Timeout time.Duration
	// Headers are added to every request (after the defaults, before credentials).
	Headers http.Header
	// Credentials authenticate requests; nil sends none (Prefect Server).
	Credentials Credentials
	// UserAgent, e.g. "prefect-tui/0.3.0".
	UserAgent string
	// HTTPClient sends the requests; nil means a client on http.DefaultTransport. Its
	// own Timeout should be zero: the per-attempt timeout above applies.
	HTTPClient *http.Client
	// Retry tunes retries; the zero value means DefaultRetryPolicy.
	Retry RetryPolicy
	// Log receives one line per retry and refresh (never a credential); nil discards.
	Log *log.Logger
}

// Client is the one GraphQL client of the program; it implements graphql.Client, so the
// generated functions, api.Run and every screen use it alike.
type Client struct {
	endpoint string
	timeout  time.Duration
	headers  http.Header
	creds    Credentials
	http     *http.Client
	retry    RetryPolicy
	log      *log.Logger
	sleep    func(ctx context.Context, d time.Duration) error
	// observer is shared by the copies WithCredentials makes, so that a client made
	// for another tenant reports to the same observer.
	observer *observerBox
}

// observerBox holds the func SetObserver installs and numbers the requests in the
// order they are sent.
type observerBox struct {
	f    atomic.Pointer[func(sent uint64, err error)]
	sent atomic.Uint64
}

var _ graphql.Client = (*Client)(nil)

// NewClient returns a Client for opts.
func NewClient(opts ClientOptions) *Client {
	c := &Client{
		endpoint: opts.Endpoint,
		timeout:  opts.Timeout,
		headers:  http.Header{},
		creds:    opts.Credentials,
		http:     opts.HTTPClient,
		retry:    opts.Retry.withDefaults(),
		log:      opts.Log,
		sleep:    sleepCtx,
		observer: &observerBox{},
	}
	if c.timeout == 0 {
		c.timeout = DefaultTimeout
	}
	if c.http == nil {
		c.http = &http.Client{Transport: http.DefaultTransport}
	}
	if c.log == nil {
		c.log = log.New(io.Discard, "", 0)
	}
	c.headers.Set("Content-Type", "application/json")
	c.headers.Set("Accept", "application/json")
	c.headers.Set("X-Prefect-Core-Version", CoreVersion)
	if opts.UserAgent != "" {
		c.headers.Set("User-Agent", opts.UserAgent)
	}
	for k, vs := range opts.Headers {
		c.headers.Del(k)
		for _, v := range vs {
			c.headers.Add(k, v)
		}
	}
	if s, ok := opts.Credentials.(interface{ secrets() []string }); ok {
		RegisterSecret(s.secrets()...)
	}
	return c
}

// Endpoint returns the GraphQL URL the client posts to.
func (c *Client) Endpoint() string { return c.endpoint }

// Timeout returns the per-attempt timeout (0 when there is none).
func (c *Client) Timeout() time.Duration {
	if c.timeout < 0 {
		return 0
	}
	return c.timeout
}

// WithCredentials returns a copy of c that authenticates with creds (e.g. after a tenant
// switch); the copies share the HTTP connection pool.
func (c *Client) WithCredentials(creds Credentials) *Client {
	cc := *c
	cc.creds = creds
	if s, ok := creds.(interface{ secrets() []string }); ok {
		RegisterSecret(s.secrets()...)
	}
	return &cc
}

// WithRetry returns a copy of c that retries as p says (a one-off check that must
// answer quickly: RetryPolicy{MaxAttempts: 1}); the copies share the connection pool
// and the observer.
func (c *Client) WithRetry(p RetryPolicy) *Client {
	cc := *c
	cc.retry = p.withDefaults()
	return &cc
}

// RequestHeaders returns the headers the next request will carry: the defaults, the
// ClientOptions.Headers and what the credentials set (Authorization,
// X-PREFECT-TENANT-ID), applied to a request that is never sent. It may refresh an
// expiring credential, as a real request would. The values are the real ones: callers
// that show them must mask the secrets (the query editor's headers view does).
func (c *Client) RequestHeaders(ctx context.Context) (http.Header, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, http.NoBody)
	if err != nil {
		return nil, err
	}
	for k, vs := range c.headers {
		req.Header[k] = append([]string(nil), vs...)
	}
	if c.creds != nil {
		if err := c.creds.Apply(ctx, req); err != nil {
			return nil, scrubError(err)
		}
	}
	return req.Header, nil
}

// SetObserver installs f, called after every request with what MakeRequest returns
// (nil on success) and the request's place in the order the requests were sent (1, 2,
// …; answers may come back in another order): the explorer's header learns from it
// that the API went away and came back, and that a success is older than a failure.
// f runs on the requesting goroutine and must be quick and safe for concurrent use;
// nil removes it. Copies made by WithCredentials share the observer and the order.
func (c *Client) SetObserver(f func(sent uint64, err error)) {
	if c.observer == nil {
		c.observer = &observerBox{}
	}
	if f == nil {
		c.observer.f.Store(nil)
		return
	}
	c.observer.f.Store(&f)
}

// SetSleepForTest replaces the function the client waits with between retries, so retry
// tests run instantly. It records nothing itself; pass a func that does.
func (c *Client) SetSleepForTest(sleep func(ctx context.Context, d time.Duration) error) {
	c.sleep = sleep
}

// MakeRequest implements graphql.Client. It posts req, decodes the answer into resp
// (partial data included) and returns nil, or a *GraphQLError when the server reported
// GraphQL errors, an *HTTPError for another non-200 status, an *AuthError (wrapping
// either) when the credential was refused, a *TimeoutError when an attempt ran out of
// time, ctx's error when ctx ended, or the transport error (a *url.Error). See
// retry.go for what is retried.
func (c *Client) MakeRequest(ctx context.Context, req *graphql.Request, resp *graphql.Response) error {
	var sent uint64
	if c.observer != nil {
		sent = c.observer.sent.Add(1)
	}
	err := c.makeRequest(ctx, req, resp)
	if c.observer != nil {
		if f := c.observer.f.Load(); f != nil {
			(*f)(sent, err)
		}
	}
	return err
}

func (c *Client) makeRequest(ctx context.Context, req *graphql.Request, resp *graphql.Response) error {
	if ctx == nil {
		ctx = context.Background()
	}
	body, err := json.Marshal(wireRequest{Query: req.Query, Variables: req.Variables, OpName: req.OpName})
	if err != nil {
		return fmt.Errorf("encoding the request: %w", err)
	}
	mutation := isMutation(req.Query, req.OpName)
	st := statsFrom(ctx)
	refreshed := false
	for attempt := 1; ; attempt++ {
		res := c.attempt(ctx, body, resp)
		if st != nil {
			st.bytes = res.bytes
		}
		if res.err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if res.unauthenticated && !refreshed && c.creds != nil {
			refreshed = true
			ok, rerr := c.creds.Refresh(ctx)
			if rerr != nil {
				c.log.Printf("api: %s: refreshing credentials failed: %s", req.OpName, Describe(rerr))
			}
			if ok {
				c.log.Printf("api: %s: credentials refreshed after UNAUTHENTICATED; retrying", req.OpName)
				resp.Errors = nil
				attempt--
				continue
			}
			return typedError(res.err, res.retryAfter)
		}
		var cut *CutAnswerError
		if errors.As(res.err, &cut) {
			cut.Mutation = mutation
		}
		wait, retry := c.retry.decide(res, mutation, attempt)
		if !retry {
			return typedError(res.err, res.retryAfter)
		}
		c.log.Printf("api: %s: attempt %d failed (%s); retrying in %s", req.OpName, attempt, Describe(res.err), wait.Round(time.Millisecond))
		if err := c.sleep(ctx, wait); err != nil {
			return err
		}
		resp.Errors = nil
	}
}

// wireRequest is graphql.Request on the wire, without an empty operationName (graphql-js
// servers such as Prefect's Apollo gateway look for an operation named "" otherwise).
type wireRequest struct {
	Query     string `json:"query"`
	Variables any    `json:"variables,omitempty"`
	OpName    string `json:"operationName,omitempty"`
}

// result is the outcome of one attempt, classified for the retry policy.
type result struct {
	err             error
	status          int           // HTTP status, 0 when none arrived
	retryAfter      time.Duration // from a Retry-After header, -1 when absent
	unauthenticated bool
	kind            failureKind
	bytes           int
}

// attempt sends one request with its own timeout.
func (c *Client) attempt(ctx context.Context, body []byte, resp *graphql.Response) result {
	actx, cancel := ctx, context.CancelFunc(func() {})
	if c.timeout > 0 {
		actx, cancel = context.WithTimeout(ctx, c.timeout)
	}
	defer cancel()
	hreq, err := http.NewRequestWithContext(actx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return result{err: err, kind: failPermanent, retryAfter: -1}
	}
	for k, vs := range c.headers {
		hreq.Header[k] = append([]string(nil), vs...)
	}
	if c.creds != nil {
		if err := c.creds.Apply(actx, hreq); err != nil {
			return result{err: err, kind: failPermanent, retryAfter: -1, unauthenticated: IsUnauthenticated(err)}
		}
	}
	hresp, err := c.http.Do(hreq)
	if err != nil {
		return c.transportResult(ctx, actx, err)
	}
	defer hresp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(hresp.Body, maxResponseBytes+1))
	if err != nil {
		r := c.transportResult(ctx, actx, err)
		r.status = hresp.StatusCode
		r.kind = failAfterSend
		if r.err == err && cutShort(err) {
			r.err = &CutAnswerError{Endpoint: c.endpoint, Got: len(data), Want: hresp.ContentLength, Err: err}
			r.bytes = len(data)
		}
		return r
	}
	if len(data) > maxResponseBytes {
		return result{err: fmt.Errorf("the answer is larger than %d MB", maxResponseBytes>>20), kind: failPermanent, retryAfter: -1, bytes: len(data)}
	}
	if hresp.StatusCode != http.StatusOK {
		return httpResult(hresp, data)
	}
	if err := json.Unmarshal(data, resp); err != nil {
		if closeDelimited(hresp) && endedEarly(err) {
			// The body's end is the connection's end: JSON that stops half-way means
			// the connection was closed mid-answer.
			return result{err: &CutAnswerError{Endpoint: c.endpoint, Got: len(data), Want: -1, Err: err},
				status: hresp.StatusCode, kind: failAfterSend, retryAfter: -1, bytes: len(data)}
		}
		return result{err: fmt.Errorf("the server's answer is not GraphQL JSON: %w", err), kind: failPermanent, retryAfter: -1, bytes: len(data)}
	}
	if len(resp.Errors) > 0 {
		return result{err: resp.Errors, status: hresp.StatusCode, kind: failPermanent, retryAfter: -1,
			unauthenticated: IsUnauthenticated(resp.Errors), bytes: len(data)}
	}
	return result{bytes: len(data), retryAfter: -1}
}

// transportResult classifies an error from sending or reading.
func (c *Client) transportResult(ctx, actx context.Context, err error) result {
	r := result{err: err, retryAfter: -1, kind: classifyTransport(err)}
	if ctx.Err() != nil {
		r.err = ctx.Err()
		r.kind = failPermanent
		return r
	}
	if errors.Is(actx.Err(), context.DeadlineExceeded) {
		r.err = &TimeoutError{Endpoint: c.endpoint, After: c.timeout}
		r.kind = failTimeout
	}
	return r
}

// httpResult turns a non-200 answer into a *graphql.HTTPError. Response.Errors holds the
// GraphQL errors when the body is GraphQL JSON (Apollo's 400 for validation errors), and
// stays empty otherwise (an HTML 502 page from a proxy is noise, not a message).
func httpResult(hresp *http.Response, data []byte) result {
	herr := &graphql.HTTPError{StatusCode: hresp.StatusCode}
	var body graphql.Response
	if json.Unmarshal(data, &body) == nil {
		herr.Response = body
	}
	return result{
		err:             herr,
		status:          hresp.StatusCode,
		retryAfter:      parseRetryAfter(hresp.Header.Get("Retry-After"), time.Now()),
		unauthenticated: hresp.StatusCode == http.StatusUnauthorized || IsUnauthenticated(herr.Response.Errors),
		kind:            failHTTP,
		bytes:           len(data),
	}
}

// cutShort reports whether reading a body failed because the connection ended early.
func cutShort(err error) bool {
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET)
}

// closeDelimited reports whether the body of hresp ends where the connection does
// (no Content-Length, not chunked).
func closeDelimited(hresp *http.Response) bool {
	return hresp.ContentLength < 0 && len(hresp.TransferEncoding) == 0
}

// endedEarly reports whether a JSON decoding error says the input stopped half-way.
func endedEarly(err error) bool {
	var syn *json.SyntaxError
	return errors.Is(err, io.ErrUnexpectedEOF) || (errors.As(err, &syn) && syn.Error() == "unexpected end of JSON input")
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
