package auth

import "github.com/prefect-tui/prefect-tui/server/engine"

// RowPolicy is the select permission of the Cloud tables (engine.RowPolicy): the rows
// of user, membership, api_token and auth_api_key each principal may read.
//
//   - user: the principal's own user (for a TENANT or RUNNER token, its creator);
//     through a token's or key's created_by, its creator.
//   - membership: a credential acting for the user (USER token, access token, API key)
//     reads all of the user's memberships, whatever tenant is current (its
//     default_membership may be in another tenant); a TENANT or RUNNER token only its
//     creator's membership in its tenant.
//   - api_token: the user's own USER tokens (not for TENANT and RUNNER tokens, which act
//     for their tenant), and with a tenant that tenant's TENANT and RUNNER tokens.
//   - auth_api_key: all of the user's own keys, whatever their default tenant (not for
//     TENANT and RUNNER tokens).
//
// A principal without a user (a refresh token) reads none of them.
func RowPolicy(p engine.Principal, table string) (map[string]any, bool) {
	me, tenant := p.UserID, p.TenantID
	forTenant := p.Scope == ScopeTenant || p.Scope == ScopeRunner
	eq := func(v string) map[string]any { return map[string]any{"_eq": v} }
	switch table {
	case "user":
		if me == "" {
			return nil, false
		}
		return map[string]any{"id": eq(me)}, true
	case "membership":
		if me == "" {
			return nil, false
		}
		f := map[string]any{"user_id": eq(me)}
		if forTenant {
			f["tenant_id"] = eq(tenant)
		}
		return f, true
	case "api_token":
		var either []any
		if me != "" && !forTenant {
			either = append(either, map[string]any{"scope": eq(ScopeUser), "user_id": eq(me)})
		}
		if tenant != "" {
			either = append(either, map[string]any{"scope": map[string]any{"_in": []any{ScopeTenant, ScopeRunner}}, "tenant_id": eq(tenant)})
		}
		if len(either) == 0 {
			return nil, false
		}
		return map[string]any{"_or": either}, true
	case "auth_api_key":
		if me == "" || forTenant {
			return nil, false
		}
		return map[string]any{"user_id": eq(me)}, true
	}
	return nil, false
}
