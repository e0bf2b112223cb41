package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/prefect-tui/prefect-tui/server/engine"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// Secret prefixes tell the kinds of credential apart without a lookup; JWTs have dots.
const (
	tokenPrefix = "pct_" // API token
	keyPrefix   = "pck_" // API key
)

// newSecret returns prefix + 256 random bits, URL-safe.
func newSecret(prefix string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// hashSecret is what the store keeps of a token or key: hex SHA-256. The secrets are
// 256 random bits, so a fast hash is enough (no dictionary to guard against).
func hashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// Unauthenticated is the error every credential failure returns: it never says which
// part was wrong beyond a short reason, and never echoes the credential.
func Unauthenticated(reason string) *engine.Error {
	return &engine.Error{Message: "Unauthenticated: " + reason, Code: "UNAUTHENTICATED"}
}

func apiError(msg string) *engine.Error { return &engine.Error{Message: msg, Code: "API_ERROR"} }

// forbidden refuses an operation the credential is not allowed: Prefect's FORBIDDEN
// (the client raises it at once; API_ERROR would be retried six times).
func forbidden(msg string) *engine.Error {
	return &engine.Error{Message: "Unauthorized: " + msg, Code: engine.CodeForbidden}
}

func notFoundErr(msg string) *engine.Error { return &engine.Error{Message: msg, Code: "NOT_FOUND"} }

func badInput(msg string) *engine.Error { return &engine.Error{Message: msg, Code: "BAD_USER_INPUT"} }

// tokenRow is one API token as stored (less its hash).
type tokenRow struct {
	ID, Scope, TenantID, UserID string
	ExpiresAt                   sql.NullString
}

// CreateToken stores a new API token and returns its id and the secret, which is shown
// once and never stored. tenantID is "" for USER tokens.
func (s *Service) CreateToken(ctx context.Context, userID, tenantID, name, scope string, expiresAt *time.Time) (id, secret string, err error) {
	secret, err = newSecret(tokenPrefix)
	if err != nil {
		return "", "", err
	}
	id = uuid.NewString()
	now := s.nowStr()
	var exp any
	if expiresAt != nil {
		exp = store.FormatTime(*expiresAt)
	}
	var tid any
	if tenantID != "" {
		tid = tenantID
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO cloud_api_token
		(id, name, scope, created, updated, expires_at, tenant_id, user_id, token_hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, name, scope, now, now, exp, tid, userID, hashSecret(secret))
	if err != nil {
		return "", "", err
	}
	return id, secret, nil
}

// CreateKey stores a new API key for userID and returns its id and secret (shown once).
func (s *Service) CreateKey(ctx context.Context, userID, name, defaultTenantID string, expiresAt *time.Time) (id, secret string, err error) {
	secret, err = newSecret(keyPrefix)
	if err != nil {
		return "", "", err
	}
	id = uuid.NewString()
	now := s.nowStr()
	var exp, tid any
	if expiresAt != nil {
		exp = store.FormatTime(*expiresAt)
	}
	if defaultTenantID != "" {
		tid = defaultTenantID
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO cloud_api_key
		(id, name, created, updated, expires_at, default_tenant_id, user_id, key_hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, name, now, now, exp, tid, userID, hashSecret(secret))
	if err != nil {
		return "", "", err
	}
	return id, secret, nil
}

// lookupToken finds an API token by its secret; expired tokens are refused.
func (s *Service) lookupToken(ctx context.Context, secret string) (tokenRow, error) {
	var t tokenRow
	var tenant, user sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT id, scope, tenant_id, user_id, expires_at
		FROM cloud_api_token WHERE token_hash = ?`, hashSecret(secret)).
		Scan(&t.ID, &t.Scope, &tenant, &user, &t.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return t, Unauthenticated("invalid API token")
	}
	if err != nil {
		return t, err
	}
	t.TenantID, t.UserID = tenant.String, user.String
	if s.expired(t.ExpiresAt) {
		return t, Unauthenticated("API token expired")
	}
	s.touchToken(ctx, t.ID)
	return t, nil
}

// touchToken records last_used, at most once a minute per token (a write per request
// would serialise every read behind SQLite's writer lock).
func (s *Service) touchToken(ctx context.Context, id string) {
	now := s.now()
	if !s.cache.shouldTouch(id, now) {
		return
	}
	_, _ = s.db.ExecContext(ctx, `UPDATE cloud_api_token SET last_used = ?
		WHERE id = ? AND (last_used IS NULL OR last_used < ?)`,
		store.FormatTime(now), id, store.FormatTime(now.Add(-time.Minute)))
}

type keyRow struct {
	ID, UserID, DefaultTenantID string
	// ExpiresAt is when the key expires (zero: never).
	ExpiresAt time.Time
}

func (s *Service) lookupKey(ctx context.Context, secret string) (keyRow, error) {
	var k keyRow
	var tenant, exp sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT id, user_id, default_tenant_id, expires_at
		FROM cloud_api_key WHERE key_hash = ?`, hashSecret(secret)).Scan(&k.ID, &k.UserID, &tenant, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return k, Unauthenticated("invalid API key")
	}
	if err != nil {
		return k, err
	}
	if s.expired(exp) {
		return k, Unauthenticated("API key expired")
	}
	k.DefaultTenantID, k.ExpiresAt = tenant.String, expiry(exp)
	return k, nil
}

func (s *Service) expired(exp sql.NullString) bool {
	t := expiry(exp)
	return !t.IsZero() && !s.now().Before(t)
}

// expiry reads a stored expiry time: zero for none (or one that does not parse, which
// never expires).
func expiry(exp sql.NullString) time.Time {
	if !exp.Valid || exp.String == "" {
		return time.Time{}
	}
	t, err := store.ParseTime(exp.String)
	if err != nil {
		return time.Time{}
	}
	return t
}

// role returns the user's role in the tenant, "" when not a member.
func (s *Service) role(ctx context.Context, userID, tenantID string) (string, error) {
	var role string
	err := s.db.QueryRowContext(ctx, `SELECT role FROM cloud_membership WHERE user_id = ? AND tenant_id = ?`,
		userID, tenantID).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return role, err
}

// cachedRole is role read through the cache.
func (s *Service) cachedRole(ctx context.Context, userID, tenantID string) (string, error) {
	v, ok := s.cache.current(ctx)
	key := [2]string{userID, tenantID}
	if ok {
		if e, hit := s.cache.roles.Get(key); hit && e.v == v {
			return e.val, nil
		}
	}
	role, err := s.role(ctx, userID, tenantID)
	if err == nil && ok {
		s.cache.roles.Add(key, versioned[string]{v, role})
	}
	return role, err
}

// UserTenants returns the ids of the tenants the user is a member of: the only tenant
// rows a USER-scoped principal may read.
func (s *Service) UserTenants(ctx context.Context, userID string) ([]string, error) {
	v, ok := s.cache.current(ctx)
	if ok {
		if e, hit := s.cache.tenants.Get(userID); hit && e.v == v {
			return slices.Clone(e.val), nil
		}
	}
	ids, err := store.Strings(ctx, s.db, `SELECT tenant_id FROM cloud_membership WHERE user_id = ? ORDER BY tenant_id`, userID)
	if err == nil && ok {
		s.cache.tenants.Add(userID, versioned[[]string]{v, slices.Clone(ids)})
	}
	return ids, err
}

// classify says what kind of secret a bearer value is.
func classify(secret string) string {
	switch {
	case strings.HasPrefix(secret, tokenPrefix):
		return "token"
	case strings.HasPrefix(secret, keyPrefix):
		return "key"
	case strings.Count(secret, ".") == 2:
		return "jwt"
	}
	return ""
}
