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

// scopeOf is a request's tenantScope as the compiler sees it: its structure is part
// of the request's shape, its tenant ids are inputs (slots), so that a statement
// cached for one principal is bound to the next one's own tenants.
type scopeOf struct {
	all     bool
	data    any   // slot of the data tenant's id; nil for none
	members bool  // the tenant rows are the user's memberships
	tenants []any // slots of the member tenants' ids (members only)
}

func (s scopeOf) noTenant() bool { return !s.all && s.data == nil }

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

// scope returns the condition (" AND ...", or "") rows of t under alias a must meet
// for the request's principal when reached through relationship via (nil at a root
// field): the tenant scope, or for a Cloud table its row policy.
func (c *compiler) scope(t *catalog.Table, a string, via *catalog.Rel) (string, error) {
	if t.Cloud {
		return c.policy(t, a, via)
	}
	return c.tenantScope(t, a, via)
}

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
			return c.inList(col(a, "id"), s.tenants), nil
		}
		return c.inList(col(a, "id"), s.dataList()), nil
	case t.HasTenant():
		if s.members && via != nil && fromTenant(via) {
			return "", &Error{Message: forbiddenTenantRelMsg, Code: CodeForbidden}
		}
		return c.inList(col(a, "tenant_id"), s.dataList()), nil
	}
	return "", nil
}

// dataList is the data tenant's slot as a list (empty for none).
func (s scopeOf) dataList() []any {
	if s.data == nil {
		return nil
	}
	return []any{s.data}
}

// inList is " AND expr IN (ids)" (" AND 0" for no id); ids are slots of tenant ids.
func (c *compiler) inList(expr string, ids []any) string {
	if len(ids) == 0 {
		return " AND 0"
	}
	ps := make([]string, len(ids))
	for i, id := range ids {
		ps[i] = c.bindAsIs(id) // tenant ids are checked by authentication
	}
	if len(ps) == 1 {
		return " AND " + expr + " = " + ps[0]
	}
	return " AND " + expr + " IN (" + strings.Join(ps, ", ") + ")"
}

func asIs(v any) (any, error) { return v, nil }

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

// policy returns the row policy condition of Cloud table t for the request's
// principal: nothing for a principal outside Cloud mode, no further condition through
// an Owner relationship (the row's creator), else Options.RowPolicy compiled as a where.
func (c *compiler) policy(t *catalog.Table, a string, via *catalog.Rel) (string, error) {
	if c.policies == nil {
		return " AND 0", nil
	}
	if via != nil && via.Owner {
		return "", nil
	}
	pol := c.policies[t.Name]
	if !pol.ok {
		return " AND 0", nil
	}
	if pol.null {
		return "", &Error{Message: "the row policy of " + t.Name + " holds a null", Code: CodeInternal}
	}
	w, err := c.where(t, a, fromJSON(pol.filter))
	if err != nil {
		return "", err
	}
	if w == "1" {
		return "", nil
	}
	return " AND (" + w + ")", nil
}

// hasNull reports whether a plain value holds a null anywhere.
func hasNull(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case map[string]any:
		for _, e := range v {
			if hasNull(e) {
				return true
			}
		}
	case []any:
		for _, e := range v {
			if hasNull(e) {
				return true
			}
		}
	}
	return false
}
