package engine

import (
	"strings"

	"github.com/prefect-tui/prefect-tui/server/catalog"
)

// Principal scopes of Prefect Cloud credentials that the engine tells apart (the auth
// package produces them; see Principal.Scope).
const (
	scopeUser   = "USER"
	scopeTenant = "TENANT"
	scopeRunner = "RUNNER"
)

// tenantScope is what a principal reads of the tenant table and of tenant data (the
// rows of every table with a tenant_id):
//
//   - Server mode (no Cloud, no tenant): everything.
//   - A TENANT or RUNNER token, or a tenant principal outside Cloud mode: its tenant's
//     row and its tenant's data.
//   - A credential that acts for a user (a USER token, an access token, an API key):
//     the tenant rows of the user's memberships (Prefect's get_available_tenants and
//     `prefect auth list-tenants` list them whatever tenant is current), and the data of
//     its current tenant only (none without one). Its tenant rows span more tenants than
//     its data, so the tenant table's relationships into tenant data are refused: it
//     reads tenant data through the data's own root fields.
type tenantScope struct {
	// all: no limit at all (Server mode).
	all bool
	// data is the one tenant whose data may be read ("" for none).
	data string
	// members: the tenant rows are the user's memberships (else only data's row).
	members bool
	user    string
}

// scope returns the request's tenant scope.
func (x *execution) scope() tenantScope {
	p := x.req.Principal
	if !p.Cloud && p.TenantID == "" && p.Scope == "" {
		return tenantScope{all: true}
	}
	s := tenantScope{data: p.TenantID}
	if (p.Cloud || p.Scope != "") && p.Scope != scopeTenant && p.Scope != scopeRunner {
		s.members, s.user = true, p.UserID
	}
	return s
}

// noTenant reports whether the principal reads no tenant data at all (a Cloud
// credential without a tenant): every root field of tenant data is refused to it.
func (s tenantScope) noTenant() bool { return !s.all && s.data == "" }

// memberTenants lists the tenants of the request's user (Options.UserTenants), once
// per request; never nil.
func (x *execution) memberTenants(user string) []string {
	if x.members == nil {
		if x.e.opts.UserTenants != nil && user != "" {
			x.members = x.e.opts.UserTenants(x.ctx, user)
		}
		if x.members == nil {
			x.members = []string{}
		}
	}
	return x.members
}

// forbiddenTenantRelMsg refuses tenant data reached from a tenant row by a principal
// whose tenant rows span more tenants than its data.
const forbiddenTenantRelMsg = "tenant data is not readable through the tenant table with a user credential: " +
	"read it through its own root fields (flow, flow_run, ...) in the current tenant"

// tenantScope returns the tenant condition (" AND ...", or "") for rows of t under
// alias a, reached through relationship via (nil at a root field).
func (c *compiler) tenantScope(t *catalog.Table, a string, via *catalog.Rel) (string, error) {
	s := c.sc
	if s.all {
		return "", nil
	}
	switch {
	case t.Name == "tenant":
		if s.members {
			return c.inList(col(a, "id"), c.x.memberTenants(s.user)), nil
		}
		return c.inList(col(a, "id"), []string{s.data}), nil
	case t.HasTenant():
		if s.members && via != nil && fromTenant(via) {
			return "", &Error{Message: forbiddenTenantRelMsg, Code: CodeForbidden}
		}
		if s.data == "" {
			return " AND 0", nil
		}
		return c.inList(col(a, "tenant_id"), []string{s.data}), nil
	}
	return "", nil
}

// inList is " AND expr IN (ids)" (" AND 0" for no id).
func (c *compiler) inList(expr string, ids []string) string {
	switch len(ids) {
	case 0:
		return " AND 0"
	case 1:
		if ids[0] == "" {
			return " AND 0"
		}
		return " AND " + expr + " = " + c.param(ids[0])
	}
	ps := make([]string, len(ids))
	for i, id := range ids {
		ps[i] = c.param(id)
	}
	return " AND " + expr + " IN (" + strings.Join(ps, ", ") + ")"
}

// fromTenant reports whether r is one of the tenant table's relationships.
func fromTenant(r *catalog.Rel) bool {
	return catalog.Lookup("tenant").Rel(r.Name) == r
}

// rootScope is tenantScope for rows read other than through a relationship (it never
// fails there).
func (c *compiler) rootScope(t *catalog.Table, a string) string {
	s, _ := c.tenantScope(t, a, nil)
	return s
}
