package userconfig_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/prefect-tui/prefect-tui/internal/userconfig"
)

const sample = `current-context = "prod"
theme = "light"

[aliases]
ff = "runs Failed"

[contexts.prod]
api = "https://prefect.example.com"
backend = "server"
read-only = true
color = "red"

[contexts.cloud]
api = "https://api.prefect.io"
backend = "cloud"
credential = "env:PREFECT_CLOUD_KEY"
tenant = "production"
`

func TestParseAndRoundTrip(t *testing.T) {
	t.Parallel()
	c, err := userconfig.Parse("config.toml", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if c.Current() != "prod" || c.Theme != "light" || c.Aliases["ff"] != "runs Failed" ||
		!c.Contexts["prod"].ReadOnly || c.Contexts["cloud"].Tenant != "production" {
		t.Fatalf("parsed %+v", c)
	}
	if got := strings.Join(c.Names(), ","); got != "cloud,prod" {
		t.Errorf("names %s", got)
	}
	b, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	again, err := userconfig.Parse("again", b)
	if err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if fmt.Sprint(again) != fmt.Sprint(c) {
		t.Errorf("round trip:\n%+v\n%+v", again, c)
	}
	if (&userconfig.Config{}).Current() != userconfig.DefaultContext {
		t.Error("no current context is not the default one")
	}
}

func TestParseRefuses(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct{ body, want string }{
		"typo":            {"[contexts.a]\napi = \"http://x\"\nreadonly = true\n", `unknown setting "contexts.a.readonly"`},
		"bad api":         {"[contexts.a]\napi = \"x\"\n", `context a: api "x" is not an http(s) URL`},
		"bad backend":     {"[contexts.a]\napi = \"http://x\"\nbackend = \"mars\"\n", "backend must be server or cloud"},
		"bad credential":  {"[contexts.a]\napi = \"http://x\"\ncredential = \"pck_secret\"\n", "credential must be saved, env:NAME or file:PATH"},
		"bad kind":        {"[contexts.a]\napi = \"http://x\"\ncredential-kind = \"password\"\n", "credential-kind must be api-key or token"},
		"bad colour":      {"[contexts.a]\napi = \"http://x\"\ncolor = \"pink\"\n", "color must be one of"},
		"bad theme":       {"theme = \"solarized\"\n", "theme must be auto, dark, light, none"},
		"missing current": {"current-context = \"nope\"\n", `current-context "nope" is not a context here`},
		"default taken":   {"[contexts.default]\napi = \"http://x\"\n", "taken by Prefect's own configuration"},
		"not toml":        {"[contexts\n", "config.toml"},
	} {
		_, err := userconfig.Parse("config.toml", []byte(tc.body))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want %q", name, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "pck_secret") {
			t.Errorf("%s: the error shows the value: %v", name, err)
		}
	}
}

// TestConcurrentUpdatesKeepEveryChange: many writers adding one context each at the
// same time; every context is in the file afterwards.
func TestConcurrentUpdatesKeepEveryChange(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "prefect-tui", "config.toml")
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- userconfig.Update(path, func(c *userconfig.Config) error {
				if c.Contexts == nil {
					c.Contexts = map[string]userconfig.Context{}
				}
				c.Contexts[fmt.Sprintf("c%02d", i)] = userconfig.Context{API: "http://127.0.0.1:4200"}
				return nil
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	c, err := userconfig.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Contexts) != 20 {
		t.Fatalf("%d contexts kept, want 20", len(c.Contexts))
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %o", fi.Mode().Perm())
	}
}

func TestUpdateRefusesAnInvalidResult(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(sample), 0o600); err != nil {
		t.Fatal(err)
	}
	err := userconfig.Update(path, func(c *userconfig.Config) error {
		c.CurrentContext = "gone"
		return nil
	})
	if err == nil {
		t.Fatal("an invalid config was written")
	}
	if b, _ := os.ReadFile(path); string(b) != sample {
		t.Errorf("the file changed:\n%s", b)
	}
}

func TestSecret(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	if err := os.WriteFile(filepath.Join(home, "key"), []byte("pck_fromfile\nignored\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"K": " pck_fromenv "}
	getenv := func(k string) string { return env[k] }
	for ref, want := range map[string]string{"env:K": "pck_fromenv env K", "file:~/key": "pck_fromfile file " + filepath.Join(home, "key")} {
		sec, where, ok, err := userconfig.Context{Credential: ref}.Secret(getenv, home)
		if err != nil || !ok || sec+" "+where != want {
			t.Errorf("%s: %q %q %v %v", ref, sec, where, ok, err)
		}
	}
	if _, _, ok, err := (userconfig.Context{}).Secret(getenv, home); ok || err != nil {
		t.Errorf("saved: ok %v err %v", ok, err)
	}
	for _, ref := range []string{"env:MISSING", "file:~/nope"} {
		if _, _, _, err := (userconfig.Context{Credential: ref}).Secret(getenv, home); err == nil {
			t.Errorf("%s: no error", ref)
		}
	}
}
