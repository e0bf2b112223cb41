package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// roleTimeout bounds the request that learns the session's role.
const roleTimeout = 15 * time.Second

// roleLearnedMsg is the login's role in the session's tenant ("" when it has none
// there), learned once per session; epoch drops the answer of a session that is gone.
type roleLearnedMsg struct {
	epoch int
	role  string
	err   error
}

// readOnly reports whether the session may only read: the --read-only flag, or a
// READ_ONLY_USER role in the tenant.
func (a *App) readOnly() bool {
	return a.opts.ReadOnly || a.session.Role == screen.RoleReadOnly
}

// learnRoleCmd asks, once per session, for the login's role in its tenant (one
// request, beside the first screen's: the first frame never waits for it). Nothing is
// asked on Prefect Server, without a tenant, or when the session came with its role (a
// switch from the tenant picker or the fleet knows it).
func (a *App) learnRoleCmd() tea.Cmd {
	s := a.session
	if s.Backend != "cloud" || s.TenantID == "" || s.Role != "" || a.client == nil {
		return nil
	}
	client, epoch, tenant := a.client, a.epoch, s.TenantID
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), roleTimeout)
		defer cancel()
		resp, err := api.SessionRole(ctx, client)
		if err != nil {
			return roleLearnedMsg{epoch: epoch, err: err}
		}
		if id := resp.Auth_info.Tenant_id; id != "" {
			tenant = id
		}
		role := ""
		for _, u := range resp.User {
			for _, m := range u.Memberships {
				if m.Tenant_id == tenant {
					role = m.Role
				}
			}
		}
		return roleLearnedMsg{epoch: epoch, role: role}
	}
}

// roleLearned takes the session's role. When it makes the session read-only, every
// screen is rebuilt with read-only Deps, so that no action is offered or taken.
func (a *App) roleLearned(msg roleLearnedMsg) tea.Cmd {
	if msg.epoch != a.epoch {
		return nil
	}
	if msg.err != nil {
		// The server still refuses what the role may not do; the header just cannot
		// say so in advance.
		a.opts.Log.Printf("role: op=SessionRole tenant=%s: %v", a.session.TenantSlug, msg.err)
		return nil
	}
	was := a.readOnly()
	a.session.Role = msg.role
	if a.readOnly() == was {
		return nil
	}
	return tea.Batch(a.restack(), a.setStatus(screen.LevelInfo, "read-only: your role in "+a.tenantName()+" is "+roleWords(msg.role)))
}

// restack rebuilds every screen of the stack from its route with the current Deps,
// keeping the routes in order (what the login may do changed). Screens pushed ready-made
// (an action's form) are dropped: they were built to change data.
func (a *App) restack() tea.Cmd {
	old := a.stack
	a.stack = nil
	for i := range old {
		a.closeEntry(&old[i])
	}
	for _, e := range old {
		if e.route.Kind < 0 {
			continue
		}
		if err := a.pushRoute(e.route); err != nil {
			a.opts.Log.Printf("rebuild %s: %v", routeNames[e.route.Kind], err)
		}
	}
	if len(a.stack) == 0 {
		if err := a.pushRoute(screen.Route{Kind: screen.RouteFlows}); err != nil {
			return a.setStatus(screen.LevelError, err.Error())
		}
	}
	a.layout()
	return a.top().s.Init()
}

// roleWords is a role as the header and the tenant picker say it: "read only user".
func roleWords(role string) string {
	out := []rune(role)
	for i, r := range out {
		switch {
		case r == '_':
			out[i] = ' '
		case r >= 'A' && r <= 'Z':
			out[i] = r + ('a' - 'A')
		}
	}
	return string(out)
}
