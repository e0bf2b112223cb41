package bench

import (
	"context"
	"time"

	"github.com/prefect-tui/prefect-tui/api"
)

// flowsCases: the flows screen (ui/flows): latest unarchived versions by name, 50 a
// page, each with its last ten runs scheduled up to now, the total and the projects;
// and with a text filter (name or project name).
func flowsCases() []*Case {
	order := raw([]m{{"name": "asc"}, {"version": "desc"}, {"id": "asc"}})
	now := Now.UTC().Format(time.RFC3339Nano)
	text := m{"_and": []any{
		m{"archived": m{"_eq": false}},
		m{"_or": []any{
			m{"name": m{"_ilike": "%train%"}},
			m{"project": m{"name": m{"_ilike": "%train%"}}},
		}},
	}}
	return []*Case{
		flowsCase("default", m{"archived": m{"_eq": false}}, `f.archived = 0`, order, now),
		flowsCase("text", text, `f.archived = 0 AND (f.name LIKE '%train%' OR f.project_id IN (SELECT id FROM project WHERE name LIKE '%train%'))`, order, now),
	}
}

func flowsCase(name string, where m, cond string, order any, now string) *Case {
	c := newCase("ListFlows/"+name, api.ListFlows_Operation, m{
		"where": raw(where), "orderBy": order, "limit": 50, "offset": 0, "now": now,
	}, AsServer)
	nowTS := Now.UTC().Format(timeLayout)
	c.Base = func(ctx context.Context, env *Env) (int, error) {
		db := env.DB
		rows, err := db.QueryContext(ctx, `SELECT f.id, f.name, f.version, f.flow_group_id, f.archived, f.is_schedule_active, f.schedule,
  p.id, p.name, g.id, g.labels, g.schedule
FROM flow AS f LEFT JOIN project AS p ON p.id = f.project_id JOIN flow_group AS g ON g.id = f.flow_group_id
WHERE `+cond+` ORDER BY f.name, f.version DESC, f.id LIMIT 50 OFFSET 0`)
		if err != nil {
			return 0, err
		}
		var ids []string
		for rows.Next() {
			var v [12]any
			if err := rows.Scan(&v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9], &v[10], &v[11]); err != nil {
				rows.Close()
				return 0, err
			}
			ids = append(ids, v[0].(string))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
		total := len(ids)
		// The last ten runs of each flow: one indexed read per flow.
		last, err := db.PrepareContext(ctx, `SELECT id, state FROM flow_run WHERE flow_id = ? AND scheduled_start_time <= ? ORDER BY scheduled_start_time DESC LIMIT 10`)
		if err != nil {
			return 0, err
		}
		defer last.Close()
		for _, id := range ids {
			rs, err := last.QueryContext(ctx, id, nowTS)
			if err != nil {
				return total, err
			}
			for rs.Next() {
				var rid, state any
				if err := rs.Scan(&rid, &state); err != nil {
					rs.Close()
					return total, err
				}
				total++
			}
			rs.Close()
		}
		n, err := stmts(
			Stmt{`SELECT count(*) FROM flow AS f WHERE ` + cond, nil},
			Stmt{`SELECT id, name FROM project ORDER BY name`, nil},
		)(ctx, env)
		return total + n, err
	}
	c.baseStmts = []Stmt{
		{`SELECT f.id FROM flow AS f LEFT JOIN project AS p ON p.id = f.project_id JOIN flow_group AS g ON g.id = f.flow_group_id WHERE ` + cond + ` ORDER BY f.name, f.version DESC, f.id LIMIT 50`, nil},
		{`SELECT id, state FROM flow_run WHERE flow_id = 'x' AND scheduled_start_time <= ? ORDER BY scheduled_start_time DESC LIMIT 10`, []any{nowTS}},
	}
	return c
}

// cloudCases: what a Cloud USER token reads: the tenant picker (tenants with their
// runs running now and failed today), the tenants, the user with memberships, and the
// API tokens list.
func cloudCases(f *Fixture) []*Case {
	day := Now.Truncate(24 * time.Hour)
	since := day.Add(0).Format(time.RFC3339Nano)
	sinceTS := day.UTC().Format(timeLayout)
	return []*Case{
		// The picker's counts are answered for a TENANT token only (a user credential's
		// tenant rows span more tenants than the data it may read): its own tenant.
		newCase("TenantPicker/tenant-token", api.TenantPicker_Operation, m{"since": since}, AsTenantToken,
			Stmt{`SELECT u.id, m.tenant_id, m.role FROM cloud_user AS u LEFT JOIN cloud_membership AS m ON m.user_id = u.id WHERE u.id = ?`, []any{userParam}},
			Stmt{`SELECT t.id, t.name, t.slug, f.id,
  (SELECT count(*) FROM flow_run AS r WHERE r.flow_id = f.id AND r.state = 'Running'),
  (SELECT count(*) FROM flow_run AS r WHERE r.flow_id = f.id AND r.state = 'Failed' AND r.state_timestamp >= ?)
FROM tenant AS t LEFT JOIN flow AS f ON f.tenant_id = t.id
WHERE t.id = ? ORDER BY t.slug`, []any{sinceTS, f.TenantID}}),
		newCase("ListTenants/default", api.ListTenants_Operation, m{}, AsUser,
			Stmt{`SELECT id, name, slug FROM tenant WHERE id IN (SELECT tenant_id FROM cloud_membership WHERE user_id = ?) ORDER BY slug`, []any{userParam}}),
		newCase("AuthUser/default", api.AuthUser_Operation, m{}, AsUser,
			Stmt{`SELECT u.id, u.username, u.email, m.id, m.role, m.tenant_id, t.id, t.name, t.slug
FROM cloud_user AS u LEFT JOIN cloud_membership AS m ON m.user_id = u.id LEFT JOIN tenant AS t ON t.id = m.tenant_id WHERE u.id = ?`, []any{userParam}}),
		newCase("ListAPITokens/default", api.ListAPITokens_Operation, m{}, AsUser,
			Stmt{`SELECT k.id, k.name, k.scope, k.created, k.expires_at, k.last_used, k.tenant_id, k.user_id, u.id, u.username
FROM cloud_api_token AS k LEFT JOIN cloud_user AS u ON u.id = k.user_id WHERE k.scope = 'USER' AND k.user_id = ? ORDER BY k.created DESC`, []any{userParam}}),
	}
}

// userParam stands for the USER principal's user id in a baseline's arguments; the
// runner replaces it once it knows the user.
const userParam = "\x00user"

// bindUser returns args with userParam replaced by userID.
func bindUser(args []any, userID string) []any {
	out := make([]any, len(args))
	for i, a := range args {
		if a == userParam {
			a = userID
		}
		out[i] = a
	}
	return out
}
