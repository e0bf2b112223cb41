package mutations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/prefect-tui/prefect-tui/server/engine"
	"github.com/prefect-tui/prefect-tui/server/store"
)

func tenantMutations() map[string]engine.ResolverFunc {
	return map[string]engine.ResolverFunc{
		"create_tenant":           resolver(createTenant),
		"delete_tenant":           resolver(deleteTenant),
		"update_tenant_name":      resolver(updateTenantName),
		"update_tenant_slug":      resolver(updateTenantSlug),
		"update_tenant_settings":  resolver(updateTenantSettings),
		"create_project":          resolver(createProject),
		"delete_project":          resolver(deleteProject),
		"set_project_name":        resolver(setProjectName),
		"set_project_description": resolver(setProjectDescription),
	}
}

// errUniqueness is Prefect Server's answer to a duplicate (database/hasura.py turns
// Hasura's constraint error into exactly this text, which Prefect's client matches:
// create_project on an existing name then returns the existing project's id).
var errUniqueness = errors.New("Uniqueness violation.")

var slugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func checkSlug(ctx context.Context, q Querier, slug, except string) error {
	if !slugRe.MatchString(slug) {
		return fmt.Errorf("Invalid slug %q: use lower-case letters, digits and single dashes.", slug)
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM tenant WHERE slug = ? AND id <> ?`, slug, except).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return errUniqueness
	}
	return nil
}

func createTenant(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	if r.Principal.Cloud {
		return nil, &engine.Error{Message: "create_tenant is not supported by the embedded server in Cloud mode.", Code: "NOT_SUPPORTED"}
	}
	name, slug := in.str("name"), in.str("slug")
	if name == "" {
		return nil, fmt.Errorf("A tenant name must be provided.")
	}
	if err := checkSlug(ctx, tx, slug, ""); err != nil {
		return nil, err
	}
	id := Machine{}.id()
	ts := store.FormatTime(now)
	_, err := tx.ExecContext(ctx, `INSERT INTO tenant (id, created, updated, name, slug, info, settings) VALUES (?, ?, ?, ?, ?, NULL, '{}')`,
		id, ts, ts, name, slug)
	return idPayload(id), err
}

// tenantIDOf reads input.tenant_id and checks that the principal may touch it.
func tenantIDOf(ctx context.Context, tx *sql.Tx, r *engine.Request, in input) (string, error) {
	id, err := in.id("tenant_id")
	if err != nil {
		return "", err
	}
	return id, checkTenant(ctx, tx, r, id)
}

func updateTenant(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time, set string, arg any) (any, error) {
	id, err := tenantIDOf(ctx, tx, r, in)
	if err != nil {
		return nil, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE tenant SET `+set+` = ?, updated = ? WHERE id = ?`, arg, store.FormatTime(now), id)
	return idPayload(id), err
}

func updateTenantName(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	if in.str("name") == "" {
		return nil, fmt.Errorf("A tenant name must be provided.")
	}
	return updateTenant(ctx, tx, r, in, now, "name", in.str("name"))
}

func updateTenantSlug(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := in.id("tenant_id")
	if err != nil {
		return nil, err
	}
	if err := checkSlug(ctx, tx, in.str("slug"), id); err != nil {
		return nil, err
	}
	return updateTenant(ctx, tx, r, in, now, "slug", in.str("slug"))
}

func updateTenantSettings(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := tenantIDOf(ctx, tx, r, in)
	if err != nil {
		return nil, err
	}
	s, err := in.obj("settings")
	if err != nil {
		return nil, err
	}
	// Prefect merges the given keys into the existing settings.
	_, err = tx.ExecContext(ctx, `UPDATE tenant SET settings = json_patch(coalesce(settings, '{}'), ?), updated = ? WHERE id = ?`,
		jsonValue(orEmpty(s)), store.FormatTime(now), id)
	return idPayload(id), err
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func deleteTenant(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := tenantIDOf(ctx, tx, r, in)
	if err != nil {
		return nil, err
	}
	if c, _ := in["confirm"].(bool); !c {
		return nil, fmt.Errorf("You must confirm deleting a tenant.")
	}
	if _, err := deleteFlows(ctx, tx, `tenant_id = ?`, id); err != nil {
		return nil, err
	}
	for _, t := range []string{"flow_group", "project", "agent", "agent_config", "task_run_artifact", "message", "cloud_hook", "log", "flow_run_state", "task_run_state"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE tenant_id = ?`, id); err != nil {
			return nil, err
		}
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM tenant WHERE id = ?`, id)
	return success(), err
}

func checkProjectName(ctx context.Context, q Querier, tenant, name, except string) error {
	if name == "" {
		return fmt.Errorf("A project name must be provided.")
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM project WHERE tenant_id = ? AND name = ? AND id <> ?`, tenant, name, except).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return errUniqueness
	}
	return nil
}

func createProject(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	tenant, err := tenantIDOf(ctx, tx, r, in)
	if err != nil {
		return nil, err
	}
	if err := checkProjectName(ctx, tx, tenant, in.str("name"), ""); err != nil {
		return nil, err
	}
	id := Machine{}.id()
	ts := store.FormatTime(now)
	_, err = tx.ExecContext(ctx, `INSERT INTO project (id, tenant_id, created, updated, name, description) VALUES (?, ?, ?, ?, ?, ?)`,
		id, tenant, ts, ts, in.str("name"), nullString(in.str("description")))
	return idPayload(id), err
}

func projectIDOf(ctx context.Context, tx *sql.Tx, r *engine.Request, in input) (string, error) {
	id, err := in.id("project_id")
	if err != nil {
		return "", err
	}
	return id, exists(ctx, tx, r, "project", "Project", id)
}

func deleteProject(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := projectIDOf(ctx, tx, r, in)
	if err != nil {
		return nil, err
	}
	// Deleting a project deletes its flows; flow groups left without flows go too.
	if _, err := deleteFlows(ctx, tx, `project_id = ?`, id); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM flow_group WHERE NOT EXISTS (SELECT 1 FROM flow WHERE flow.flow_group_id = flow_group.id)
		AND tenant_id = (SELECT tenant_id FROM project WHERE id = ?)`, id); err != nil {
		return nil, err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM project WHERE id = ?`, id)
	return success(), err
}

func setProjectName(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := projectIDOf(ctx, tx, r, in)
	if err != nil {
		return nil, err
	}
	var tenant sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT tenant_id FROM project WHERE id = ?`, id).Scan(&tenant); err != nil {
		return nil, err
	}
	if err := checkProjectName(ctx, tx, tenant.String, in.str("name"), id); err != nil {
		return nil, err
	}
	return idPayload(id), update(ctx, tx, r, "project", "Project", id, "name = ?", in.str("name"))
}

func setProjectDescription(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	id, err := projectIDOf(ctx, tx, r, in)
	if err != nil {
		return nil, err
	}
	return idPayload(id), update(ctx, tx, r, "project", "Project", id, "description = ?", nullString(in.str("description")))
}
