package auth_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/api/auth"
	"github.com/prefect-tui/prefect-tui/api/config"
)

// env builds a clean environment with HOME in a temp dir.
func env(t *testing.T, kv ...string) (home string, environ []string) {
	t.Helper()
	home = t.TempDir()
	environ = append([]string{"HOME=" + home}, kv...)
	return home, environ
}

func settings(t *testing.T, environ []string, flags config.Flags) *config.Settings {
	t.Helper()
	s, err := config.Load(config.Options{Environ: environ, Flags: flags})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestResolveOrder(t *testing.T) {
	const url = "http://127.0.0.1:4200/graphql"
	home, environ := env(t)
	prefect := filepath.Join(home, ".prefect")
	writeFile(t, filepath.Join(prefect, "auth.toml"), "[\"127.0.0.1-4200\"]\napi_key = \"pck_fromauthtomlXXXX1111\"\ntenant_id = \"t-authtoml\"\n")
	st := &auth.FileStore{Path: filepath.Join(home, "creds.json")}

	// 5. Prefect's auth.toml, last.
	c, err := auth.Resolve(settings(t, environ, config.Flags{}), url, st)
	if err != nil || c.Secret != "pck_fromauthtomlXXXX1111" || c.Kind != auth.KindAPIKey || c.TenantID != "t-authtoml" ||
		!strings.Contains(c.Source, "auth.toml") {
		t.Fatalf("auth.toml: %+v %v", c, err)
	}
	// 4. The saved login beats it.
	if err := st.Save(url, auth.Saved{Kind: auth.KindToken, Secret: "pct_savedsavedsaved2222", TenantID: "t-saved", TenantSlug: "saved"}); err != nil {
		t.Fatal(err)
	}
	c, _ = auth.Resolve(settings(t, environ, config.Flags{}), url, st)
	if c.Secret != "pct_savedsavedsaved2222" || !c.FromSaved || c.TenantSlug != "saved" || !strings.Contains(c.Source, "saved login (file") {
		t.Fatalf("saved: %+v", c)
	}
	// 3. ~/.prefect/config.toml beats the saved login (with Prefect's interpolation).
	writeFile(t, filepath.Join(prefect, "config.toml"), "[cloud]\nauth_token = \"pct_config${MY_SUFFIX}\"\n")
	environ = append(environ, "MY_SUFFIX=cfg3333")
	c, _ = auth.Resolve(settings(t, environ, config.Flags{}), url, st)
	if c.Secret != "pct_configcfg3333" || c.Kind != auth.KindToken || !strings.Contains(c.Source, "config.toml") || c.FromSaved {
		t.Fatalf("config.toml: %+v", c)
	}
	// 2. The environment beats the file; a key beats a token from the same source.
	environ = append(environ, "PREFECT__CLOUD__AUTH_TOKEN=pct_envenvenv4444", "PREFECT__CLOUD__API_KEY=pck_envkeyenvkey5555", "PREFECT__CLOUD__TENANT_ID=t-env")
	c, _ = auth.Resolve(settings(t, environ, config.Flags{}), url, st)
	if c.Secret != "pck_envkeyenvkey5555" || c.Source != "env PREFECT__CLOUD__API_KEY" || c.TenantID != "t-env" {
		t.Fatalf("env: %+v", c)
	}
	// 1. Flags beat everything.
	c, _ = auth.Resolve(settings(t, environ, config.Flags{AuthToken: "pct_flagflagflag6666"}), url, st)
	if c.Secret != "pct_flagflagflag6666" || c.Source != "flag --token" {
		t.Fatalf("flag: %+v", c)
	}
	// The description never holds the secret.
	if s := c.String(); strings.Contains(s, "pct_flag") || !strings.Contains(s, "…6666") {
		t.Fatalf("String() = %q", s)
	}
}

func TestResolveNothing(t *testing.T) {
	home, environ := env(t)
	st := &auth.FileStore{Path: filepath.Join(home, "creds.json")}
	_, err := auth.Resolve(settings(t, environ, config.Flags{}), "http://x:4200/graphql", st)
	if !errors.Is(err, auth.ErrNoCredential) {
		t.Fatalf("err = %v", err)
	}
}

func TestPrefectAuthSection(t *testing.T) {
	for in, want := range map[string]string{
		"https://api.prefect.io":         "api.prefect.io",
		"http://localhost:4200/graphql":  "localhost-4200",
		"http://127.0.0.1:4200":          "127.0.0.1-4200",
		"https://API.Example.com:8443/x": "api.example.com-8443",
	} {
		if got := auth.PrefectAuthSection(in); got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
}
