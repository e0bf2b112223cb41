package mutations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/prefect-tui/prefect-tui/server/engine"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// registerMutations serve flow registration: what flow.register() and `prefect
// register` send (create_flow_from_compressed_string or create_flow, then
// register_tasks and register_edges in batches, then set_schedule_active).
func registerMutations() map[string]engine.ResolverFunc {
	return map[string]engine.ResolverFunc{
		"create_flow":                        resolver(createFlow(false)),
		"create_flow_from_compressed_string": resolver(createFlow(true)),
		"register_tasks":                     resolver(registerTasks),
		"register_edges":                     resolver(registerEdges),
	}
}

// coreVersionCutoff is the oldest Prefect Core whose flows Prefect Server accepts.
const coreVersionCutoff = "0.6.1"

// createFlow implements create_flow (and, compressed, create_flow_from_compressed_string)
// as PrefectHQ/server's graphql/flows.py and api/flows.py do: the flow joins the version
// group given, else the one of the newest flow of that name in the project, else a new
// one; the flow group (one per version group) is created on first use; a repeated
// idempotency_key returns the newest unarchived version; every other version is
// archived.
func createFlow(compressed bool) txResolver {
	return func(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
		var flow map[string]any
		var err error
		if compressed {
			s, ok := in["serialized_flow"].(string)
			if !ok {
				return nil, fmt.Errorf("Unable to decompress serialized flow")
			}
			if flow, err = decompressFlow(s); err != nil {
				return nil, err
			}
		} else if flow, err = in.obj("serialized_flow"); err != nil {
			return nil, err
		}
		if flow == nil {
			return nil, fmt.Errorf("A serialized flow must be provided.")
		}
		project, err := in.id("project_id")
		if err != nil {
			return nil, err
		}
		if err := exists(ctx, tx, r, "project", "Project", project); err != nil {
			if errors.Is(err, ErrNotFound) {
				return nil, fmt.Errorf("Invalid project.")
			}
			return nil, err
		}
		name, _ := flow["name"].(string)
		vg := in.str("version_group_id")
		if vg == "" {
			err := tx.QueryRowContext(ctx, `SELECT version_group_id FROM flow WHERE project_id = ? AND name = ?
				ORDER BY created DESC LIMIT 1`, project, name).Scan(&vg)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return nil, err
			}
		}
		activate := true
		if v, ok := in["set_schedule_active"]; ok {
			activate, _ = v.(bool)
		}
		id, err := Machine{}.CreateFlow(ctx, tx, NewFlow{Serialized: flow, ProjectID: project, VersionGroupID: vg,
			SetScheduleActive: activate, Description: in.str("description"), IdempotencyKey: in.str("idempotency_key")}, now)
		if err != nil {
			return nil, err
		}
		// Every other version of the group is archived.
		others, err := queryIDs(ctx, tx, `SELECT id FROM flow WHERE version_group_id = ? AND id <> ? AND archived = 0
			AND tenant_id = (SELECT tenant_id FROM flow WHERE id = ?) ORDER BY version`, vgOf(ctx, tx, id), id, id)
		if err != nil {
			return nil, err
		}
		for _, o := range others {
			if err := (Machine{}).ArchiveFlow(ctx, tx, o, now); err != nil {
				return nil, err
			}
		}
		return idPayload(id), nil
	}
}

func vgOf(ctx context.Context, q Querier, flowID string) string {
	var vg string
	_ = q.QueryRowContext(ctx, `SELECT version_group_id FROM flow WHERE id = ?`, flowID).Scan(&vg)
	return vg
}

// NewFlow is api.flows.create_flow's input.
type NewFlow struct {
	Serialized        map[string]any
	ProjectID         string
	VersionGroupID    string // "" starts a new version group
	SetScheduleActive bool
	Description       string
	IdempotencyKey    string
}

// CreateFlow stores a flow version with its flow group, tasks and edges, and turns its
// schedule on when asked and when it has one. It returns the flow id.
func (m Machine) CreateFlow(ctx context.Context, q Querier, in NewFlow, now time.Time) (string, error) {
	f := in.Serialized
	core, _ := f["__version__"].(string)
	if core != "" && versionLess(core, coreVersionCutoff) {
		return "", fmt.Errorf("Prefect backends require new flows to be built with Prefect %s+, but this flow was built with Prefect %s.", coreVersionCutoff, core)
	}
	tasks, err := listOf(f, "tasks")
	if err != nil {
		return "", err
	}
	edges, err := listOf(f, "edges")
	if err != nil {
		return "", err
	}
	params, err := listOf(f, "parameters")
	if err != nil {
		return "", err
	}
	for _, p := range params {
		if pm, ok := p.(map[string]any); !ok || pm["slug"] == nil {
			return "", fmt.Errorf("Invalid serialized flow: every parameter needs a slug.")
		}
	}
	if params == nil {
		params = []any{}
	}
	var tenant string
	if err := q.QueryRowContext(ctx, `SELECT tenant_id FROM project WHERE id = ?`, in.ProjectID).Scan(&tenant); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("Invalid project.")
		}
		return "", err
	}
	vg := in.VersionGroupID
	if vg == "" {
		vg = m.id()
	}
	ts := store.FormatTime(now)
	var key any
	if in.IdempotencyKey != "" {
		key = in.IdempotencyKey
	}
	var groupID string
	var groupSched sql.NullString
	err = q.QueryRowContext(ctx, `SELECT id, schedule FROM flow_group WHERE tenant_id = ? AND name = ?`, tenant, vg).Scan(&groupID, &groupSched)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		groupID = m.id()
		settings := map[string]any{"heartbeat_enabled": true, "lazarus_enabled": true, "version_locking_enabled": false, "idempotency_key": key}
		if _, err := q.ExecContext(ctx, `INSERT INTO flow_group (id, tenant_id, created, updated, name, settings, default_parameters)
			VALUES (?, ?, ?, ?, ?, ?, '{}')`, groupID, tenant, ts, ts, vg, jsonValue(settings)); err != nil {
			return "", err
		}
	case err != nil:
		return "", err
	default:
		var last sql.NullString
		if err := q.QueryRowContext(ctx, `SELECT json_extract(settings, '$.idempotency_key') FROM flow_group WHERE id = ?`, groupID).Scan(&last); err != nil {
			return "", err
		}
		if last.Valid && last.String != "" && in.IdempotencyKey != "" && last.String == in.IdempotencyKey {
			var id string
			err := q.QueryRowContext(ctx, `SELECT id FROM flow WHERE version_group_id = ? AND tenant_id = ? AND archived = 0
				ORDER BY version DESC LIMIT 1`, vg, tenant).Scan(&id)
			if err == nil {
				return id, nil
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return "", err
			}
		}
		if _, err := q.ExecContext(ctx, `UPDATE flow_group SET settings = json_set(coalesce(settings, '{}'), '$.idempotency_key', ?), updated = ?
			WHERE id = ?`, key, ts, groupID); err != nil {
			return "", err
		}
	}
	var version int64
	if err := q.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM flow WHERE version_group_id = ? AND tenant_id = ?`, vg, tenant).Scan(&version); err != nil {
		return "", err
	}
	schedule := jsonValue(f["schedule"])
	activate := in.SetScheduleActive && (schedule != nil || (groupSched.Valid && groupSched.String != "null"))
	id := m.id()
	if _, err := q.ExecContext(ctx, `INSERT INTO flow (id, tenant_id, created, updated, version, name, description, environment,
		parameters, project_id, archived, version_group_id, storage, core_version, settings, serialized_flow, schedule,
		is_schedule_active, flow_group_id, run_config) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, '{}', ?, ?, 0, ?, ?)`,
		id, tenant, ts, ts, version+1, f["name"], nullString(in.Description), jsonValue(f["environment"]),
		jsonValue(params), in.ProjectID, vg, jsonValue(f["storage"]), nullString(core), jsonValue(f), schedule,
		groupID, jsonValue(f["run_config"])); err != nil {
		return "", err
	}
	if err := m.RegisterTasks(ctx, q, id, tenant, tasks, now); err != nil {
		return "", err
	}
	if err := m.RegisterEdges(ctx, q, id, tenant, edges, now); err != nil {
		return "", err
	}
	if activate {
		// As in Prefect Server, a schedule that cannot be turned on does not fail the
		// registration.
		_, _ = m.SetScheduleActive(ctx, q, id, now)
	}
	return id, nil
}

// versionLess compares dotted release versions numerically ("0.15.13" < "1.4.1");
// pre-release suffixes are ignored.
func versionLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) || i < len(pb); i++ {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(leadingDigits(pa[i]))
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(leadingDigits(pb[i]))
		}
		if x != y {
			return x < y
		}
	}
	return false
}

func leadingDigits(s string) string {
	for i, c := range s {
		if c < '0' || c > '9' {
			return s[:i]
		}
	}
	return s
}

// queryIDs runs a query for one column of ids.
func queryIDs(ctx context.Context, q Querier, query string, args ...any) ([]string, error) {
	return store.Strings(ctx, q, query, args...)
}
