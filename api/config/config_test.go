package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/api/config"
)

// home makes a temporary HOME with optional ~/.prefect files.
func home(t *testing.T, files map[string]string) string {
	t.Helper()
	h := t.TempDir()
	for name, body := range files {
		p := filepath.Join(h, ".prefect", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

func load(t *testing.T, h string, env []string, flags config.Flags) *config.Settings {
	t.Helper()
	s, err := config.Load(config.Options{Environ: append([]string{"HOME=" + h}, env...), Flags: flags})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDefaultsAreServer(t *testing.T) {
	t.Parallel()
	h := home(t, nil)
	s := load(t, h, nil, config.Flags{})
	want := config.Value{Value: "http://localhost:4200", Source: config.SourceDefault}
	if s.API != want {
		t.Errorf("API = %+v, want %+v", s.API, want)
	}
	if s.Endpoint != "http://localhost:4200/graphql" || s.Backend.Value != "server" {
		t.Errorf("endpoint %q backend %q", s.Endpoint, s.Backend.Value)
	}
	if s.UI.Value != "http://localhost:8080" {
		t.Errorf("UI = %q", s.UI.Value)
	}
	if s.RequestTimeout != 15*time.Second || s.AuthToken.Set() || s.APIKey.Set() || s.TenantID.Set() {
		t.Errorf("timeout %v token %v key %v tenant %v", s.RequestTimeout, s.AuthToken, s.APIKey, s.TenantID)
	}
	if s.HomeDir != h+"/.prefect" {
		t.Errorf("HomeDir = %q", s.HomeDir)
	}
	if len(s.Files) != 0 || s.UserConfigPath != h+"/.prefect/config.toml" || s.BackendConfigPath != h+"/.prefect/backend.toml" {
		t.Errorf("files %v, paths %q %q", s.Files, s.UserConfigPath, s.BackendConfigPath)
	}
	if got := s.API.Where(); got != "default" {
		t.Errorf("Where = %q", got)
	}
}

func TestPrecedence(t *testing.T) {
	t.Parallel()
	cfg := `
backend = "cloud"
[cloud]
api_key = "key-from-config"
tenant_id = "${cloud.default_tenant}"
default_tenant = "tenant-from-config"
request_timeout = 2.5
[server]
host = "http://prefect.internal"
`
	tests := map[string]struct {
		files       map[string]string
		env         []string
		flags       config.Flags
		api, where  string
		backend     string
		key, keySrc string
		tenant      string
	}{
		"config file makes it cloud": {
			files: map[string]string{"config.toml": cfg},
			api:   "https://api.prefect.io", where: "config file HOME/.prefect/config.toml", backend: "cloud",
			key: "key-from-config", keySrc: "config file HOME/.prefect/config.toml", tenant: "tenant-from-config",
		},
		"backend file overrides config file": {
			files: map[string]string{"config.toml": cfg, "backend.toml": `backend = "server"`},
			api:   "http://prefect.internal:4200", where: "backend file HOME/.prefect/backend.toml", backend: "server",
			key: "key-from-config", keySrc: "config file HOME/.prefect/config.toml", tenant: "tenant-from-config",
		},
		"env overrides files": {
			files: map[string]string{"config.toml": cfg, "backend.toml": `backend = "server"`},
			env:   []string{"PREFECT__BACKEND=cloud", "PREFECT__CLOUD__API_KEY=key-from-env", "PREFECT__CLOUD__TENANT_ID=t-env"},
			api:   "https://api.prefect.io", where: "env PREFECT__BACKEND", backend: "cloud",
			key: "key-from-env", keySrc: "env PREFECT__CLOUD__API_KEY", tenant: "t-env",
		},
		"env cloud.api wins over the interpolation": {
			env: []string{"PREFECT__CLOUD__API=http://10.0.0.5:4200", "PREFECT__BACKEND=cloud"},
			api: "http://10.0.0.5:4200", where: "env PREFECT__CLOUD__API", backend: "cloud",
		},
		"server endpoint from env": {
			env: []string{"PREFECT__SERVER__ENDPOINT=http://box:4200"},
			api: "http://box:4200", where: "env PREFECT__SERVER__ENDPOINT", backend: "server",
		},
		"flags beat everything": {
			files: map[string]string{"config.toml": cfg},
			env:   []string{"PREFECT__CLOUD__API=http://env:4200", "PREFECT__CLOUD__API_KEY=key-from-env"},
			flags: config.Flags{API: "http://flag:9999/graphql", APIKey: "key-from-flag", TenantID: "t-flag"},
			api:   "http://flag:9999/graphql", where: "flag --api", backend: "cloud",
			key: "key-from-flag", keySrc: "flag --api-key", tenant: "t-flag",
		},
		"backend flag steers the interpolation": {
			flags: config.Flags{Backend: "cloud"},
			api:   "https://api.prefect.io", where: "flag --backend", backend: "cloud",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := home(t, tc.files)
			s := load(t, h, tc.env, tc.flags)
			where := strings.ReplaceAll(tc.where, "HOME", h)
			if s.API.Value != tc.api || s.API.Where() != where {
				t.Errorf("API = %q (%s), want %q (%s)", s.API.Value, s.API.Where(), tc.api, where)
			}
			if s.Backend.Value != tc.backend {
				t.Errorf("backend = %q, want %q", s.Backend.Value, tc.backend)
			}
			if s.APIKey.Value != tc.key || (tc.key != "" && s.APIKey.Where() != strings.ReplaceAll(tc.keySrc, "HOME", h)) {
				t.Errorf("api key = %q (%s), want %q (%s)", s.APIKey.Value, s.APIKey.Where(), tc.key, tc.keySrc)
			}
			if s.TenantID.Value != tc.tenant {
				t.Errorf("tenant = %q, want %q", s.TenantID.Value, tc.tenant)
			}
		})
	}
}

func TestEndpointAndUIRules(t *testing.T) {
	t.Parallel()
	for api, want := range map[string]string{
		"http://localhost:4200":          "http://localhost:4200/graphql",
		"http://localhost:4200/":         "http://localhost:4200/graphql",
		"http://localhost:4200/graphql":  "http://localhost:4200/graphql",
		"http://localhost:4200/graphql/": "http://localhost:4200/graphql",
		"https://api.prefect.io":         "https://api.prefect.io/graphql",
		"https://host/prefect":           "https://host/prefect/graphql",
	} {
		if got := config.GraphQLEndpoint(api); got != want {
			t.Errorf("GraphQLEndpoint(%q) = %q, want %q", api, got, want)
		}
	}
	for api, want := range map[string]string{
		"https://api.prefect.io":          "https://cloud.prefect.io",
		"https://api-beta.prefect.io/":    "https://beta.prefect.io",
		"https://api.prefect.io/graphql/": "https://cloud.prefect.io",
	} {
		if got := config.CloudUIURL(api); got != want {
			t.Errorf("CloudUIURL(%q) = %q, want %q", api, got, want)
		}
	}
}

func TestInterpolationAndEnvTyping(t *testing.T) {
	t.Parallel()
	h := home(t, map[string]string{"config.toml": `
home_dir = "$PREFECT_TEST_BASE/prefect-home"
[custom]
a = "${custom.b}-x"
b = "${custom.c}"
c = "deep"
port = 4300
url = "http://h:${custom.port}"
flag = "${custom.enabled}"
loop = "${custom.loop}"
missing = "[${custom.nope}]"
[server.ui]
host = "~/ui"
`})
	s := load(t, h, []string{
		"PREFECT_TEST_BASE=/base",
		"PREFECT__CUSTOM__ENABLED=TRUE",
		"PREFECT__CUSTOM__COUNT=42",
		"PREFECT__CUSTOM__RATIO=0.5",
		"PREFECT__CUSTOM__QUOTED='hi'",
		"PREFECT__CUSTOM__LIST=[1, 2]",
		"PREFECT__CUSTOM__PLAIN=hello world",
		"PREFECT__CUSTOM__FROMVAR=$PREFECT_TEST_BASE/x",
		"PREFECT__CONTEXT__SECRETS__MY_Secret=v",
		"PREFECT__CLOUD__REQUEST_TIMEOUT=3",
	}, config.Flags{})
	want := map[string]any{
		"custom.a":                      "deep-x",
		"custom.b":                      "deep",
		"custom.url":                    "http://h:4300",
		"custom.flag":                   true,
		"custom.enabled":                true,
		"custom.count":                  int64(42),
		"custom.ratio":                  0.5,
		"custom.quoted":                 "hi",
		"custom.plain":                  "hello world",
		"custom.fromvar":                "/base/x",
		"custom.missing":                "[]",
		"context.secrets.MY_Secret":     "v",
		"server.ui.host":                h + "/ui",
		"server.ui.endpoint":            h + "/ui:8080",
		"cloud.rate_limiting.backoff_s": int64(180),
	}
	for k, w := range want {
		got, ok := s.Get(k)
		if !ok || got != w {
			t.Errorf("%s = %#v (%v), want %#v", k, got, ok, w)
		}
	}
	if l, _ := s.Get("custom.list"); len(l.([]any)) != 2 {
		t.Errorf("custom.list = %#v", l)
	}
	if loop, _ := s.Get("custom.loop"); loop != "${custom.loop}" && loop != "" {
		t.Errorf("a self-reference must stop after 10 passes, got %#v", loop)
	}
	if s.HomeDir != "/base/prefect-home" {
		t.Errorf("HomeDir = %q", s.HomeDir)
	}
	if s.RequestTimeout != 3*time.Second {
		t.Errorf("RequestTimeout = %v", s.RequestTimeout)
	}
}

func TestConfigPathOverrides(t *testing.T) {
	t.Parallel()
	h := home(t, map[string]string{"config.toml": `backend = "cloud"`})
	other := filepath.Join(t.TempDir(), "custom.toml")
	if err := os.WriteFile(other, []byte("[server]\nport = 9999\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	bk := filepath.Join(t.TempDir(), "b.toml")
	if err := os.WriteFile(bk, []byte(`backend = "server"`), 0o600); err != nil {
		t.Fatal(err)
	}
	s := load(t, h, []string{"PREFECT__USER_CONFIG_PATH=" + other, "PREFECT__BACKEND_CONFIG_PATH=" + bk, "PREFECT__HOME_DIR=~/elsewhere"}, config.Flags{})
	if s.API.Value != "http://localhost:9999" || s.API.Where() != "backend file "+bk {
		t.Errorf("API = %q (%s)", s.API.Value, s.API.Where())
	}
	if len(s.Files) != 2 || s.Files[0] != other || s.Files[1] != bk {
		t.Errorf("files = %v", s.Files)
	}
	if s.HomeDir != h+"/elsewhere" {
		t.Errorf("HomeDir = %q", s.HomeDir)
	}
}

func TestBadConfig(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		files map[string]string
		env   []string
		flags config.Flags
		want  string
	}{
		"broken toml":  {files: map[string]string{"config.toml": "backend = "}, want: "config.toml"},
		"bad backend":  {env: []string{"PREFECT__BACKEND=nope"}, want: `backend is "nope" (env PREFECT__BACKEND)`},
		"bad api flag": {flags: config.Flags{API: "localhost:4200"}, want: `"localhost:4200" (flag --api) is not an http(s) URL`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := home(t, tc.files)
			_, err := config.Load(config.Options{Environ: append([]string{"HOME=" + h}, tc.env...), Flags: tc.flags})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// TestDefaultBackend replaces only the built-in default: the API follows it, and a
// backend set anywhere else wins over it.
func TestDefaultBackend(t *testing.T) {
	t.Parallel()
	why := config.Value{Value: "cloud", Origin: "a Cloud credential in env PREFECT__CLOUD__API_KEY"}
	h := home(t, nil)
	s, err := config.Load(config.Options{Environ: []string{"HOME=" + h}, DefaultBackend: why})
	if err != nil {
		t.Fatal(err)
	}
	if s.Backend.Value != "cloud" || s.Backend.Source != config.SourceInferred || s.Backend.Where() != why.Origin {
		t.Errorf("backend = %+v (%s)", s.Backend, s.Backend.Where())
	}
	if s.Endpoint != "https://api.prefect.io/graphql" {
		t.Errorf("endpoint = %q", s.Endpoint)
	}
	for name, opts := range map[string]config.Options{
		"env":    {Environ: []string{"HOME=" + h, "PREFECT__BACKEND=server"}, DefaultBackend: why},
		"flag":   {Environ: []string{"HOME=" + h}, Flags: config.Flags{Backend: "server"}, DefaultBackend: why},
		"file":   {Environ: []string{"HOME=" + home(t, map[string]string{"backend.toml": "backend = \"server\"\n"})}, DefaultBackend: why},
		"config": {Environ: []string{"HOME=" + home(t, map[string]string{"config.toml": "backend = \"server\"\n"})}, DefaultBackend: why},
	} {
		s, err := config.Load(opts)
		if err != nil {
			t.Fatal(err)
		}
		if s.Backend.Value != "server" || s.Backend.Source == config.SourceInferred {
			t.Errorf("%s: backend = %+v", name, s.Backend)
		}
	}
}

// TestContextLayer: a context overrides Prefect's environment and files, flags
// override the context, and the context's credential replaces Prefect's.
func TestContextLayer(t *testing.T) {
	t.Parallel()
	h := home(t, map[string]string{"config.toml": "[cloud]\napi_key = \"file-key\"\n"})
	env := []string{"HOME=" + h, "PREFECT__CLOUD__API=http://env:4200", "PREFECT__CLOUD__AUTH_TOKEN=env-token"}
	ctx := &config.Context{Name: "prod", API: "https://prefect.example.com", Backend: "server"}
	s, err := config.Load(config.Options{Environ: env, Context: ctx})
	if err != nil {
		t.Fatal(err)
	}
	if s.Endpoint != "https://prefect.example.com/graphql" || s.API.Where() != "context prod" || s.Backend.Where() != "context prod" {
		t.Errorf("API %q from %s, backend from %s", s.Endpoint, s.API.Where(), s.Backend.Where())
	}
	if s.APIKey.Set() || s.AuthToken.Set() {
		t.Errorf("Prefect's credentials leak into the context: key %v token %v", s.APIKey, s.AuthToken)
	}
	ctx = &config.Context{Name: "cloud", API: "https://api.prefect.io", APIKey: "ctx-key", CredentialFrom: "env PROD_KEY"}
	s, err = config.Load(config.Options{Environ: env, Context: ctx, Flags: config.Flags{API: "http://flag:4200"}})
	if err != nil {
		t.Fatal(err)
	}
	if s.Endpoint != "http://flag:4200/graphql" || s.APIKey.Value != "ctx-key" || s.APIKey.Where() != "context cloud, env PROD_KEY" {
		t.Errorf("endpoint %q, key %+v (%s)", s.Endpoint, s.APIKey, s.APIKey.Where())
	}
	if s.Backend.Source != config.SourceDefault {
		t.Errorf("a context without a backend set it: %+v", s.Backend)
	}
}
