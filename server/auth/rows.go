package auth

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
)

// nullable turns a NullString into a JSON-able value.
func nullable(s sql.NullString) any {
	if !s.Valid {
		return nil
	}
	return s.String
}

func (s *Service) queryRows(ctx context.Context, q string, args []any, scan func(*sql.Rows) (row, error)) ([]row, error) {
	rs, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []row
	for rs.Next() {
		r, err := scan(rs)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rs.Err()
}

// userRow reads one user (without memberships), or nil.
func (s *Service) userRow(ctx context.Context, id string) (row, error) {
	var uid, username, created string
	var email, first, last, defm sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT id, username, email, first_name, last_name, default_membership_id, created
		FROM cloud_user WHERE id = ?`, id).Scan(&uid, &username, &email, &first, &last, &defm, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return row{
		"id": uid, "username": username, "email": nullable(email), "first_name": nullable(first),
		"last_name": nullable(last), "default_membership_id": nullable(defm), "created": created,
	}, nil
}

// tenantRow reads one tenant row of the catalog's tenant table, or nil.
func (s *Service) tenantRow(ctx context.Context, id string) (row, error) {
	var tid, name, slug, created, updated string
	var info, settings sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT id, name, slug, created, updated, info, settings FROM tenant WHERE id = ?`, id).
		Scan(&tid, &name, &slug, &created, &updated, &info, &settings)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r := row{"id": tid, "name": name, "slug": slug, "created": created, "updated": updated, "info": nil, "settings": json.RawMessage("{}")}
	if info.Valid && json.Valid([]byte(info.String)) {
		r["info"] = json.RawMessage(info.String)
	}
	if settings.Valid && json.Valid([]byte(settings.String)) {
		r["settings"] = json.RawMessage(settings.String)
	}
	return r, nil
}

// membershipRows reads the user's memberships, limited to tenantID when it is set,
// each with its tenant and user objects.
func (s *Service) membershipRows(ctx context.Context, userID, tenantID string) ([]row, error) {
	q := `SELECT id, tenant_id, user_id, role, created FROM cloud_membership WHERE user_id = ?`
	args := []any{userID}
	if tenantID != "" {
		q += ` AND tenant_id = ?`
		args = append(args, tenantID)
	}
	rows, err := s.queryRows(ctx, q+` ORDER BY created, id`, args, func(rs *sql.Rows) (row, error) {
		var id, tid, uid, role, created string
		if err := rs.Scan(&id, &tid, &uid, &role, &created); err != nil {
			return nil, err
		}
		return row{"id": id, "tenant_id": tid, "user_id": uid, "role": role, "created": created}, nil
	})
	if err != nil {
		return nil, err
	}
	user, err := s.userRow(ctx, userID)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		t, err := s.tenantRow(ctx, r["tenant_id"].(string))
		if err != nil {
			return nil, err
		}
		r["tenant"] = t
		r["user"] = user
	}
	return rows, nil
}

// tokenRows reads API tokens matching a SQL condition, with created_by.
func (s *Service) tokenRows(ctx context.Context, cond string, args []any) ([]row, error) {
	rows, err := s.queryRows(ctx, `SELECT id, name, scope, created, updated, expires_at, last_used, tenant_id, user_id
		FROM cloud_api_token WHERE `+cond, args, func(rs *sql.Rows) (row, error) {
		var id, scope, created, updated string
		var name, exp, last, tid, uid sql.NullString
		if err := rs.Scan(&id, &name, &scope, &created, &updated, &exp, &last, &tid, &uid); err != nil {
			return nil, err
		}
		return row{
			"id": id, "name": nullable(name), "scope": scope, "created": created, "updated": updated,
			"expires_at": nullable(exp), "last_used": nullable(last), "tenant_id": nullable(tid), "user_id": nullable(uid),
		}, nil
	})
	if err != nil {
		return nil, err
	}
	return rows, s.attachCreators(ctx, rows)
}

// keyRows reads API keys matching a SQL condition, with created_by.
func (s *Service) keyRows(ctx context.Context, cond string, args []any) ([]row, error) {
	rows, err := s.queryRows(ctx, `SELECT id, name, created, updated, expires_at, default_tenant_id, user_id
		FROM cloud_api_key WHERE `+cond, args, func(rs *sql.Rows) (row, error) {
		var id, created, updated, uid string
		var name, exp, tid sql.NullString
		if err := rs.Scan(&id, &name, &created, &updated, &exp, &tid, &uid); err != nil {
			return nil, err
		}
		return row{
			"id": id, "name": nullable(name), "created": created, "updated": updated,
			"expires_at": nullable(exp), "default_tenant_id": nullable(tid), "user_id": uid,
		}, nil
	})
	if err != nil {
		return nil, err
	}
	return rows, s.attachCreators(ctx, rows)
}

func (s *Service) attachCreators(ctx context.Context, rows []row) error {
	users := map[string]row{}
	for _, r := range rows {
		uid, _ := r["user_id"].(string)
		if uid == "" {
			r["created_by"] = nil
			continue
		}
		u, ok := users[uid]
		if !ok {
			var err error
			if u, err = s.userRow(ctx, uid); err != nil {
				return err
			}
			users[uid] = u
		}
		if u == nil {
			r["created_by"] = nil
		} else {
			r["created_by"] = u
		}
	}
	return nil
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
