package auth

import (
	"context"
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
// USER scope (tenant rows of its memberships only): the engine treats any other
// tenant-less principal as unlimited, which only Server mode may be.
//
//   - USER API token            → {Scope USER, UserID}
//   - TENANT / RUNNER API token → {Scope TENANT|RUNNER, TenantID, UserID (its creator)}
//   - switch_tenant access JWT  → {Scope ACCESS, TenantID, UserID}
//   - API key + X-PREFECT-TENANT-ID (a tenant the key's user belongs to)
//     → {Scope API_KEY, TenantID, UserID}; without the header the key acts as its user
//     (Scope USER): Prefect's client asks auth_info for the key's default tenant, then
//     sends the header.
//   - refresh JWT → {Scope USER} without a user: it can only be spent on refresh_token
//     and log_out, which read Request.Token themselves.
//
// Missing, malformed, unknown, expired or revoked credentials are UNAUTHENTICATED.
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

func (s *Service) principal(ctx context.Context, tok, tenantHeader string) (engine.Principal, error) {
	p := engine.Principal{Cloud: true}
	switch classify(tok) {
	case "token":
		t, err := s.lookupToken(ctx, tok)
		if err != nil {
			return p, err
		}
		p.UserID, p.Scope = t.UserID, t.Scope
		if t.Scope != ScopeUser {
			if t.TenantID == "" {
				return p, Unauthenticated("invalid API token")
			}
			p.TenantID = t.TenantID
		}
		return p, nil
	case "key":
		k, err := s.lookupKey(ctx, tok)
		if err != nil {
			return p, err
		}
		p.UserID = k.UserID
		tenant := strings.TrimSpace(tenantHeader)
		if tenant == "" {
			p.Scope = ScopeUser
			return p, nil
		}
		if _, err := uuid.Parse(tenant); err != nil {
			return p, Unauthenticated("X-PREFECT-TENANT-ID is not a tenant id")
		}
		role, err := s.role(ctx, k.UserID, tenant)
		if err != nil {
			return p, err
		}
		if role == "" {
			return p, Unauthenticated("this API key is not valid for that tenant")
		}
		p.TenantID, p.Scope = tenant, ScopeAPIKey
		return p, nil
	case "jwt":
		if c, err := s.parse(tok, "access", true); err == nil {
			if _, err := s.session(ctx, c.SessionID); err != nil {
				return p, err
			}
			role, err := s.role(ctx, c.UserID, c.TenantID)
			if err != nil {
				return p, err
			}
			if role == "" {
				return p, Unauthenticated("no longer a member of this tenant")
			}
			p.UserID, p.TenantID, p.Scope = c.UserID, c.TenantID, ScopeAccess
			return p, nil
		} else if _, rerr := s.parse(tok, "refresh", true); rerr == nil {
			p.Scope = ScopeUser
			return p, nil
		} else {
			return p, err
		}
	}
	return p, Unauthenticated("invalid API token")
}
