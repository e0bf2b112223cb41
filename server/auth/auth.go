// Package auth is the Prefect Cloud half of the embedded server (`--cloud`): users,
// memberships with roles, API tokens (USER, TENANT, RUNNER) and API keys stored only as
// SHA-256 hashes, and switch_tenant access/refresh JWTs (HMAC, golang-jwt). It provides
// Authenticate, the hook the server calls on every request to turn the bearer
// credential into an engine.Principal, and the resolvers of the Cloud auth operations
// (create_api_token, switch_tenant, auth_info, ...), and RowPolicy, which rows of the
// Cloud tables each principal may read.
//
// Its tables are the catalog's Cloud tables (users, memberships, tokens, keys: read
// through the engine under RowPolicy; the secrets' hashes are private columns the API
// never serves) and two of its own (sessions, the signing secret).
package auth

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/prefect-tui/prefect-tui/server/store"
)

// Roles of a membership, as Prefect Cloud names them.
const (
	RoleAdmin    = "TENANT_ADMIN"
	RoleUser     = "USER"
	RoleReadOnly = "READ_ONLY_USER"
)

// Principal scopes the auth package produces (engine.Principal.Scope).
const (
	ScopeUser   = "USER"
	ScopeTenant = "TENANT"
	ScopeRunner = "RUNNER"
	ScopeAPIKey = "API_KEY"
	ScopeAccess = "ACCESS"
)

// DefaultAccessTokenTTL is the lifetime of switch_tenant access tokens.
const DefaultAccessTokenTTL = 10 * time.Minute

// RefreshTokenTTL is the lifetime of refresh tokens.
const RefreshTokenTTL = 7 * 24 * time.Hour

// Options configures the Service.
type Options struct {
	// AccessTokenTTL is the access tokens' lifetime (DefaultAccessTokenTTL when 0).
	AccessTokenTTL time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Service is Cloud auth over one store.
type Service struct {
	db     *store.DB
	secret []byte
	ttl    time.Duration
	now    func() time.Time
	// cache remembers verified credentials (cache.go).
	cache *credCache
}

// ddl creates the tables private to this package; the Cloud tables the API reads
// (cloud_user, cloud_membership, cloud_api_token, cloud_api_key) are the catalog's,
// created by the store.
var ddl = []string{
	// A session is one switch_tenant login: its refresh token's id, revoked on log_out,
	// on rotation (refresh_token) and when the API token behind it is deleted.
	`CREATE TABLE IF NOT EXISTS cloud_session (id TEXT PRIMARY KEY, user_id TEXT NOT NULL,
		tenant_id TEXT NOT NULL, api_token_id TEXT, refresh_jti TEXT NOT NULL, expires_at TEXT NOT NULL,
		revoked INTEGER NOT NULL DEFAULT 0)`,
	`CREATE TABLE IF NOT EXISTS cloud_config (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
}

// New creates the auth tables if needed and loads (or creates and persists) the JWT
// signing secret, so tokens survive a restart of a file-backed server.
func New(ctx context.Context, db *store.DB, opts Options) (*Service, error) {
	if db == nil {
		return nil, errors.New("auth: no database")
	}
	for _, stmt := range ddl {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return nil, fmt.Errorf("auth: migrate: %w", err)
		}
	}
	s := &Service{db: db, ttl: opts.AccessTokenTTL, now: opts.Now}
	if s.ttl <= 0 {
		s.ttl = DefaultAccessTokenTTL
	}
	if s.now == nil {
		s.now = time.Now
	}
	secret, err := s.loadSecret(ctx)
	if err != nil {
		return nil, err
	}
	s.secret = secret
	if err := s.initVersion(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// AccessTokenTTL returns the lifetime of the access tokens the service issues.
func (s *Service) AccessTokenTTL() time.Duration { return s.ttl }

func (s *Service) loadSecret(ctx context.Context) ([]byte, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM cloud_config WHERE key = 'jwt_secret'`).Scan(&v)
	if err == nil {
		b, derr := hex.DecodeString(v)
		if derr == nil && len(b) >= 32 {
			return b, nil
		}
	} else if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("auth: load secret: %w", err)
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO cloud_config (key, value) VALUES ('jwt_secret', ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, hex.EncodeToString(b))
	if err != nil {
		return nil, fmt.Errorf("auth: save secret: %w", err)
	}
	return b, nil
}

func (s *Service) nowStr() string { return store.FormatTime(s.now()) }
