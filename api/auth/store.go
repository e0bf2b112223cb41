// Package auth is prefect-tui's login state for Prefect Cloud: where the credential of a
// run comes from (flags, environment, config.toml, the saved login, Prefect's own
// auth.toml), the saved login itself (OS keyring first, a 0600 file where no keyring
// service exists), and the USER-token flow (switch_tenant access tokens kept in memory
// and refreshed before they expire) as api.Credentials.
//
// No function here ever returns a secret inside an error or a String(): credentials are
// shown by fingerprint (api.Fingerprint) only.
package auth

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/zalando/go-keyring"
)

// KeyringService is the service name of prefect-tui's keyring entries; the entry's user
// is the API URL, so each API keeps its own login.
const KeyringService = "prefect-tui"

// Kind says what a credential is.
type Kind string

// The kinds of credential.
const (
	KindToken  Kind = "token"   // a Prefect API token (USER, TENANT or RUNNER scope)
	KindAPIKey Kind = "api_key" // a Prefect API key
)

// Saved is the login kept between runs for one API URL.
type Saved struct {
	Kind   Kind   `json:"kind"`
	Secret string `json:"secret"`
	// TenantID and TenantSlug are the active tenant ("" when none is chosen yet).
	TenantID   string `json:"tenant_id,omitempty"`
	TenantSlug string `json:"tenant_slug,omitempty"`
	// Scope is the token's scope when known (USER, TENANT, RUNNER).
	Scope string    `json:"scope,omitempty"`
	Saved time.Time `json:"saved"`
}

// String never shows the secret.
func (s Saved) String() string {
	return fmt.Sprintf("%s %s", s.Kind, fingerprint(s.Secret))
}

// Store keeps saved logins.
type Store interface {
	// Load returns the saved login for the API URL; ok is false when there is none.
	Load(apiURL string) (s Saved, ok bool, err error)
	// Save replaces the saved login for the API URL.
	Save(apiURL string, s Saved) error
	// Delete forgets the saved login for the API URL (no error when there is none).
	Delete(apiURL string) error
	// Where describes the store for people: "OS keyring", "file /home/me/...".
	Where() string
}

// ErrNoKeyring means the OS keyring service is not reachable.
var ErrNoKeyring = errors.New("no OS keyring service is available")

// KeyringStore keeps logins in the OS keyring (Secret Service, macOS Keychain, Windows
// Credential Manager) through go-keyring.
type KeyringStore struct{}

// Where implements Store.
func (KeyringStore) Where() string { return "OS keyring" }

// Load implements Store.
func (KeyringStore) Load(apiURL string) (Saved, bool, error) {
	v, err := keyringCall(func() (string, error) { return keyring.Get(KeyringService, normalizeURL(apiURL)) })
	if errors.Is(err, keyring.ErrNotFound) {
		return Saved{}, false, nil
	}
	if err != nil {
		return Saved{}, false, fmt.Errorf("reading the OS keyring: %w", err)
	}
	var s Saved
	if err := json.Unmarshal([]byte(v), &s); err != nil || s.Secret == "" {
		return Saved{}, false, errors.New("the saved login in the OS keyring is unreadable; log in again")
	}
	return s, true, nil
}

// Save implements Store.
func (KeyringStore) Save(apiURL string, s Saved) error {
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	_, err = keyringCall(func() (string, error) { return "", keyring.Set(KeyringService, normalizeURL(apiURL), string(b)) })
	if err != nil {
		return fmt.Errorf("writing the OS keyring: %w", err)
	}
	return nil
}

// Delete implements Store.
func (KeyringStore) Delete(apiURL string) error {
	_, err := keyringCall(func() (string, error) { return "", keyring.Delete(KeyringService, normalizeURL(apiURL)) })
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return fmt.Errorf("deleting from the OS keyring: %w", err)
	}
	return nil
}

// keyringTimeout bounds a keyring call: a Secret Service that is registered but never
// answers (a locked keyring waiting for a prompt nobody sees) must not hang the program.
var keyringTimeout = 5 * time.Second

func keyringCall(f func() (string, error)) (string, error) {
	type res struct {
		v   string
		err error
	}
	ch := make(chan res, 1)
	go func() {
		v, err := f()
		ch <- res{v, err}
	}()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-time.After(keyringTimeout):
		return "", fmt.Errorf("%w (it did not answer within %s)", ErrNoKeyring, keyringTimeout)
	}
}

// KeyringAvailable reports whether the OS keyring answers: a lookup of an entry that
// does not exist succeeds or says "not found".
func KeyringAvailable() error {
	_, err := keyringCall(func() (string, error) { return keyring.Get(KeyringService, "prefect-tui-probe") })
	if err == nil || errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	if errors.Is(err, ErrNoKeyring) {
		return err
	}
	return fmt.Errorf("%w: %s", ErrNoKeyring, firstLine(err.Error()))
}

// FileStore keeps logins in a JSON file readable only by the user (0600, in a 0700
// directory): the fallback where no keyring service exists.
type FileStore struct {
	Path string
	mu   sync.Mutex
}

// DefaultFilePath is credentials.json under os.UserConfigDir()/prefect-tui.
func DefaultFilePath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no config directory for the credentials file: %w", err)
	}
	return filepath.Join(dir, "prefect-tui", "credentials.json"), nil
}

// Where implements Store.
func (f *FileStore) Where() string { return "file " + f.Path }

func (f *FileStore) read() (map[string]Saved, error) {
	b, err := os.ReadFile(f.Path)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]Saved{}, nil
	}
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(f.Path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%s is readable by other users (mode %o): run chmod 600 on it", f.Path, fi.Mode().Perm())
	}
	m := map[string]Saved{}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s is not a credentials file", f.Path)
	}
	return m, nil
}

// Load implements Store.
func (f *FileStore) Load(apiURL string) (Saved, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, err := f.read()
	if err != nil {
		return Saved{}, false, err
	}
	s, ok := m[normalizeURL(apiURL)]
	return s, ok && s.Secret != "", nil
}

// Save implements Store.
func (f *FileStore) Save(apiURL string, s Saved) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, err := f.read()
	if err != nil {
		return err
	}
	m[normalizeURL(apiURL)] = s
	return f.write(m)
}

// Delete implements Store.
func (f *FileStore) Delete(apiURL string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, err := f.read()
	if err != nil {
		return err
	}
	if _, ok := m[normalizeURL(apiURL)]; !ok {
		return nil
	}
	delete(m, normalizeURL(apiURL))
	return f.write(m)
}

// write replaces the file atomically, created 0600 from the start.
func (f *FileStore) write(m map[string]Saved) error {
	dir := filepath.Dir(f.Path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".credentials-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), f.Path)
}

// normalizeURL is the key a login is saved under: the GraphQL endpoint without a
// trailing slash, so "http://h:4200" and "http://h:4200/graphql/" share one login.
func normalizeURL(u string) string {
	u = strings.TrimRight(strings.TrimSpace(u), "/")
	if !strings.HasSuffix(u, "/graphql") {
		u += "/graphql"
	}
	return u
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
