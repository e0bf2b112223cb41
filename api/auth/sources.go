package auth

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/config"
)

// Credential is the credential a run uses and where it came from.
type Credential struct {
	Kind   Kind
	Secret string
	// TenantID / TenantSlug: the tenant to use ("" when not chosen).
	TenantID   string
	TenantSlug string
	// Scope is the token scope when known (USER, TENANT, RUNNER).
	Scope string
	// Source says where the credential came from, for `auth status`: "flag --token",
	// "env PREFECT__CLOUD__API_KEY", "config file /home/me/.prefect/config.toml",
	// "saved login (OS keyring)", "Prefect's auth.toml (/home/me/.prefect/auth.toml)".
	Source string
	// FromSaved is true for the saved login (logout forgets it; other sources are the
	// user's files and environment, which prefect-tui never edits).
	FromSaved bool
}

// String never shows the secret: "API key …a1b2 (from env PREFECT__CLOUD__API_KEY)".
func (c Credential) String() string {
	what := "API token"
	if c.Kind == KindAPIKey {
		what = "API key"
	} else if c.Scope != "" {
		what = c.Scope + " token"
	}
	return fmt.Sprintf("%s %s (from %s)", what, fingerprint(c.Secret), c.Source)
}

// fingerprint is api.Fingerprint: the last four characters at most.
func fingerprint(s string) string { return api.Fingerprint(s) }

// ErrNoCredential means no source had a credential.
var ErrNoCredential = errors.New("not logged in: run `prefect-tui auth login --token T` or `--api-key K`, or set PREFECT__CLOUD__API_KEY")

// Resolve finds the credential for apiURL, strongest source first: --token/--api-key
// flags, then PREFECT__CLOUD__AUTH_TOKEN / PREFECT__CLOUD__API_KEY, then
// ~/.prefect/config.toml (cloud.auth_token, cloud.api_key) — those three as resolved by
// api/config — then the saved login, then Prefect's own auth.toml (read only). Within
// one source an API key wins over a token, as in Prefect 0.15. cloud.tenant_id /
// PREFECT__CLOUD__TENANT_ID / --tenant-id override the tenant of any source.
// st may be nil (no saved login). It returns ErrNoCredential when there is none.
func Resolve(s *config.Settings, apiURL string, st Store) (Credential, error) {
	var c Credential
	key, tok := s.APIKey, s.AuthToken
	switch {
	case key.Set() && (!tok.Set() || key.Source >= tok.Source):
		c = Credential{Kind: KindAPIKey, Secret: key.Value, Source: where(key, "--api-key")}
	case tok.Set():
		c = Credential{Kind: KindToken, Secret: tok.Value, Source: where(tok, "--token")}
	}
	if c.Secret == "" && st != nil {
		saved, ok, err := st.Load(apiURL)
		if err != nil {
			return Credential{}, err
		}
		if ok {
			c = Credential{Kind: saved.Kind, Secret: saved.Secret, TenantID: saved.TenantID,
				TenantSlug: saved.TenantSlug, Scope: saved.Scope, FromSaved: true,
				Source: "saved login (" + WhereSaved(st, apiURL) + ")"}
		}
	}
	if c.Secret == "" {
		p := filepath.Join(s.HomeDir, "auth.toml")
		key, tenant, err := ReadPrefectAuthTOML(p, apiURL)
		if err != nil {
			return Credential{}, err
		}
		if key != "" {
			c = Credential{Kind: KindAPIKey, Secret: key, TenantID: tenant, Source: "Prefect's auth.toml (" + p + ")"}
		}
	}
	if c.Secret == "" {
		return Credential{}, ErrNoCredential
	}
	if s.TenantID.Set() && s.TenantID.Value != c.TenantID {
		c.TenantID, c.TenantSlug = s.TenantID.Value, ""
	}
	api.RegisterSecret(c.Secret)
	return c, nil
}

func where(v config.Value, flag string) string {
	if v.Source == config.SourceFlag && v.Origin == "" {
		return "flag " + flag
	}
	return v.Where()
}

var slugRE = regexp.MustCompile(`[^-.a-z0-9]+`)

// PrefectAuthSection is the table of ~/.prefect/auth.toml for an API URL: Prefect
// slugifies the URL's host[:port] (python-slugify with [^-.a-z0-9]+ → "-").
func PrefectAuthSection(apiURL string) string {
	u, err := url.Parse(strings.TrimSpace(apiURL))
	host := apiURL
	if err == nil && u.Host != "" {
		host = u.Host
	}
	s := slugRE.ReplaceAllString(strings.ToLower(host), "-")
	return strings.Trim(s, "-")
}

// ReadPrefectAuthTOML reads the API key and tenant Prefect 1.x saved for apiURL ("" when
// the file or the section does not exist). The file is never written.
func ReadPrefectAuthTOML(path, apiURL string) (key, tenantID string, err error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return "", "", nil
	}
	if err != nil {
		return "", "", err
	}
	var m map[string]struct {
		APIKey   string `toml:"api_key"`
		TenantID string `toml:"tenant_id"`
	}
	if _, err := toml.Decode(string(b), &m); err != nil {
		return "", "", fmt.Errorf("%s: not valid TOML", path)
	}
	sec := m[PrefectAuthSection(apiURL)]
	return strings.TrimSpace(sec.APIKey), strings.TrimSpace(sec.TenantID), nil
}
