// Package config resolves where prefect-tui connects and with which credentials, reading
// Prefect 1.x's own configuration exactly as the Python client does (core-1.x
// prefect/configuration.py): package defaults, ~/.prefect/config.toml, ~/.prefect/
// backend.toml, PREFECT__* environment variables, then ${dotted.key} interpolation.
// Command-line flags override all of it. Every value remembers where it came from, so
// `prefect-tui auth status` can say so.
//
// One deliberate difference: Prefect's package default is backend = "cloud"; prefect-tui
// defaults to "server" (http://localhost:4200), the API a fresh machine can run.
package config

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Source says where a setting came from, weakest first.
type Source int

// The sources of a setting, in increasing precedence.
const (
	SourceDefault Source = iota
	// SourceInferred is a default chosen from other facts (Options.DefaultBackend).
	SourceInferred
	SourceConfigFile
	SourceBackendFile
	SourceEnv
	// SourceContext is a named context of prefect-tui's own settings (Options.Context).
	SourceContext
	SourceFlag
)

// String names the source for people: "default", "config file", ...
func (s Source) String() string {
	switch s {
	case SourceConfigFile:
		return "config file"
	case SourceBackendFile:
		return "backend file"
	case SourceEnv:
		return "environment"
	case SourceFlag:
		return "flag"
	case SourceInferred:
		return "inferred"
	case SourceContext:
		return "context"
	}
	return "default"
}

// Value is a resolved setting and its origin.
type Value struct {
	Value  string
	Source Source
	// Origin is the file path, environment variable or flag ("--api"); "" for defaults.
	Origin string
}

// Set reports whether the value is non-empty.
func (v Value) Set() bool { return v.Value != "" }

// Where describes the origin for people: "flag --api", "env PREFECT__CLOUD__API",
// "config file /home/me/.prefect/config.toml", "default".
func (v Value) Where() string {
	switch v.Source {
	case SourceFlag:
		return "flag " + v.Origin
	case SourceEnv:
		return "env " + v.Origin
	case SourceConfigFile, SourceBackendFile:
		return v.Source.String() + " " + v.Origin
	case SourceInferred:
		return v.Origin
	case SourceContext:
		return "context " + v.Origin
	}
	return "default"
}

// Flags are command-line overrides; empty fields are not given.
type Flags struct {
	API       string // --api: cloud.api (an API root or a /graphql URL)
	Backend   string // --backend: server | cloud
	AuthToken string // --token: cloud.auth_token
	APIKey    string // --api-key: cloud.api_key
	TenantID  string // --tenant-id: cloud.tenant_id
}

// Options say what to read. The zero value reads the real environment and home.
type Options struct {
	// Environ is the environment as "KEY=value" pairs; nil means os.Environ().
	Environ []string
	// Flags override everything.
	Flags Flags
	// DefaultBackend, when its Value is set, replaces the built-in default backend and
	// nothing else: a backend set in a file, the environment or a flag still wins. Its
	// Origin says why it was chosen ("a Cloud credential in env PREFECT__CLOUD__API_KEY");
	// the resolved Backend then has Source SourceInferred.
	DefaultBackend Value
	// Context, when not nil, is the named context in use: it overrides Prefect's files
	// and environment, flags override it.
	Context *Context
}

// Context is a named context's connection values. Its credential replaces any that
// Prefect's files or environment give (empty: none from there; the saved login and
// Prefect's auth.toml for the context's API still apply).
type Context struct {
	// Name names the context; values from it say "context <Name>".
	Name string
	// API and Backend are cloud.api and backend ("" leaves them as they are).
	API, Backend string
	// APIKey, AuthToken and TenantID are cloud.api_key, cloud.auth_token and
	// cloud.tenant_id, set even when empty.
	APIKey, AuthToken, TenantID string
	// CredentialFrom says where the context's key or token was read ("env PROD_KEY").
	CredentialFrom string
}

// apply puts the context's values in with SourceContext.
func (c *Context) apply(f flat) {
	set := func(key, val, origin string) {
		f[key] = entry{val: val, src: SourceContext, origin: origin}
	}
	if c.Backend != "" {
		set("backend", c.Backend, c.Name)
	}
	if c.API != "" {
		set("cloud.api", c.API, c.Name)
	}
	cred := c.Name
	if c.CredentialFrom != "" {
		cred += ", " + c.CredentialFrom
	}
	set("cloud.api_key", c.APIKey, cred)
	set("cloud.auth_token", c.AuthToken, cred)
	set("cloud.tenant_id", c.TenantID, c.Name)
}

// Settings are the resolved connection settings.
type Settings struct {
	// Backend is "server" or "cloud".
	Backend Value
	// API is cloud.api: the API root Prefect's client posts to.
	API Value
	// Endpoint is the GraphQL URL prefect-tui posts to: API with "/graphql" appended
	// unless it already ends so. Prefect Server's Apollo gateway is mounted at "/" and
	// serves /graphql too, Cloud answered at /graphql (0.13's cloud.graphql), and the
	// embedded server serves both: one rule for every backend.
	Endpoint string
	// UI is the base URL of the web UI: server.ui.endpoint on Server; on Cloud the API
	// URL with "api-" removed or "api" replaced by "cloud" (client.get_cloud_url).
	UI Value
	// AuthToken, APIKey and TenantID are cloud.auth_token, cloud.api_key and
	// cloud.tenant_id ("" when unset). They are secrets: never print them.
	AuthToken, APIKey, TenantID Value
	// RequestTimeout is cloud.request_timeout.
	RequestTimeout time.Duration
	// HomeDir is Prefect's home_dir (~/.prefect unless PREFECT__HOME_DIR), where
	// auth.toml lives.
	HomeDir string
	// UserConfigPath and BackendConfigPath are the files consulted (read if present).
	UserConfigPath, BackendConfigPath string
	// Files lists the files that were read.
	Files []string

	all flat
}

// Get returns any resolved configuration value by dotted key ("cloud.queue_interval").
func (s *Settings) Get(key string) (any, bool) {
	e, ok := s.all[key]
	return e.val, ok
}

// Load resolves the settings.
func Load(opts Options) (*Settings, error) {
	environ := opts.Environ
	if environ == nil {
		environ = os.Environ()
	}
	env := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	x := expander{env: env, home: env["HOME"]}
	if x.home == "" {
		x.home, _ = os.UserHomeDir()
	}

	f := flat{}
	var defaults map[string]any
	if _, err := toml.Decode(defaultConfig, &defaults); err != nil {
		return nil, fmt.Errorf("built-in defaults: %w", err)
	}
	f.merge("", defaults, SourceDefault, "")

	s := &Settings{}
	s.UserConfigPath = pathSetting(x, env, "PREFECT__USER_CONFIG_PATH", "~/.prefect/config.toml")
	s.BackendConfigPath = pathSetting(x, env, "PREFECT__BACKEND_CONFIG_PATH", "~/.prefect/backend.toml")
	for _, file := range []struct {
		path string
		src  Source
	}{{s.UserConfigPath, SourceConfigFile}, {s.BackendConfigPath, SourceBackendFile}} {
		ok, err := loadFile(f, file.path, file.src)
		if err != nil {
			return nil, err
		}
		if ok {
			s.Files = append(s.Files, file.path)
		}
	}

	applyEnv(f, env, x)
	for _, k := range f.keys() {
		e := f[k]
		e.val = x.interpolateEnv(e.val)
		f[k] = e
	}
	if opts.Context != nil {
		opts.Context.apply(f)
	}
	applyFlags(f, opts.Flags)
	if b := opts.DefaultBackend; b.Value != "" && f["backend"].src == SourceDefault {
		f["backend"] = entry{val: b.Value, src: SourceInferred, origin: b.Origin}
	}
	f.interpolateRefs()
	s.all = f
	return s, s.resolve()
}

// pathSetting is a file path from the environment or its default, expanded.
func pathSetting(x expander, env map[string]string, name, def string) string {
	p := def
	if v, ok := env[name]; ok && v != "" {
		p = v
	}
	s, _ := x.interpolateEnv(p).(string)
	return s
}

// loadFile merges a TOML file if it exists.
func loadFile(f flat, path string, src Source) (bool, error) {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() {
		return false, nil
	}
	var doc map[string]any
	if _, err := toml.DecodeFile(path, &doc); err != nil {
		return false, fmt.Errorf("reading %s: %w", path, err)
	}
	f.merge("", doc, src, path)
	return true, nil
}

// applyEnv adds PREFECT__SECTION__KEY=value variables: "__" nests, names are
// lower-cased (but keys under context.secrets keep their case), values are typed.
func applyEnv(f flat, env map[string]string, x expander) {
	const prefix = "PREFECT__"
	for name, v := range env {
		if !strings.HasPrefix(name, prefix) || len(name) == len(prefix) {
			continue
		}
		parts := strings.Split(name[len(prefix):], "__")
		for i := range parts {
			if i >= 2 && strings.EqualFold(parts[0], "context") && strings.EqualFold(parts[1], "secrets") {
				break
			}
			parts[i] = strings.ToLower(parts[i])
		}
		f[strings.Join(parts, ".")] = entry{val: stringToType(asString(x.interpolateEnv(v))), src: SourceEnv, origin: name}
	}
}

func asString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return pyStr(v)
}

// applyFlags puts the flags in before key interpolation, so --backend also steers
// ${${backend}.endpoint}.
func applyFlags(f flat, fl Flags) {
	set := func(key, val, flag string) {
		if val != "" {
			f[key] = entry{val: val, src: SourceFlag, origin: flag}
		}
	}
	set("backend", fl.Backend, "--backend")
	set("cloud.api", fl.API, "--api")
	set("cloud.auth_token", fl.AuthToken, "--token")
	set("cloud.api_key", fl.APIKey, "--api-key")
	set("cloud.tenant_id", fl.TenantID, "--tenant-id")
}

// resolve fills the typed fields from the flat configuration.
func (s *Settings) resolve() error {
	s.Backend = s.value("backend")
	switch s.Backend.Value {
	case "server", "cloud":
	default:
		return fmt.Errorf("backend is %q (%s); it must be \"server\" or \"cloud\"", s.Backend.Value, s.Backend.Where())
	}
	s.API = s.value("cloud.api")
	s.API.Value = strings.TrimSpace(s.API.Value)
	u, err := url.Parse(s.API.Value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("the API URL %q (%s) is not an http(s) URL", s.API.Value, s.API.Where())
	}
	s.Endpoint = GraphQLEndpoint(s.API.Value)
	if s.Backend.Value == "server" {
		s.UI = s.value("server.ui.endpoint")
	} else {
		s.UI = s.API
		s.UI.Value = CloudUIURL(s.API.Value)
	}
	s.AuthToken = s.value("cloud.auth_token")
	s.APIKey = s.value("cloud.api_key")
	s.TenantID = s.value("cloud.tenant_id")
	s.RequestTimeout = 15 * time.Second
	if e, ok := s.all["cloud.request_timeout"]; ok {
		switch t := e.val.(type) {
		case int64:
			s.RequestTimeout = time.Duration(t) * time.Second
		case float64:
			s.RequestTimeout = time.Duration(t * float64(time.Second))
		case string:
			if n, err := time.ParseDuration(t + "s"); err == nil {
				s.RequestTimeout = n
			}
		}
	}
	if s.RequestTimeout <= 0 {
		s.RequestTimeout = 15 * time.Second
	}
	s.HomeDir = s.value("home_dir").Value
	return nil
}

// value reads a key as a string Value ("" when absent or null).
func (s *Settings) value(key string) Value {
	e, ok := s.all[key]
	if !ok || e.val == nil {
		return Value{}
	}
	return Value{Value: asString(e.val), Source: e.src, Origin: e.origin}
}

// GraphQLEndpoint is the URL prefect-tui posts to for an API root: api + "/graphql"
// unless it already ends in /graphql.
func GraphQLEndpoint(api string) string {
	api = strings.TrimRight(strings.TrimSpace(api), "/")
	if strings.HasSuffix(api, "/graphql") {
		return api
	}
	return api + "/graphql"
}

// CloudUIURL derives the Cloud web UI from the API URL as Prefect's get_cloud_url does:
// https://api.prefect.io -> https://cloud.prefect.io, https://api-beta.x -> https://beta.x.
func CloudUIURL(api string) string {
	api = strings.TrimSuffix(strings.TrimRight(api, "/"), "/graphql")
	if strings.Contains(api, "api-") {
		return strings.ReplaceAll(api, "api-", "")
	}
	return strings.ReplaceAll(api, "api", "cloud")
}
