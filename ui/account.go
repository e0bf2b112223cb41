package ui

import (
	"context"
	"time"

	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api/auth"
	"github.com/prefect-tui/prefect-tui/ui/fleet"
	"github.com/prefect-tui/prefect-tui/ui/login"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/tenantpicker"
)

// pickerSource is the tenant picker's view of the account; base is the session the
// picker was opened in (API, backend and web UI stay; tenant and identity change).
type pickerSource struct {
	acct auth.Account
	base screen.Session
}

// Tenants implements tenantpicker.Source.
func (p pickerSource) Tenants(ctx context.Context, since time.Time) ([]tenantpicker.Tenant, error) {
	c, err := p.acct.UserClient()
	if err != nil {
		return nil, err
	}
	return tenantpicker.LoadTenants(ctx, c, since)
}

// Switch implements tenantpicker.Source.
func (p pickerSource) Switch(ctx context.Context, t tenantpicker.Tenant) (tenantpicker.Switched, error) {
	a, err := p.acct.Switch(ctx, auth.Tenant{ID: t.ID, Name: t.Name, Slug: t.Slug, Role: t.Role})
	if err != nil {
		return tenantpicker.Switched{}, err
	}
	return tenantpicker.Switched{Session: sessionOf(p.base, a), Client: a.Client, Note: a.Note}, nil
}

// loginSource is the login screen's view of the account.
type loginSource struct {
	acct auth.Account
	base screen.Session
}

// Login implements login.Source.
func (l loginSource) Login(ctx context.Context, kind, secret, keep string) (login.Result, error) {
	a, err := l.acct.LogIn(ctx, auth.Kind(kind), secret, keep)
	if err != nil {
		return login.Result{}, err
	}
	return login.Result{Session: sessionOf(l.base, a), Client: a.Client, NeedsTenant: a.NeedsTenant, Note: a.Note}, nil
}

// sessionOf is base with the tenant and identity of the account's active login.
func sessionOf(base screen.Session, a auth.Active) screen.Session {
	base.TenantID, base.TenantSlug, base.TenantName = a.TenantID, a.TenantSlug, a.TenantName
	base.Identity, base.Role = a.Identity, a.Role
	return base
}

// fleetSource is the fleet's view of the account; base is the session the fleet was
// opened in.
type fleetSource struct {
	acct auth.Account
	base screen.Session
}

// Tenants implements fleet.Source.
func (f fleetSource) Tenants(ctx context.Context) ([]fleet.Tenant, error) {
	ts, err := f.acct.Tenants(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]fleet.Tenant, len(ts))
	for i, t := range ts {
		out[i] = fleet.Tenant{ID: t.ID, Name: t.Name, Slug: t.Slug, Role: t.Role}
	}
	return out, nil
}

// Client implements fleet.Source.
func (f fleetSource) Client(ctx context.Context, t fleet.Tenant) (graphql.Client, error) {
	return f.acct.TenantClient(ctx, auth.Tenant{ID: t.ID, Name: t.Name, Slug: t.Slug, Role: t.Role})
}

// Switch implements fleet.Source.
func (f fleetSource) Switch(ctx context.Context, t fleet.Tenant) (fleet.Switched, error) {
	a, err := f.acct.Switch(ctx, auth.Tenant{ID: t.ID, Name: t.Name, Slug: t.Slug, Role: t.Role})
	if err != nil {
		return fleet.Switched{}, err
	}
	return fleet.Switched{Session: sessionOf(f.base, a), Client: a.Client, Note: a.Note}, nil
}
