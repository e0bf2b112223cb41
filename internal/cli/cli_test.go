package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
	apiauth "github.com/prefect-tui/prefect-tui/api/auth"
	"github.com/prefect-tui/prefect-tui/ui"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// syncBuffer is a bytes.Buffer safe for a command writing while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// harness runs the command line in-process with a private HOME and environment; the
// explorer is replaced by a recorder.
type harness struct {
	t              *testing.T
	home           string
	env            []string
	stdout, stderr *syncBuffer
	programs       []*ui.App
	// onProgram, when set, runs in place of the explorer (with the cli, to see its flags).
	onProgram func(c *cli)
	// noTTY makes the standard streams not terminals (by default they are, so that
	// the explorer "runs").
	noTTY bool
	// stdin is the standard input of the next run ("" by default).
	stdin string
	// storeOpener, when set, is the cli's credential store opener.
	storeOpener func(choice string) (apiauth.Store, string, error)
}

func newHarness(t *testing.T, env ...string) *harness {
	t.Helper()
	h := &harness{t: t, home: t.TempDir(), stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	h.env = append([]string{"HOME=" + h.home}, env...)
	return h
}

func (h *harness) writeConfig(name, body string) {
	h.t.Helper()
	p := filepath.Join(h.home, ".prefect", name)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) run(ctx context.Context, args ...string) int {
	c := newCLI(strings.NewReader(h.stdin), h.stdout, h.stderr, h.env)
	c.checkTimeout = 2 * time.Second
	c.isTerminal = func(any) bool { return !h.noTTY }
	c.storeOpener = h.storeOpener
	c.runProgram = func(_ context.Context, m tea.Model, c *cli) error {
		app, ok := m.(*ui.App)
		if !ok {
			h.t.Errorf("the explorer model is a %T", m)
		}
		h.programs = append(h.programs, app)
		if h.onProgram != nil {
			h.onProgram(c)
		}
		return nil
	}
	return run(ctx, args, c)
}

// fakeAPI answers hello and records the requests' headers.
type fakeAPI struct {
	*httptest.Server
	mu      sync.Mutex
	headers []http.Header
	ops     []string // each request's operationName
}

func newFakeAPI(t *testing.T, handler http.HandlerFunc) *fakeAPI {
	f := &fakeAPI{}
	if handler == nil {
		handler = func(w http.ResponseWriter, _ *http.Request) {
			_, _ = io.WriteString(w, `{"data":{"hello":"hi"}}`)
		}
	}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		var req struct {
			OperationName string `json:"operationName"`
		}
		_ = json.Unmarshal(body, &req)
		f.mu.Lock()
		f.headers = append(f.headers, r.Header.Clone())
		f.ops = append(f.ops, req.OperationName)
		f.mu.Unlock()
		handler(w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeAPI) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.headers)
}

// opCalls counts the requests of operation op.
func (f *fakeAPI) opCalls(op string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, o := range f.ops {
		if o == op {
			n++
		}
	}
	return n
}

// firstFrames draws the explorer's first frame at 120×40 before anything answered, then
// runs its start-up commands (the connection check and the first screen's load) and
// feeds their messages back: it returns both views, without colour.
func firstFrames(t *testing.T, app *ui.App) (first, settled string) {
	t.Helper()
	app.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	first = ansi.Strip(app.View().Content)
	for _, msg := range uitest.RunCmd(app.Init()) {
		app.Update(msg)
	}
	return first, ansi.Strip(app.View().Content)
}

// oneLine folds a view's whitespace, so a status line that wraps reads as one sentence.
func oneLine(v string) string { return strings.Join(strings.Fields(v), " ") }

func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

func TestVersion(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	if code := h.run(context.Background(), "version"); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, h.stderr)
	}
	if out := h.stdout.String(); !strings.HasPrefix(out, "prefect-tui ") || !strings.Contains(out, api.CoreVersion) {
		t.Errorf("stdout = %q", out)
	}
}

func TestHelpEverywhere(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--help"}, {"demo", "--help"}, {"server", "--help"}, {"open", "--help"}, {"version", "--help"}} {
		h := newHarness(t)
		if code := h.run(context.Background(), args...); code != 0 {
			t.Errorf("%v: exit %d", args, code)
		}
		if !strings.Contains(h.stdout.String(), "Usage:") {
			t.Errorf("%v: no usage in %q", args, h.stdout)
		}
	}
	h := newHarness(t)
	h.run(context.Background(), "--help")
	for _, want := range []string{"demo", "server", "open", "version", "--api", "--read-only", "--debug"} {
		if !strings.Contains(h.stdout.String(), want) {
			t.Errorf("root help lacks %q", want)
		}
	}
}

// TestUnreachableAPISuggestsDemo: a Cloud credential is checked before the explorer
// (it decides the tenant and the first screen), so a dead Cloud API is still refused
// with a clear sentence.
func TestUnreachableAPISuggestsDemo(t *testing.T) {
	t.Parallel()
	addr := closedPort(t)
	h := newHarness(t)
	code := h.run(context.Background(), "--api", "http://"+addr, "--token", "secret-token-never-printed")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	want := "cannot reach http://" + addr + "/graphql: connection refused — is the server running? Try `prefect-tui demo`\n"
	if got := h.stderr.String(); got != want {
		t.Errorf("stderr = %q\nwant     %q", got, want)
	}
	if h.stdout.String() != "" || len(h.programs) != 0 {
		t.Errorf("stdout %q, programs %d", h.stdout, len(h.programs))
	}
}

// TestUnreachableServerStillStarts: a dead Prefect Server does not stop the explorer
// from starting (it used to exit 1 before drawing anything): the first frame says
// "connecting", then the header says offline and a status line says why and what to try.
func TestUnreachableServerStillStarts(t *testing.T) {
	t.Parallel()
	addr := closedPort(t)
	h := newHarness(t)
	code := h.run(context.Background(), "--api", "http://"+addr, "--backend", "server")
	if code != 0 || len(h.programs) != 1 {
		t.Fatalf("exit %d, programs %d, stderr %q", code, len(h.programs), h.stderr)
	}
	if h.stdout.String() != "" || h.stderr.String() != "" {
		t.Errorf("stdout %q, stderr %q", h.stdout, h.stderr)
	}
	first, settled := firstFrames(t, h.programs[0])
	if !strings.Contains(first, "○ connecting") {
		t.Errorf("first frame:\n%s", first)
	}
	want := "cannot reach http://" + addr + "/graphql: connection refused — is the server running? Try `prefect-tui demo`"
	if !strings.Contains(settled, "✗ offline") || !strings.Contains(oneLine(settled), want) {
		t.Errorf("want offline and %q:\n%s", want, settled)
	}
}

// TestNonGraphQLAnswerIsAnError: an answer that is not GraphQL (a proxy's 502 page) is
// no API: the explorer starts, the header says HTTP 502 and the status line that no API
// answered, after one check (the check itself is not retried; the root's retry comes
// later, on its timer).
func TestNonGraphQLAnswerIsAnError(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, "<html>bad gateway</html>")
	})
	h := newHarness(t)
	if code := h.run(context.Background(), "--api", f.URL); code != 0 || len(h.programs) != 1 {
		t.Fatalf("exit %d, programs %d, stderr %q", code, len(h.programs), h.stderr)
	}
	if f.calls() != 0 {
		t.Errorf("%d requests before the explorer started", f.calls())
	}
	_, settled := firstFrames(t, h.programs[0])
	want := "no Prefect API answered at " + f.URL + "/graphql (server returned 502 Bad Gateway) — is it running? Try `prefect-tui demo`, or point --api at your server"
	if !strings.Contains(settled, "✗ HTTP 502") || !strings.Contains(oneLine(settled), want) {
		t.Errorf("want HTTP 502 and %q:\n%s", want, settled)
	}
	if n := f.opCalls("CheckServer"); n != 1 {
		t.Errorf("the check retried: %d calls", n)
	}
}

func TestGraphQLErrorsStillCountAsAnAnswer(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"errors":[{"message":"Unauthenticated","extensions":{"code":"UNAUTHENTICATED"}}]}`)
	})
	h := newHarness(t)
	if code := h.run(context.Background(), "--api", f.URL); code != 0 || len(h.programs) != 1 {
		t.Fatalf("exit %d, programs %d, stderr %q", code, len(h.programs), h.stderr)
	}
}

func TestExplorerPrecedence(t *testing.T) {
	t.Parallel()
	flagAPI, envAPI, cfgAPI := newFakeAPI(t, nil), newFakeAPI(t, nil), newFakeAPI(t, nil)
	tests := map[string]struct {
		env    []string
		config string
		args   []string
		want   *fakeAPI
	}{
		"flag over env and config": {env: []string{"PREFECT__CLOUD__API=" + envAPI.URL}, config: "[cloud]\napi = \"" + cfgAPI.URL + "\"\n",
			args: []string{"--api", flagAPI.URL}, want: flagAPI},
		"env over config": {env: []string{"PREFECT__CLOUD__API=" + envAPI.URL}, config: "[cloud]\napi = \"" + cfgAPI.URL + "\"\n", want: envAPI},
		"config file":     {config: "[cloud]\napi = \"" + cfgAPI.URL + "\"\n", want: cfgAPI},
		"server endpoint by env": {env: []string{"PREFECT__BACKEND=server", "PREFECT__SERVER__ENDPOINT=" + envAPI.URL},
			config: "backend = \"cloud\"\n", want: envAPI},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, tc.env...)
			if tc.config != "" {
				h.writeConfig("config.toml", tc.config)
			}
			before := tc.want.opCalls("CheckServer")
			if code := h.run(context.Background(), append(tc.args, "--read-only")...); code != 0 {
				t.Fatalf("exit %d: %s", code, h.stderr)
			}
			if len(h.programs) != 1 {
				t.Fatalf("programs = %d", len(h.programs))
			}
			if got := h.programs[0].Session().APIURL; got != tc.want.URL+"/graphql" {
				t.Errorf("API %s, want %s", got, tc.want.URL)
			}
			_, _ = firstFrames(t, h.programs[0])
			if tc.want.opCalls("CheckServer") != before+1 {
				t.Errorf("the expected API was not asked")
			}
			if h.stdout.String() != "" || h.stderr.String() != "" {
				t.Errorf("output while the explorer runs: stdout %q stderr %q", h.stdout, h.stderr)
			}
		})
	}
}

func TestStaticLoginSendsKeyAndTenant(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, nil)
	h := newHarness(t, "PREFECT__CLOUD__TENANT_ID=7e4a0000-0000-4000-8000-0000000000a2", "PREFECT__CLOUD__AUTH_TOKEN=weaker-token-0000")
	c := newCLI(strings.NewReader(""), h.stdout, h.stderr, h.env)
	c.flags.API, c.flags.APIKey = f.URL, "key-abcdefghijklmnop"
	s, err := c.settings()
	if err != nil {
		t.Fatal(err)
	}
	lg := staticLogin(s)
	if lg.Identity != "API key …mnop" || lg.Source != "flag --api-key" || lg.TenantID != "7e4a0000-0000-4000-8000-0000000000a2" {
		t.Errorf("login = %+v", lg)
	}
	if _, err := api.Hello(context.Background(), c.newClient(s, lg.Credentials, nil)); err != nil {
		t.Fatal(err)
	}
	hd := f.headers[0]
	if hd.Get("Authorization") != "Bearer key-abcdefghijklmnop" || hd.Get("X-Prefect-Tenant-Id") != "7e4a0000-0000-4000-8000-0000000000a2" {
		t.Errorf("headers = %v", hd)
	}
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args []string
		env  []string
		want string
		code int
	}{
		"open without uuid":    {[]string{"open", "not-a-uuid"}, nil, `"not-a-uuid" is not a UUID`, 2},
		"open without args":    {[]string{"open"}, nil, "accepts 1 arg(s), received 0", 2},
		"unknown flag":         {[]string{"--nope"}, nil, "unknown flag: --nope", 2},
		"unknown command":      {[]string{"nope"}, nil, `unknown command "nope" for "prefect-tui"`, 2},
		"unknown auth command": {[]string{"auth", "nope"}, nil, `unknown command "nope" for "prefect-tui auth"`, 2},
		"extra argument":       {[]string{"version", "x"}, nil, `unknown command "x" for "prefect-tui version"`, 2},
		"bad flag value":       {[]string{"--timeout", "soon"}, nil, `invalid argument "soon" for "--timeout"`, 2},
		"bad backend":          {nil, []string{"PREFECT__BACKEND=mars"}, `backend is "mars" (env PREFECT__BACKEND); it must be "server" or "cloud"`, 1},
		"bad api":              {[]string{"--api", "localhost:4200"}, nil, `the API URL "localhost:4200" (flag --api) is not an http(s) URL`, 1},
		"bad seed":             {[]string{"server", "--seed", "lots"}, nil, `--seed must be demo or none, not "lots"`, 2},
		"token file w/o cloud": {[]string{"server", "--token-file", "x"}, nil, "--token-file needs --cloud", 2},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, tc.env...)
			if code := h.run(context.Background(), tc.args...); code != tc.code {
				t.Errorf("exit %d, want %d", code, tc.code)
			}
			got := h.stderr.String()
			if !strings.Contains(got, tc.want) || strings.Count(got, "\n") != 1 {
				t.Errorf("stderr = %q, want one line with %q", got, tc.want)
			}
		})
	}
}

func TestOpenStartsTheExplorer(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, nil)
	h := newHarness(t)
	if code := h.run(context.Background(), "--api", f.URL, "open", "4C6D3F1E-2A8B-4D3E-9C1F-0B7A5E6D8C21"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr)
	}
	if len(h.programs) != 1 {
		t.Fatalf("programs = %d", len(h.programs))
	}
	// The id is normalised, and the explorer starts on the open route.
	if got := h.programs[0].Top().Title(); !strings.Contains(got, "4c6d3f1e-2a8b-4d3e-9c1f-0b7a5e6d8c21") {
		t.Errorf("start screen = %q", got)
	}
}

// hello asks a GraphQL endpoint for hello.
func hello(t *testing.T, endpoint string) string {
	t.Helper()
	resp, err := http.Post(endpoint, "application/json", strings.NewReader(`{"query":"{ hello }"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Data struct{ Hello string } `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 {
		t.Fatalf("status %d, %v", resp.StatusCode, err)
	}
	return out.Data.Hello
}

func TestDebugWritesDebugLog(t *testing.T) {
	t.Chdir(t.TempDir())
	f := newFakeAPI(t, nil)
	h := newHarness(t)
	if code := h.run(context.Background(), "--api", f.URL, "--debug", "--token", "tok-secret-value-123456"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr)
	}
	b, err := os.ReadFile("debug.log")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "explorer: API "+f.URL+"/graphql") {
		t.Errorf("debug.log = %q", b)
	}
	if strings.Contains(string(b), "tok-secret-value-123456") {
		t.Errorf("debug.log contains the token: %q", b)
	}
}
