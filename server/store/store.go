// Package store keeps the embedded server's data in SQLite (modernc.org/sqlite, no cgo).
// The tables come from server/catalog; every value is stored as text or integer:
// uuid/String/interval/jsonb as TEXT (jsonb as JSON text), Boolean and Int as INTEGER,
// timestamptz as TEXT in one fixed-width UTC form (see FormatTime) so that text order is
// time order and comparisons need no conversion.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/prefect-tui/prefect-tui/server/catalog"
)

// TimeLayout is the one stored and returned form of a timestamptz: microseconds, UTC,
// with an explicit +00:00 offset, as Postgres prints a timestamptz in UTC.
const TimeLayout = "2006-01-02T15:04:05.000000+00:00"

// FormatTime renders t in TimeLayout (UTC).
func FormatTime(t time.Time) string { return t.UTC().Format(TimeLayout) }

// ParseTime reads an ISO 8601 / RFC 3339 time as Postgres would accept it; a time
// without a zone is UTC, as the API documents.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	layouts := []string{
		time.RFC3339Nano,
		"2006-01-02T15:04:05.999999999Z0700",
		"2006-01-02T15:04:05.999999999",
		"2006-01-02 15:04:05.999999999Z07:00",
		"2006-01-02 15:04:05.999999999Z0700",
		"2006-01-02 15:04:05.999999999",
		"2006-01-02T15:04Z07:00",
		"2006-01-02T15:04",
		"2006-01-02",
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	// Postgres also accepts a bare "+00" offset.
	if len(s) > 3 && (s[len(s)-3] == '+' || s[len(s)-3] == '-') {
		return ParseTime(s + ":00")
	}
	return time.Time{}, fmt.Errorf("invalid input syntax for type timestamptz: %q", s)
}

// NormalizeTime parses s and returns it in TimeLayout.
func NormalizeTime(s string) (string, error) {
	t, err := ParseTime(s)
	if err != nil {
		return "", err
	}
	return FormatTime(t), nil
}

// DB is the store: one SQLite database.
type DB struct {
	*sql.DB
	// Path is the file, or "" for an in-memory database.
	Path string
}

var memSeq atomic.Int64

// Open opens (and creates, migrating to the current schema) the database at path;
// "" or ":memory:" gives a private in-memory database that lives as long as the DB.
func Open(path string) (*DB, error) {
	var dsn string
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(0)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_txlock", "immediate")
	if path == "" || path == ":memory:" {
		// A named shared-cache memory database, so every pooled connection sees it.
		dsn = fmt.Sprintf("file:prefect-mem-%d?mode=memory&cache=shared&%s", memSeq.Add(1), q.Encode())
		path = ""
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		dsn = "file:" + path + "?" + q.Encode()
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	if path == "" {
		// Shared-cache memory databases lock per table; one connection avoids
		// SQLITE_LOCKED between readers and the simulator's writes.
		db.SetMaxOpenConns(1)
	} else {
		db.SetMaxOpenConns(4)
	}
	s := &DB{DB: db, Path: path}
	if err := s.Migrate(context.Background()); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Migrate creates every catalog table and index that does not exist yet.
func (s *DB) Migrate(ctx context.Context) error {
	for _, stmt := range DDL() {
		if _, err := s.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("migrate: %w: %s", err, stmt)
		}
	}
	return nil
}

// DDL returns the CREATE statements of the store: one table per (non-virtual) catalog
// table, named Table.StoreName and holding its private columns too, and the indexes
// for the explorer's access paths and the Cloud tables' unique keys.
func DDL() []string {
	var out []string
	for _, t := range catalog.Tables {
		if t.Virtual {
			continue
		}
		var cols []string
		for _, c := range append(append([]catalog.Column(nil), t.Columns...), t.Private...) {
			def := fmt.Sprintf("%q %s", c.Name, c.Type.SQLite())
			if c.Name == "id" && !t.NoPK {
				def += " PRIMARY KEY"
			} else if c.NotNull {
				def += " NOT NULL"
			}
			cols = append(cols, def)
		}
		out = append(out, fmt.Sprintf("CREATE TABLE IF NOT EXISTS %q (\n  %s\n)", t.StoreName(), strings.Join(cols, ",\n  ")))
	}
	return append(out, indexes...)
}

var indexes = []string{
	`CREATE INDEX IF NOT EXISTS flow_run_sched ON flow_run (tenant_id, scheduled_start_time)`,
	`CREATE INDEX IF NOT EXISTS flow_run_flow ON flow_run (flow_id, scheduled_start_time)`,
	// Server mode has no tenant filter: the runs list sorted by time walks this one.
	`CREATE INDEX IF NOT EXISTS flow_run_sched_time ON flow_run (scheduled_start_time)`,
	`CREATE INDEX IF NOT EXISTS flow_run_state_sched ON flow_run (state, scheduled_start_time)`,
	`CREATE INDEX IF NOT EXISTS flow_run_agent ON flow_run (agent_id)`,
	`CREATE UNIQUE INDEX IF NOT EXISTS flow_run_idem ON flow_run (flow_id, idempotency_key)`,
	`CREATE INDEX IF NOT EXISTS flow_run_state_hist ON flow_run_state (flow_run_id, timestamp)`,
	`CREATE INDEX IF NOT EXISTS task_run_run ON task_run (flow_run_id, map_index)`,
	`CREATE INDEX IF NOT EXISTS task_run_task ON task_run (task_id, flow_run_id, map_index)`,
	`CREATE INDEX IF NOT EXISTS task_run_state_hist ON task_run_state (task_run_id, timestamp)`,
	`CREATE INDEX IF NOT EXISTS log_run ON log (flow_run_id, timestamp)`,
	`CREATE INDEX IF NOT EXISTS log_task_run ON log (task_run_id, timestamp)`,
	`CREATE INDEX IF NOT EXISTS flow_group_tenant ON flow_group (tenant_id)`,
	`CREATE INDEX IF NOT EXISTS flow_fg ON flow (flow_group_id, version)`,
	`CREATE INDEX IF NOT EXISTS flow_project ON flow (project_id, archived)`,
	`CREATE INDEX IF NOT EXISTS flow_tenant_name ON flow (tenant_id, archived, name)`,
	`CREATE INDEX IF NOT EXISTS task_flow ON task (flow_id)`,
	`CREATE INDEX IF NOT EXISTS edge_flow ON edge (flow_id)`,
	`CREATE INDEX IF NOT EXISTS edge_up ON edge (upstream_task_id)`,
	`CREATE INDEX IF NOT EXISTS edge_down ON edge (downstream_task_id)`,
	`CREATE INDEX IF NOT EXISTS project_tenant ON project (tenant_id, name)`,
	`CREATE UNIQUE INDEX IF NOT EXISTS tenant_slug_key ON tenant (slug)`,
	`CREATE INDEX IF NOT EXISTS artifact_task_run ON task_run_artifact (task_run_id)`,
	`CREATE INDEX IF NOT EXISTS agent_tenant ON agent (tenant_id)`,
	// Cloud auth: one user per username, one membership per user and tenant, secrets
	// found by their hash.
	`CREATE UNIQUE INDEX IF NOT EXISTS cloud_user_username ON cloud_user (username)`,
	`CREATE UNIQUE INDEX IF NOT EXISTS cloud_membership_tenant_user ON cloud_membership (tenant_id, user_id)`,
	`CREATE INDEX IF NOT EXISTS cloud_membership_user ON cloud_membership (user_id)`,
	`CREATE UNIQUE INDEX IF NOT EXISTS cloud_api_token_hash ON cloud_api_token (token_hash)`,
	`CREATE UNIQUE INDEX IF NOT EXISTS cloud_api_key_hash ON cloud_api_key (key_hash)`,
}
