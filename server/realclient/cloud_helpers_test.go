package realclient_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/servertest"
)

// Prefect's two releases the Cloud tests drive: 1.4.1 (API keys) and 0.15.13 (the
// API tokens of the API docs).
const (
	v14  = "1.4.1"
	v015 = "0.15.13"
)

var (
	path015Once sync.Once
	path015     string
	path015Err  error
)

// locate015 is the PYTHONPATH of 0.15.13: PREFECT_015, else the line of
// .cache/prefect-client.env that `make prefect-client` writes.
func locate015() (string, error) {
	path015Once.Do(func() {
		if path015 = os.Getenv("PREFECT_015"); path015 != "" {
			return
		}
		file, err := envFile()
		if err != nil {
			path015Err = err
			return
		}
		f, err := os.Open(file)
		if err != nil {
			path015Err = fmt.Errorf("the real Prefect client is not set up (%v): run `make test` or `make prefect-client` at the repository root, or set PREFECT_015", err)
			return
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "PREFECT_015="); ok {
				path015 = v
			}
		}
		if path015 == "" {
			path015Err = fmt.Errorf("PREFECT_015 is not in %s: run `make prefect-client` again", file)
		}
	})
	return path015, path015Err
}

// cloudServer is the embedded server in Cloud mode, on the wall clock (the client
// refreshes access tokens by it), counting the GraphQL requests it answers.
type cloudServer struct {
	srv      *server.Server
	url      string
	requests atomic.Int64
}

func startCloud(t *testing.T, opts server.Options) *cloudServer {
	t.Helper()
	opts.Cloud, opts.Now = true, time.Now
	cs := &cloudServer{}
	cs.srv = servertest.New(t, servertest.Options{Demo: seed.DemoOptions{Runs: 12}, Server: opts})
	h := cs.srv.Handler()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			cs.requests.Add(1)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	cs.url = hs.URL
	return cs
}

// cloudClient runs one release of Prefect's client and CLI against a Cloud-mode
// server, with a private HOME.
type cloudClient struct {
	t       *testing.T
	py      string
	path    string
	api     string
	home    string
	version string
}

func newCloudClient(t *testing.T, api, version string) *cloudClient {
	t.Helper()
	env, err := locate()
	if err != nil {
		t.Fatal(err)
	}
	path := env.path14
	if version == v015 {
		if path, err = locate015(); err != nil {
			t.Fatal(err)
		}
	}
	return &cloudClient{t: t, py: env.py, path: path, api: api, home: t.TempDir(), version: version}
}

func (c *cloudClient) environ(extra ...string) []string {
	return append([]string{
		"HOME=" + c.home,
		"PATH=" + os.Getenv("PATH"),
		"LANG=C.UTF-8",
		"PYTHONPATH=" + c.path,
		"PYTHONDONTWRITEBYTECODE=1",
		"PYTHONWARNINGS=ignore",
		"PREFECT__BACKEND=cloud",
		"PREFECT__CLOUD__API=" + c.api,
	}, extra...)
}

// run runs `python args...` with extra environment and returns its combined output;
// a non-zero exit fails the test.
func (c *cloudClient) run(extra []string, args ...string) string {
	c.t.Helper()
	return c.exec(false, extra, args...)
}

// exec runs `python args...` and returns its combined output; the test fails unless
// it exits with zero (or, when wantFail, with non-zero).
func (c *cloudClient) exec(wantFail bool, extra []string, args ...string) string {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.py, args...)
	cmd.Env = c.environ(extra...)
	cmd.Dir = c.home
	out, err := cmd.CombinedOutput()
	if (err != nil) != wantFail {
		c.t.Fatalf("prefect %s: python %s: exit error %v (want failure: %v)\n%s", c.version, strings.Join(args, " "), err, wantFail, out)
	}
	return string(out)
}

// prefect runs the CLI.
func (c *cloudClient) prefect(extra []string, args ...string) string {
	c.t.Helper()
	return c.run(extra, append([]string{"-m", "prefect"}, args...)...)
}

// prefectFails runs the CLI and fails the test unless the CLI exits with an error.
func (c *cloudClient) prefectFails(extra []string, args ...string) string {
	c.t.Helper()
	return c.exec(true, extra, append([]string{"-m", "prefect"}, args...)...)
}

// python runs a program with arguments; it prints one JSON value per line, and
// python returns the last one decoded.
func (c *cloudClient) python(program string, args ...string) any {
	c.t.Helper()
	out := c.run(nil, append([]string{"-c", program}, args...)...)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var v any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &v); err != nil {
		c.t.Fatalf("prefect %s: the program's last line is not JSON: %v\n%s", c.version, err, out)
	}
	return v
}

// agent starts `prefect agent local start args...` until the test ends.
func (c *cloudClient) agent(args ...string) {
	c.t.Helper()
	startAgent(c.t, c.py, c.environ(), c.home, args...)
}

// authGQL posts a query with a bearer credential (and a tenant header when given) and
// returns its data; errors fail the test.
func authGQL(t *testing.T, url, bearer, tenant, query string, vars map[string]any) map[string]any {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, url+"/graphql", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+bearer)
	if tenant != "" {
		req.Header.Set("X-PREFECT-TENANT-ID", tenant)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Data   map[string]any `json:"data"`
		Errors []any          `json:"errors"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if len(out.Errors) > 0 {
		t.Fatalf("%s: %v", query, out.Errors)
	}
	return out.Data
}

// column reads one column of a query of the store, in order.
func column(t *testing.T, s *server.Server, query string, args ...any) []string {
	t.Helper()
	rows, err := s.DB.Query(query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}
