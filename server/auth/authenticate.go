package auth

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/prefect-tui/prefect-tui/server/engine"
)

// BearerToken returns the credential of an Authorization header ("" when there is none)
// and whether the header was well-formed.
func BearerToken(r *http.Request) (string, bool) {
	h := strings.TrimSpace(r.Header.Get("Authorization"))
	if h == "" {
		return "", true
	}
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		return "", false
	}
	return strings.TrimSpace(tok), true
}

// Authenticate turns a request's credential into the principal the engine scopes data
// by. Every Cloud principal either has a TenantID (exactly one tenant's data) or the
// USER scope (no tenant data; the tenant rows of its memberships only): the engine
// treats any other tenant-less principal as unlimited, which only Server mode may be.
// Role is the member's role in TenantID, for every credential that acts for a member.
//
//   - USER API token            → {Scope USER, UserID}
//   - TENANT API token          → {Scope TENANT, TenantID, UserID (its creator), Role
//     (the creator's: a TENANT token adopts its creator's permissions in its tenant)}
//   - RUNNER API token          → {Scope RUNNER, TenantID, UserID (its creator)}
//   - switch_tenant access JWT  → {Scope ACCESS, TenantID, UserID, Role}
//   - API key + X-PREFECT-TENANT-ID (a tenant the key's user belongs to)
//     → {Scope API_KEY, TenantID, UserID, Role}; without the header the key acts in its
//     default tenant (keyTenant), as Prefect Cloud does, and as its user (Scope USER,
//     no tenant) only when the user belongs to no tenant.
//   - refresh JWT → {Scope USER} without a user: it can only be spent on refresh_token
//     and log_out, which read Request.Token themselves.
//
// Missing, malformed, unknown, expired or revoked credentials are UNAUTHENTICATED, and
// so is a credential whose user is no longer a member of its tenant.
func (s *Service) Authenticate(r *http.Request) (engine.Principal, error) {
	tok, ok := BearerToken(r)
	if !ok {
		return engine.Principal{}, Unauthenticated("Malformed Authorization header")
	}
	if tok == "" {
		return engine.Principal{}, Unauthenticated("no credentials: send Authorization: Bearer <API key or token>")
	}
	return s.principal(r.Context(), tok, r.Header.Get("X-Prefect-Tenant-Id"))
}

// principal is the principal tok (sent with tenantHeader) stands for: from the cache
// when it was verified at the current version of the auth tables and has not expired,
// else verified now (and cached when valid).
func (s *Service) principal(ctx context.Context, tok, tenantHeader string) (engine.Principal, error) {
	v, ok := s.cache.current(ctx)
	var key [32]byte
	if ok {
		key = credKey(tok, tenantHeader)
		if e, hit := s.cache.principalFor(key, v, s.now()); hit {
			if e.tokenID != "" {
				s.touchToken(ctx, e.tokenID)
			}
			return e.p, nil
		}
	}
	var c cachedPrincipal
	p, err := s.verify(ctx, tok, tenantHeader, &c)
	if err == nil && ok {
		c.v, c.p = v, p
		s.cache.principals.Add(key, c)
	}
	return p, err
}

// verify reads tok's principal from the store; into gets when it expires and the API
// token it is.
func (s *Service) verify(ctx context.Context, tok, tenantHeader string, into *cachedPrincipal) (engine.Principal, error) {
	p := engine.Principal{Cloud: true}
	switch classify(tok) {
	case "token":
		t, err := s.lookupToken(ctx, tok)
		if err != nil {
			return p, err
		}
		into.tokenID, into.expires = t.ID, expiry(t.ExpiresAt)
		p.UserID, p.Scope = t.UserID, t.Scope
		if t.Scope == ScopeUser {
			return p, nil
		}
		if t.TenantID == "" {
			return p, Unauthenticated("invalid API token")
		}
		p.TenantID = t.TenantID
		if t.Scope == ScopeTenant {
			return s.withRole(ctx, p, "the token's creator is no longer a member of its tenant")
		}
		return p, nil
	case "key":
		k, err := s.lookupKey(ctx, tok)
		if err != nil {
			return p, err
		}
		into.expires = k.ExpiresAt
		p.UserID = k.UserID
		tenant := strings.TrimSpace(tenantHeader)
		if tenant == "" {
			if tenant, err = s.keyTenant(ctx, k); err != nil {
				return p, err
			}
			if tenant == "" {
				p.Scope = ScopeUser
				return p, nil
			}
		} else if _, err := uuid.Parse(tenant); err != nil {
			return p, Unauthenticated("X-PREFECT-TENANT-ID is not a tenant id")
		}
		p.TenantID, p.Scope = tenant, ScopeAPIKey
		return s.withRole(ctx, p, "this API key is not valid for that tenant")
	case "jwt":
		if c, err := s.parse(tok, "access", true); err == nil {
			sess, err := s.sessionRow(ctx, c.SessionID)
			if err != nil {
				return p, err
			}
			into.expires = earliest(c.ExpiresAt.Time, sess.expires)
			p.UserID, p.TenantID, p.Scope = c.UserID, c.TenantID, ScopeAccess
			return s.withRole(ctx, p, "no longer a member of this tenant")
		} else if rc, rerr := s.parse(tok, "refresh", true); rerr == nil {
			into.expires = rc.ExpiresAt.Time
			p.Scope = ScopeUser
			return p, nil
		} else {
			return p, err
		}
	}
	return p, Unauthenticated("invalid API token")
}

// withRole sets p.Role to its user's role in p.TenantID; a user who is not a member is
// UNAUTHENTICATED with reason.
func (s *Service) withRole(ctx context.Context, p engine.Principal, reason string) (engine.Principal, error) {
	role, err := s.role(ctx, p.UserID, p.TenantID)
	if err != nil {
		return p, err
	}
	if role == "" {
		return p, Unauthenticated(reason)
	}
	p.Role = role
	return p, nil
}

// keyTenant is the tenant an API key acts in without X-PREFECT-TENANT-ID: its default
// tenant, else its user's default membership's tenant, else the user's first
// membership ("" when the user belongs to no tenant). A key created without a default
// tenant (as `prefect auth create-key` does) so still logs in.
func (s *Service) keyTenant(ctx context.Context, k keyRow) (string, error) {
	if k.DefaultTenantID != "" {
		return k.DefaultTenantID, nil
	}
	var tenant string
	err := s.db.QueryRowContext(ctx, `SELECT m.tenant_id FROM cloud_membership AS m WHERE m.user_id = ?1
		ORDER BY m.id = (SELECT default_membership_id FROM cloud_user WHERE id = ?1) DESC, m.created, m.rowid LIMIT 1`,
		k.UserID).Scan(&tenant)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return tenant, err
}
