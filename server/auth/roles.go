package auth

import (
	"fmt"

	"github.com/prefect-tui/prefect-tui/server/engine"
)

// Access is who may call a mutation in Cloud mode: Prefect Cloud's roles
// (READ_ONLY_USER reads only; USER does the daily work, registering flows and starting
// runs; TENANT_ADMIN also administers the tenant) and token scopes.
type Access int

const (
	// Session mutations manage the login itself (switch_tenant, refresh_token, log_in,
	// log_out): any credential may call them; the resolver checks which kind it takes.
	Session Access = iota + 1
	// Own mutations manage the caller's own credentials (API tokens, API keys): every
	// credential acting for a user may call them, whatever its role (a read-only member
	// keeps its own keys); TENANT and RUNNER tokens may not. The resolvers keep the
	// rules that depend on the arguments: RUNNER tokens are created and revoked by tenant
	// admins only, TENANT tokens by members who may write, keys only for oneself.
	Own
	// Agent mutations are what a Prefect agent and the flow runs it starts do with its
	// credential: RUNNER tokens may call them, and so may members who may write.
	Agent
	// Write mutations change the tenant's flows, runs and settings of daily work:
	// members with the USER or TENANT_ADMIN role, and TENANT tokens of such members (a
	// TENANT token adopts its creator's role in its tenant).
	Write
	// Admin mutations administer the tenant itself: TENANT_ADMIN members only (and
	// their TENANT tokens).
	Admin
)

func (a Access) String() string {
	switch a {
	case Session:
		return "session"
	case Own:
		return "own credentials"
	case Agent:
		return "agent"
	case Write:
		return "write"
	case Admin:
		return "admin"
	}
	return "unknown"
}

// MutationAccess is THE policy of the mutations in Cloud mode: every Mutation field of
// the schema, and who may call it. MutationPolicy consults it before any mutation runs;
// a mutation missing here is refused to every Cloud credential (and a test fails).
//
// RUNNER tokens (Agent) do what `prefect agent` does — register, poll its queue, move
// runs to Submitted, write logs — and what the flow-run processes it starts do with the
// same credential: run states, task runs and their states, heartbeats, logs, artifacts,
// run and task-run names, and create_flow_run (Prefect's create_flow_run/StartFlowRun
// tasks start child flow runs from a running flow).
var MutationAccess = map[string]Access{
	// The login.
	"switch_tenant": Session, "refresh_token": Session, "log_in": Session, "log_out": Session,
	// The caller's own credentials.
	"create_api_token": Own, "delete_api_token": Own, "create_api_key": Own, "delete_api_key": Own,

	// Agents and the flow runs they execute.
	"register_agent": Agent, "get_runs_in_queue": Agent,
	"set_flow_run_states": Agent, "set_task_run_states": Agent,
	"get_or_create_task_run": Agent, "get_or_create_task_run_info": Agent,
	"update_flow_run_heartbeat": Agent, "update_task_run_heartbeat": Agent,
	"write_run_logs":           Agent,
	"create_task_run_artifact": Agent, "update_task_run_artifact": Agent, "delete_task_run_artifact": Agent,
	"set_flow_run_name": Agent, "set_task_run_name": Agent,
	"create_flow_run": Agent,

	// Daily work.
	"create_flow": Write, "create_flow_from_compressed_string": Write, "register_tasks": Write, "register_edges": Write,
	"delete_flow": Write, "archive_flow": Write, "update_flow_project": Write,
	"set_schedule_active": Write, "set_schedule_inactive": Write,
	"enable_flow_heartbeat": Write, "disable_flow_heartbeat": Write,
	"enable_flow_lazarus_process": Write, "disable_flow_lazarus_process": Write,
	"delete_flow_group": Write, "set_flow_group_description": Write, "set_flow_group_labels": Write,
	"set_flow_group_run_config": Write, "set_flow_group_schedule": Write, "delete_flow_group_schedule": Write,
	"set_flow_group_default_parameters": Write,
	"cancel_flow_run":                   Write, "delete_flow_run": Write, "set_flow_run_labels": Write,
	"create_project": Write, "delete_project": Write, "set_project_name": Write, "set_project_description": Write,
	"delete_agent": Write, "create_agent_config": Write, "update_agent_config": Write, "delete_agent_config": Write,
	"create_cloud_hook": Write, "test_cloud_hook": Write, "delete_cloud_hook": Write,
	"set_cloud_hook_active": Write, "set_cloud_hook_inactive": Write,
	"mark_message_as_read": Write, "mark_message_as_unread": Write, "delete_message": Write,

	// The tenant itself.
	"create_tenant": Admin, "delete_tenant": Admin,
	"update_tenant_name": Admin, "update_tenant_slug": Admin, "update_tenant_settings": Admin,
}

// MutationPolicy is the engine's mutation policy (engine.MutationPolicy) in Cloud mode:
// it refuses a mutation the principal's scope or role does not allow (FORBIDDEN), and a
// tenant's mutation to a credential without a tenant (UNAUTHENTICATED, as every read
// of tenant data). Outside Cloud mode it allows everything.
func MutationPolicy(p engine.Principal, name string) error {
	if !p.Cloud {
		return nil
	}
	a, ok := MutationAccess[name]
	if !ok {
		return forbidden(name + " has no access rule on this server")
	}
	if Allowed(p, a) {
		return nil
	}
	if a >= Agent && p.TenantID == "" {
		return Unauthenticated(name + " needs a tenant: use a tenant-scoped token or switch_tenant first")
	}
	return forbidden(fmt.Sprintf("%s is not allowed %s", name, who(p)))
}

// Allowed reports whether p may call a mutation of access a.
func Allowed(p engine.Principal, a Access) bool {
	forTenant := p.Scope == ScopeTenant || p.Scope == ScopeRunner
	switch a {
	case Session:
		return true
	case Own:
		return !forTenant
	}
	if p.TenantID == "" {
		return false
	}
	if p.Scope == ScopeRunner {
		return a == Agent
	}
	switch p.Role {
	case RoleAdmin:
		return true
	case RoleUser:
		return a != Admin
	}
	return false
}

// who describes the principal in a refusal.
func who(p engine.Principal) string {
	switch {
	case p.Scope == ScopeRunner:
		return "for a RUNNER token (it may do what an agent does)"
	case p.Role == "":
		return "for this credential"
	case p.Scope == ScopeTenant:
		return "for a TENANT token of a " + p.Role + " member"
	}
	return "for the " + p.Role + " role"
}
