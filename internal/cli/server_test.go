package cli

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/api"
)

var listeningRE = regexp.MustCompile(`^listening on (http://127\.0\.0\.1:\d+)\n$`)

func TestServerPrintsListeningAndStopsOnCancel(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() { done <- h.run(ctx, "server", "--listen", "127.0.0.1:0", "--seed", "none") }()

	url := waitListening(t, h, done)
	if got := hello(t, url+"/graphql"); got == "" {
		t.Errorf("hello answered %q", got)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d: %s", code, h.stderr)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server did not stop on cancel")
	}
	if _, err := api.Hello(context.Background(), api.NewClient(api.ClientOptions{Endpoint: url + "/graphql", Retry: api.RetryPolicy{MaxAttempts: 1}})); err == nil {
		t.Error("the server still answers after stopping")
	}
}

func TestDemoRunsTheExplorerOnASeededServer(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds the demo database")
	}
	t.Parallel()
	h := newHarness(t, "PREFECT__CLOUD__API=http://127.0.0.1:1")
	var flows int
	h.onProgram = func(c *cli) {
		if !strings.HasPrefix(c.flags.API, "http://127.0.0.1:") {
			t.Errorf("demo API = %q", c.flags.API)
		}
		client := api.NewClient(api.ClientOptions{Endpoint: c.flags.API + "/graphql"})
		res, err := api.Run(context.Background(), client, "{ flow_aggregate { aggregate { count } } }", nil, "")
		if err != nil || len(res.Errors) > 0 {
			t.Errorf("count flows: %v %v", err, res.Errors)
			return
		}
		var out struct {
			FlowAggregate struct{ Aggregate struct{ Count int } } `json:"flow_aggregate"`
		}
		if err := json.Unmarshal(res.Data, &out); err != nil {
			t.Error(err)
		}
		flows = out.FlowAggregate.Aggregate.Count
	}
	if code := h.run(context.Background(), "demo", "--scale", "200"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr)
	}
	if len(h.programs) != 1 || flows < 12 {
		t.Errorf("programs %d, demo flows %d (want >= 12)", len(h.programs), flows)
	}
	if h.stdout.String() != "" {
		t.Errorf("stdout = %q", h.stdout)
	}
}

func TestDemoCloudLogsInWithTheDemoUsersToken(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds the demo tenants")
	}
	t.Parallel()
	h := newHarness(t)
	var token string
	h.onProgram = func(c *cli) {
		token = c.flags.Token
		if c.flags.Token == "" || c.flags.Backend != "cloud" {
			t.Errorf("demo --cloud: token set %v, backend %q", c.flags.Token != "", c.flags.Backend)
			return
		}
		client := api.NewClient(api.ClientOptions{Endpoint: c.flags.API + "/graphql", Credentials: api.BearerToken(c.flags.Token)})
		res, err := api.Run(context.Background(), client, "{ tenant { id slug } }", nil, "")
		if err != nil || len(res.Errors) > 0 || strings.Count(string(res.Data), `"slug"`) < 3 {
			t.Errorf("tenants with the USER token: %v %v %s", err, res.Errors, res.Data)
		}
	}
	if code := h.run(context.Background(), "demo", "--cloud", "--scale", "60"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr)
	}
	if len(h.programs) != 1 {
		t.Fatalf("programs %d", len(h.programs))
	}
	if token == "" || strings.Contains(h.stderr.String()+h.stdout.String(), token) {
		t.Errorf("token read %v; printed: %q", token != "", h.stderr.String()+h.stdout.String())
	}
}

func TestServerCloudWritesTheTokenFile(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	tokenFile := filepath.Join(t.TempDir(), "sub", "user-token")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() {
		done <- h.run(ctx, "server", "--listen", "127.0.0.1:0", "--cloud", "--seed", "demo", "--scale", "30",
			"--token-file", tokenFile, "--access-token-ttl", "1m")
	}()
	url := waitListening(t, h, done)
	st, err := os.Stat(tokenFile)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("token file: %v, mode %v", err, st)
	}
	tok, _ := os.ReadFile(tokenFile)
	client := api.NewClient(api.ClientOptions{Endpoint: url + "/graphql", Credentials: api.BearerToken(strings.TrimSpace(string(tok)))})
	res, err := api.Run(context.Background(), client, "{ tenant { slug } }", nil, "")
	if err != nil || len(res.Errors) > 0 || strings.Count(string(res.Data), `"slug"`) < 3 {
		t.Errorf("tenants with the USER token: %v %v %s", err, res.Errors, res.Data)
	}
	if strings.Contains(h.stdout.String()+h.stderr.String(), strings.TrimSpace(string(tok))) {
		t.Error("the server printed the token")
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d: %s", code, h.stderr)
	}
}

// waitListening waits for the "listening on URL" line of a running server command.
func waitListening(t *testing.T, h *harness, done <-chan int) string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if m := listeningRE.FindStringSubmatch(h.stdout.String()); m != nil {
			return m[1]
		}
		select {
		case code := <-done:
			t.Fatalf("server exited early with %d: %s", code, h.stderr)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no listening line; stdout %q stderr %q", h.stdout, h.stderr)
		}
	}
}

// TestServerAddressTaken: when the address is in use, server fails with one line that
// says so, and never prints "listening on" (which scripts wait for).
func TestServerAddressTaken(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	h := newHarness(t)
	if code := h.run(context.Background(), "server", "--listen", ln.Addr().String(), "--seed", "none"); code != 1 {
		t.Fatalf("exit %d", code)
	}
	if out := h.stdout.String(); out != "" {
		t.Errorf("stdout = %q", out)
	}
	want := "cannot listen on " + ln.Addr().String() + ": bind: address already in use (choose another address with --listen)\n"
	if got := h.stderr.String(); got != want {
		t.Errorf("stderr = %q\nwant     %q", got, want)
	}
}
