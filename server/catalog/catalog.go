// Package catalog is the one description of the Hasura half of the Prefect API: every
// table (Prefect Server's, and Prefect Cloud's auth tables), its columns with their
// GraphQL types, its relationships, and the comparison operators of its columns. The
// SDL generator (sdl.go), the SQLite schema (server/store) and the query compiler
// (server/engine) all read it, so a column added here appears everywhere at once.
package catalog

// Type is a column's GraphQL scalar type in the Hasura half of the schema.
type Type int

// The scalar types Hasura gives Prefect's Postgres columns.
const (
	UUID Type = iota
	Timestamptz
	JSONB
	Interval
	String
	Int
	Boolean
	Float
)

// GraphQL returns the scalar's name in the schema.
func (t Type) GraphQL() string {
	switch t {
	case UUID:
		return "uuid"
	case Timestamptz:
		return "timestamptz"
	case JSONB:
		return "jsonb"
	case Interval:
		return "interval"
	case String:
		return "String"
	case Int:
		return "Int"
	case Boolean:
		return "Boolean"
	case Float:
		return "Float"
	}
	return "String"
}

// SQLite returns the column type used in the SQLite store.
func (t Type) SQLite() string {
	switch t {
	case Int, Boolean:
		return "INTEGER"
	case Float:
		return "REAL"
	}
	return "TEXT"
}

// Comparable reports whether Hasura offers min/max aggregates for the type.
func (t Type) Comparable() bool { return t == Int || t == String || t == Timestamptz || t == Float }

// Numeric reports whether Hasura offers sum/avg/stddev aggregates for the type.
func (t Type) Numeric() bool { return t == Int || t == Float }

// Column is one column of a table.
type Column struct {
	Name    string
	Type    Type
	NotNull bool
}

// Rel is a relationship from a table to another: an object relationship joins
// Local (on this table) to Remote (on the target, usually id); an array relationship
// joins this table's Local (usually id) to Remote on the target.
type Rel struct {
	Name    string
	Table   string
	Array   bool
	NotNull bool
	Local   string
	Remote  string
	// Owner marks an object relationship to the user who created the row (a token's
	// or key's created_by): whoever may read the row may read its creator's user row,
	// which the user table's row policy alone would not show.
	Owner bool
}

// Table is one Hasura-tracked table.
type Table struct {
	Name    string
	Columns []Column
	Rels    []Rel
	// NoPK tables (log, utility_traversal) have no `T_by_pk` root field.
	NoPK bool
	// Virtual tables have no SQLite table of their own: utility_traversal is the result
	// of the utility_downstream_tasks / utility_upstream_tasks functions.
	Virtual bool
	// Cloud tables are Prefect Cloud's auth tables (users, memberships, API tokens and
	// keys). They are served only in Cloud mode, each principal seeing the rows its row
	// policy allows (server/auth), and only as list fields: no T_aggregate, no T_by_pk.
	Cloud bool
	// Store is the table's name in the SQLite store when it differs from Name.
	Store string
	// Private columns are kept in the store but never served (the secrets' hashes).
	Private []Column
}

// StoreName returns the table's name in the SQLite store.
func (t *Table) StoreName() string {
	if t.Store != "" {
		return t.Store
	}
	return t.Name
}

// HasAggregate reports whether the table has T_aggregate fields (root and relationships).
func (t *Table) HasAggregate() bool { return !t.Cloud }

// HasByPK reports whether the table has a T_by_pk root field.
func (t *Table) HasByPK() bool { return !t.NoPK && !t.Cloud }

// Column returns the named column, or nil.
func (t *Table) Column(name string) *Column {
	for i := range t.Columns {
		if t.Columns[i].Name == name {
			return &t.Columns[i]
		}
	}
	return nil
}

// Rel returns the named relationship, or nil.
func (t *Table) Rel(name string) *Rel {
	for i := range t.Rels {
		if t.Rels[i].Name == name {
			return &t.Rels[i]
		}
	}
	return nil
}

// HasTenant reports whether rows of the table belong to a tenant through a tenant_id column.
func (t *Table) HasTenant() bool { return t.Column("tenant_id") != nil }

// Lookup returns the named table, or nil.
func Lookup(name string) *Table {
	return byName[name]
}

var byName = func() map[string]*Table {
	m := map[string]*Table{}
	for i := range Tables {
		m[Tables[i].Name] = &Tables[i]
	}
	return m
}()

// Tables lists every table in schema order: Prefect Server's (in the order of its
// Hasura schema), then Prefect Cloud's.
var Tables = append(serverTables, cloudTables...)

var serverTables = []Table{
	{
		Name: "tenant",
		Columns: []Column{
			{Name: "id", Type: UUID, NotNull: true},
			{Name: "created", Type: Timestamptz, NotNull: true},
			{Name: "updated", Type: Timestamptz, NotNull: true},
			{Name: "name", Type: String, NotNull: true},
			{Name: "slug", Type: String, NotNull: true},
			{Name: "info", Type: JSONB},
			{Name: "settings", Type: JSONB, NotNull: true},
		},
		Rels: []Rel{
			{Name: "flow_groups", Table: "flow_group", Array: true, Local: "id", Remote: "tenant_id"},
			{Name: "flows", Table: "flow", Array: true, Local: "id", Remote: "tenant_id"},
			{Name: "projects", Table: "project", Array: true, Local: "id", Remote: "tenant_id"},
		},
	},
	{
		Name: "project",
		Columns: []Column{
			{Name: "id", Type: UUID, NotNull: true},
			{Name: "tenant_id", Type: UUID},
			{Name: "created", Type: Timestamptz, NotNull: true},
			{Name: "updated", Type: Timestamptz, NotNull: true},
			{Name: "name", Type: String, NotNull: true},
			{Name: "description", Type: String},
		},
		Rels: []Rel{
			{Name: "tenant", Table: "tenant", Local: "tenant_id", Remote: "id"},
			{Name: "flows", Table: "flow", Array: true, Local: "id", Remote: "project_id"},
		},
	},
	{
		Name: "flow_group",
		Columns: []Column{
			{Name: "id", Type: UUID, NotNull: true},
			{Name: "tenant_id", Type: UUID},
			{Name: "created", Type: Timestamptz, NotNull: true},
			{Name: "updated", Type: Timestamptz, NotNull: true},
			{Name: "name", Type: String},
			{Name: "labels", Type: JSONB},
			{Name: "schedule", Type: JSONB},
			{Name: "settings", Type: JSONB, NotNull: true},
			{Name: "default_parameters", Type: JSONB, NotNull: true},
			{Name: "run_config", Type: JSONB},
			{Name: "description", Type: String},
		},
		Rels: []Rel{
			{Name: "tenant", Table: "tenant", Local: "tenant_id", Remote: "id"},
			{Name: "flows", Table: "flow", Array: true, Local: "id", Remote: "flow_group_id"},
		},
	},
	{
		Name: "flow",
		Columns: []Column{
			{Name: "id", Type: UUID, NotNull: true},
			{Name: "tenant_id", Type: UUID},
			{Name: "created", Type: Timestamptz, NotNull: true},
			{Name: "updated", Type: Timestamptz, NotNull: true},
			{Name: "version", Type: Int},
			{Name: "name", Type: String, NotNull: true},
			{Name: "description", Type: String},
			{Name: "environment", Type: JSONB},
			{Name: "parameters", Type: JSONB},
			{Name: "project_id", Type: UUID, NotNull: true},
			{Name: "archived", Type: Boolean, NotNull: true},
			{Name: "version_group_id", Type: String},
			{Name: "storage", Type: JSONB},
			{Name: "core_version", Type: String},
			{Name: "settings", Type: JSONB, NotNull: true},
			{Name: "serialized_flow", Type: JSONB},
			{Name: "schedule", Type: JSONB},
			{Name: "is_schedule_active", Type: Boolean, NotNull: true},
			{Name: "flow_group_id", Type: UUID, NotNull: true},
			{Name: "run_config", Type: JSONB},
		},
		Rels: []Rel{
			{Name: "flow_group", Table: "flow_group", Local: "flow_group_id", Remote: "id", NotNull: true},
			{Name: "project", Table: "project", Local: "project_id", Remote: "id", NotNull: true},
			{Name: "tenant", Table: "tenant", Local: "tenant_id", Remote: "id"},
			{Name: "edges", Table: "edge", Array: true, Local: "id", Remote: "flow_id"},
			{Name: "flow_runs", Table: "flow_run", Array: true, Local: "id", Remote: "flow_id"},
			{Name: "tasks", Table: "task", Array: true, Local: "id", Remote: "flow_id"},
		},
	},
	{
		Name: "task",
		Columns: []Column{
			{Name: "id", Type: UUID, NotNull: true},
			{Name: "tenant_id", Type: UUID},
			{Name: "created", Type: Timestamptz, NotNull: true},
			{Name: "updated", Type: Timestamptz, NotNull: true},
			{Name: "flow_id", Type: UUID, NotNull: true},
			{Name: "name", Type: String},
			{Name: "slug", Type: String},
			{Name: "description", Type: String},
			{Name: "type", Type: String},
			{Name: "max_retries", Type: Int},
			{Name: "retry_delay", Type: Interval},
			{Name: "trigger", Type: String},
			{Name: "mapped", Type: Boolean, NotNull: true},
			{Name: "auto_generated", Type: Boolean, NotNull: true},
			{Name: "cache_key", Type: String},
			{Name: "is_root_task", Type: Boolean, NotNull: true},
			{Name: "is_terminal_task", Type: Boolean, NotNull: true},
			{Name: "is_reference_task", Type: Boolean, NotNull: true},
			{Name: "tags", Type: JSONB, NotNull: true},
		},
		Rels: []Rel{
			{Name: "flow", Table: "flow", Local: "flow_id", Remote: "id", NotNull: true},
			{Name: "downstream_edges", Table: "edge", Array: true, Local: "id", Remote: "upstream_task_id"},
			{Name: "task_runs", Table: "task_run", Array: true, Local: "id", Remote: "task_id"},
			{Name: "upstream_edges", Table: "edge", Array: true, Local: "id", Remote: "downstream_task_id"},
		},
	},
	{
		Name: "edge",
		Columns: []Column{
			{Name: "id", Type: UUID, NotNull: true},
			{Name: "tenant_id", Type: UUID},
			{Name: "created", Type: Timestamptz, NotNull: true},
			{Name: "updated", Type: Timestamptz, NotNull: true},
			{Name: "flow_id", Type: UUID, NotNull: true},
			{Name: "upstream_task_id", Type: UUID, NotNull: true},
			{Name: "downstream_task_id", Type: UUID, NotNull: true},
			{Name: "key", Type: String},
			{Name: "mapped", Type: Boolean, NotNull: true},
		},
		Rels: []Rel{
			{Name: "downstream_task", Table: "task", Local: "downstream_task_id", Remote: "id", NotNull: true},
			{Name: "flow", Table: "flow", Local: "flow_id", Remote: "id", NotNull: true},
			{Name: "upstream_task", Table: "task", Local: "upstream_task_id", Remote: "id", NotNull: true},
		},
	},
	{
		Name: "flow_run",
		Columns: []Column{
			{Name: "id", Type: UUID, NotNull: true},
			{Name: "tenant_id", Type: UUID},
			{Name: "created", Type: Timestamptz, NotNull: true},
			{Name: "updated", Type: Timestamptz, NotNull: true},
			{Name: "flow_id", Type: UUID, NotNull: true},
			{Name: "parameters", Type: JSONB},
			{Name: "scheduled_start_time", Type: Timestamptz, NotNull: true},
			{Name: "auto_scheduled", Type: Boolean, NotNull: true},
			{Name: "heartbeat", Type: Timestamptz},
			{Name: "start_time", Type: Timestamptz},
			{Name: "end_time", Type: Timestamptz},
			{Name: "version", Type: Int, NotNull: true},
			{Name: "state", Type: String},
			{Name: "state_timestamp", Type: Timestamptz},
			{Name: "state_message", Type: String},
			{Name: "state_result", Type: JSONB},
			{Name: "state_start_time", Type: Timestamptz},
			{Name: "serialized_state", Type: JSONB},
			{Name: "name", Type: String},
			{Name: "context", Type: JSONB},
			{Name: "times_resurrected", Type: Int},
			{Name: "idempotency_key", Type: String},
			{Name: "agent_id", Type: UUID},
			{Name: "labels", Type: JSONB, NotNull: true},
			{Name: "run_config", Type: JSONB},
		},
		Rels: []Rel{
			{Name: "agent", Table: "agent", Local: "agent_id", Remote: "id"},
			{Name: "flow", Table: "flow", Local: "flow_id", Remote: "id", NotNull: true},
			{Name: "tenant", Table: "tenant", Local: "tenant_id", Remote: "id"},
			{Name: "logs", Table: "log", Array: true, Local: "id", Remote: "flow_run_id"},
			{Name: "states", Table: "flow_run_state", Array: true, Local: "id", Remote: "flow_run_id"},
			{Name: "task_runs", Table: "task_run", Array: true, Local: "id", Remote: "flow_run_id"},
		},
	},
	{
		Name: "flow_run_state",
		Columns: []Column{
			{Name: "id", Type: UUID, NotNull: true},
			{Name: "tenant_id", Type: UUID},
			{Name: "flow_run_id", Type: UUID, NotNull: true},
			{Name: "timestamp", Type: Timestamptz, NotNull: true},
			{Name: "state", Type: String, NotNull: true},
			{Name: "message", Type: String},
			{Name: "result", Type: JSONB},
			{Name: "start_time", Type: Timestamptz},
			{Name: "serialized_state", Type: JSONB, NotNull: true},
			{Name: "created", Type: Timestamptz, NotNull: true},
			{Name: "updated", Type: Timestamptz, NotNull: true},
			{Name: "version", Type: Int},
		},
		Rels: []Rel{
			{Name: "flow_run", Table: "flow_run", Local: "flow_run_id", Remote: "id", NotNull: true},
		},
	},
	{
		Name: "task_run",
		Columns: []Column{
			{Name: "id", Type: UUID, NotNull: true},
			{Name: "tenant_id", Type: UUID},
			{Name: "created", Type: Timestamptz, NotNull: true},
			{Name: "updated", Type: Timestamptz, NotNull: true},
			{Name: "flow_run_id", Type: UUID, NotNull: true},
			{Name: "task_id", Type: UUID, NotNull: true},
			{Name: "map_index", Type: Int, NotNull: true},
			{Name: "version", Type: Int, NotNull: true},
			{Name: "heartbeat", Type: Timestamptz},
			{Name: "start_time", Type: Timestamptz},
			{Name: "end_time", Type: Timestamptz},
			{Name: "state", Type: String},
			{Name: "state_timestamp", Type: Timestamptz},
			{Name: "state_message", Type: String},
			{Name: "state_result", Type: JSONB},
			{Name: "state_start_time", Type: Timestamptz},
			{Name: "serialized_state", Type: JSONB},
			{Name: "cache_key", Type: String},
			{Name: "name", Type: String},
		},
		Rels: []Rel{
			{Name: "flow_run", Table: "flow_run", Local: "flow_run_id", Remote: "id", NotNull: true},
			{Name: "task", Table: "task", Local: "task_id", Remote: "id", NotNull: true},
			{Name: "tenant", Table: "tenant", Local: "tenant_id", Remote: "id"},
			{Name: "logs", Table: "log", Array: true, Local: "id", Remote: "task_run_id"},
			{Name: "states", Table: "task_run_state", Array: true, Local: "id", Remote: "task_run_id"},
		},
	},
	{
		Name: "task_run_state",
		Columns: []Column{
			{Name: "id", Type: UUID, NotNull: true},
			{Name: "tenant_id", Type: UUID},
			{Name: "task_run_id", Type: UUID, NotNull: true},
			{Name: "timestamp", Type: Timestamptz, NotNull: true},
			{Name: "state", Type: String, NotNull: true},
			{Name: "message", Type: String},
			{Name: "result", Type: JSONB},
			{Name: "start_time", Type: Timestamptz},
			{Name: "serialized_state", Type: JSONB, NotNull: true},
			{Name: "created", Type: Timestamptz, NotNull: true},
			{Name: "updated", Type: Timestamptz, NotNull: true},
			{Name: "version", Type: Int},
		},
		Rels: []Rel{
			{Name: "task_run", Table: "task_run", Local: "task_run_id", Remote: "id", NotNull: true},
		},
	},
	{
		Name: "log",
		NoPK: true,
		Columns: []Column{
			{Name: "id", Type: UUID, NotNull: true},
			{Name: "tenant_id", Type: UUID},
			{Name: "flow_run_id", Type: UUID},
			{Name: "task_run_id", Type: UUID},
			{Name: "timestamp", Type: Timestamptz, NotNull: true},
			{Name: "name", Type: String},
			{Name: "level", Type: String},
			{Name: "message", Type: String},
			{Name: "info", Type: JSONB},
			{Name: "created", Type: Timestamptz, NotNull: true},
			{Name: "updated", Type: Timestamptz, NotNull: true},
			{Name: "is_loaded_from_archive", Type: Boolean},
		},
	},
	{
		Name: "agent",
		Columns: []Column{
			{Name: "id", Type: UUID, NotNull: true},
			{Name: "created", Type: Timestamptz, NotNull: true},
			{Name: "updated", Type: Timestamptz, NotNull: true},
			{Name: "tenant_id", Type: UUID, NotNull: true},
			{Name: "agent_config_id", Type: UUID},
			{Name: "name", Type: String},
			{Name: "type", Type: String},
			{Name: "core_version", Type: String},
			{Name: "labels", Type: JSONB, NotNull: true},
			{Name: "last_queried", Type: Timestamptz},
		},
		Rels: []Rel{
			{Name: "agent_config", Table: "agent_config", Local: "agent_config_id", Remote: "id"},
			{Name: "flow_runs", Table: "flow_run", Array: true, Local: "id", Remote: "agent_id"},
		},
	},
	{
		Name: "agent_config",
		Columns: []Column{
			{Name: "id", Type: UUID, NotNull: true},
			{Name: "created", Type: Timestamptz, NotNull: true},
			{Name: "updated", Type: Timestamptz, NotNull: true},
			{Name: "tenant_id", Type: UUID, NotNull: true},
			{Name: "name", Type: String},
			{Name: "settings", Type: JSONB, NotNull: true},
		},
		Rels: []Rel{
			{Name: "agents", Table: "agent", Array: true, Local: "id", Remote: "agent_config_id"},
		},
	},
	{
		Name: "task_run_artifact",
		Columns: []Column{
			{Name: "id", Type: UUID, NotNull: true},
			{Name: "created", Type: Timestamptz, NotNull: true},
			{Name: "updated", Type: Timestamptz, NotNull: true},
			{Name: "tenant_id", Type: UUID, NotNull: true},
			{Name: "task_run_id", Type: UUID, NotNull: true},
			{Name: "kind", Type: String, NotNull: true},
			{Name: "data", Type: JSONB, NotNull: true},
		},
		Rels: []Rel{
			{Name: "task_run", Table: "task_run", Local: "task_run_id", Remote: "id", NotNull: true},
		},
	},
	{
		Name: "cloud_hook",
		Columns: []Column{
			{Name: "id", Type: UUID, NotNull: true},
			{Name: "tenant_id", Type: UUID},
			{Name: "created", Type: Timestamptz, NotNull: true},
			{Name: "updated", Type: Timestamptz, NotNull: true},
			{Name: "name", Type: String},
			{Name: "states", Type: JSONB},
			{Name: "type", Type: String, NotNull: true},
			{Name: "config", Type: JSONB, NotNull: true},
			{Name: "active", Type: Boolean, NotNull: true},
			{Name: "version_group_id", Type: String},
		},
	},
	{
		Name: "message",
		Columns: []Column{
			{Name: "id", Type: UUID, NotNull: true},
			{Name: "created", Type: Timestamptz, NotNull: true},
			{Name: "updated", Type: Timestamptz, NotNull: true},
			{Name: "tenant_id", Type: UUID, NotNull: true},
			{Name: "read", Type: Boolean, NotNull: true},
			{Name: "type", Type: String},
			{Name: "text", Type: String},
			{Name: "content", Type: JSONB, NotNull: true},
		},
	},
	{
		Name:    "utility_traversal",
		NoPK:    true,
		Virtual: true,
		Columns: []Column{
			{Name: "tenant_id", Type: UUID},
			{Name: "task_id", Type: UUID},
			{Name: "depth", Type: Int},
		},
		Rels: []Rel{
			{Name: "task", Table: "task", Local: "task_id", Remote: "id"},
		},
	}}
