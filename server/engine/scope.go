package engine

import (
	"strings"

	"github.com/prefect-tui/prefect-tui/server/catalog"
)

// scope returns the condition (" AND ...", or "") rows of t under alias a must meet
// for the request's principal when reached through relationship via (nil at a root
// field): the tenant scope, or for a Cloud table its row policy.
func (c *compiler) scope(t *catalog.Table, a string, via *catalog.Rel) (string, error) {
	if t.Cloud {
		return c.policy(t, a, via)
	}
	return c.tenantScope(t, a), nil
}

// tenantScope returns the tenant condition for rows of t under alias a ("" when unscoped).
func (c *compiler) tenantScope(t *catalog.Table, a string) string {
	if c.tenants == nil {
		return ""
	}
	var column string
	switch {
	case t.Name == "tenant":
		column = "id"
	case t.HasTenant():
		column = "tenant_id"
	default:
		return ""
	}
	if len(c.tenants) == 0 {
		return " AND 0"
	}
	ps := make([]string, len(c.tenants))
	for i, id := range c.tenants {
		ps[i], _ = c.bind(id, asIs) // tenant ids are checked by authentication
	}
	if len(ps) == 1 {
		return " AND " + col(a, column) + " = " + ps[0]
	}
	return " AND " + col(a, column) + " IN (" + strings.Join(ps, ", ") + ")"
}

func asIs(v any) (any, error) { return v, nil }

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
