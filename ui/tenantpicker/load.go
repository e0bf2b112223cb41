package tenantpicker

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/Khan/genqlient/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/prefect-tui/prefect-tui/api"
)

// LoadTenants loads the picker's rows. It first tries the one request behind the
// picker (api.TenantPicker): tenants by slug, the user's role in each, and per tenant
// the runs running now and failed since since (counted per flow version by the server,
// summed here). That request reads each tenant's runs through the tenant relationships;
// the embedded server answers it only for a credential bound to one tenant (a TENANT
// token) and refuses it for user credentials, whose tenant list spans more tenants than
// the data they may read. When the server answers with GraphQL errors (permission,
// validation, UNAUTHENTICATED, or errors next to partial data) or a 4xx status, the
// picker falls back to plain tenants (api.ListTenants) and, best effort, the roles
// (api.AuthUser), and marks the rows NoCounts: the tenants are still there to choose
// from. Transport failures and cancellations are returned as they are: a second request
// would fail the same way.
func LoadTenants(ctx context.Context, c graphql.Client, since time.Time) ([]Tenant, error) {
	resp, err := api.TenantPicker(ctx, c, since)
	if err == nil {
		return withCounts(resp), nil
	}
	if !refused(err) || ctx.Err() != nil {
		return nil, err
	}
	return loadPlain(ctx, c)
}

// withCounts turns the one-request answer into rows.
func withCounts(resp *api.TenantPickerResponse) []Tenant {
	roles := map[string]string{}
	for _, u := range resp.User {
		for _, m := range u.Memberships {
			roles[m.Tenant_id] = m.Role
		}
	}
	out := make([]Tenant, 0, len(resp.Tenant))
	for _, t := range resp.Tenant {
		row := Tenant{ID: t.Id, Name: t.Name, Slug: t.Slug, Role: roles[t.Id]}
		for _, f := range t.Flows {
			row.Running += f.Running.Aggregate.Count
			row.FailedToday += f.Failed.Aggregate.Count
		}
		out = append(out, row)
	}
	return out
}

// loadPlain is the fallback: tenants without counts.
func loadPlain(ctx context.Context, c graphql.Client) ([]Tenant, error) {
	ts, err := api.ListTenants(ctx, c)
	if err != nil {
		return nil, err
	}
	roles := map[string]string{}
	// Roles are a nicety: a login that cannot read its memberships still gets its tenants.
	if u, err := api.AuthUser(ctx, c); err == nil {
		for _, usr := range u.User {
			for _, m := range usr.Memberships {
				roles[m.Tenant_id] = m.Role
			}
		}
	}
	out := make([]Tenant, 0, len(ts.Tenant))
	for _, t := range ts.Tenant {
		out = append(out, Tenant{ID: t.Id, Name: t.Name, Slug: t.Slug, Role: roles[t.Id], NoCounts: true})
	}
	return out, nil
}

// refused reports whether err is the server's answer refusing the request (rather than
// a transport failure): GraphQL errors, with or without partial data, or a 4xx status.
func refused(err error) bool {
	var list gqlerror.List
	var gerr *gqlerror.Error
	var herr *graphql.HTTPError
	switch {
	case errors.As(err, &list), errors.As(err, &gerr):
		return true
	case errors.As(err, &herr):
		return herr.StatusCode >= http.StatusBadRequest && herr.StatusCode < http.StatusInternalServerError
	}
	return false
}
