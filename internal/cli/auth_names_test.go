package cli

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	apiauth "github.com/prefect-tui/prefect-tui/api/auth"
	"github.com/prefect-tui/prefect-tui/server"
)

// createKey runs `auth create-key -o json` and returns the key's id and secret.
func createKey(t *testing.T, h *harness, args ...string) (id, key string) {
	t.Helper()
	var out map[string]any
	if err := json.Unmarshal([]byte(h.mustRun(append([]string{"auth", "create-key", "-o", "json"}, args...)...)), &out); err != nil {
		t.Fatal(err)
	}
	id, _ = out["id"].(string)
	key, _ = out["key"].(string)
	if id == "" || key == "" {
		t.Fatalf("create-key: %v", out)
	}
	return id, key
}

// TestPrefectAuthNames drives Prefect's `prefect auth` names against the embedded
// Cloud server: API keys made, listed and revoked, login -k, list-tenants,
// switch-tenants; today's names still work.
func TestPrefectAuthNames(t *testing.T) {
	h, s, _ := cloudHarness(t)
	h.mustRun("auth", "login", "--token", s.DemoUserToken(), "--tenant", "production")

	_, laptop := createKey(t, h, "-n", "laptop", "--expire", "30d")
	ciID, _ := createKey(t, h, "--name", "ci")
	quiet := h.mustRun("auth", "create-key", "-n", "quiet", "-q")
	if !strings.HasPrefix(quiet, "pck_") || strings.Count(quiet, "\n") != 1 {
		t.Errorf("create-key -q printed %q", quiet)
	}
	out := h.mustRun("auth", "list-keys")
	for _, want := range []string{"NAME", "laptop", "ci", ciID, "never", "demo"} {
		if !strings.Contains(out, want) {
			t.Errorf("list-keys lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, laptop) {
		t.Fatal("list-keys printed a key")
	}

	// login -k with the new key: its default tenant is the one it was made in.
	h.mustRun("auth", "logout")
	out = h.mustRun("auth", "login", "-k", laptop)
	if !strings.Contains(out, "API key") || !strings.Contains(out, "Production (production)") {
		t.Fatalf("login -k:\n%s", out)
	}
	if out = h.mustRun("auth", "list-tenants"); !strings.Contains(out, "*  production") {
		t.Fatalf("list-tenants:\n%s", out)
	}
	if out = h.mustRun("auth", "switch-tenants", "-s", "staging"); !strings.Contains(out, "Switched to Staging") {
		t.Fatalf("switch-tenants:\n%s", out)
	}
	if out = h.mustRun("auth", "tenants"); !strings.Contains(out, "*  staging") {
		t.Fatalf("tenants (alias) after switch:\n%s", out)
	}
	if out = h.mustRun("auth", "switch", "--slug", "production"); !strings.Contains(out, "Switched to Production") {
		t.Fatalf("switch (alias):\n%s", out)
	}

	// revoke-key by --id, and the key list no longer has it.
	if out = h.mustRun("auth", "revoke-key", "--id", ciID); !strings.Contains(out, "Revoked API key "+ciID) {
		t.Fatalf("revoke-key:\n%s", out)
	}
	if out = h.mustRun("auth", "keys"); strings.Contains(out, ciID) {
		t.Fatalf("the revoked key is still listed:\n%s", out)
	}
	// A revoked key is refused: status says so, with status 1.
	before := len(h.stderr.String())
	if code := h.run(context.Background(), "auth", "login", "-k", "pck_revokedorneverwas1234"); code != 1 {
		t.Errorf("login with a bad key: exit %d", code)
	}
	if msg := h.stderr.String()[before:]; !strings.Contains(msg, "refused") || strings.Contains(msg, "pck_revokedorneverwas1234") {
		t.Errorf("bad key: %q", msg)
	}
	for _, bad := range [][]string{
		{"auth", "revoke-key"},
		{"auth", "revoke-key", "a", "--id", "b"},
		{"auth", "create-key"},
		{"auth", "create-key", "-n", "x", "--expire", "2001-01-01"},
		{"auth", "create-key", "-n", "x", "--expire", "someday"},
		{"auth", "switch-tenants"},
		{"auth", "login", "-k", "a", "--api-key", "b"},
	} {
		if code := h.run(context.Background(), bad...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (usage)", bad, code)
		}
	}
}

// TestStatusExitsOneWhenTheCredentialFails: a credential the API refuses is reported
// by status with exit status 1.
func TestStatusExitsOneWhenTheCredentialFails(t *testing.T) {
	h, _, _ := cloudHarness(t)
	if code := h.run(context.Background(), "--api-key", "pck_nosuchkeyanywhere0000", "auth", "status"); code != 1 {
		t.Fatalf("exit %d", code)
	}
	out := h.stdout.String()
	if !strings.Contains(out, "Credential") || !strings.Contains(out, "Error") || strings.Contains(out, "pck_nosuchkeyanywhere0000") {
		t.Errorf("status:\n%s", out)
	}
}

// cloudServer is the embedded server in Cloud mode over HTTP.
func cloudServer(t *testing.T) (*server.Server, string) {
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
	return s, hs.URL
}

// TestBackendFromTheCredentials: with no backend set anywhere, a Cloud credential
// (environment, Prefect's auth.toml, a saved login) picks Cloud, and status says why;
// a backend that is set always wins.
func TestBackendFromTheCredentials(t *testing.T) {
	s, url := cloudServer(t)
	keyHarness := newHarness(t, "PREFECT_TUI_CREDENTIAL_STORE=file", "PREFECT__BACKEND=cloud", "PREFECT__CLOUD__API="+url)
	keyHarness.storeOpener = fileStore(t)
	keyHarness.mustRun("auth", "login", "--token", s.DemoUserToken(), "--tenant", "staging")
	_, key := createKey(t, keyHarness, "-n", "env")

	status := func(h *harness, args ...string) (int, map[string]any) {
		t.Helper()
		before := len(h.stdout.String())
		code := h.run(context.Background(), append(args, "auth", "status", "-o", "json")...)
		var st map[string]any
		if err := json.Unmarshal([]byte(h.stdout.String()[before:]), &st); err != nil {
			t.Fatalf("status: %v\n%s\n%s", err, h.stdout, h.stderr)
		}
		return code, st
	}

	t.Run("environment", func(t *testing.T) {
		h := newHarness(t, "PREFECT__CLOUD__API="+url, "PREFECT__CLOUD__API_KEY="+key)
		h.storeOpener = fileStore(t)
		code, st := status(h)
		if code != 0 || st["backend"] != "cloud" || st["backend_inferred"] != true || st["logged_in"] != true ||
			st["tenant_slug"] != "staging" {
			t.Fatalf("exit %d, status %v", code, st)
		}
		out := h.mustRun("auth", "status")
		if !strings.Contains(out, "Backend     cloud: no backend is set and a Cloud credential was found (env PREFECT__CLOUD__API_KEY)") {
			t.Errorf("status:\n%s", out)
		}
		// The explorer goes to Cloud with the key, not to Server with none.
		h.mustRun()
		if sess := h.programs[0].Session(); sess.Backend != "cloud" || !strings.HasPrefix(sess.Identity, "API key") || sess.TenantSlug != "staging" {
			t.Errorf("explorer session: %+v", sess)
		}
	})
	t.Run("Prefect's auth.toml", func(t *testing.T) {
		h := newHarness(t, "PREFECT__CLOUD__API="+url)
		h.storeOpener = fileStore(t)
		h.writeConfig("auth.toml", "[\""+apiauth.PrefectAuthSection(url)+"\"]\napi_key = \""+key+"\"\n")
		if code, st := status(h); code != 0 || st["backend"] != "cloud" || st["logged_in"] != true ||
			!strings.Contains(st["backend_from"].(string), "auth.toml") {
			t.Fatalf("exit %d, status %v", code, st)
		}
	})
	t.Run("saved login", func(t *testing.T) {
		h := newHarness(t)
		h.storeOpener = fileStore(t)
		h.mustRun("--api", url, "auth", "login", "--token", s.DemoUserToken(), "--tenant", "sandbox")
		code, st := status(h, "--api", url)
		if code != 0 || st["backend"] != "cloud" || st["tenant_slug"] != "sandbox" ||
			!strings.Contains(st["backend_from"].(string), "saved login") {
			t.Fatalf("exit %d, status %v", code, st)
		}
	})
	t.Run("a backend that is set wins", func(t *testing.T) {
		h := newHarness(t, "PREFECT__CLOUD__API="+url, "PREFECT__CLOUD__API_KEY="+key, "PREFECT__BACKEND=server")
		h.storeOpener = fileStore(t)
		if _, st := status(h); st["backend"] != "server" || st["backend_inferred"] != false || st["backend_from"] != "env PREFECT__BACKEND" {
			t.Fatalf("status %v", st)
		}
	})
	t.Run("no credential", func(t *testing.T) {
		h := newHarness(t, "PREFECT__CLOUD__API="+url)
		h.storeOpener = fileStore(t)
		if code, st := status(h); code != 1 || st["backend"] != "server" || st["logged_in"] != false {
			t.Fatalf("exit %d, status %v", code, st)
		}
	})
	t.Run("Cloud's own API when none is set", func(t *testing.T) {
		h := newHarness(t, "PREFECT__CLOUD__API_KEY="+key)
		c := newCLI(strings.NewReader(""), h.stdout, h.stderr, h.env)
		c.storeOpener = fileStore(t)
		st, err := c.settings()
		if err != nil {
			t.Fatal(err)
		}
		if st.Backend.Value != "cloud" || st.Endpoint != "https://api.prefect.io/graphql" {
			t.Errorf("backend %q, endpoint %q", st.Backend.Value, st.Endpoint)
		}
	})
}

// fileStore is a store opener with a private credentials file and the note the
// automatic choice gives when there is no keyring.
func fileStore(t *testing.T) func(string) (apiauth.Store, string, error) {
	path := filepath.Join(t.TempDir(), "credentials.json")
	return func(string) (apiauth.Store, string, error) {
		return &apiauth.FileStore{Path: path}, "no OS keyring service is available; keeping the login in " + path + " (mode 0600) instead", nil
	}
}

// TestKeyringNoteIsSaidOnceAtLogin: the fallback note comes with the login that is
// saved, not with every later command.
func TestKeyringNoteIsSaidOnceAtLogin(t *testing.T) {
	s, url := cloudServer(t)
	h := newHarness(t, "PREFECT__BACKEND=cloud", "PREFECT__CLOUD__API="+url)
	h.storeOpener = fileStore(t)
	h.mustRun("auth", "login", "--token", s.DemoUserToken(), "--tenant", "production")
	if n := strings.Count(h.stderr.String(), "note: no OS keyring"); n != 1 {
		t.Fatalf("login said the note %d times: %q", n, h.stderr)
	}
	for _, args := range [][]string{{"auth", "status"}, {"auth", "list-tenants"}, {"auth", "switch-tenants", "-s", "staging"}, {"auth", "list-keys"}, {}} {
		before := len(h.stderr.String())
		h.mustRun(args...)
		if got := h.stderr.String()[before:]; got != "" {
			t.Errorf("%v said %q", args, got)
		}
	}
	if _, err := os.Stat(filepath.Join(h.home, ".prefect")); err == nil {
		t.Error("something was written under ~/.prefect")
	}
}
