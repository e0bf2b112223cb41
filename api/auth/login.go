package auth

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/prefect-tui/prefect-tui/api"
)

// Login is a checked credential, ready to authenticate requests.
type Login struct {
	Cred Credential
	// Scope is USER, TENANT or RUNNER for tokens, API_KEY for keys.
	Scope string
	// UserID is the user behind the credential (a TENANT/RUNNER token's creator).
	UserID string
	// TenantID / TenantSlug / TenantName: the active tenant ("" when none is chosen).
	TenantID, TenantSlug, TenantName string

	base *api.Client
	now  func() time.Time // the clock of USER-token expiry (nil: time.Now)
	user *UserToken       // USER tokens only
}

// Connect checks a credential against the API (auth_info) and prepares it: a USER
// token with a tenant logs in to it (switch_tenant), an API key is checked against its
// tenant (X-PREFECT-TENANT-ID), a TENANT or RUNNER token reports its tenant. base is
// the client to derive authenticated clients from; now nil means time.Now.
func Connect(ctx context.Context, base *api.Client, cred Credential, now func() time.Time) (*Login, error) {
	l := &Login{Cred: cred, base: base, now: now}
	switch cred.Kind {
	case KindAPIKey:
		l.Scope = "API_KEY"
		info, err := api.AuthInfo(ctx, base.WithCredentials(api.APIKey(cred.Secret, "")))
		if err != nil {
			return nil, fmt.Errorf("checking the API key: %w", err)
		}
		l.UserID = info.Auth_info.User_id
		tenant := cred.TenantID
		if tenant == "" {
			tenant = info.Auth_info.Tenant_id
		}
		if tenant != "" {
			if err := l.useKeyTenant(ctx, tenant); err != nil {
				return nil, err
			}
		}
	case KindToken:
		info, err := api.AuthInfo(ctx, base.WithCredentials(api.BearerToken(cred.Secret)))
		if err != nil {
			return nil, fmt.Errorf("checking the API token: %w", err)
		}
		l.Scope, l.UserID = info.Auth_info.Api_token_scope, info.Auth_info.User_id
		if l.Scope == "" {
			l.Scope = "USER"
		}
		if l.Scope == "USER" {
			l.user = NewUserToken(base, cred.Secret, now)
			if cred.TenantID != "" {
				if err := l.user.SwitchTenant(ctx, cred.TenantID); err != nil {
					return nil, fmt.Errorf("logging in to the saved tenant: %w", err)
				}
				l.TenantID = cred.TenantID
			}
		} else {
			l.TenantID = info.Auth_info.Tenant_id
		}
	default:
		return nil, fmt.Errorf("unknown credential kind %q", cred.Kind)
	}
	l.Cred.Scope = l.Scope
	if l.TenantID != "" {
		if err := l.fillTenant(ctx); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// useKeyTenant checks that the key may act in tenant (auth_info with the header).
func (l *Login) useKeyTenant(ctx context.Context, tenant string) error {
	if _, err := uuid.Parse(tenant); err != nil {
		return fmt.Errorf("%q is not a tenant id", tenant)
	}
	_, err := api.AuthInfo(ctx, l.base.WithCredentials(api.APIKey(l.Cred.Secret, tenant)))
	if err != nil {
		return fmt.Errorf("this API key is not valid for tenant %s: %w", tenant, err)
	}
	l.TenantID = tenant
	return nil
}

// fillTenant reads the active tenant's slug and name.
func (l *Login) fillTenant(ctx context.Context) error {
	resp, err := api.ListTenants(ctx, l.Client())
	if err != nil {
		return fmt.Errorf("reading the tenant: %w", err)
	}
	for _, t := range resp.Tenant {
		if t.Id == l.TenantID {
			l.TenantSlug, l.TenantName = t.Slug, t.Name
			return nil
		}
	}
	return fmt.Errorf("tenant %s is not visible with this credential", l.TenantID)
}

// Credentials authenticate data requests (tenant-scoped once a tenant is chosen).
func (l *Login) Credentials() api.Credentials {
	switch {
	case l.user != nil:
		return l.user
	case l.Cred.Kind == KindAPIKey:
		return api.APIKey(l.Cred.Secret, l.TenantID)
	}
	return api.BearerToken(l.Cred.Secret)
}

// UserCredentials act as the user without a tenant, to list the tenants one may switch
// to; TENANT and RUNNER tokens have only their own tenant.
func (l *Login) UserCredentials() api.Credentials {
	switch {
	case l.user != nil:
		return l.user.UserLevel()
	case l.Cred.Kind == KindAPIKey:
		return api.APIKey(l.Cred.Secret, "")
	}
	return api.BearerToken(l.Cred.Secret)
}

// Client is base authenticated for data requests.
func (l *Login) Client() *api.Client { return l.base.WithCredentials(l.Credentials()) }

// UserClient is base authenticated as the user (tenant listing, token management of
// USER tokens).
func (l *Login) UserClient() *api.Client { return l.base.WithCredentials(l.UserCredentials()) }

// UserToken returns the USER-token credentials (nil for other kinds).
func (l *Login) UserToken() *UserToken { return l.user }

// CanSwitch reports whether the credential can act in more than one tenant.
func (l *Login) CanSwitch() bool { return l.user != nil || l.Cred.Kind == KindAPIKey }

// Tenant is one tenant the user can switch to.
type Tenant struct {
	ID, Name, Slug, Role string
}

// Tenants lists the tenants the credential can use, by slug, with the user's role.
func (l *Login) Tenants(ctx context.Context) ([]Tenant, error) {
	c := l.UserClient()
	resp, err := api.ListTenants(ctx, c)
	if err != nil {
		return nil, err
	}
	roles := map[string]string{}
	if u, err := api.AuthUser(ctx, c); err == nil {
		for _, us := range u.User {
			for _, m := range us.Memberships {
				roles[m.Tenant_id] = m.Role
			}
		}
	}
	out := make([]Tenant, 0, len(resp.Tenant))
	for _, t := range resp.Tenant {
		out = append(out, Tenant{ID: t.Id, Name: t.Name, Slug: t.Slug, Role: roles[t.Id]})
	}
	return out, nil
}

// FindTenant resolves a slug or an id among the credential's tenants.
func (l *Login) FindTenant(ctx context.Context, slug, id string) (Tenant, error) {
	ts, err := l.Tenants(ctx)
	if err != nil {
		return Tenant{}, err
	}
	for _, t := range ts {
		if (slug != "" && strings.EqualFold(t.Slug, slug)) || (id != "" && t.ID == id) {
			return t, nil
		}
	}
	if slug != "" {
		return Tenant{}, fmt.Errorf("no tenant with slug %q among yours", slug)
	}
	return Tenant{}, fmt.Errorf("no tenant with id %q among yours", id)
}

// Switch makes t the active tenant: switch_tenant for a USER token, the tenant header
// (checked with auth_info) for a key. TENANT and RUNNER tokens cannot switch.
func (l *Login) Switch(ctx context.Context, t Tenant) error {
	switch {
	case l.user != nil:
		// A new UserToken, so clients built before the switch keep the old tenant's
		// token (and fail once it is logged out) instead of sending the new one.
		next := NewUserToken(l.base, l.Cred.Secret, l.now)
		if err := next.SwitchTenant(ctx, t.ID); err != nil {
			return err
		}
		old := l.user
		l.user = next
		if old.TenantID() != "" {
			_ = old.LogOut(ctx)
		}
	case l.Cred.Kind == KindAPIKey:
		if err := l.useKeyTenant(ctx, t.ID); err != nil {
			return err
		}
	default:
		return fmt.Errorf("a %s token belongs to one tenant and cannot switch", l.Scope)
	}
	l.TenantID, l.TenantSlug, l.TenantName = t.ID, t.Slug, t.Name
	l.Cred.TenantID, l.Cred.TenantSlug = t.ID, t.Slug
	return nil
}

// LogOut ends a USER token's tenant login on the server (the other kinds have no
// server-side session).
func (l *Login) LogOut(ctx context.Context) error {
	if l.user != nil {
		return l.user.LogOut(ctx)
	}
	return nil
}

// Identity describes the credential for the header and `auth status`, never the
// secret: "USER token …a1b2", "API key …9f3c".
func (l *Login) Identity() string {
	if l.Cred.Kind == KindAPIKey {
		return "API key " + fingerprint(l.Cred.Secret)
	}
	return l.Scope + " token " + fingerprint(l.Cred.Secret)
}

// Saved is the login as the store keeps it.
func (l *Login) Saved(now time.Time) Saved {
	return Saved{Kind: l.Cred.Kind, Secret: l.Cred.Secret, TenantID: l.TenantID,
		TenantSlug: l.TenantSlug, Scope: l.Scope, Saved: now.UTC()}
}
