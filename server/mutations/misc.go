package mutations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/prefect-tui/prefect-tui/server/engine"
	"github.com/prefect-tui/prefect-tui/server/store"
)

func miscMutations() map[string]engine.ResolverFunc {
	return map[string]engine.ResolverFunc{
		"register_agent":           resolver(registerAgent),
		"delete_agent":             resolver(deleteByID("agent", "Agent", "agent_id")),
		"create_agent_config":      resolver(createAgentConfig),
		"update_agent_config":      resolver(updateAgentConfig),
		"delete_agent_config":      resolver(deleteAgentConfig),
		"create_task_run_artifact": resolver(createArtifact),
		"update_task_run_artifact": resolver(updateArtifact),
		"delete_task_run_artifact": resolver(deleteByID("task_run_artifact", "Task run artifact", "task_run_artifact_id")),
		"mark_message_as_read":     resolver(markMessage(true)),
		"mark_message_as_unread":   resolver(markMessage(false)),
		"delete_message":           resolver(deleteByID("message", "Message", "message_id")),
	}
}

type txResolver = func(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error)

// deleteByID deletes one visible row of table; a missing row is success false.
func deleteByID(table, what, field string) txResolver {
	return func(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
		id, err := in.id(field)
		if err != nil {
			return nil, err
		}
		if table == "agent_config" || table == "agent" {
			// Nothing points at a deleted agent config or agent any more.
			col := map[string]string{"agent": "agent_id", "agent_config": "agent_config_id"}[table]
			target := map[string]string{"agent": "flow_run", "agent_config": "agent"}[table]
			if _, err := tx.ExecContext(ctx, `UPDATE `+target+` SET `+col+` = NULL WHERE `+col+` = ?
				AND EXISTS (SELECT 1 FROM `+table+` WHERE id = ? AND (? = '' OR tenant_id = ?))`, id, id, tenantOf(r), tenantOf(r)); err != nil {
				return nil, err
			}
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = ? AND (? = '' OR tenant_id = ?)`, id, tenantOf(r), tenantOf(r))
		if err != nil {
			return nil, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return map[string]any{"success": false, "error": what + " " + id + " not found"}, nil
		}
		return success(), nil
	}
}

// tenantFor is the tenant of a new row: input tenant_id (checked), else the default.
func tenantFor(ctx context.Context, tx *sql.Tx, r *engine.Request, in input) (string, error) {
	if in.has("tenant_id") {
		return tenantIDOf(ctx, tx, r, in)
	}
	return defaultTenant(ctx, tx, r)
}

func registerAgent(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	tenant, err := tenantFor(ctx, tx, r, in)
	if err != nil {
		return nil, err
	}
	if in.str("type") == "" {
		return nil, fmt.Errorf("An agent type must be provided.")
	}
	cfg, err := in.optID("agent_config_id")
	if err != nil {
		return nil, err
	}
	if cfg != "" {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM agent_config WHERE id = ? AND tenant_id = ?`, cfg, tenant).Scan(&n); err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, notFound("Agent config", cfg)
		}
	}
	labels, _ := in.strs("labels")
	if labels == nil {
		labels = []string{}
	}
	sort.Strings(labels)
	core := r.Header.Get("X-Prefect-Core-Version")
	// An agent registering again with the same name, type, core version and labels gets
	// its id back (server api/agents.py).
	var existing string
	err = tx.QueryRowContext(ctx, `SELECT id FROM agent WHERE tenant_id = ? AND name IS ? AND type = ? AND core_version IS ? AND labels = ?
		ORDER BY created, id LIMIT 1`, tenant, nullString(in.str("name")), in.str("type"), nullString(core), jsonValue(labels)).Scan(&existing)
	if err == nil {
		return idPayload(existing), nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	id := Machine{}.id()
	ts := store.FormatTime(now)
	_, err = tx.ExecContext(ctx, `INSERT INTO agent (id, created, updated, tenant_id, agent_config_id, name, type, core_version, labels, last_queried)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, ts, ts, tenant, nullString(cfg), nullString(in.str("name")), in.str("type"),
		nullString(core), jsonValue(labels), ts)
	return idPayload(id), err
}

func createAgentConfig(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	tenant, err := tenantIDOf(ctx, tx, r, in)
	if err != nil {
		return nil, err
	}
	s, err := in.obj("settings")
	if err != nil {
		return nil, err
	}
	id := Machine{}.id()
	ts := store.FormatTime(now)
	_, err = tx.ExecContext(ctx, `INSERT INTO agent_config (id, created, updated, tenant_id, name, settings) VALUES (?, ?, ?, ?, ?, ?)`,
		id, ts, ts, tenant, nullString(in.str("name")), jsonValue(orEmpty(s)))
	return idPayload(id), err
}

func updateAgentConfig(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := in.id("agent_config_id")
	if err != nil {
		return nil, err
	}
	if err := exists(ctx, tx, r, "agent_config", "Agent config", id); err != nil {
		return nil, err
	}
	if in.has("name") {
		if err := update(ctx, tx, r, "agent_config", "Agent config", id, "name = ?", in.str("name")); err != nil {
			return nil, err
		}
	}
	if in.has("settings") {
		s, err := in.obj("settings")
		if err != nil {
			return nil, err
		}
		if err := update(ctx, tx, r, "agent_config", "Agent config", id, "settings = ?", jsonValue(orEmpty(s))); err != nil {
			return nil, err
		}
	}
	return success(), nil
}

func deleteAgentConfig(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	return deleteByID("agent_config", "Agent config", "agent_config_id")(ctx, tx, r, in, now)
}

var artifactKinds = map[string]string{"link": "link", "markdown": "markdown"}

func createArtifact(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	trID, err := in.id("task_run_id")
	if err != nil {
		return nil, err
	}
	run, err := loadRun(ctx, tx, "task_run", trID, tenantOf(r))
	if err != nil {
		return nil, err
	}
	if in.has("tenant_id") {
		t, err := in.id("tenant_id")
		if err != nil {
			return nil, err
		}
		if t != run.TenantID {
			return nil, notFound("Task run", trID)
		}
	}
	kind := in.str("kind")
	if kind == "" {
		return nil, fmt.Errorf("An artifact kind must be provided.")
	}
	data, err := in.obj("data")
	if err != nil {
		return nil, err
	}
	if data == nil {
		return nil, fmt.Errorf("Artifact data must be provided.")
	}
	if key, ok := artifactKinds[kind]; ok {
		if _, ok := data[key].(string); !ok {
			return nil, fmt.Errorf("A %s artifact needs data.%s.", kind, key)
		}
	}
	id := Machine{}.id()
	ts := store.FormatTime(now)
	_, err = tx.ExecContext(ctx, `INSERT INTO task_run_artifact (id, created, updated, tenant_id, task_run_id, kind, data) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		id, ts, ts, run.TenantID, trID, kind, jsonValue(data))
	return idPayload(id), err
}

func updateArtifact(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := in.id("task_run_artifact_id")
	if err != nil {
		return nil, err
	}
	data, err := in.obj("data")
	if err != nil {
		return nil, err
	}
	if data == nil {
		return nil, fmt.Errorf("Artifact data must be provided.")
	}
	return success(), update(ctx, tx, r, "task_run_artifact", "Task run artifact", id, "data = ?", jsonValue(data))
}

func markMessage(read bool) txResolver {
	return func(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
		id, err := in.id("message_id")
		if err != nil {
			return nil, err
		}
		err = update(ctx, tx, r, "message", "Message", id, "read = ?", read)
		if errors.Is(err, ErrNotFound) {
			return nil, err
		}
		return success(), err
	}
}
