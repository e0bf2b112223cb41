package realclient_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// prefectEnv is where the client is: the interpreter and the PYTHONPATH of 1.4.1.
type prefectEnv struct{ py, path14 string }

var (
	envOnce sync.Once
	envVal  prefectEnv
	envErr  error
)

// locate reads PREFECT_PY and PREFECT_14 from the environment, else from the
// .cache/prefect-client.env that `make test` writes at the repository root.
func locate() (prefectEnv, error) {
	envOnce.Do(func() {
		vals := map[string]string{"PREFECT_PY": os.Getenv("PREFECT_PY"), "PREFECT_14": os.Getenv("PREFECT_14")}
		if vals["PREFECT_PY"] == "" || vals["PREFECT_14"] == "" {
			file, err := envFile()
			if err != nil {
				envErr = err
				return
			}
			f, err := os.Open(file)
			if err != nil {
				envErr = fmt.Errorf("the real Prefect client is not set up (%v): run `make test` or `make prefect-client` at the repository root "+
					"(it runs ../shared/prefect-client/setup.sh), or set PREFECT_PY and PREFECT_14", err)
				return
			}
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				if k, v, ok := strings.Cut(sc.Text(), "="); ok && vals[k] == "" {
					vals[k] = v
				}
			}
			f.Close()
		}
		envVal = prefectEnv{py: vals["PREFECT_PY"], path14: vals["PREFECT_14"]}
		if envVal.py == "" || envVal.path14 == "" {
			envErr = fmt.Errorf("PREFECT_PY or PREFECT_14 is empty: run `make prefect-client` again")
			return
		}
		if _, err := os.Stat(envVal.py); err != nil {
			envErr = fmt.Errorf("the Prefect client's interpreter: %v", err)
		}
	})
	return envVal, envErr
}

// envFile is .cache/prefect-client.env at the repository root (where go.mod is).
func envFile() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, ".cache", "prefect-client.env"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the test directory")
		}
		dir = parent
	}
}

// client runs Prefect's CLI and Python against one server, in Server mode, with a
// private HOME (the client writes ~/.prefect: settings, Local storage's flows).
type client struct {
	t    *testing.T
	env  prefectEnv
	url  string // base URL of the server
	home string
}

func newClient(t *testing.T, url string) *client {
	t.Helper()
	env, err := locate()
	if err != nil {
		t.Fatal(err)
	}
	return &client{t: t, env: env, url: url, home: t.TempDir()}
}

func (c *client) environ(extra ...string) []string {
	env := []string{
		"HOME=" + c.home,
		"PATH=" + os.Getenv("PATH"),
		"LANG=C.UTF-8",
		"PYTHONPATH=" + c.env.path14,
		"PYTHONDONTWRITEBYTECODE=1",
		"PREFECT__BACKEND=server",
		"PREFECT__SERVER__ENDPOINT=" + c.url + "/graphql",
		"PREFECT__CLOUD__USE_LOCAL_SECRETS=true",
	}
	return append(env, extra...)
}

// run runs `python args...` and returns its combined output; a non-zero exit fails
// the test unless allowFail.
func (c *client) run(allowFail bool, args ...string) string {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.env.py, args...)
	cmd.Env = c.environ()
	cmd.Dir = c.home
	out, err := cmd.CombinedOutput()
	if err != nil && !allowFail {
		c.t.Fatalf("%s %s: %v\n%s", filepath.Base(c.env.py), strings.Join(args, " "), err, out)
	}
	return string(out)
}

// prefect runs the prefect CLI.
func (c *client) prefect(args ...string) string {
	c.t.Helper()
	return c.run(false, append([]string{"-m", "prefect"}, args...)...)
}

// python runs a Python program given as text.
func (c *client) python(program string) string {
	c.t.Helper()
	return c.run(false, "-c", program)
}

// agent starts `prefect agent local start` with args until the test ends; its output
// is shown when the test fails.
func (c *client) agent(args ...string) {
	c.t.Helper()
	startAgent(c.t, c.env.py, c.environ(), c.home, args...)
}

// startAgent starts `python -m prefect agent local start args...` in dir with env until
// t ends (SIGTERM to its process group, SIGKILL after 10 s); its output is shown when t
// fails.
func startAgent(t *testing.T, py string, env []string, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command(py, append([]string{"-m", "prefect", "agent", "local", "start"}, args...)...)
	cmd.Env = env
	cmd.Dir = dir
	var out bytes.Buffer
	var mu sync.Mutex
	w := lockedWriter{w: &out, mu: &mu}
	cmd.Stdout, cmd.Stderr = w, w
	// Its own process group: the flow-run processes it starts stop with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
		if t.Failed() {
			mu.Lock()
			t.Logf("agent output:\n%s", out.String())
			mu.Unlock()
		}
	})
}

type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// gql posts a query to the server and returns its data; errors fail the test.
func gql(t *testing.T, url, query string, vars map[string]any) map[string]any {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	resp, err := http.Post(url+"/graphql", "application/json", bytes.NewReader(b))
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

// waitFinished polls until every flow run has a finished state, for at most limit.
func waitFinished(t *testing.T, url string, limit time.Duration, ids ...string) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		d := gql(t, url, `query($ids: [uuid!]) { flow_run(where: {id: {_in: $ids}}) { id state } }`, map[string]any{"ids": ids})
		done := 0
		var states []string
		for _, r := range d["flow_run"].([]any) {
			m := r.(map[string]any)
			s, _ := m["state"].(string)
			states = append(states, s)
			if s == "Success" || s == "Failed" || s == "Cancelled" || s == "TimedOut" {
				done++
			}
		}
		if done == len(ids) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("flow runs not finished after %s: %v", limit, states)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// waitLog waits until a log of flow run id contains text (or limit passes; the
// assertions that follow then say what is missing).
func waitLog(t *testing.T, url, id, text string, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		d := gql(t, url, `query($id: uuid!, $m: String!) { log(where: {flow_run_id: {_eq: $id}, message: {_like: $m}}, limit: 1) { id } }`,
			map[string]any{"id": id, "m": "%" + text + "%"})
		if l, _ := d["log"].([]any); len(l) > 0 || time.Now().After(deadline) {
			return
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// jsonPath reads a nested value: path elements are map keys or list indexes.
func jsonPath(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}
