package mutations

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/prefect-tui/prefect-tui/server/engine"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// hookMutations serve cloud hooks. test_cloud_hook is left out on purpose: the
// embedded server sends no notifications, so it cannot test one.
func hookMutations() map[string]engine.ResolverFunc {
	return map[string]engine.ResolverFunc{
		"create_cloud_hook":       resolver(createCloudHook),
		"delete_cloud_hook":       resolver(deleteByID("cloud_hook", "Cloud hook", "cloud_hook_id")),
		"set_cloud_hook_active":   resolver(setCloudHookActive(true)),
		"set_cloud_hook_inactive": resolver(setCloudHookActive(false)),
	}
}

// hookConfigKeys are the config keys each hook type needs (server api/cloud_hooks.py).
var hookConfigKeys = map[string][]string{
	"WEBHOOK":         {"url"},
	"SLACK_WEBHOOK":   {"url"},
	"TWILIO":          {"account_sid", "auth_token", "messaging_service_sid", "to"},
	"PAGERDUTY":       {"api_token", "routing_key", "severity"},
	"PREFECT_MESSAGE": nil,
}

func createCloudHook(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
	tenant, err := tenantIDOf(ctx, tx, r, in)
	if err != nil {
		return nil, err
	}
	typ := in.str("type")
	keys, ok := hookConfigKeys[typ]
	if !ok {
		return nil, fmt.Errorf("Invalid cloud hook type %q.", typ)
	}
	cfg, err := in.obj("config")
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		if _, ok := cfg[k]; !ok {
			return nil, fmt.Errorf("Invalid config for a %s hook: missing %q.", typ, k)
		}
	}
	states, _ := in.strs("states")
	for _, s := range states {
		if !KnownState(s) {
			return nil, fmt.Errorf("Invalid state %q.", s)
		}
	}
	id := Machine{}.id()
	ts := store.FormatTime(now)
	_, err = tx.ExecContext(ctx, `INSERT INTO cloud_hook (id, tenant_id, created, updated, name, states, type, config, active, version_group_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`, id, tenant, ts, ts, nullString(in.str("name")), jsonValue(states), typ,
		jsonValue(orEmpty(cfg)), nullString(in.str("version_group_id")))
	return idPayload(id), err
}

func setCloudHookActive(active bool) txResolver {
	return func(ctx context.Context, tx *sql.Tx, r *engine.Request, in input, now time.Time) (any, error) {
		id, err := in.id("cloud_hook_id")
		if err != nil {
			return nil, err
		}
		return success(), update(ctx, tx, r, "cloud_hook", "Cloud hook", id, "active = ?", active)
	}
}
