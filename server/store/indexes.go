package store

// indexes are the store's secondary indexes: the access paths of the requests the
// explorer sends (internal/bench measures each, and its plan test fails on a request
// that reads a whole run, task run or log table).
var indexes = []string{
	`CREATE INDEX IF NOT EXISTS flow_run_sched ON flow_run (tenant_id, scheduled_start_time)`,
	// A flow's (or a flow group's) runs scheduled in a time range, with their state: the
	// run-history counts of the flow page read the index alone.
	`CREATE INDEX IF NOT EXISTS flow_run_flow_sched_state ON flow_run (flow_id, scheduled_start_time, state)`,
	// A flow's runs in some states scheduled in a time range: the overview's failing
	// flows, their failure count and last failure (the latest by state time, then id,
	// found in the index alone rather than in every failed run's row).
	`CREATE INDEX IF NOT EXISTS flow_run_flow_state_sched_ts ON flow_run (flow_id, state, scheduled_start_time, state_timestamp, id)`,
	// Server mode has no tenant filter: the runs list sorted by time walks this one;
	// with the flow, the runs of some flows by time (a flow page's recent runs) are
	// found in the index alone.
	`CREATE INDEX IF NOT EXISTS flow_run_sched_flow ON flow_run (scheduled_start_time, flow_id)`,
	`CREATE INDEX IF NOT EXISTS flow_run_state_sched ON flow_run (state, scheduled_start_time)`,
	// The runs list's default order (started newest first, then scheduled, then id)
	// for a tenant; in Server mode flow_run_start_walk below.
	`CREATE INDEX IF NOT EXISTS flow_run_tenant_start ON flow_run (tenant_id, start_time, scheduled_start_time, id)`,
	// The runs list's default order with the id descending: walked backwards it is that
	// order exactly (start and schedule newest first, then id ascending), so
	// that a walk testing each run needs no sort of the id ties, which costs SQLite
	// more than the walk itself; with the flow, the id (a label's holders) and the
	// name, a walk testing a run's flow, labels or name (engine/ways.go) reads the
	// index alone.
	`CREATE INDEX IF NOT EXISTS flow_run_start_walk ON flow_run (start_time, scheduled_start_time, id DESC, flow_id, name)`,
	// The runs of one flow in the runs list's default order: the runs of a few flows
	// (the flow filter, a flow group's runs) are read as one stream a flow, each
	// stopping at the page (engine/pagemerge.go).
	`CREATE INDEX IF NOT EXISTS flow_run_flow_by_start ON flow_run (flow_id, start_time, scheduled_start_time, id)`,
	// The runs list filtered by state, in its default order; with the agent, an agent's
	// runs in a state (`get agents`' running count) are found in the index alone, where
	// the agents' indexes would read every run of the agent.
	`CREATE INDEX IF NOT EXISTS flow_run_state_start_agent ON flow_run (state, start_time, scheduled_start_time, id, agent_id)`,
	// Runs of a flow in a state (the tenant picker's running and failed counts), with
	// the tenant every read of a tenant's rows checks.
	`CREATE INDEX IF NOT EXISTS flow_run_flow_state_tenant ON flow_run (flow_id, state, state_timestamp, tenant_id)`,
	// An agent's recent runs, newest first, and how many ran since a time (the agents
	// screen): the order walks the first, the count takes both (start or scheduled, one
	// index range each); with the state, neither reads a run's row.
	`CREATE INDEX IF NOT EXISTS flow_run_agent_start_state ON flow_run (agent_id, start_time, scheduled_start_time, id, state)`,
	`CREATE INDEX IF NOT EXISTS flow_run_agent_sched_state ON flow_run (agent_id, scheduled_start_time, state)`,
	// Runs in some states whose state changed since a time (the fleet's failed runs,
	// the latest first: with the id, sorted in the index alone), for a tenant and in
	// Server mode; and get_runs_in_queue's due runs by the start of their state.
	`CREATE INDEX IF NOT EXISTS flow_run_tenant_state_ts_id ON flow_run (tenant_id, state, state_timestamp, id)`,
	`CREATE INDEX IF NOT EXISTS flow_run_state_ts ON flow_run (state, state_timestamp)`,
	`CREATE INDEX IF NOT EXISTS flow_run_state_start_time ON flow_run (state, state_start_time)`,
	// A run named on the command line (`get logs <name>`, `describe <name>`).
	`CREATE INDEX IF NOT EXISTS flow_run_name ON flow_run (name)`,
	// The runs whose name holds a character beyond ASCII (TextIndex.Wide, its
	// condition is WideCondition("name")): the others' ILIKE of an ASCII substring is
	// decided by the name's text index alone.
	`CREATE INDEX IF NOT EXISTS flow_run_name_wide ON flow_run (name) WHERE length(CAST(name AS BLOB)) <> length(name)`,
	`CREATE UNIQUE INDEX IF NOT EXISTS flow_run_idem ON flow_run (flow_id, idempotency_key)`,
	`CREATE INDEX IF NOT EXISTS flow_run_state_hist ON flow_run_state (flow_run_id, timestamp)`,
	`CREATE INDEX IF NOT EXISTS task_run_run ON task_run (flow_run_id, map_index)`,
	`CREATE INDEX IF NOT EXISTS task_run_task ON task_run (task_id, flow_run_id, map_index)`,
	`CREATE INDEX IF NOT EXISTS task_run_state_hist ON task_run_state (task_run_id, timestamp)`,
	// A run's or a task run's logs in the logs view's keyset order (timestamp, id).
	`CREATE INDEX IF NOT EXISTS log_run_time ON log (flow_run_id, timestamp, id)`,
	// Only the lines of a task run: a run's own lines have no task run, and an index
	// holding them under NULL would lead SQLite to read every run's own lines for
	// "the run's lines without a task run" (the run page's last logs).
	`CREATE INDEX IF NOT EXISTS log_task_run_only ON log (task_run_id, timestamp, id) WHERE task_run_id IS NOT NULL`,
	`CREATE INDEX IF NOT EXISTS flow_group_tenant ON flow_group (tenant_id)`,
	`CREATE INDEX IF NOT EXISTS flow_fg ON flow (flow_group_id, version)`,
	`CREATE INDEX IF NOT EXISTS flow_project ON flow (project_id, archived)`,
	`CREATE INDEX IF NOT EXISTS flow_tenant_name ON flow (tenant_id, archived, name)`,
	`CREATE INDEX IF NOT EXISTS task_flow ON task (flow_id)`,
	`CREATE INDEX IF NOT EXISTS edge_flow ON edge (flow_id)`,
	`CREATE INDEX IF NOT EXISTS edge_up ON edge (upstream_task_id)`,
	`CREATE INDEX IF NOT EXISTS edge_down ON edge (downstream_task_id)`,
	`CREATE INDEX IF NOT EXISTS project_tenant ON project (tenant_id, name)`,
	`CREATE UNIQUE INDEX IF NOT EXISTS tenant_slug_key ON tenant (slug)`,
	`CREATE INDEX IF NOT EXISTS artifact_task_run ON task_run_artifact (task_run_id)`,
	`CREATE INDEX IF NOT EXISTS agent_tenant ON agent (tenant_id)`,
	// Cloud auth: one user per username, one membership per user and tenant, secrets
	// found by their hash.
	`CREATE UNIQUE INDEX IF NOT EXISTS cloud_user_username ON cloud_user (username)`,
	`CREATE UNIQUE INDEX IF NOT EXISTS cloud_membership_tenant_user ON cloud_membership (tenant_id, user_id)`,
	`CREATE INDEX IF NOT EXISTS cloud_membership_user ON cloud_membership (user_id)`,
	`CREATE UNIQUE INDEX IF NOT EXISTS cloud_api_token_hash ON cloud_api_token (token_hash)`,
	`CREATE UNIQUE INDEX IF NOT EXISTS cloud_api_key_hash ON cloud_api_key (key_hash)`,
}
