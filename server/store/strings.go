package store

import (
	"context"
	"database/sql"
)

// Reader runs a query: a *DB, a *sql.DB, a *sql.Tx or a *sql.Conn.
type Reader interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Strings runs a query for one text column (usually ids) and returns its values in
// order. The rows are closed before it returns, so a write may follow at once.
func Strings(ctx context.Context, r Reader, query string, args ...any) ([]string, error) {
	rows, err := r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
