package cli

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/server"
)

// cloudHarness starts the embedded server in Cloud mode and a CLI harness whose saved
// logins go to a file under a private config dir.
func cloudHarness(t *testing.T) (*harness, *server.Server, string) {
	t.Helper()
	s, err := server.New(server.Options{Cloud: true, Seed: "demo", Scale: 10})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		hs.Close()
		s.Close()
	})
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg) // os.UserConfigDir: never the real one
	h := newHarness(t, "PREFECT_TUI_CREDENTIAL_STORE=file", "PREFECT__BACKEND=cloud", "PREFECT__CLOUD__API="+hs.URL)
	return h, s, filepath.Join(cfg, "prefect-tui", "credentials.json")
}

func (h *harness) mustRun(args ...string) string {
	h.t.Helper()
	before := len(h.stdout.String())
	if code := h.run(context.Background(), args...); code != 0 {
		h.t.Fatalf("%v: exit %d\nstderr: %s", args, code, h.stderr.String())
	}
	return h.stdout.String()[before:]
}

func TestAuthCommands(t *testing.T) {
	h, s, credFile := cloudHarness(t)
	tok := s.DemoUserToken()

	out := h.mustRun("auth", "login", "--token", tok, "--tenant", "production")
	if !strings.Contains(out, "Logged in") || !strings.Contains(out, "Production (production)") || !strings.Contains(out, credFile) {
		t.Fatalf("login:\n%s", out)
	}
	fi, err := os.Stat(credFile)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("credentials file: %v %v", fi, err)
	}

	var st map[string]any
	if err := json.Unmarshal([]byte(h.mustRun("auth", "status", "-o", "json")), &st); err != nil {
		t.Fatal(err)
	}
	if st["logged_in"] != true || st["tenant_slug"] != "production" || st["user"] != "demo" || st["scope"] != "USER" ||
		!strings.HasPrefix(st["credential_from"].(string), "saved login (file ") {
		t.Fatalf("status: %v", st)
	}

	out = h.mustRun("auth", "tenants")
	if !strings.Contains(out, "*  production") || !strings.Contains(out, "staging") || !strings.Contains(out, "TENANT_ADMIN") {
		t.Fatalf("tenants:\n%s", out)
	}
	out = h.mustRun("auth", "switch", "--slug", "staging")
	if !strings.Contains(out, "Switched to Staging") {
		t.Fatalf("switch:\n%s", out)
	}
	if out = h.mustRun("auth", "status"); !strings.Contains(out, "Staging (staging") {
		t.Fatalf("status after switch:\n%s", out)
	}

	var created map[string]any
	if err := json.Unmarshal([]byte(h.mustRun("auth", "create-token", "--name", "ci", "--scope", "TENANT", "-o", "json")), &created); err != nil {
		t.Fatal(err)
	}
	secret, _ := created["token"].(string)
	if !strings.HasPrefix(secret, "pct_") {
		t.Fatalf("create-token: %v", created)
	}
	out = h.mustRun("auth", "tokens")
	if !strings.Contains(out, "ci") || !strings.Contains(out, "TENANT") || strings.Contains(out, secret) {
		t.Fatalf("tokens:\n%s", out)
	}
	// The TENANT token works through --token: scope and tenant from the server.
	if err := json.Unmarshal([]byte(h.mustRun("--token", secret, "auth", "status", "-o", "json")), &st); err != nil {
		t.Fatal(err)
	}
	if st["scope"] != "TENANT" || st["tenant_slug"] != "staging" || st["credential_from"] != "flag --token" {
		t.Fatalf("TENANT token status: %v", st)
	}
	h.mustRun("auth", "revoke-token", created["id"].(string))
	if out = h.mustRun("auth", "tokens"); strings.Contains(out, " ci ") {
		t.Fatalf("revoked token listed:\n%s", out)
	}

	// Nothing printed so far shows the USER token.
	if strings.Contains(h.stdout.String(), tok) || strings.Contains(h.stderr.String(), tok) {
		t.Fatal("the USER token was printed")
	}
	out = h.mustRun("auth", "logout")
	if !strings.Contains(out, "Logged out") {
		t.Fatalf("logout:\n%s", out)
	}
	// Not logged in: status says so, with exit status 1.
	before := len(h.stdout.String())
	if code := h.run(context.Background(), "auth", "status", "-o", "json"); code != 1 {
		t.Fatalf("status after logout: exit %d", code)
	}
	if err := json.Unmarshal([]byte(h.stdout.String()[before:]), &st); err != nil {
		t.Fatal(err)
	}
	if st["logged_in"] != false {
		t.Fatalf("status after logout: %v", st)
	}
}

func TestAuthLoginRefusesABadToken(t *testing.T) {
	h, _, credFile := cloudHarness(t)
	bad := "pct_notarealtokenatallXYZW"
	if code := h.run(context.Background(), "auth", "login", "--token", bad); code == 0 {
		t.Fatal("a bad token was accepted")
	}
	if msg := h.stderr.String(); strings.Contains(msg, bad) || !strings.Contains(msg, "refused") {
		t.Fatalf("stderr: %q", msg)
	}
	if _, err := os.Stat(credFile); err == nil {
		t.Fatal("a refused login was saved")
	}
}

// TestExplorerStartsOnThePickerOrLogin: a USER token without a tenant opens the tenant
// picker first (its one request loads the three demo tenants with counts); Cloud
// without any credential opens the login screen.
func TestExplorerStartsOnThePickerOrLogin(t *testing.T) {
	h, s, _ := cloudHarness(t)
	if code := h.run(context.Background(), "--token", s.DemoUserToken()); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	top := h.programs[0].Top()
	if top == nil || top.Title() != "tenants" {
		t.Fatalf("first screen: %v", top)
	}
	msg := top.Init()()
	top, _ = top.Update(msg)
	top.SetSize(100, 20)
	v := top.View()
	for _, want := range []string{"Production", "staging", "sandbox", "read only user"} {
		if !strings.Contains(v, want) {
			t.Fatalf("picker lacks %q:\n%s", want, v)
		}
	}
	if code := h.run(context.Background()); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	if top := h.programs[1].Top(); top == nil || top.Title() != "log in" {
		t.Fatalf("first screen without a credential: %v", top)
	}
}

// TestUserTokenWithoutTenantSaysSo: a valid USER token that has no tenant yet gets the
// server's "this operation requires a tenant" and the way out, not "token rejected".
func TestUserTokenWithoutTenantSaysSo(t *testing.T) {
	h, s, _ := cloudHarness(t)
	if code := h.run(context.Background(), "--token", s.DemoUserToken(), "get", "runs"); code == 0 {
		t.Fatal("get runs without a tenant succeeded")
	}
	msg := h.stderr.String()
	if !strings.Contains(msg, "requires a tenant") || !strings.Contains(msg, "auth switch") || strings.Contains(msg, "rejected") {
		t.Fatalf("stderr: %q", msg)
	}
}
