package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/prefect-tui/prefect-tui/internal/userconfig"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// ctxHarness is a harness with a private settings directory; the default context
// (Prefect's own configuration) points at a port where nothing listens.
func ctxHarness(t *testing.T, env ...string) (*harness, string) {
	t.Helper()
	cfg := t.TempDir()
	h := newHarness(t, append([]string{"XDG_CONFIG_HOME=" + cfg, "PREFECT__CLOUD__API=http://" + closedPort(t),
		"PREFECT__CLOUD__API_KEY=pck_prefectsowndefaultkey"}, env...)...)
	h.storeOpener = fileStore(t)
	return h, filepath.Join(cfg, "prefect-tui", "config.toml")
}

func TestContextCommands(t *testing.T) {
	t.Parallel()
	h, path := ctxHarness(t)
	out := h.mustRun("context", "add", "prod", "--api", "https://prefect.example.com", "--backend", "server",
		"--read-only", "--color", "red")
	if !strings.Contains(out, "Added context prod") || !strings.Contains(out, path) {
		t.Fatalf("add:\n%s", out)
	}
	h.mustRun("context", "add", "cloud", "--api", "https://api.prefect.io", "--credential", "env:PROD_KEY", "--tenant", "production", "--use")
	out = h.mustRun("context", "list")
	for _, want := range []string{"default", "(Prefect's own configuration)", "prod", "https://prefect.example.com", "*  cloud", "env:PROD_KEY", "production", "yes"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}
	uc, err := userconfig.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if uc.CurrentContext != "cloud" || !uc.Contexts["prod"].ReadOnly || uc.Contexts["prod"].Color != "red" {
		t.Fatalf("file: %+v", uc)
	}
	h.mustRun("context", "use", "prod")
	var js struct {
		Current  string
		Contexts map[string]any
	}
	if err := json.Unmarshal([]byte(h.mustRun("context", "list", "-o", "json")), &js); err != nil || js.Current != "prod" || len(js.Contexts) != 2 {
		t.Fatalf("list -o json: %+v %v", js, err)
	}
	h.mustRun("context", "rm", "prod")
	if uc, _ = userconfig.Load(path); uc.CurrentContext != "" || len(uc.Contexts) != 1 {
		t.Fatalf("after remove: %+v", uc)
	}
	h.mustRun("context", "use", "default")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"context", "add", "cloud", "--api", "http://x"}, 1, "context cloud exists"},
		{[]string{"context", "add", "x", "--api", "nope"}, 2, `api "nope" is not an http(s) URL`},
		{[]string{"context", "add", "default", "--api", "http://x"}, 2, "Prefect's own configuration"},
		{[]string{"context", "add", "bad name", "--api", "http://x"}, 2, "not a valid name"},
		{[]string{"context", "add", "x", "--api", "http://x", "--color", "pink"}, 2, "color must be"},
		{[]string{"context", "use", "nope"}, 1, `no context named "nope"`},
		{[]string{"context", "remove", "nope"}, 1, `no context named "nope"`},
		{[]string{"--context", "nope", "auth", "status"}, 2, `no context named "nope"`},
		{[]string{"context", "nope"}, 2, `unknown command "nope"`},
	} {
		before := len(h.stderr.String())
		if code := h.run(context.Background(), tc.args...); code != tc.code {
			t.Errorf("%v: exit %d, want %d", tc.args, code, tc.code)
		}
		if got := h.stderr.String()[before:]; !strings.Contains(got, tc.want) {
			t.Errorf("%v: stderr %q lacks %q", tc.args, got, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(h.home, ".prefect")); err == nil {
		t.Error("something was written under ~/.prefect")
	}
}

// TestContextsChooseAPICredentialTenantAndLook: contexts against the embedded server
// (Cloud mode and Server mode): --context and `context use` pick the API, the
// credential reference (an environment variable), the tenant by slug, read-only and
// the band colour; Prefect's own credential is not sent to a context's API.
func TestContextsChooseAPICredentialTenantAndLook(t *testing.T) {
	s, cloudURL := cloudServer(t)
	serverURL := queryServer(t)
	kh := newHarness(t, "PREFECT__BACKEND=cloud", "PREFECT__CLOUD__API="+cloudURL)
	kh.storeOpener = fileStore(t)
	kh.mustRun("auth", "login", "--token", s.DemoUserToken(), "--tenant", "production")
	_, key := createKey(t, kh, "-n", "ctx")

	h, _ := ctxHarness(t, "MY_KEY="+key)
	h.mustRun("context", "add", "cloud", "--api", cloudURL, "--credential", "env:MY_KEY", "--tenant", "sandbox")
	h.mustRun("context", "add", "srv", "--api", serverURL, "--backend", "server", "--read-only", "--color", "red")

	var st map[string]any
	if err := json.Unmarshal([]byte(h.mustRun("--context", "cloud", "auth", "status", "-o", "json")), &st); err != nil {
		t.Fatal(err)
	}
	if st["api"] != cloudURL+"/graphql" || st["backend"] != "cloud" || st["tenant_slug"] != "sandbox" ||
		st["credential_from"] != "context cloud, env MY_KEY" {
		t.Fatalf("status in context cloud: %v", st)
	}
	h.mustRun("--context", "cloud")
	if sess := h.programs[0].Session(); sess.Backend != "cloud" || sess.TenantSlug != "sandbox" || sess.APIURL != cloudURL+"/graphql" {
		t.Fatalf("explorer in context cloud: %+v", sess)
	}

	h.mustRun("context", "use", "srv")
	h.mustRun()
	app := h.programs[1]
	app.Update(tea.WindowSizeMsg{Width: 100, Height: 24})
	if sess := app.Session(); sess.APIURL != serverURL+"/graphql" || sess.Backend != "server" {
		t.Fatalf("explorer in context srv: %+v", sess)
	}
	if v := uitest.Strip(app.View().Content); !strings.Contains(v, "read-only") {
		t.Errorf("context srv is read-only, the header does not say so:\n%s", v)
	}
	if got := fmt.Sprint(app.Styles().App.HeaderTenant.GetBackground()); got != fmt.Sprint(lipgloss.Red) {
		t.Errorf("band %s, want red", got)
	}
	h.noTTY = true
	code := h.run(context.Background(), "query", "--yes", "--query", `mutation { set_schedule_active(input: {flow_id: "x"}) { success } }`)
	if code != 1 || !strings.Contains(h.stderr.String(), "read-only") {
		t.Errorf("a mutation in a read-only context: exit %d, %q", code, h.stderr)
	}
	h.noTTY = false

	// The theme: --theme, else the settings file's.
	h.mustRun("--theme", "light")
	if app := h.programs[2]; app.Styles().Dark || app.Styles().NoColor {
		t.Errorf("--theme light: dark %v", app.Styles().Dark)
	}
	if err := userconfig.Update(h.configPathForTest(), func(c *userconfig.Config) error { c.Theme = "none"; return nil }); err != nil {
		t.Fatal(err)
	}
	h.mustRun()
	if !h.programs[3].Styles().NoColor {
		t.Error("theme = \"none\" in the settings file still has colours")
	}
	if code := h.run(context.Background(), "--theme", "pink"); code != 2 {
		t.Errorf("--theme pink: exit %d", code)
	}

	// :ctx's source connects as the command line does.
	c := newCLI(strings.NewReader(""), h.stdout, h.stderr, h.env)
	c.storeOpener, c.checkTimeout = h.storeOpener, 2*time.Second
	src := &contextSource{c: c, log: log.New(io.Discard, "", 0)}
	if got := strings.Join(src.Contexts(), " "); got != "default cloud srv" {
		t.Errorf("contexts %q", got)
	}
	conn, err := src.Connect(context.Background(), "cloud")
	if err != nil {
		t.Fatal(err)
	}
	if conn.Session.TenantSlug != "sandbox" || conn.Account == nil || conn.ReadOnly || conn.Band != "" {
		t.Errorf("cloud connection: %+v", conn)
	}
	if conn, err = src.Connect(context.Background(), "srv"); err != nil || !conn.ReadOnly || conn.Band != "red" || conn.Session.Backend != "server" {
		t.Errorf("srv connection: %+v %v", conn, err)
	}
	if _, err := src.Connect(context.Background(), "default"); err == nil || !strings.Contains(err.Error(), "no Prefect API answered") &&
		!strings.Contains(err.Error(), "cannot reach") {
		t.Errorf("default context (nothing listening): %v", err)
	}
}

func (h *harness) configPathForTest() string {
	return newCLI(strings.NewReader(""), h.stdout, h.stderr, h.env).configPath()
}
