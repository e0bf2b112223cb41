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
	"os"
	"path/filepath"
	"runtime"
	"strings"
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
	// temp is the directory of an in-memory database's file, removed on Close.
	temp string
}

// PoolSize is how many connections a store opens at most: readers run side by side
// (WAL), so one slow request leaves the others connections to run on.
var PoolSize = max(8, 2*runtime.NumCPU())

// Open opens (and creates, migrating to the current schema) the database at path;
// "" or ":memory:" gives a private database that lives as long as the DB.
//
// The private database is a file in a new temporary directory, with no sync to disk
// (the page cache holds it) and removed on Close, rather than a shared-cache memory
// database: those lock per table, so that one connection had to serve every request
// in turn, and one slow request stalled all the others. A file in WAL mode gives
// concurrent readers next to the writer, as for a database on disk.
func Open(path string) (*DB, error) {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(0)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "cache_size(-16384)") // 16 MiB of pages per connection
	// Pages read through a memory map rather than a read call each (up to SQLite's
	// build limit): about four times faster for requests that visit many rows.
	q.Add("_pragma", "mmap_size(2147483648)")
	q.Add("_txlock", "immediate")
	s := &DB{Path: path}
	file := path
	if path == "" || path == ":memory:" {
		dir, err := os.MkdirTemp("", "prefect-tui-mem-")
		if err != nil {
			return nil, err
		}
		s.Path, s.temp, file = "", dir, filepath.Join(dir, "prefect.db")
		q.Add("_pragma", "synchronous(OFF)")
	} else {
		q.Add("_pragma", "synchronous(NORMAL)")
	}
	db, err := sql.Open("sqlite", "file:"+file+"?"+q.Encode())
	if err != nil {
		s.removeTemp()
		return nil, err
	}
	db.SetMaxOpenConns(PoolSize)
	// Idle connections keep their prepared statements and page cache.
	db.SetMaxIdleConns(PoolSize)
	s.DB = db
	if err := s.Migrate(context.Background()); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database and removes a private database's file.
func (s *DB) Close() error {
	err := s.DB.Close()
	s.removeTemp()
	return err
}

func (s *DB) removeTemp() {
	if s.temp != "" {
		os.RemoveAll(s.temp)
		s.temp = ""
	}
}

// DDL returns the CREATE statements of the store: one table per (non-virtual) catalog
// table, named Table.StoreName and holding its private columns too, the indexes for
// the explorer's access paths and the Cloud tables' unique keys (indexes.go), and the
// search structures kept by triggers (search.go).
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
	out = append(out, indexes...)
	return append(out, searchDDL()...)
}
