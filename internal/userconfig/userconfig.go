// Package userconfig is prefect-tui's own configuration file,
// $XDG_CONFIG_HOME/prefect-tui/config.toml: named contexts (an API with its backend,
// credential reference, tenant, read-only flag and colour), the current context, the
// theme and the explorer's command aliases. Prefect's own files (~/.prefect) are never
// written; with no context chosen, they make the "default" context (api/config).
//
// Writes go through Update: under a file lock, the file is read again, changed and
// replaced atomically, so two processes never lose each other's change. The file is
// rewritten from its values: comments are not kept.
//
//	current-context = "prod"
//	theme = "auto"            # auto | dark | light | none
//	export-dir = "~/prefect-exports"   # where exports go (default: the current directory)
//
//	[aliases]
//	ff = "runs Failed"
//
//	[contexts.prod]
//	api = "https://prefect.example.com"
//	backend = "server"
//	read-only = true
//	color = "red"
//
//	[contexts.cloud]
//	api = "https://api.prefect.io"
//	backend = "cloud"
//	credential = "env:PREFECT_CLOUD_KEY"   # saved (default) | env:NAME | file:PATH
//	credential-kind = "api-key"            # api-key (default) | token
//	tenant = "production"
package userconfig

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/prefect-tui/prefect-tui/api/history/atomicfile"
)

// DefaultContext names the context made from Prefect's own configuration: the one in
// use when no other is chosen.
const DefaultContext = "default"

// Themes are the values of theme: auto asks the terminal for its background.
var Themes = []string{"auto", "dark", "light", "none"}

// Colors are the values of a context's color: the 16 ANSI colours by name.
var Colors = []string{"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	"bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue", "bright-magenta", "bright-cyan", "bright-white"}

// Config is the whole file.
type Config struct {
	CurrentContext string `toml:"current-context,omitempty"`
	Theme          string `toml:"theme,omitempty"`
	// ExportDir is where the explorer writes exports (logs `e`, the query editor's
	// `x`): an absolute path or one under ~ ("": the current directory).
	ExportDir string             `toml:"export-dir,omitempty"`
	Aliases   map[string]string  `toml:"aliases,omitempty"`
	Contexts  map[string]Context `toml:"contexts,omitempty"`
}

// Context is one named Prefect API and how to use it.
type Context struct {
	// API is the API URL (as --api).
	API string `toml:"api" json:"api,omitempty"`
	// Backend is server or cloud ("": as without a context, from the credential).
	Backend string `toml:"backend,omitempty" json:"backend,omitempty"`
	// Credential says where the secret is, never the secret itself: "saved" (or ""),
	// the login `prefect-tui auth login` saved for API; "env:NAME", an environment
	// variable; "file:PATH", the first line of a file (~ is the home directory).
	Credential string `toml:"credential,omitempty" json:"credential,omitempty"`
	// CredentialKind is what Credential holds: api-key ("") or token.
	CredentialKind string `toml:"credential-kind,omitempty" json:"credential_kind,omitempty"`
	// Tenant is the tenant to use, by slug or id ("": the credential's).
	Tenant string `toml:"tenant,omitempty" json:"tenant,omitempty"`
	// ReadOnly hides and disables every action that changes data (as --read-only).
	ReadOnly bool `toml:"read-only,omitempty" json:"read_only,omitempty"`
	// Color is the colour of the explorer's tenant band in this context (Colors).
	Color string `toml:"color,omitempty" json:"color,omitempty"`
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// ValidName reports whether name can name a context or an alias.
func ValidName(name string) error {
	if !nameRE.MatchString(name) || len(name) > 64 {
		return fmt.Errorf("%q is not a valid name (letters, digits, '.', '_', '-')", name)
	}
	return nil
}

// Validate checks a context's values.
func (c Context) Validate() error {
	u, err := url.Parse(strings.TrimSpace(c.API))
	if c.API == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("api %q is not an http(s) URL", c.API)
	}
	switch c.Backend {
	case "", "server", "cloud":
	default:
		return fmt.Errorf("backend must be server or cloud, not %q", c.Backend)
	}
	switch kind, _, _ := strings.Cut(c.Credential, ":"); {
	case c.Credential == "" || c.Credential == "saved":
	case (kind == "env" || kind == "file") && len(c.Credential) > len(kind)+1:
	default:
		// Not echoed: a secret pasted here by mistake must not be printed.
		return errors.New("credential must be saved, env:NAME or file:PATH (where the secret is, never the secret itself)")
	}
	switch c.CredentialKind {
	case "", "api-key", "token":
	default:
		return fmt.Errorf("credential-kind must be api-key or token, not %q", c.CredentialKind)
	}
	if c.Color != "" && !contains(Colors, c.Color) {
		return fmt.Errorf("color must be one of %s, not %q", strings.Join(Colors, ", "), c.Color)
	}
	return nil
}

// Validate checks the whole file: names, contexts, theme, aliases and that the
// current context exists.
func (c *Config) Validate() error {
	if c.Theme != "" && !contains(Themes, c.Theme) {
		return fmt.Errorf("theme must be %s, not %q", strings.Join(Themes, ", "), c.Theme)
	}
	if d := c.ExportDir; d != "" && d != "~" && !strings.HasPrefix(d, "~/") && !filepath.IsAbs(d) {
		return fmt.Errorf("export-dir must be an absolute path or start with ~/, not %q", d)
	}
	for _, name := range c.Names() {
		if name == DefaultContext {
			return fmt.Errorf("context %q: the name is taken by Prefect's own configuration", name)
		}
		if err := ValidName(name); err != nil {
			return fmt.Errorf("context %w", err)
		}
		if err := c.Contexts[name].Validate(); err != nil {
			return fmt.Errorf("context %s: %w", name, err)
		}
	}
	for name, target := range c.Aliases {
		if err := ValidName(name); err != nil {
			return fmt.Errorf("alias %w", err)
		}
		if strings.TrimSpace(target) == "" {
			return fmt.Errorf("alias %s is empty", name)
		}
	}
	if cur := c.CurrentContext; cur != "" && cur != DefaultContext {
		if _, ok := c.Contexts[cur]; !ok {
			return fmt.Errorf("current-context %q is not a context here", cur)
		}
	}
	return nil
}

// Names are the contexts' names, sorted.
func (c *Config) Names() []string {
	names := make([]string, 0, len(c.Contexts))
	for n := range c.Contexts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Current is the context in use: CurrentContext, or DefaultContext when none is set.
func (c *Config) Current() string {
	if c.CurrentContext == "" {
		return DefaultContext
	}
	return c.CurrentContext
}

// Parse reads a config file's content, refusing keys it does not know (a typo must
// not be silently ignored) and values Validate refuses. path names the file in errors.
func Parse(path string, data []byte) (*Config, error) {
	c := &Config{}
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(c)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		return nil, fmt.Errorf("%s: unknown setting %q", path, un[0].String())
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// Load reads the file at path; a file that does not exist is an empty Config.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return &Config{}, nil
	}
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Encode writes the config as TOML.
func (c *Config) Encode() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("# prefect-tui's settings: contexts, theme, aliases (prefect-tui context --help).\n")
	if err := toml.NewEncoder(&buf).Encode(c); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Update changes the file at path under a lock: it reads the file as it is now, calls
// change, validates the result and replaces the file atomically (mode 0600). An error
// from change or from validation leaves the file as it was.
func Update(path string, change func(*Config) error) error {
	return atomicfile.Update(path, func(old []byte) ([]byte, error) {
		c := &Config{}
		if len(old) > 0 {
			var err error
			if c, err = Parse(path, old); err != nil {
				return nil, err
			}
		}
		if err := change(c); err != nil {
			return nil, err
		}
		if err := c.Validate(); err != nil {
			return nil, err
		}
		return c.Encode()
	})
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
