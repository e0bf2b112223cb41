package auth

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
)

// tenantClients keeps one client per tenant for the login that made them, so a screen
// that reads every tenant again and again (the fleet) logs in to each once.
type tenantClients struct {
	mu      sync.Mutex
	login   *Login
	clients map[string]*api.Client
}

func (a *account) Tenants(ctx context.Context) ([]Tenant, error) {
	a.mu.Lock()
	l := a.login
	if l == nil {
		a.mu.Unlock()
		return nil, errors.New("not logged in")
	}
	if !l.CanSwitch() {
		own := Tenant{ID: l.TenantID, Name: l.TenantName, Slug: l.TenantSlug}
		a.mu.Unlock()
		return []Tenant{own}, nil
	}
	c := l.UserClient()
	a.mu.Unlock()
	return Memberships(ctx, c)
}

// Memberships lists the tenants of the user behind c (a user-level client), by slug,
// with the user's role in each, in one request.
func Memberships(ctx context.Context, c graphql.Client) ([]Tenant, error) {
	resp, err := api.AuthUser(ctx, c)
	if err != nil {
		return nil, err
	}
	var out []Tenant
	for _, u := range resp.User {
		for _, m := range u.Memberships {
			t := Tenant{ID: m.Tenant_id, Name: m.Tenant.Name, Slug: m.Tenant.Slug, Role: m.Role}
			if t.Name == "" {
				t.Name = t.Slug
			}
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Slug != out[j].Slug {
			return out[i].Slug < out[j].Slug
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

func (a *account) TenantClient(ctx context.Context, t Tenant) (graphql.Client, error) {
	a.mu.Lock()
	l := a.login
	if l == nil {
		a.mu.Unlock()
		return nil, errors.New("not logged in")
	}
	// Read the login under the lock (Switch changes it); log in outside it.
	mk := l.tenantClientFunc(t)
	a.mu.Unlock()

	tc := &a.tenants
	tc.mu.Lock()
	if tc.login != l {
		// A new login: the clients of the old one go (their sessions expire on the
		// server by themselves).
		tc.login, tc.clients = l, map[string]*api.Client{}
	}
	if c, ok := tc.clients[t.ID]; ok {
		tc.mu.Unlock()
		return c, nil
	}
	tc.mu.Unlock()
	c, err := mk(ctx)
	if err != nil {
		return nil, err
	}
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if tc.login == l {
		if old, ok := tc.clients[t.ID]; ok {
			return old, nil
		}
		tc.clients[t.ID] = c
	}
	return c, nil
}

// tenantClientFunc returns what makes a client acting in tenant t beside the active
// tenant: a USER token logs in to t in a session of its own (switch_tenant, renewed as
// the active one is), an API key sends t's id; TENANT and RUNNER tokens act in their
// own tenant only. It reads the login now; the returned function does the I/O.
func (l *Login) tenantClientFunc(t Tenant) func(context.Context) (*api.Client, error) {
	base, secret := l.base, l.Cred.Secret
	switch {
	case l.user != nil:
		now := l.now
		return func(ctx context.Context) (*api.Client, error) {
			u := NewUserToken(base, secret, now)
			if err := u.SwitchTenant(ctx, t.ID); err != nil {
				return nil, fmt.Errorf("logging in to %s: %w", tenantName(t), err)
			}
			return base.WithCredentials(u), nil
		}
	case l.Cred.Kind == KindAPIKey:
		c := base.WithCredentials(api.APIKey(secret, t.ID))
		return func(context.Context) (*api.Client, error) { return c, nil }
	case t.ID == l.TenantID:
		c := l.Client()
		return func(context.Context) (*api.Client, error) { return c, nil }
	}
	scope := l.Scope
	return func(context.Context) (*api.Client, error) {
		return nil, fmt.Errorf("a %s token acts in its own tenant only, not in %s", scope, tenantName(t))
	}
}

func tenantName(t Tenant) string {
	if t.Name != "" {
		return t.Name
	}
	if t.Slug != "" {
		return t.Slug
	}
	return t.ID
}
