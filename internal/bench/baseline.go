package bench

import (
	"context"
	"database/sql"
)

// Baseline reads the rows a case's request answers with, in plain SQL on the same
// database, as one would write it by hand, and returns how many rows it read.
type Baseline func(ctx context.Context, env *Env) (int, error)

// Env is what a baseline runs against: the database, and the user a Cloud USER
// principal stands for.
type Env struct {
	DB     *sql.DB
	UserID string
}

// Stmt is one plain SQL statement of a baseline.
type Stmt struct {
	SQL  string
	Args []any
}

// stmts is a baseline made of fixed statements, run one after the other (as the
// request's root fields are).
func stmts(list ...Stmt) Baseline {
	return func(ctx context.Context, env *Env) (int, error) {
		total := 0
		for _, s := range list {
			n, err := readAll(ctx, env.DB, s.SQL, bindUser(s.Args, env.UserID)...)
			if err != nil {
				return total, err
			}
			total += n
		}
		return total, nil
	}
}

// Statements returns the fixed statements of a baseline built by stmts (nil for one
// built by hand): the plan test explains them too.
func (c *Case) Statements() []Stmt { return c.baseStmts }

// readAll runs query and scans every column of every row, as an application reading
// the rows would.
func readAll(ctx context.Context, db *sql.DB, query string, args ...any) (int, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return scanAll(rows)
}

// readStmt is readAll with a prepared statement.
func readStmt(ctx context.Context, st *sql.Stmt, args ...any) (int, error) {
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return 0, err
	}
	return scanAll(rows)
}

func scanAll(rows *sql.Rows) (int, error) {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}
