package catalog

// cloudTables are Prefect Cloud's auth tables: users, their memberships in tenants
// (with a role), API tokens (USER, TENANT, RUNNER scopes) and API keys, stored as the
// cloud_* tables of the store with the secrets only as hashes.
var cloudTables = []Table{
	{
		Name:  "api_token",
		Store: "cloud_api_token",
		Cloud: true,
		Columns: []Column{
			{Name: "id", Type: UUID, NotNull: true},
			{Name: "name", Type: String},
			{Name: "scope", Type: String, NotNull: true},
			{Name: "created", Type: Timestamptz, NotNull: true},
			{Name: "updated", Type: Timestamptz, NotNull: true},
			{Name: "expires_at", Type: Timestamptz},
			{Name: "last_used", Type: Timestamptz},
			{Name: "tenant_id", Type: UUID},
			{Name: "user_id", Type: UUID},
		},
		Private: []Column{{Name: "token_hash", Type: String, NotNull: true}},
		Rels: []Rel{
			{Name: "created_by", Table: "user", Local: "user_id", Remote: "id", Owner: true},
		},
	},
	{
		Name:  "auth_api_key",
		Store: "cloud_api_key",
		Cloud: true,
		Columns: []Column{
			{Name: "id", Type: UUID, NotNull: true},
			{Name: "name", Type: String},
			{Name: "created", Type: Timestamptz, NotNull: true},
			{Name: "updated", Type: Timestamptz, NotNull: true},
			{Name: "expires_at", Type: Timestamptz},
			{Name: "default_tenant_id", Type: UUID},
			{Name: "user_id", Type: UUID, NotNull: true},
		},
		Private: []Column{{Name: "key_hash", Type: String, NotNull: true}},
		Rels: []Rel{
			{Name: "created_by", Table: "user", Local: "user_id", Remote: "id", Owner: true},
		},
	},
	{
		Name:  "user",
		Store: "cloud_user",
		Cloud: true,
		Columns: []Column{
			{Name: "id", Type: UUID, NotNull: true},
			{Name: "username", Type: String, NotNull: true},
			{Name: "email", Type: String},
			{Name: "first_name", Type: String},
			{Name: "last_name", Type: String},
			{Name: "default_membership_id", Type: UUID},
			{Name: "created", Type: Timestamptz, NotNull: true},
		},
		Rels: []Rel{
			{Name: "memberships", Table: "membership", Array: true, Local: "id", Remote: "user_id"},
			{Name: "default_membership", Table: "membership", Local: "default_membership_id", Remote: "id"},
		},
	},
	{
		Name:  "membership",
		Store: "cloud_membership",
		Cloud: true,
		Columns: []Column{
			{Name: "id", Type: UUID, NotNull: true},
			{Name: "tenant_id", Type: UUID, NotNull: true},
			{Name: "user_id", Type: UUID, NotNull: true},
			{Name: "role", Type: String, NotNull: true},
			{Name: "created", Type: Timestamptz, NotNull: true},
		},
		Rels: []Rel{
			{Name: "tenant", Table: "tenant", Local: "tenant_id", Remote: "id"},
			{Name: "user", Table: "user", Local: "user_id", Remote: "id"},
		},
	},
}
